#pragma once
// core: the error types of qrem and the one throwing check for PETSc error codes.
#include "core/petsc_config.hpp"

#include <petscsys.h>

#include <source_location>
#include <stdexcept>
#include <string>

namespace qrem {

/// Base of every error qrem throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad user input: a config value, a model file, a size that cannot be indexed. The message
/// names the field and the violation. Thrown on every rank at once (see agree_on_input).
class InputError : public Error {
public:
    InputError(const std::string& field, const std::string& violation)
        : Error(field + ": " + violation), field_(field) {}
    const std::string& field() const noexcept { return field_; }

private:
    std::string field_;
};

/// An integrator that stalled (steps too short or too many, see StepLimits). Decided from step
/// sizes and counts, which PETSc computes from global norms (or, for the Hartree integrator,
/// from the same computation on every rank): every rank throws it at the same point with the
/// same message, so it is reported once, without aborting the others.
class IntegratorStalled : public Error {
public:
    using Error::Error;
};

/// A result file or checkpoint could not be written (disk full, no permission). Thrown on every
/// rank at once with the same message (naming the file and the operating system's reason),
/// reported once; qrem exits with output_error_status.
class OutputError : public Error {
public:
    using Error::Error;
};

/// Exit status after an OutputError (EX_IOERR of sysexits.h).
inline constexpr int output_error_status = 74;

/// A parallel write that failed on this rank: the other ranks may wait inside the write and
/// the file cannot be closed cleanly, so the message is this rank's and qrem aborts every rank
/// with output_error_status, without finalising (where HDF5 would try to close the file again).
class RankOutputError : public Error {
public:
    using Error::Error;
};

/// A PETSc or SLEPc call returned an error code.
class PetscCallError : public Error {
public:
    PetscCallError(PetscErrorCode code, const std::string& message) : Error(message), code_(code) {}
    PetscErrorCode code() const noexcept { return code_; }

private:
    PetscErrorCode code_;
};

/// PETSc error handler (installed by Session) that keeps PETSc's own message for check() and
/// returns the code instead of printing a traceback.
PetscErrorCode record_petsc_error(MPI_Comm comm, int line, const char* function, const char* file,
                                  PetscErrorCode code, PetscErrorType type, const char* message,
                                  void* context);

/// Throws PetscCallError with PETSc's message for `code` and the caller's file:line.
/// Use in high-level code; inside PETSc callbacks return codes instead (PetscCall).
void check(PetscErrorCode code, std::source_location where = std::source_location::current());

} // namespace qrem
