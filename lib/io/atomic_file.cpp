#include "io/atomic_file.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/statvfs.h>
#include <unistd.h>

namespace qrem {
namespace {

/// Room kept free beyond a write's own bytes: HDF5's metadata (about 1% on a checkpoint of
/// 1 MiB), and the small files of the run.
std::uint64_t disk_margin_bytes(std::uint64_t bytes) {
    return (64u << 10) + bytes / 32;
}

std::string mebibytes(std::uint64_t bytes) {
    return format_number("%.3g", static_cast<double>(bytes) / (1 << 20)) + " MiB";
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    auto fail = [&](const char* step) {
        const std::string reason = write_failure_reason(path, content.size());
        ::unlink(temporary.c_str());
        throw Error("cannot write '" + path + "' (" + step + ": " + reason + ")");
    };
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fail("open");
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int saved = errno;
            ::close(fd);
            errno = saved;
            fail("write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        fail("fsync");
    }
    if (::close(fd) != 0)
        fail("close");
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
        fail("rename");
}

std::uint64_t available_bytes(const std::string& path) {
    const auto folder = std::filesystem::path(path).parent_path();
    struct statvfs fs {};
    if (::statvfs(folder.empty() ? "." : folder.c_str(), &fs) != 0)
        return UINT64_MAX; // unknown: let the write itself find out
    return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

std::string write_failure_reason(const std::string& path, std::uint64_t bytes) {
    const int error = errno;
    const std::uint64_t free = available_bytes(path);
    if (error == ENOSPC || free < bytes)
        return std::string(std::strerror(ENOSPC)) + ", " + mebibytes(free) + " free";
    return error != 0 ? std::strerror(error) : "reason unknown";
}

void require_disk_space(MPI_Comm comm, const std::string& path, std::uint64_t bytes) {
    // Fault-injection tests switch the check off to reach the failure inside a write.
    if (const char* skip = std::getenv("QREM_TEST_SKIP_DISK_CHECK"); skip && *skip)
        return;
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::string message;
    if (rank == 0) {
        const std::uint64_t free = available_bytes(path);
        const std::uint64_t needed = bytes + disk_margin_bytes(bytes);
        if (free < needed)
            message = "cannot write '" + path + "' (" + std::strerror(ENOSPC) +
                      ": it needs about " + mebibytes(needed) + ", " + mebibytes(free) + " free)";
    }
    message = broadcast_string(comm, 0, message);
    if (!message.empty())
        throw OutputError(message);
}

void write_on_root(MPI_Comm comm, const std::function<void()>& write) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::string message;
    if (rank == 0) {
        try {
            write();
        } catch (const Error& e) {
            message = e.what();
            if (message.empty())
                message = "a write failed";
        }
    }
    message = broadcast_string(comm, 0, message);
    if (!message.empty())
        throw OutputError(message);
}

} // namespace qrem
