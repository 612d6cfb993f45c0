#include "core/log.hpp"

#include <mpi.h>

#include <cerrno>
#include <iostream>
#include <streambuf>
#include <unistd.h>

namespace qrem::log {
namespace {

class NullBuffer : public std::streambuf {
protected:
    int overflow(int c) override { return c; }
};

NullBuffer null_buffer;
std::ostream null_stream(&null_buffer);
bool quiet_mode = false;

bool is_root() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized)
        return true;
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank == 0;
}

} // namespace

std::ostream& out() {
    return (is_root() && !quiet_mode) ? std::cout : null_stream;
}
std::ostream& err() {
    return is_root() ? std::cerr : null_stream;
}
void error_on_this_rank(const std::string& what) {
    std::string line = "qrem: error";
    int initialized = 0, size = 1, rank = 0;
    MPI_Initialized(&initialized);
    if (initialized) {
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    }
    if (size > 1)
        line += " (rank " + std::to_string(rank) + ")";
    line += ": " + what + "\n";
    std::cerr.flush();
    for (std::size_t written = 0; written < line.size();) {
        const ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
        if (n <= 0 && errno != EINTR)
            return; // nowhere left to report to
        written += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
}

void set_quiet(bool quiet) {
    quiet_mode = quiet;
}

} // namespace qrem::log
