#pragma once
// io: write a file so that readers see the old content or the new, never a partial file; and
// make a failed write (disk full, no permission) an error every rank reports the same way.
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <string>

namespace qrem {

/// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`. Throws Error naming `path` and the operating system's reason if any step fails (the
/// old file is then left as it was, and the temporary file removed).
void write_file_atomically(const std::string& path, const std::string& content);

/// Bytes free to an unprivileged writer on the file system that holds `path`'s folder.
std::uint64_t available_bytes(const std::string& path);

/// Why a write of about `bytes` to `path` failed: "No space left on device" where the file
/// system has less than that free, otherwise strerror(errno) (errno as the failed call left it).
std::string write_failure_reason(const std::string& path, std::uint64_t bytes);

/// Throws OutputError on every rank unless the file system of `path` has room for about
/// `bytes` more (plus a margin for metadata), so that a large write fails before it starts
/// rather than halfway (collective; rank 0 decides).
void require_disk_space(MPI_Comm comm, const std::string& path, std::uint64_t bytes);

/// Runs `write` on rank 0 only; if it throws, every rank throws OutputError with its message
/// (collective). The pattern for every file rank 0 writes alone.
void write_on_root(MPI_Comm comm, const std::function<void()>& write);

} // namespace qrem
