#include "model/initial_state.hpp"

#include "support/dense_reference.hpp"
#include "support/reference_data.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace qrem;
using Catch::Matchers::Contains;

TEST_CASE("thermal gamma_0 = exp(-beta(h + tilt n))/Z against the Taylor exponential") {
    const DenseMatrix h = bose_hubbard_model({1, 3, 1.0, 1.0}).h;
    const double beta = 0.7, tilt = 0.4;
    const DenseMatrix gamma = thermal_state(h, beta, tilt);
    ref::Mat h0 = ref::from_dense(h);
    for (std::size_t k = 0; k < 3; ++k)
        h0[k][k] += tilt * static_cast<double>(k);
    ref::Mat expected = ref::expm(ref::scale(-beta, h0));
    expected = ref::scale(1.0 / ref::tr(expected), expected);
    // Both are accurate to a few ulps of O(1) entries.
    CHECK(ref::max_abs_diff(ref::from_dense(gamma), expected) < 1e-13);
    CHECK(std::abs(trace(gamma) - 1.0) < 1e-15);
    CHECK(hermiticity_error(gamma) == 0.0);
}

TEST_CASE("the reference gamma_0 and m_0 are reproduced") {
    const auto& rows = testing_support::reference_file()["cases"][0]["rows"];
    const DenseMatrix h = bose_hubbard_model({1, 2, 1.0, 1.0}).h;
    InitialStateSpec spec; // beta 1, tilt 0.3: the reference case
    spec.beta = 1.0;
    spec.tilt = 0.3;
    const DenseMatrix gamma = initial_one_body_state(spec, h);
    // The reference agrees with QuTiP to ~1e-9; our own construction to ~1e-15.
    CHECK(max_abs(gamma - testing_support::reference_gamma(rows[0])) < 1e-12);
    CHECK(smallest_eigenvalue(gamma) == Approx(rows[0]["m0"].as_number()).epsilon(1e-12));
}

TEST_CASE("gamma_0 from a file is read and accepted when faithful") {
    testing_support::TempDir dir;
    InitialStateSpec spec;
    spec.gamma_file = dir.write("g.txt", "0.75 (0,0.1)\n(0,-0.1) 0.25\n");
    const DenseMatrix g = initial_one_body_state(spec, DenseMatrix(2, 2));
    CHECK(g(0, 1) == Complex(0, 0.1));
    CHECK(smallest_eigenvalue(g) > 0.2);
}

TEST_CASE("Toeplitz gamma_0: Op^T of the Gaussian plus the uniform part, faithful, keys named") {
    const TorusPhaseSpace space(16, 0.05);
    InitialStateSpec spec;
    spec.type = "toeplitz";
    spec.toeplitz = {0.3, 0.2, 0.1, 0.4, 1e-4};
    const DenseMatrix gamma = initial_one_body_state(spec, DenseMatrix(16, 16), space);
    CHECK(trace(gamma).real() == Approx(1.0).epsilon(1e-13));
    // the uniform part is u 1/d (Op^T of the uniform cells), so m_0 >= u/d up to rounding
    CHECK(smallest_eigenvalue(gamma) >= 1e-4 / 16 * (1.0 - 1e-9));
    // its Husimi weights peak at the centre's cell (q = 0.3 is between grid points 4 and 5 of
    // 16; p = 0.2 is nearest to 2 pi hbar m for m = 1)
    const std::vector<double> h = husimi_weights(space, gamma);
    const auto peak = static_cast<std::size_t>(std::max_element(h.begin(), h.end()) - h.begin());
    CHECK((peak / 16 == 5 || peak / 16 == 4));
    CHECK(peak % 16 == 8 + 1);

    spec.toeplitz.width_p = 0.0;
    CHECK_THROWS_WITH(initial_one_body_state(spec, DenseMatrix(16, 16), space),
                      Contains("initial.toeplitz.width_p") && Contains("positive"));
    spec.toeplitz.width_p = 0.4;
    spec.toeplitz.uniform = 1.5;
    CHECK_THROWS_WITH(initial_one_body_state(spec, DenseMatrix(16, 16), space),
                      Contains("initial.toeplitz.uniform") && Contains("[0, 1]"));
    // without the uniform part a narrow Gaussian leaves momenta unoccupied: not faithful
    spec.toeplitz = {0.3, 0.0, 0.05, 0.05, 0.0};
    CHECK_THROWS_WITH(initial_one_body_state(spec, DenseMatrix(16, 16), space),
                      Contains("not faithful") && Contains("raise initial.toeplitz.uniform"));
    spec.toeplitz.uniform = 1e-6;
    CHECK_THROWS_WITH(initial_one_body_state(spec, DenseMatrix(16, 16)),
                      Contains("initial.type") && Contains("model.type = torus"));
    spec.gamma_file = "g.txt";
    CHECK_THROWS_WITH(initial_one_body_state(spec, DenseMatrix(16, 16), space),
                      Contains("initial.gamma_file") && Contains("toeplitz"));
}
