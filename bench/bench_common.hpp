#pragma once
// bench: what the benchmarks share: their command lines (--key value pairs, single-dash
// options for PETSc, comma-separated lists) and timings of the slowest rank (what a run waits
// for), best of several repeats.
#include "core/session.hpp"

#include <mpi.h>

#include <algorithm>
#include <map>
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

/// The command line: "--key value" pairs of the benchmark, and the single-dash options
/// (-log_view, -ts_type, ...) that go to PETSc.
struct BenchArguments {
    std::map<std::string, std::string> values;
    std::vector<std::string> petsc;
};
inline BenchArguments parse_arguments(int argc, char** argv) {
    BenchArguments a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0 && i + 1 < argc)
            a.values[arg.substr(2)] = argv[++i];
        else if (arg.size() > 1 && arg[0] == '-' && arg[1] != '-') {
            a.petsc.push_back(arg);
            if (i + 1 < argc && argv[i + 1][0] != '-') // its value, as in -ts_type rk
                a.petsc.push_back(argv[++i]);
        }
    }
    return a;
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
