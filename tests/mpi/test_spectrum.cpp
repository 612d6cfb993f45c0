// Gamma's spectrum (ScaLAPACK values-only and SLEPc EPS) against the Jacobi reference, at 1, 2
// and 3 ranks: uneven row splits, 1 x P BLACS grids, blocks spread over several ranks.
#include "core/error.hpp"
#include "core/session.hpp"
#include "diagnostics/scalapack.hpp"
#include "diagnostics/spectrum.hpp"

#include "support/dense_reference.hpp"
#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace qrem;
using namespace testing_support;

namespace {

struct Size {
    std::size_t d;
    int N;
};
// D = 2, 8, 27, 64, 81, 256: none splits evenly over 3 ranks, D = 2 leaves a rank empty.
const std::vector<Size> sizes{{2, 1}, {2, 3}, {3, 3}, {2, 6}, {3, 4}, {2, 8}};

/// A backward-stable Hermitian eigensolver returns the exact eigenvalues of Gamma + E with
/// ||E|| ~ D eps ||Gamma|| (Weyl: each eigenvalue moves by at most ||E||); so do the Jacobi
/// reference's rotations. The factor 10 covers the constants of both.
double tolerance(const std::vector<double>& reference) {
    double norm = 0;
    for (const double x : reference)
        norm = std::max(norm, std::abs(x));
    return 10.0 * static_cast<double>(reference.size()) * std::numeric_limits<double>::epsilon() *
           norm;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
    REQUIRE(a.size() == b.size());
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

/// True on every rank if every rank holds exactly rank 0's values.
bool same_on_every_rank(const std::vector<double>& values) {
    std::vector<double> root = values;
    MPI_Bcast(root.data(), static_cast<int>(root.size()), MPI_DOUBLE, 0, Session::comm());
    int same = root == values ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &same, 1, MPI_INT, MPI_MIN, Session::comm());
    return same == 1;
}

std::vector<PetscScalar> local_copy(const DensityMatrix& Gamma) {
    ConstLocalBlock block(Gamma.vec());
    return {block.data(), block.data() + Gamma.local_size()};
}

const SpectrumMethod methods[] = {SpectrumMethod::scalapack, SpectrumMethod::slepc};

} // namespace

TEST_CASE("spectrum method names") {
    CHECK(parse_spectrum_method("scalapack", "f") == SpectrumMethod::scalapack);
    CHECK(parse_spectrum_method("slepc", "f") == SpectrumMethod::slepc);
    for (const SpectrumMethod m : methods)
        CHECK(parse_spectrum_method(to_string(m), "f") == m);
    CHECK_THROWS_AS(parse_spectrum_method("lapack", "output.spectrum"), InputError);
    CHECK_THROWS_WITH(parse_spectrum_method("ScaLAPACK", "output.spectrum"),
                      "output.spectrum: must be scalapack or slepc, got 'ScaLAPACK'");
}

TEST_CASE("Gamma's rows land where the block-cyclic layout puts them") {
    // A non-Hermitian matrix: a transposed copy would still have the right spectrum.
    const NBodySpace space(3, 3);
    const std::int64_t D = space.D();
    const DenseMatrix full = random_matrix(27, 27, 11);
    DensityMatrix Gamma(Session::comm(), space);
    assign(Gamma, full);
    const scalapack::BlacsGrid grid(Session::comm());
    CHECK(grid.rows() * grid.cols() == Session::size());
    CHECK(grid.rows() <= grid.cols());
    for (const int nb : {1, 2, 5, 64, scalapack::default_block_size(D, grid)}) {
        CAPTURE(nb);
        scalapack::BlockCyclicMatrix a = scalapack::distribute(Gamma, grid, nb);
        double worst = 0;
        std::int64_t entries = a.local_rows() * static_cast<std::int64_t>(a.local_cols());
        for (int lc = 0; lc < a.local_cols(); ++lc)
            for (int lr = 0; lr < a.local_rows(); ++lr) {
                const int r = ((lr / nb) * grid.rows() + grid.my_row()) * nb + lr % nb;
                const int s = ((lc / nb) * grid.cols() + grid.my_col()) * nb + lc % nb;
                worst = std::max(worst, std::abs(a.data()[lr + a.lld() * lc] -
                                                 full(static_cast<std::size_t>(r),
                                                      static_cast<std::size_t>(s))));
            }
        CHECK(worst == 0.0);
        MPI_Allreduce(MPI_IN_PLACE, &entries, 1, MPI_INT64_T, MPI_SUM, Session::comm());
        CHECK(entries == D * D);
    }
    // Small matrices are really spread: with 2 or 3 ranks every rank holds some of D = 27.
    CHECK(scalapack::default_block_size(D, grid) <= (D + Session::size() - 1) / Session::size());
}

TEST_CASE("eigenvalues of random density matrices match the Jacobi reference") {
    for (const Size& size : sizes) {
        const NBodySpace space(size.d, size.N);
        const auto D = static_cast<std::size_t>(space.D());
        CAPTURE(size.d, size.N, D);
        const DenseMatrix rho = random_density_matrix(D, 100 + static_cast<unsigned>(D));
        DensityMatrix Gamma(Session::comm(), space);
        assign(Gamma, rho);
        const std::vector<PetscScalar> before = local_copy(Gamma);
        const std::vector<double> expected = ref::jacobi_eigenvalues(ref::from_dense(rho));
        for (const SpectrumMethod method : methods) {
            CAPTURE(to_string(method));
            const std::vector<double> values = eigenvalues(Gamma, method);
            REQUIRE(values.size() == D);
            CHECK(std::is_sorted(values.begin(), values.end()));
            CHECK(max_difference(values, expected) <= tolerance(expected));
            CHECK(same_on_every_rank(values));
            CHECK(local_copy(Gamma) == before);
        }
    }
}

TEST_CASE("each solver on the block-cyclic copy (pzheev, pzheevr, ELPA) at every block size") {
    // Block sizes 1 and 2 give every rank several blocks, 64 leaves ranks empty for small D.
    // (D = 256 left out: its Jacobi reference costs more than the rest of the case.)
    const scalapack::BlacsGrid grid(Session::comm());
    for (const Size& size : sizes) {
        if (size.d == 2 && size.N == 8)
            continue;
        const NBodySpace space(size.d, size.N);
        const auto D = static_cast<std::size_t>(space.D());
        const DenseMatrix rho = random_density_matrix(D, 300 + static_cast<unsigned>(D));
        DensityMatrix Gamma(Session::comm(), space);
        assign(Gamma, rho);
        const std::vector<double> expected = ref::jacobi_eigenvalues(ref::from_dense(rho));
        for (const auto solver :
             {scalapack::Solver::heev, scalapack::Solver::heevr, scalapack::Solver::elpa})
            for (const int nb : {1, 2, 64, scalapack::default_block_size(space.D(), grid)}) {
                CAPTURE(size.d, size.N, static_cast<int>(solver), nb);
                scalapack::BlockCyclicMatrix a = scalapack::distribute(Gamma, grid, nb);
                if (solver == scalapack::Solver::elpa && !scalapack::elpa_takes(a)) {
                    CHECK_THROWS_WITH(scalapack::hermitian_eigenvalues(a, solver),
                                      Catch::Contains("fewer than two blocks"));
                    continue;
                }
                const std::vector<double> values = scalapack::hermitian_eigenvalues(a, solver);
                REQUIRE(values.size() == D);
                CHECK(std::is_sorted(values.begin(), values.end()));
                CHECK(max_difference(values, expected) <= tolerance(expected));
            }
    }
}

TEST_CASE("D = 2048: ELPA in the default block size against pzheev", "[.][large]") {
    // The default uses ELPA from D = 4096 (spectrum_uses_elpa) with the same block size, 64. A
    // random Hermitian matrix (not a state: the solvers do not care, and forming A A^dagger
    // would cost more than the solves).
    CHECK_FALSE(spectrum_uses_elpa(2048, 2));
    CHECK_FALSE(spectrum_uses_elpa(4096, 1));
    CHECK(spectrum_uses_elpa(4096, 2));
    const NBodySpace space(2, 11);
    const auto D = static_cast<std::size_t>(space.D());
    const DenseMatrix A = random_matrix(D, D, 17);
    DensityMatrix Gamma(Session::comm(), space);
    assign(Gamma, A + adjoint(A));
    const scalapack::BlacsGrid grid(Session::comm());
    const int nb = scalapack::default_block_size(space.D(), grid);
    CHECK(nb == 64);
    std::vector<double> values[2];
    for (const auto solver : {scalapack::Solver::heev, scalapack::Solver::elpa}) {
        scalapack::BlockCyclicMatrix a = scalapack::distribute(Gamma, grid, nb);
        REQUIRE(scalapack::elpa_takes(a));
        values[solver == scalapack::Solver::elpa] = scalapack::hermitian_eigenvalues(a, solver);
    }
    CHECK(max_difference(values[1], values[0]) <= tolerance(values[0]));
}

TEST_CASE("every rank alone: the BLACS grid is built on Gamma's communicator") {
    const NBodySpace space(3, 3);
    const DenseMatrix rho = random_density_matrix(27, 200 + static_cast<unsigned>(Session::rank()));
    DensityMatrix Gamma(PETSC_COMM_SELF, space);
    assign(Gamma, rho);
    const std::vector<double> expected = ref::jacobi_eigenvalues(ref::from_dense(rho));
    for (const SpectrumMethod method : methods) {
        CAPTURE(to_string(method));
        CHECK(max_difference(eigenvalues(Gamma, method), expected) <= tolerance(expected));
    }
    MPI_Barrier(Session::comm());
}

TEST_CASE("a product state's spectrum is the products of gamma's eigenvalues") {
    for (const Size& size : {Size{2, 5}, Size{3, 4}}) {
        const NBodySpace space(size.d, size.N);
        CAPTURE(size.d, size.N);
        const DenseMatrix gamma = random_density_matrix(size.d, 7);
        DensityMatrix Gamma(Session::comm(), space);
        fill_product_state(Gamma, gamma);
        const std::vector<double> one_body = ref::jacobi_eigenvalues(ref::from_dense(gamma));
        std::vector<double> expected{1.0};
        for (int leg = 0; leg < size.N; ++leg) {
            std::vector<double> next;
            for (const double x : expected)
                for (const double y : one_body)
                    next.push_back(x * y);
            expected = next;
        }
        std::sort(expected.begin(), expected.end());
        // The dense backend's shortcut for a product initial state, and the eigensolvers.
        CHECK(max_difference(product_spectrum(hermitian_eigenvalues(gamma), size.N), expected) <=
              tolerance(expected));
        for (const SpectrumMethod method : methods) {
            CAPTURE(to_string(method));
            const std::vector<double> values = eigenvalues(Gamma, method);
            CHECK(max_difference(values, expected) <= tolerance(expected));
        }
    }
}

TEST_CASE("SLEPc's eigensolver is chosen with -spectrum_eps_type") {
    const NBodySpace space(2, 4);
    const DenseMatrix rho = random_density_matrix(16, 5);
    DensityMatrix Gamma(Session::comm(), space);
    assign(Gamma, rho);
    const std::vector<double> expected = ref::jacobi_eigenvalues(ref::from_dense(rho));
    check(PetscOptionsSetValue(nullptr, "-spectrum_eps_type", "lapack"));
    const std::vector<double> values = eigenvalues(Gamma, SpectrumMethod::slepc);
    check(PetscOptionsClearValue(nullptr, "-spectrum_eps_type"));
    CHECK(max_difference(values, expected) <= tolerance(expected));
    // An iterative solver that stops before all D eigenvalues converged: an Error, not a short
    // spectrum.
    check(PetscOptionsSetValue(nullptr, "-spectrum_eps_type", "power"));
    check(PetscOptionsSetValue(nullptr, "-spectrum_eps_max_it", "1"));
    CHECK_THROWS_WITH(eigenvalues(Gamma, SpectrumMethod::slepc),
                      Catch::Contains("SLEPc EPS (power) converged") &&
                          Catch::Contains("of 16 eigenvalues"));
    check(PetscOptionsClearValue(nullptr, "-spectrum_eps_type"));
    check(PetscOptionsClearValue(nullptr, "-spectrum_eps_max_it"));
}
