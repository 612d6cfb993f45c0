// e^{shift + A} by the Chebyshev series on a sparse Hermitian A (representation/
// sparse_exponential.hpp) against the eigendecomposition, and m_lambda pi_lambda(gamma) by both
// routes on every block at sizes beyond the dense reference.
// Tolerances: the eigendecomposition is accurate to a few n ulp of the largest eigenvalue of the
// exponential, the series to about (terms) ulp of it (its three-term recurrence), so the two
// agree to 1e-12 relative to the largest entry for the sizes here (n <= 300, <= 200 terms).
#include "linalg/random_matrices.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "representation/sparse_exponential.hpp"
#include "symmetric/block_density_matrix.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace qrem;

namespace {

/// A random sparse Hermitian n x n operator: a band of half-width `band` and `extra` random
/// symmetric pairs further out.
SparseOperator random_sparse_hermitian(std::size_t n, std::size_t band, std::size_t extra,
                                       unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g;
    std::uniform_int_distribution<std::size_t> index(0, n - 1);
    SparseOperator A(n, n);
    const auto pair = [&](std::size_t i, std::size_t j) {
        const Complex v = i == j ? Complex(g(rng), 0.0) : Complex(g(rng), g(rng));
        A.add(i, j, v);
        if (i != j)
            A.add(j, i, std::conj(v));
    };
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i; j < std::min(n, i + band + 1); ++j)
            pair(i, j);
    for (std::size_t k = 0; k < extra; ++k)
        pair(index(rng), index(rng));
    return A;
}

} // namespace

TEST_CASE("scaled Bessel coefficients equal e^{-h} I_k(h)", "[sparse_exponential]") {
    for (const double h : {0.0, 1e-3, 0.7, 5.0, 60.0, 400.0}) {
        const std::vector<double> e = scaled_bessel_coefficients(h);
        REQUIRE(!e.empty());
        double sum = e[0];
        for (std::size_t k = 1; k < e.size(); ++k)
            sum += 2.0 * e[k];
        // e^h = I_0 + 2 sum I_k: what is left off is below the 1e-16 truncation.
        CHECK(sum == Approx(1.0).margin(1e-15));
        if (h <= 600.0) // std::cyl_bessel_i overflows beyond
            for (std::size_t k = 0; k < e.size(); ++k) {
                const double exact =
                    h == 0.0 ? (k == 0 ? 1.0 : 0.0)
                             : std::exp(-h) * std::cyl_bessel_i(static_cast<double>(k), h);
                if (exact > 1e-280)
                    CHECK(e[k] == Approx(exact).epsilon(1e-12));
            }
    }
    // More terms for wider intervals, about sqrt(74 h).
    CHECK(scaled_bessel_coefficients(400.0).size() > scaled_bessel_coefficients(60.0).size());
    CHECK(scaled_bessel_coefficients(400.0).size() < 250);
    CHECK_THROWS(scaled_bessel_coefficients(-1.0));
}

TEST_CASE("hermitian_exponential equals the eigendecomposition's exponential",
          "[sparse_exponential]") {
    struct Case {
        std::size_t n, band, extra;
        double scale, shift;
    };
    for (const Case& c : {Case{1, 0, 0, 1.0, 0.3}, Case{7, 1, 0, 1.0, 0.0},
                          Case{40, 1, 10, 8.0, -3.0}, Case{120, 2, 60, 20.0, 5.0},
                          Case{300, 3, 0, 30.0, -100.0}}) {
        SparseOperator A = random_sparse_hermitian(c.n, c.band, c.extra, 11u + c.n);
        A *= Complex(c.scale / std::sqrt(static_cast<double>(c.band + 1)));
        const DenseMatrix dense = A.dense();
        const std::vector<double> values = hermitian_eigenvalues(dense);
        const DenseMatrix exact =
            hermitian_function(dense, [&](double x) { return std::exp(c.shift + x); });
        const double largest = std::exp(c.shift + values.back());
        // The exact interval, and a wider one (slower, as correct).
        const DenseMatrix tight = hermitian_exponential(A, values.front(), values.back(), c.shift);
        const DenseMatrix wide =
            hermitian_exponential(A, values.front() - 3.0, values.back() + 1.0, c.shift);
        INFO("n = " << c.n << ", spread " << values.back() - values.front());
        CHECK(max_abs(tight - exact) <= 1e-12 * largest);
        CHECK(max_abs(wide - exact) <= 1e-12 * largest);
    }
    CHECK_THROWS(hermitian_exponential(SparseOperator(2, 3), 0.0, 1.0, 0.0));
    CHECK_THROWS(hermitian_exponential(SparseOperator(2, 2), 1.0, 0.0, 0.0));
    // An interval of zero width whose ends rounding swapped: e^{shift + a} 1.
    SparseOperator a = SparseOperator::identity(3);
    a *= Complex(0.1 + 0.2);
    const DenseMatrix e = hermitian_exponential(a, 0.1 + 0.2, 0.3, -1.0);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            CHECK(std::abs(e(i, j) - (i == j ? std::exp(-1.0 + 0.3) : 0.0)) <= 1e-15);
}

TEST_CASE("m_lambda pi_lambda(gamma) by the series equals the eigendecomposition on every block",
          "[sparse_exponential]") {
    struct Case {
        std::size_t d;
        int N;
    };
    // N = d: the antisymmetric block (dimension 1) has an interval of zero width, whose ends
    // rounding may put in either order.
    for (const Case& c : {Case{2, 1}, Case{2, 2}, Case{3, 3}, Case{4, 4}, Case{2, 60}, Case{3, 14},
                          Case{4, 7}}) {
        const SchurWeylBlocks blocks = schur_weyl_blocks(c.d, c.N);
        const DenseMatrix gamma = random_density_matrix(c.d, 5u + c.d);
        const DenseMatrix log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
        for (std::size_t l = 0; l < blocks.irreps.size(); ++l) {
            const DenseMatrix eigen =
                weighted_product_block(blocks, l, log_gamma, ProductBlockMethod::eigen);
            const DenseMatrix series =
                weighted_product_block(blocks, l, log_gamma, ProductBlockMethod::series);
            const DenseMatrix automatic = weighted_product_block(blocks, l, log_gamma);
            INFO("d = " << c.d << ", N = " << c.N << ", block " << l << " of dimension "
                        << blocks.irreps[l].dim);
            const double scale = max_abs(eigen);
            REQUIRE(scale > 0.0);
            CHECK(max_abs(series - eigen) <= 1e-12 * scale);
            CHECK(max_abs(automatic - eigen) <= 1e-12 * scale);
        }
    }
}

TEST_CASE("m_lambda pi_lambda(gamma) by gamma = L D L^dag equals the eigendecomposition (d = 2)",
          "[sparse_exponential]") {
    // Both pivots (the larger diagonal entry first or second), a diagonal gamma (no chain), a
    // nearly pure one (eigenvalues 1 - 1e-9 and 1e-9: D's second entry by det(gamma)), on every
    // block up to N = 80, where m_lambda and the chain's products exceed 1e20.
    const DenseMatrix random = random_density_matrix(2, 17u);
    DenseMatrix swapped(2, 2); // sigma_x gamma sigma_x: the other pivot
    for (std::size_t a = 0; a < 2; ++a)
        for (std::size_t b = 0; b < 2; ++b)
            swapped(a, b) = random(1 - a, 1 - b);
    const DenseMatrix diagonal = DenseMatrix::diagonal({0.3, 0.7});
    DenseMatrix pure = DenseMatrix::diagonal({1.0 - 1e-9, 1e-9});
    {
        const double c = std::cos(0.4), s = std::sin(0.4);
        DenseMatrix u(2, 2);
        u(0, 0) = c;
        u(0, 1) = -s * Complex(0.6, 0.8);
        u(1, 0) = s * Complex(0.6, -0.8);
        u(1, 1) = c;
        pure = u * pure * adjoint(u);
    }
    REQUIRE(random(0, 0).real() != random(1, 1).real());
    for (const DenseMatrix& gamma : {random, swapped, diagonal, pure})
        for (const int N : {1, 2, 7, 30, 80}) {
            const SchurWeylBlocks blocks = schur_weyl_blocks(2, N);
            const DenseMatrix log_gamma =
                hermitian_function(gamma, [](double x) { return std::log(x); });
            for (std::size_t l = 0; l < blocks.irreps.size(); ++l) {
                const DenseMatrix eigen =
                    weighted_product_block(blocks, l, log_gamma, ProductBlockMethod::eigen);
                const DenseMatrix factorised =
                    weighted_product_block(blocks, l, log_gamma, ProductBlockMethod::factorised);
                INFO("N = " << N << ", block " << l << ", gamma_00 = " << gamma(0, 0));
                // Both are accurate to ~1e-15 of the largest entry (eigendecomposition: its
                // backward error; factorisation: sums of terms of one phase); 1e-12 leaves room
                // for the n-term sums at n = 81. Plus 1e-280: the nearly pure gamma's smallest
                // blocks (entries ~ 1e-9^{N/2 - j}) reach the subnormal range, where neither
                // path keeps relative accuracy.
                CHECK(max_abs(factorised - eigen) <= 1e-12 * max_abs(eigen) + 1e-280);
                CHECK(hermiticity_error(factorised) == 0.0);
            }
        }
    // d = 3: E_10 is not a chain in the Gelfand-Tsetlin basis.
    const SchurWeylBlocks blocks = schur_weyl_blocks(3, 3);
    const DenseMatrix log_gamma =
        hermitian_function(random_density_matrix(3, 5u), [](double x) { return std::log(x); });
    CHECK_THROWS(weighted_product_block(blocks, 0, log_gamma, ProductBlockMethod::factorised));
}
