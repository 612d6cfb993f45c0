#include "model/mean_field.hpp"

#include "support/dense_reference.hpp"
#include "support/random_matrices.hpp"
#include "support/reference_data.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;
using namespace testing_support;

TEST_CASE("V^gamma index formula equals the literal Tr_2((1 (x) gamma) W)") {
    for (std::size_t d : {2u, 3u, 4u}) {
        const DenseMatrix W = random_two_body(d, 30 + static_cast<unsigned>(d));
        const DenseMatrix gamma = random_density_matrix(d, 40 + static_cast<unsigned>(d));
        const ref::Mat expected =
            ref::mean_field_potential(ref::from_dense(W), ref::from_dense(gamma));
        CHECK(ref::max_abs_diff(ref::from_dense(mean_field_potential(W, gamma)), expected) < 1e-13);
        // Exchange symmetry: Tr_2((1 (x) gamma)W) = Tr_1((gamma (x) 1)W) (paper §2.3).
        const ref::Mat Wr = ref::from_dense(W), gr = ref::from_dense(gamma);
        const ref::Mat M = ref::mul(ref::kron(gr, ref::eye(d)), Wr);
        ref::Mat tr1 = ref::zeros(d, d);
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t b = 0; b < d; ++b)
                for (std::size_t c = 0; c < d; ++c)
                    tr1[a][b] += M[c * d + a][c * d + b];
        CHECK(ref::max_abs_diff(tr1, expected) < 1e-13);
    }
}

TEST_CASE("X = -i[W - V (x) 1, log gamma (x) 1] is Hermitian and matches the reference at t = 0") {
    const OneBodyModel m = bose_hubbard_model({1, 2, 1.0, 1.0});
    const auto& row = reference_file()["cases"][0]["rows"][0];
    const DenseMatrix X = fluctuation_operator(m.W, reference_gamma(row));
    CHECK(hermiticity_error(X) < 1e-14);
    // The reference's gamma is given to ~1e-16; ||X|| depends smoothly on it.
    CHECK(hermitian_op_norm(X) == Approx(row["Xop"].as_number()).epsilon(1e-10));
}

TEST_CASE("X vanishes when gamma commutes with W - V (x) 1 (gamma = 1/d)") {
    const DenseMatrix W = random_two_body(3, 50);
    const DenseMatrix gamma = (1.0 / 3.0) * DenseMatrix::identity(3);
    CHECK(max_abs(fluctuation_operator(W, gamma)) < 1e-14);
}

TEST_CASE("Hartree energy = Tr(h gamma) + 1/2 Tr(W gamma (x) gamma)") {
    const DenseMatrix h = random_hermitian(3, 60), W = random_two_body(3, 61);
    const DenseMatrix gamma = random_density_matrix(3, 62);
    const ref::Mat g = ref::from_dense(gamma);
    const double expected = (ref::tr(ref::mul(ref::from_dense(h), g)) +
                             0.5 * ref::tr(ref::mul(ref::from_dense(W), ref::kron(g, g))))
                                .real();
    CHECK(hartree_energy(h, W, gamma) == Approx(expected).epsilon(1e-13));
}

TEST_CASE("Theorem 3's constant bound 4 ||W||_op / m_0") {
    const DenseMatrix W = DenseMatrix::diagonal({-2.0, 0.5, 0.5, 1.0});
    CHECK(fluctuation_constant_bound(W, 0.25) == Approx(32.0).epsilon(1e-14));
}
