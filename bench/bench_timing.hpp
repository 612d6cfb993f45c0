#pragma once
// bench: what the benchmarks share: comma-separated option lists and timings of the slowest
// rank (what a run waits for), best of several repeats.
#include "core/session.hpp"

#include <mpi.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace qrem::bench {

inline std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> parts;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        parts.push_back(item);
    return parts;
}

inline double max_over_ranks(double x) {
    MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_DOUBLE, MPI_MAX, Session::comm());
    return x;
}

/// Seconds of the slowest rank for one call of f, best of `repeat`.
template <typename F> double best_time(int repeat, F&& f) {
    double best = 1e300;
    for (int k = 0; k < repeat; ++k) {
        MPI_Barrier(Session::comm());
        const double start = MPI_Wtime();
        f();
        best = std::min(best, max_over_ranks(MPI_Wtime() - start));
    }
    return best;
}

} // namespace qrem::bench
