#include "linalg/dense_matrix.hpp"
#include "support/dense_reference.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace qrem;
using testing_support::random_hermitian;
using testing_support::random_matrix;

TEST_CASE("kron puts the first factor's index most significant (Kronecker order)") {
    const DenseMatrix a = random_matrix(2, 3, 1), b = random_matrix(3, 2, 2);
    const DenseMatrix k = kron(a, b);
    REQUIRE(k.rows() == 6);
    REQUIRE(k.cols() == 6);
    // Entry (i*3 + p, j*2 + q) = a_ij b_pq.
    CHECK(std::abs(k(1 * 3 + 2, 2 * 2 + 1) - a(1, 2) * b(2, 1)) == 0.0);
    CHECK(ref::max_abs_diff(ref::from_dense(k),
                            ref::kron(ref::from_dense(a), ref::from_dense(b))) == 0.0);
}

TEST_CASE("products, adjoint and trace agree with the plain reference") {
    const DenseMatrix a = random_matrix(4, 4, 3), b = random_matrix(4, 4, 4);
    // Tolerance 1e-13: sums of 4 products of O(1) numbers, different summation order.
    CHECK(ref::max_abs_diff(ref::from_dense(a * b),
                            ref::mul(ref::from_dense(a), ref::from_dense(b))) < 1e-13);
    CHECK(ref::max_abs_diff(ref::from_dense(adjoint(a)), ref::dag(ref::from_dense(a))) == 0.0);
    CHECK(std::abs(trace(a) - ref::tr(ref::from_dense(a))) < 1e-14);
    CHECK(hermiticity_error(hermitian_part(a)) < 1e-15);
    CHECK(hermiticity_error(a) > 0.1);
}

TEST_CASE("product_with_adjoint (BLAS zherk) equals a a^dag by the plain reference") {
    // Non-square both ways (the row-major/column-major reading of BLAS) and one row.
    for (const auto& [rows, cols] :
         {std::pair{5, 3}, std::pair{3, 7}, std::pair{1, 4}, std::pair{6, 6}}) {
        const DenseMatrix a = random_matrix(rows, cols, 11u + rows);
        const DenseMatrix c = product_with_adjoint(a);
        REQUIRE(c.rows() == a.rows());
        REQUIRE(c.cols() == a.rows());
        // Tolerance 1e-13: sums of at most 7 products of O(1) numbers, another order.
        CHECK(ref::max_abs_diff(ref::from_dense(c),
                                ref::mul(ref::from_dense(a), ref::dag(ref::from_dense(a)))) <
              1e-13);
        CHECK(hermiticity_error(c) == 0.0);
    }
}

TEST_CASE("Hermitian eigen-decomposition reconstructs the matrix") {
    for (std::size_t n : {1u, 2u, 5u, 9u}) {
        const DenseMatrix h = random_hermitian(n, 10 + static_cast<unsigned>(n));
        const HermitianEigen e = hermitian_eigen(h);
        const DenseMatrix rebuilt =
            e.vectors * DenseMatrix::diagonal(e.values) * adjoint(e.vectors);
        // Backward-stable LAPACK: error ~ n * eps * ||h||.
        CHECK(max_abs(rebuilt - h) < 1e-12);
        CHECK(max_abs(adjoint(e.vectors) * e.vectors - DenseMatrix::identity(n)) < 1e-12);
        const auto jacobi = ref::jacobi_eigenvalues(ref::from_dense(h));
        for (std::size_t k = 0; k < n; ++k)
            CHECK(std::abs(e.values[k] - jacobi[k]) < 1e-11);
    }
}

TEST_CASE("eigenvalues alone agree with the decomposition on both sides of the two-stage order") {
    // Below 600 the values come from zheev, from 600 on from zheev_2stage; the decomposition
    // (zheevd) is a third path. Both are backward stable: the eigenvalues move by at most
    // ~n eps ||h||, with ||h|| ~ 2 sqrt(n) for these random matrices (~1e-11 at n = 700).
    for (std::size_t n : {599u, 600u, 700u}) {
        const DenseMatrix h = random_hermitian(n, 40 + static_cast<unsigned>(n));
        const std::vector<double> values = hermitian_eigenvalues(h);
        const HermitianEigen e = hermitian_eigen(h);
        REQUIRE(values.size() == n);
        double worst = 0.0, trace = 0.0, sum = 0.0;
        for (std::size_t k = 0; k < n; ++k) {
            worst = std::max(worst, std::abs(values[k] - e.values[k]));
            trace += h(k, k).real();
            sum += values[k];
            if (k > 0)
                CHECK(values[k] >= values[k - 1]); // ascending, as the callers assume
        }
        CHECK(worst < 1e-10);
        CHECK(std::abs(sum - trace) < 1e-9);
    }
}

TEST_CASE("hermitian_function(exp) equals the Taylor matrix exponential") {
    const DenseMatrix h = random_hermitian(6, 21);
    const DenseMatrix e = hermitian_function(h, [](double x) { return std::exp(x); });
    // Both accurate to ~1e-13 relative for ||h|| ~ 3.
    const double scale = max_abs(e);
    CHECK(ref::max_abs_diff(ref::from_dense(e), ref::expm(ref::from_dense(h))) < 1e-12 * scale);
}

TEST_CASE("operator norms") {
    const DenseMatrix h = DenseMatrix::diagonal({-3.0, 1.0, 2.0});
    CHECK(hermitian_op_norm(h) == Approx(3.0).epsilon(1e-14));
    DenseMatrix nilpotent(2, 2);
    nilpotent(0, 1) = 2.0;
    CHECK(op_norm(nilpotent) == Approx(2.0).epsilon(1e-14));
}

TEST_CASE("shape mismatches are rejected") {
    CHECK_THROWS_AS(DenseMatrix(2, 2) + DenseMatrix(3, 3), std::invalid_argument);
    CHECK_THROWS_AS(DenseMatrix(2, 3) * DenseMatrix(2, 3), std::invalid_argument);
}
