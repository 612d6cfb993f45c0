#pragma once
// io: the folder a run writes its results into.
#include "io/config.hpp"

#include <mpi.h>

#include <string>

namespace qrem {

/// Where output.overwrite keeps the replaced run's files until the new run finishes.
inline constexpr const char* previous_run_folder = "previous-run";

/// The file that says which run owns a folder.
inline constexpr const char* run_lock_file = "qrem.lock";

/// One run at a time per folder: folder/qrem.lock holds the owner's pid, host, Slurm job id and
/// start time. Rank 0 creates it exclusively and removes it when the lock is destroyed. A lock
/// whose owner is gone (its pid no longer a qrem on this host, or the same Slurm job id: a
/// requeued job) is taken over; one held by a live run, or by a run on another host, is an
/// InputError ("output.dir") that names the owner.
class RunFolderLock {
public:
    RunFolderLock() = default;
    /// Takes the lock of `folder` (collective).
    RunFolderLock(MPI_Comm comm, const std::string& folder);
    RunFolderLock(const RunFolderLock&) = delete;
    RunFolderLock& operator=(const RunFolderLock&) = delete;
    RunFolderLock(RunFolderLock&& other) noexcept;
    RunFolderLock& operator=(RunFolderLock&& other) noexcept;
    ~RunFolderLock();

private:
    friend struct RunFolder prepare_run_folder(const OutputSpec& output, MPI_Comm comm);
    std::string file_; ///< the lock file on rank 0 while held, else empty
};

/// A results folder and its lock.
struct RunFolder {
    std::string path;
    RunFolderLock lock;
};

/// Creates the results folder on rank 0, takes its lock and returns both (the path on every
/// rank). With an empty output.dir a new folder qrem-runs/<YYYYmmdd-HHMMSS>[-k] is made; an
/// existing folder that holds summary.json (a finished run) or checkpoint.h5 (an interrupted
/// one, for --restart) is refused unless output.overwrite is set, so no result is ever
/// overwritten by accident. With output.overwrite the old run's files are moved into
/// previous-run/ first, once the lock is held. Throws InputError on every rank.
RunFolder prepare_run_folder(const OutputSpec& output, MPI_Comm comm);

/// Removes folder/previous-run (rank 0's call, once the new run has finished).
void remove_previous_run(const std::string& folder);

} // namespace qrem
