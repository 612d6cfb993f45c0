#include "core/log.hpp"

#include <mpi.h>

#include <iostream>
#include <streambuf>

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
void set_quiet(bool quiet) {
    quiet_mode = quiet;
}

} // namespace qrem::log
