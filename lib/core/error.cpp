#include "core/error.hpp"

#include <filesystem>

namespace qrem {
namespace {

// The message of the error PETSc raised first, since the last check() (PETSc calls the
// handler once where the error starts, then once per frame it passes back through).
thread_local std::string first_petsc_message;

} // namespace

PetscErrorCode record_petsc_error(MPI_Comm, int, const char* function, const char*,
                                  PetscErrorCode code, PetscErrorType type, const char* message,
                                  void*) {
    if (type == PETSC_ERROR_INITIAL) {
        first_petsc_message = message ? message : "";
        if (function)
            first_petsc_message += std::string(" [in ") + function + "]";
    }
    return code;
}

void check(PetscErrorCode code, std::source_location where) {
    if (code == 0)
        return;
    const char* text = nullptr;
    PetscErrorMessage(code, &text, nullptr);
    std::string message = "PETSc error " + std::to_string(static_cast<int>(code));
    if (!first_petsc_message.empty())
        message += ": " + first_petsc_message;
    else if (text)
        message += " (" + std::string(text) + ")";
    first_petsc_message.clear();
    message += " at " + std::filesystem::path(where.file_name()).filename().string() + ":" +
               std::to_string(where.line()) + " in " + where.function_name();
    throw PetscCallError(code, message);
}

} // namespace qrem
