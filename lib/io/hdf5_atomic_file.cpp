#include "io/hdf5_atomic_file.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "state/hdf5_errors.hpp"

#include <petscviewerhdf5.h>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace qrem {

void write_hdf5_atomically(MPI_Comm comm, const Hdf5Write& file) {
    try {
        require_disk_space(comm, file.path, file.bytes);
    } catch (const OutputError& e) {
        throw OutputError(std::string(e.what()) + "; " + file.if_it_fails);
    }
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    const std::string temporary = file.path + ".tmp";
    // Not a ViewerHandle: after a failure its destructor would close the file, a collective
    // flush that the other ranks, still inside the write, never join. The viewer is leaked
    // instead, and the run aborted (RankOutputError).
    PetscViewer viewer = nullptr;
    try {
        // qrem reports a failure in one line; HDF5's stack dump would only bury it.
        const SilencedHdf5Errors quiet;
        check(PetscViewerHDF5Open(comm, temporary.c_str(), FILE_MODE_WRITE, &viewer));
        file.write(viewer);
        // Closing flushes what HDF5 still holds: it can fail too, and must be checked.
        PetscViewer open = std::exchange(viewer, nullptr);
        check(PetscViewerDestroy(&open));
    } catch (const std::exception& e) {
        // This rank cannot finish its part, and others may be waiting for it inside HDF5: no
        // collective call is safe any more. Leave no temporary file; main aborts every rank.
        errno = errno == 0 ? EIO : errno;
        const std::string reason = write_failure_reason(file.path, file.bytes);
        ::unlink(temporary.c_str());
        throw RankOutputError("cannot write '" + file.path + "' (" + reason + "); " +
                              file.if_it_fails + " [" + e.what() + "]");
    }
    MPI_Barrier(comm);
    std::string failure;
    if (rank == 0) {
        const int fd = ::open(temporary.c_str(), O_RDONLY);
        if (fd < 0 || ::fsync(fd) != 0)
            failure = "cannot flush '" + temporary + "' to disk (" +
                      write_failure_reason(file.path, file.bytes) + ")";
        if (fd >= 0)
            ::close(fd);
        if (failure.empty()) {
            if (file.before_rename)
                file.before_rename();
            if (std::rename(temporary.c_str(), file.path.c_str()) != 0)
                failure = "cannot rename '" + temporary + "' to '" + file.path + "' (" +
                          write_failure_reason(file.path, 0) + ")";
        }
        if (!failure.empty())
            ::unlink(temporary.c_str());
    }
    failure = broadcast_string(comm, 0, failure);
    if (!failure.empty())
        throw OutputError(failure + "; " + file.if_it_fails);
}

} // namespace qrem
