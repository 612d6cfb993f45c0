// The finite statements of the paper's proof (`qrem theory`): Proposition 3.3's exact count
// against enumeration and closed forms, Proposition 3.2's moments against a plain Kronecker
// computation, Lemma 1 on cases with a known answer.
#include "theory/cancellation.hpp"
#include "theory/entropy_inequality.hpp"
#include "theory/index_counting.hpp"

#include "linalg/random_matrices.hpp"
#include "model/mean_field.hpp"
#include "support/nbody_reference.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace qrem;

TEST_CASE("Proposition 3.3: the exact |I_{m,N}| equals enumeration") {
    // |I_{m,N}| is a polynomial of degree m in N (a partition into blocks of size >= 2 has at
    // most m blocks), so N = 1 .. m + 1 already fix it; more points are checked anyway.
    for (int m = 1; m <= 3; ++m)
        for (int N = 1; N <= 8; ++N) {
            INFO("m = " << m << ", N = " << N);
            CHECK(index_set_size(m, N) == index_set_size_by_enumeration(m, N));
        }
    for (int N = 1; N <= 6; ++N)
        CHECK(index_set_size(4, N) == index_set_size_by_enumeration(4, N));
}

TEST_CASE("Proposition 3.3: closed forms and the large-N limit") {
    for (const std::int64_t N : {2, 3, 10, 1000, 1000000}) {
        // m = 1: i_1 != j_1 and each must appear twice: impossible.
        CHECK(index_set_size(1, N) == 0);
        // m = 2: {i_2, j_2} = {i_1, j_1}: 2 N (N - 1).
        CHECK(index_set_size(2, N) == BigInteger(2) * N * (N - 1));
    }
    // For N -> infinity only pairings survive: perfect matchings of the 2m positions that
    // never pair i_nu with j_nu, sum_s (-1)^s C(m, s) (2m - 2s - 1)!! = 8 for m = 3 and 60 for
    // m = 4; the next order is O(N^{m-1}).
    const std::int64_t N = 1000000;
    const double n = static_cast<double>(N);
    CHECK(index_set_size(3, N).convert_to<double>() / (n * n * n) == Approx(8.0).epsilon(1e-4));
    CHECK(index_set_size(4, N).convert_to<double>() / (n * n * n * n) ==
          Approx(60.0).epsilon(1e-4));
    // Exact integers far beyond 64 bits: m = 12, N = 10^4 is about 10^56.
    CHECK(index_set_size(12, 10000) > BigInteger(1) << 150);
}

TEST_CASE("Proposition 3.2's and 3.3's conditions on index pairs") {
    const std::vector<int> I{0, 1}, J{1, 0};
    CHECK(in_index_set(I, J));
    CHECK_FALSE(cancellation_applies(I, J));
    const std::vector<int> I2{0, 2}, J2{1, 0}; // 2 appears once, so does 1
    CHECK(cancellation_applies(I2, J2));
    CHECK_FALSE(in_index_set(I2, J2));
    const std::vector<int> I3{0, 0}, J3{0, 1}; // i_1 = j_1
    CHECK_FALSE(in_index_set(I3, J3));
}

TEST_CASE("Proposition 3.2: mixed moments against a plain Kronecker computation") {
    std::mt19937 rng(7);
    for (const std::size_t d : {2, 3})
        for (const int N : {3, 4}) {
            const DenseMatrix gamma = random_density_matrix(d, 11 + static_cast<unsigned>(d));
            // Any X: the moment is linear algebra, not physics.
            const DenseMatrix X = random_matrix(d * d, d * d, 12 + static_cast<unsigned>(d));
            const ref::Mat product = ref::product_state(ref::from_dense(gamma), N);
            std::uniform_int_distribution<int> leg(0, N - 1);
            for (int m = 1; m <= 3; ++m)
                for (int sample = 0; sample < 6; ++sample) {
                    std::vector<int> I(m), J(m);
                    ref::Mat M = product;
                    for (int nu = 0; nu < m; ++nu) {
                        I[nu] = leg(rng);
                        do
                            J[nu] = leg(rng);
                        while (J[nu] == I[nu]);
                        M = ref::mul(M, ref::embed_two(ref::from_dense(X), I[nu], J[nu], d, N));
                    }
                    const Complex expected = ref::tr(M);
                    // Relative to ||X||^m: 1e-12 covers the rounding of both products.
                    CHECK(std::abs(mixed_moment(gamma, X, I, J) - expected) <
                          1e-12 * std::pow(op_norm(X), m));
                }
        }
}

TEST_CASE("Proposition 3.2: the fluctuation operator's cancelled moments vanish") {
    for (const std::size_t d : {2, 3}) {
        const DenseMatrix gamma = random_density_matrix(d, 21 + static_cast<unsigned>(d));
        const DenseMatrix W = random_two_body(d, 22 + static_cast<unsigned>(d));
        const DenseMatrix X = fluctuation_operator(W, gamma);
        const CancellationCount c = count_cancellations(gamma, X, 4, 3, 1e-12);
        CHECK(c.pairs == 1728); // (N (N - 1))^m
        CHECK(c.cancelled + c.survivors == c.pairs);
        // Zero up to rounding: 1e-13 relative to ||X||^3.
        CHECK(c.largest_cancelled < 1e-13);
        CHECK(c.survivors == c.survivors_in_index_set);
        CHECK(c.survivors_nonzero > 0);
        // The same count with an X that is not centred (W itself): cancelled moments do not
        // vanish, so the check above can fail.
        const CancellationCount uncentred = count_cancellations(gamma, W, 4, 3, 1e-12);
        CHECK(uncentred.largest_cancelled > 1e-3);
    }
}

TEST_CASE("Lemma 1: commuting matrices give its closed form, and equality where expected") {
    // Diagonal rho, sigma, A: S = sum rho_k ln(rho_k / sigma_k), Tr(sigma e^{lambda A}) =
    // sum sigma_k e^{lambda a_k} = Z (Golden-Thompson is an equality).
    const std::vector<double> rho{0.5, 0.3, 0.2}, sigma{0.2, 0.3, 0.5}, a{1.0, -0.5, 2.0};
    DenseMatrix R(3, 3), S(3, 3), A(3, 3);
    double lhs = 0, entropy = 0, Z = 0;
    const double lambda = 0.7;
    for (std::size_t k = 0; k < 3; ++k) {
        R(k, k) = rho[k];
        S(k, k) = sigma[k];
        A(k, k) = a[k];
        lhs += rho[k] * a[k];
        entropy += rho[k] * std::log(rho[k] / sigma[k]);
        Z += sigma[k] * std::exp(lambda * a[k]);
    }
    const EntropyInequality e = entropy_inequality(R, S, A, lambda);
    CHECK(e.lhs == Approx(lhs).epsilon(1e-14));
    CHECK(relative_entropy(R, S) == Approx(entropy).epsilon(1e-13));
    CHECK(e.rhs == Approx((entropy + std::log(Z)) / lambda).epsilon(1e-13));
    CHECK(std::abs(e.golden_thompson_gap()) < 1e-13);
    // The Gibbs-variational state makes (3.5) an equality.
    const DenseMatrix omega = gibbs_variational_state(S, A, lambda);
    CHECK(std::abs(entropy_inequality(omega, S, A, lambda).gibbs_slack()) < 1e-12);
    // Random, non-commuting: both steps hold.
    for (unsigned seed = 0; seed < 5; ++seed) {
        const std::size_t n = 2 + seed;
        const EntropyInequality r = entropy_inequality(random_density_matrix(n, 30 + seed),
                                                       random_density_matrix(n, 40 + seed),
                                                       random_hermitian(n, 50 + seed), 0.3);
        CHECK(r.gibbs_slack() >= -1e-12);
        CHECK(r.golden_thompson_gap() >= -1e-12);
    }
}
