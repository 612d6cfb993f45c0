#pragma once
// io: an HDF5 file written by every rank through PETSc's HDF5 viewer, atomically: to a
// temporary file, closed and flushed to disk, then renamed over the old one. A write that
// fails (disk full) leaves no temporary file and the old file as it was.
#include <petscviewer.h>

#include <cstdint>
#include <functional>
#include <string>

namespace qrem {

struct Hdf5Write {
    std::string path;        ///< the file to (re)place
    std::uint64_t bytes = 0; ///< about how much `write` puts in it (checked free beforehand)
    std::string if_it_fails; ///< what the user still has, said in the error ("the last
                             ///< checkpoint is unchanged")
    std::function<void(PetscViewer)> write;        ///< the content (collective)
    std::function<void()> before_rename = nullptr; ///< rank 0, once the new file is durable
};

/// Writes `file` (collective). Throws OutputError on every rank where there is no room for it
/// or the rename fails, and RankOutputError on a rank where the write itself failed.
void write_hdf5_atomically(MPI_Comm comm, const Hdf5Write& file);

} // namespace qrem
