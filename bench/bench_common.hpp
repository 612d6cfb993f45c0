#pragma once
// bench: what the benchmarks share: their command lines (--key value pairs, single-dash
// options for PETSc, comma-separated lists) and timings of the slowest rank (what a run waits
// for), best of several repeats.
#include "core/operation_count.hpp"
#include "core/session.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern "C" void zgemm_(const char* transa, const char* transb, const int* m, const int* n,
                       const int* k, const std::complex<double>* alpha,
                       const std::complex<double>* a, const int* lda,
                       const std::complex<double>* b, const int* ldb,
                       const std::complex<double>* beta, std::complex<double>* c, const int* ldc);

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

/// The arithmetic rate one rank reaches at its best: BLAS's complex matrix product (zgemm,
/// order 1024, every rank at once, the slowest rank's best of 3), in GFlop/s (8 n^3 real
/// operations).
inline double matrix_product_gflops() {
    constexpr int n = 1024;
    const auto size = static_cast<std::size_t>(n) * n;
    std::vector<std::complex<double>> a(size), b(size), c(size);
    for (std::size_t i = 0; i < size; ++i) {
        a[i] = {std::sin(0.1 * static_cast<double>(i)), 0.5};
        b[i] = {0.3, std::cos(0.2 * static_cast<double>(i))};
    }
    const std::complex<double> one = 1.0, zero = 0.0;
    const double seconds = best_time(3, [&] {
        zgemm_("N", "N", &n, &n, &n, &one, a.data(), &n, b.data(), &n, &zero, c.data(), &n);
    });
    return 8.0 * n * n * static_cast<double>(n) / seconds / 1e9;
}

/// How far arithmetic alone lets a right-hand side stream its state. A kernel that performs
/// m complex multiply-adds (8 real operations) per entry and reads and writes each entry once
/// (32 bytes) streams at most 4 P / m bytes per second at P operations per second; set against
/// the copy bandwidth, that is the ratio no kernel of that operation count exceeds at the
/// matrix product's rate P. The count needs a build with -DQREM_COUNT_OPERATIONS=ON (else nan).
struct ArithmeticCeiling {
    double multiply_adds_per_entry = NAN;
    double kernel_gflops_per_rank = NAN; ///< the evaluation's measured rate, by that count
    double product_gflops_per_rank = NAN;
    double ceiling_to_copy = NAN; ///< (4 P / m) per rank over the copy bandwidth per rank
};

/// `evaluate` runs one evaluation (timed at `seconds`) of a right-hand side over `entries`
/// entries in all; `copy_bandwidth`: bytes per second copied by all ranks together.
template <typename F>
ArithmeticCeiling arithmetic_ceiling(F&& evaluate, double entries, double seconds,
                                     double copy_bandwidth, double product_gflops) {
    ArithmeticCeiling result;
    result.product_gflops_per_rank = product_gflops;
    if (!operation_count::enabled)
        return result;
    operation_count::multiply_adds = 0;
    evaluate();
    double count = static_cast<double>(operation_count::multiply_adds);
    MPI_Allreduce(MPI_IN_PLACE, &count, 1, MPI_DOUBLE, MPI_SUM, Session::comm());
    const double ranks = Session::size();
    result.multiply_adds_per_entry = count / entries;
    result.kernel_gflops_per_rank = 8.0 * count / seconds / 1e9 / ranks;
    result.ceiling_to_copy =
        4.0 * product_gflops * 1e9 / result.multiply_adds_per_entry / (copy_bandwidth / ranks);
    return result;
}

} // namespace qrem::bench
