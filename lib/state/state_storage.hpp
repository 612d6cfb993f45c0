#pragma once
// state: what a checkpoint needs of an N-body state, whatever represents it (the dense
// distributed Gamma, the Schur-Weyl blocks): write and read it as a named HDF5 dataset that
// does not depend on the number of ranks, and a content hash that does not either.
#include "core/petsc_handle.hpp"

#include <complex>
#include <cstdint>
#include <mpi.h>
#include <string>

namespace qrem {

class StateStorage {
public:
    virtual ~StateStorage() = default;
    virtual MPI_Comm comm() const = 0;
    /// Dataset `name` into an open HDF5 viewer (collective).
    virtual void write(PetscViewer viewer, const std::string& name) const = 0;
    /// Dataset `name` of an open HDF5 viewer (collective); InputError naming `field` (about
    /// `path`) if it is missing or of another size.
    virtual void read(PetscViewer viewer, const std::string& name, const std::string& field,
                      const std::string& path) = 0;
    /// A 64-bit hash of the entries and their positions (collective).
    virtual std::uint64_t content_hash() const = 0;
    /// About how many bytes write() puts in a file (to check the disk has room first).
    virtual std::uint64_t file_bytes() const = 0;
};

/// The hash of one entry at a position: content hashes are wrapping sums of these, so they do
/// not depend on which rank holds which entry.
std::uint64_t entry_hash(std::uint64_t position, std::complex<double> value);

} // namespace qrem
