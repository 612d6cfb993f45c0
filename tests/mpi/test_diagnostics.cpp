// The diagnostics of Gamma_t against gamma_t^{(x)N} (relative entropies, marginals, entropy
// production, the paper's inequalities), at 1, 2 and 3 ranks, against the dense reference of
// tests/support/diagnostics_reference (gamma^{(x)N} and its logarithm formed literally).
#include "core/session.hpp"
#include "diagnostics/entropy_budget.hpp"
#include "diagnostics/marginals.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "diagnostics/spectrum.hpp"
#include "dynamics/hartree_solver.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"
#include "state/density_matrix.hpp"

#include "support/diagnostics_reference.hpp"
#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace qrem;
using namespace testing_support;

namespace {

/// Tolerances. The library and the reference compute the same numbers from the same gathered
/// state along different routes (LAPACK/ScaLAPACK vs Jacobi, index sums vs Kronecker
/// products): they agree to rounding, amplified by log of eigenvalues down to m_0^N ~ 1e-5.
constexpr double tight = 1e-10;

/// (1/N!) sum_pi P_pi rho P_pi^dag: the permutation-symmetric part of rho on (C^d)^{(x)N}.
DenseMatrix symmetrised(const DenseMatrix& rho, std::size_t d, int N) {
    const NBodySpace space(d, N);
    const auto D = static_cast<std::size_t>(space.D());
    std::vector<int> pi(static_cast<std::size_t>(N));
    std::iota(pi.begin(), pi.end(), 0);
    DenseMatrix sum(D, D);
    int count = 0;
    do {
        std::vector<std::size_t> image(D); // r with its legs permuted by pi
        for (std::size_t r = 0; r < D; ++r) {
            std::int64_t s = 0;
            for (int leg = 0; leg < N; ++leg)
                s += static_cast<std::int64_t>(space.digit(static_cast<std::int64_t>(r),
                                                           pi[static_cast<std::size_t>(leg)])) *
                     space.stride(leg);
            image[r] = static_cast<std::size_t>(s);
        }
        for (std::size_t r = 0; r < D; ++r)
            for (std::size_t s = 0; s < D; ++s)
                sum(image[r], image[s]) += rho(r, s);
        ++count;
    } while (std::next_permutation(pi.begin(), pi.end()));
    sum *= 1.0 / count;
    return sum;
}

/// Every quantity of compare_with_mean_field against the reference, on the gathered Gamma.
void check_against_reference(const DensityMatrix& Gamma, const DenseMatrix& gamma,
                             const DenseMatrix& W, int k_max) {
    const int N = Gamma.space().N();
    const std::size_t d = Gamma.space().d();
    const DenseMatrix X = fluctuation_operator(W, gamma);
    const SpectrumEntropy spectrum =
        von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack));
    const MeanFieldComparison c = compare_with_mean_field(Gamma, spectrum, gamma, X, k_max);

    const ref::Mat G = ref::from_dense(Gamma.gather());
    const ref::Mat g = ref::from_dense(gamma);
    CHECK(spectrum.entropy == Approx(ref::von_neumann_entropy(G)).margin(tight));
    CHECK(c.S_N.infinite_because.empty());
    CHECK(c.S_N.value == Approx(ref::relative_entropy(G, ref::product_state(g, N))).margin(tight));
    REQUIRE(c.marginals.size() == static_cast<std::size_t>(k_max));
    for (const auto& m : c.marginals) {
        const ref::Mat marginal = ref::keep_first_legs(G, m.k, d, N);
        const ref::Mat product = ref::product_state(g, m.k);
        CHECK(m.relative_entropy.value ==
              Approx(ref::relative_entropy(marginal, product)).margin(tight));
        CHECK(m.trace_distance ==
              Approx(ref::trace_norm(ref::add(marginal, ref::scale(-1.0, product)))).margin(tight));
    }
    const double P =
        ref::entropy_production(G, ref::fluctuation_operator(ref::from_dense(W), g), d, N);
    CHECK(c.production == Approx(P).margin(tight));

    const auto pairs = pair_marginals(Gamma);
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            CHECK(ref::max_abs_diff(ref::from_dense(pairs[pair_index(i, j, N)]),
                                    ref::marginal_on_legs(G, {i, j}, d, N)) < 1e-14);
    const auto legs = leg_marginals(pairs, N, d);
    double asymmetry = 0.0;
    for (int j = 0; j < N; ++j) {
        const ref::Mat leg = ref::marginal_on_legs(G, {j}, d, N);
        CHECK(ref::max_abs_diff(ref::from_dense(legs[static_cast<std::size_t>(j)]), leg) < 1e-14);
        asymmetry =
            std::max(asymmetry, ref::max_abs_diff(leg, ref::marginal_on_legs(G, {0}, d, N)));
    }
    CHECK(c.leg_asymmetry == Approx(asymmetry).margin(1e-14));
}

} // namespace

TEST_CASE("evolved Gamma_t and gamma_t: every diagnostic against the dense reference") {
    struct Case {
        const char* name;
        OneBodyModel model;
        int N;
    };
    const std::vector<Case> cases = {
        {"bose-hubbard dimer, closed, N = 5", make_model("bose-hubbard", 2, {}), 5},
        {"bose-hubbard dimer, dephasing, N = 4",
         make_model("bose-hubbard", 2, {"site-dephasing 0.4"}), 4},
        {"heisenberg qudit d = 3, closed, N = 3", make_model("qudit", 3, {}), 3},
        {"heisenberg qudit d = 3, damping, N = 4",
         make_model("qudit", 3, {"amplitude-damping 0.3"}), 4},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            const DenseMatrix gamma0 = thermal_state(c.model.h, 1.0, 0.3);
            DensityMatrix Gamma(Session::comm(), NBodySpace(c.model.d, c.N));
            // A state that is not a product, so S_N and the marginal distances are not ~0.
            assign(Gamma, symmetrised(
                              random_density_matrix(static_cast<std::size_t>(Gamma.space().D()), 7),
                              c.model.d, c.N));
            NBodySolver solver(Gamma, c.model, {});
            HartreeSolver hartree(c.model, gamma0, {});
            solver.advance_to(0.3);
            hartree.advance_to(0.3);
            check_against_reference(Gamma, hartree.gamma(), c.model.W, std::min(c.N, 3));
        }
    }
}

TEST_CASE("a state that is not permutation symmetric: every leg and pair on its own") {
    const std::size_t d = 3;
    const int N = 3;
    DensityMatrix Gamma(Session::comm(), NBodySpace(d, N));
    assign(Gamma, random_density_matrix(27, 11));
    const DenseMatrix gamma = random_density_matrix(d, 12);
    check_against_reference(Gamma, gamma, random_two_body(d, 13), 2);
    const auto legs = leg_marginals(pair_marginals(Gamma), N, d);
    CHECK(leg_asymmetry(legs) > 1e-3);
}

TEST_CASE("Pinsker (Lemma 5) and subadditivity (Lemma 6) on random symmetric states") {
    for (const auto& [d, N] : {std::pair<std::size_t, int>{2, 4}, {3, 3}, {2, 5}}) {
        for (unsigned seed = 1; seed <= 3; ++seed) {
            DensityMatrix Gamma(Session::comm(), NBodySpace(d, N));
            const auto D = static_cast<std::size_t>(Gamma.space().D());
            assign(Gamma, symmetrised(random_density_matrix(D, seed), d, N));
            const DenseMatrix gamma = random_density_matrix(d, 100 + seed);
            const DenseMatrix W = random_two_body(d, 200 + seed);
            const MeanFieldComparison c = compare_with_mean_field(
                Gamma, von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack)), gamma,
                fluctuation_operator(W, gamma), N);
            INFO("d = " << d << ", N = " << N << ", seed " << seed);
            CHECK(c.leg_asymmetry < 1e-14);
            for (const auto& m : c.marginals) {
                CHECK(m.trace_distance <= std::sqrt(2 * m.relative_entropy.value));
                CHECK(m.relative_entropy.value <= m.k * c.S_N.value / N + 1e-12);
            }
            // k = N: Gamma^{N:N} = Gamma, so Lemma 6 holds with equality.
            CHECK(c.marginals.back().relative_entropy.value == Approx(c.S_N.value).epsilon(1e-10));
            // The budget records the same inequalities as checks: none violated.
            EntropyBudget budget(N, 1.0, true, true, {});
            budget.record(0.0, c, 0.0, 0.0);
            CHECK(budget.checks().violations() == 0);
            CHECK(budget.checks().entries().count("subadditivity_k2") == 1);
        }
    }
}

TEST_CASE(
    "a gamma that is not faithful gives S = +inf with the reason, unless Gamma avoids its kernel") {
    const std::size_t d = 2;
    const int N = 3;
    DenseMatrix pure(d, d);
    pure(0, 0) = 1.0;
    const DenseMatrix no_X(d * d, d * d);
    DensityMatrix Gamma(Session::comm(), NBodySpace(d, N));
    assign(Gamma, random_density_matrix(8, 21));
    const auto spectrum = von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack));
    const MeanFieldComparison c = compare_with_mean_field(Gamma, spectrum, pure, no_X, 2);
    CHECK(std::isinf(c.S_N.value));
    CHECK(c.S_N.value > 0);
    CHECK(c.S_N.infinite_because.find("not faithful") != std::string::npos);
    CHECK(std::isinf(c.marginals[0].relative_entropy.value));
    CHECK(std::isnan(c.production));

    // Gamma = |0><0|^{(x)N} lives inside the support of gamma^{(x)N}: S = 0.
    fill_product_state(Gamma, pure);
    const auto pure_spectrum = von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack));
    const MeanFieldComparison p = compare_with_mean_field(Gamma, pure_spectrum, pure, no_X, 2);
    CHECK(p.S_N.infinite_because.empty());
    CHECK(p.S_N.value == Approx(0.0).margin(1e-12));
}

TEST_CASE("closed system: S(t_1) - S(t_0) equals the integral of P (Proposition 3.1)") {
    const OneBodyModel m = make_model("bose-hubbard", 2, {});
    const int N = 4;
    const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
    DensityMatrix Gamma(Session::comm(), NBodySpace(m.d, N));
    assign(Gamma, symmetrised(random_density_matrix(16, 31), m.d, N));
    NBodySolver solver(Gamma, m, {1e-12, 1e-14});
    HartreeSolver hartree(m, gamma0, {});
    // S_vN is conserved: one spectrum serves every time.
    const SpectrumEntropy spectrum =
        von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack));
    const auto S_at = [&] {
        return compare_with_mean_field(Gamma, spectrum, hartree.gamma(),
                                       fluctuation_operator(m.W, hartree.gamma()), 1)
            .S_N.value;
    };
    const double S0 = S_at();
    const int q = 40;
    const double t1 = 0.8, h = t1 / q;
    std::vector<double> P;
    for (int j = 0; j <= q; ++j) {
        solver.advance_to(j * h);
        hartree.advance_to(j * h);
        P.push_back(entropy_production(Gamma, fluctuation_operator(m.W, hartree.gamma())));
    }
    const double change = S_at() - S0;
    INFO("S(t1) - S(0) = " << change << ", int P = " << simpson(P, h));
    // Simpson's error h^4/180 max|P''''| t1 ~ 1e-10 here; the integrators' tolerance ~1e-11.
    CHECK(std::abs(change) > 1e-4); // the identity is not trivially 0 = 0
    CHECK(change == Approx(simpson(P, h)).margin(1e-8));
    CHECK(von_neumann_entropy(eigenvalues(Gamma, SpectrumMethod::scalapack)).entropy ==
          Approx(spectrum.entropy).margin(1e-9));
}
