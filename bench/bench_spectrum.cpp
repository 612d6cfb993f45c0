// Benchmark of Gamma's spectrum, eigenvalues only, at D = d^N and the rank count it is launched
// with. Prints one JSON object per method (slowest rank, best of --repeat):
//   scalapack        eigenvalues(Gamma, scalapack): BLACS grid, redistribution, pzheev
//                    (ELPA from D = 4096 on two or more ranks: spectrum_uses_elpa)
//   scalapack-heevr  the same with pzheevr (MRRR) in place of pzheev
//   elpa             the same with ELPA's two-stage solver (with --nb: pzheev for scalapack)
//   redistribute     the redistribution alone (part of both)
//   slepc            eigenvalues(Gamma, slepc), SLEPc's default type (-spectrum_eps_type ...)
//   lapack           serial LAPACK zheevd values-only on rank 0 (the gather not counted)
//   mpiexec -n P qrem_bench_spectrum [--d 2] [--N 10] [--repeat 1]
//           [--methods scalapack,scalapack-heevr,elpa,redistribute,slepc,lapack] [--nb 64]
// Gamma is a random Hermitian matrix (the O(D^3) reduction does not depend on the values).
#include "bench_common.hpp"
#include "core/error.hpp"
#include "core/session.hpp"
#include "diagnostics/scalapack.hpp"
#include "diagnostics/spectrum.hpp"
#include "io/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <vector>

extern "C" {
void zheevd_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a,
             const int* lda, double* w, std::complex<double>* work, const int* lwork, double* rwork,
             const int* lrwork, int* iwork, const int* liwork, int* info, std::size_t jobz_len,
             std::size_t uplo_len);
}

using namespace qrem;
using namespace qrem::bench;

namespace {

/// Uniform in [-1, 1) from an index (splitmix64): every rank fills its rows of the same matrix.
double uniform(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return static_cast<double>(x >> 11) * 0x1.0p-52 - 1.0;
}

void fill_random_hermitian(DensityMatrix& Gamma) {
    const std::int64_t D = Gamma.space().D(), lda = Gamma.lda();
    const RowRange rows = Gamma.rows();
    LocalBlock block(Gamma.vec());
    for (std::int64_t s = 0; s < D; ++s)
        for (std::int64_t r = rows.begin; r < rows.end; ++r) {
            const auto k = static_cast<std::uint64_t>(std::min(r, s) * D + std::max(r, s));
            const Complex z(uniform(2 * k), r == s ? 0.0 : uniform(2 * k + 1));
            block.data()[(r - rows.begin) + lda * s] = r <= s ? z : std::conj(z);
        }
}

/// Gamma on rank 0, column-major D x D (other ranks: empty).
std::vector<Complex> gather_on_rank_zero(const DensityMatrix& Gamma) {
    const std::int64_t D = Gamma.space().D(), lda = Gamma.lda(), m = Gamma.rows().size();
    std::vector<Complex> mine(static_cast<std::size_t>(m * D));
    {
        ConstLocalBlock block(Gamma.vec());
        for (std::int64_t s = 0; s < D; ++s)
            std::copy_n(block.data() + lda * s, m, mine.begin() + m * s);
    }
    const int size = Session::size();
    std::vector<int> counts(static_cast<std::size_t>(size)), offsets(counts.size());
    for (int q = 0, offset = 0; q < size; ++q) {
        counts[static_cast<std::size_t>(q)] = static_cast<int>(owned_rows(D, q, size).size() * D);
        offsets[static_cast<std::size_t>(q)] = offset;
        offset += counts[static_cast<std::size_t>(q)];
    }
    std::vector<Complex> blocks(Session::rank() == 0 ? static_cast<std::size_t>(D * D) : 0);
    MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_C_DOUBLE_COMPLEX, blocks.data(),
                counts.data(), offsets.data(), MPI_C_DOUBLE_COMPLEX, 0, Session::comm());
    if (Session::rank() != 0)
        return {};
    std::vector<Complex> full(static_cast<std::size_t>(D * D));
    for (int q = 0; q < size; ++q) {
        const RowRange rq = owned_rows(D, q, size);
        const Complex* in = blocks.data() + offsets[static_cast<std::size_t>(q)];
        for (std::int64_t s = 0; s < D; ++s)
            std::copy_n(in + rq.size() * s, rq.size(), full.begin() + rq.begin + D * s);
    }
    return full;
}

std::vector<double> lapack_eigenvalues(std::vector<Complex> a, int n) {
    const char jobz = 'N', uplo = 'L';
    std::vector<double> w(static_cast<std::size_t>(n));
    Complex work_query;
    double rwork_query = 0;
    int iwork_query = 0, info = 0, query = -1;
    zheevd_(&jobz, &uplo, &n, a.data(), &n, w.data(), &work_query, &query, &rwork_query, &query,
            &iwork_query, &query, &info, 1, 1);
    const int lwork = static_cast<int>(work_query.real()) + 1;
    const int lrwork = static_cast<int>(rwork_query) + 1, liwork = iwork_query + 1;
    std::vector<Complex> work(static_cast<std::size_t>(lwork));
    std::vector<double> rwork(static_cast<std::size_t>(lrwork));
    std::vector<int> iwork(static_cast<std::size_t>(liwork));
    zheevd_(&jobz, &uplo, &n, a.data(), &n, w.data(), work.data(), &lwork, rwork.data(), &lrwork,
            iwork.data(), &liwork, &info, 1, 1);
    if (info != 0)
        throw Error("zheevd failed, info = " + std::to_string(info));
    return w;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return -1;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t d = 2;
    int N = 10, repeat = 1, nb = 0;
    std::vector<std::string> methods{"scalapack", "scalapack-heevr", "redistribute", "slepc",
                                     "lapack"};
    const BenchArguments args = parse_arguments(argc, argv);
    for (const auto& [key, value] : args.values) {
        if (key == "d")
            d = std::stoul(value);
        else if (key == "N")
            N = std::stoi(value);
        else if (key == "repeat")
            repeat = std::stoi(value);
        else if (key == "methods")
            methods = split(value);
        else if (key == "nb")
            nb = std::stoi(value);
    }
    Session session("qrem_bench_spectrum", args.petsc);
    const NBodySpace space(d, N);
    DensityMatrix Gamma(Session::comm(), space);
    fill_random_hermitian(Gamma);
    const auto D = static_cast<int>(space.D());

    std::vector<double> reference; // the first method's values, to compare the others with
    for (const std::string& method : methods) {
        std::vector<double> values;
        double seconds = 0;
        int block = 0;
        if (method == "scalapack" && nb == 0) {
            seconds =
                best_time(repeat, [&] { values = eigenvalues(Gamma, SpectrumMethod::scalapack); });
        } else if (method == "scalapack" || method == "scalapack-heevr" || method == "elpa" ||
                   method == "redistribute") {
            const auto solver = method == "scalapack" ? scalapack::Solver::heev
                                : method == "elpa"    ? scalapack::Solver::elpa
                                                      : scalapack::Solver::heevr;
            seconds = best_time(repeat, [&] {
                const scalapack::BlacsGrid grid(Session::comm());
                block = nb > 0 ? nb : scalapack::default_block_size(D, grid);
                scalapack::BlockCyclicMatrix a = scalapack::distribute(Gamma, grid, block);
                if (method != "redistribute")
                    values = scalapack::hermitian_eigenvalues(a, solver);
            });
        } else if (method == "slepc") {
            seconds =
                best_time(repeat, [&] { values = eigenvalues(Gamma, SpectrumMethod::slepc); });
        } else if (method == "lapack") {
            const std::vector<Complex> full = gather_on_rank_zero(Gamma);
            seconds = best_time(repeat, [&] {
                if (Session::rank() == 0)
                    values = lapack_eigenvalues(full, D);
            });
        } else {
            if (Session::rank() == 0)
                std::cerr << "qrem_bench_spectrum: unknown method " << method << "\n";
            return 1;
        }
        if (method == "scalapack" && block == 0) {
            const scalapack::BlacsGrid grid(Session::comm());
            block = scalapack::default_block_size(D, grid);
        }
        Json result = Json::object()
                          .set("benchmark", "spectrum")
                          .set("method", method)
                          .set("d", static_cast<int>(d))
                          .set("N", N)
                          .set("D", D)
                          .set("ranks", Session::size())
                          .set("seconds", seconds);
        if (block > 0)
            result.set("block", block);
        if (!values.empty() && Session::rank() == 0) {
            if (reference.empty())
                reference = values;
            else
                result.set("max_difference_to_first", max_difference(values, reference));
        }
        if (Session::rank() == 0) {
            std::string line = result.dump(0);
            std::erase(line, '\n');
            std::cout << line << std::endl;
        }
    }
    return 0;
}
