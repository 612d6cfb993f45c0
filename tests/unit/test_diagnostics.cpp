// Serial building blocks of the diagnostics: entropies of spectra, logarithms of states that may
// not be faithful, the bounds' formulas, Simpson's rule, the check ledger, pair bookkeeping.
#include "diagnostics/bounds.hpp"
#include "diagnostics/checks.hpp"
#include "diagnostics/entropy.hpp"
#include "diagnostics/entropy_budget.hpp"
#include "diagnostics/marginals.hpp"
#include "diagnostics/mean_field_comparison.hpp"

#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

using namespace qrem;
using namespace testing_support;

TEST_CASE("S_vN of a spectrum: 0 log 0 = 0, negative eigenvalues counted beyond -1e-12") {
    const std::vector<double> values{-1e-13, 0.0, 0.25, 0.75, -2e-12};
    const SpectrumEntropy s = von_neumann_entropy(values);
    CHECK(s.entropy == Approx(-0.25 * std::log(0.25) - 0.75 * std::log(0.75)).epsilon(1e-15));
    CHECK(s.negative_count == 1);
    CHECK(s.min_eigenvalue == -2e-12);
    CHECK(von_neumann_entropy(std::vector<double>{1.0}).entropy == 0.0);
}

TEST_CASE("state_logarithm: log on the support, projector on the kernel") {
    const DenseMatrix rho = random_density_matrix(3, 5);
    const StateLogarithm faithful = state_logarithm(rho);
    CHECK(faithful.faithful);
    CHECK(max_abs(faithful.kernel_projector) == 0.0);
    CHECK(max_abs(faithful.log_on_support -
                  hermitian_function(rho, [](double x) { return std::log(x); })) < 1e-14);

    DenseMatrix singular(2, 2); // |+><+|: kernel |->
    singular(0, 0) = singular(0, 1) = singular(1, 0) = singular(1, 1) = 0.5;
    const StateLogarithm l = state_logarithm(singular);
    CHECK_FALSE(l.faithful);
    CHECK(std::abs(l.kernel_projector(0, 0) - 0.5) < 1e-15);
    CHECK(std::abs(l.kernel_projector(0, 1) + 0.5) < 1e-15);
    CHECK(max_abs(l.log_on_support) < 1e-15); // log 1 = 0 on the support
}

TEST_CASE("relative_entropy_to_product: S(rho, sigma^(x)k) from S_vN and the legs") {
    const DenseMatrix sigma = random_density_matrix(2, 1), a = random_density_matrix(2, 2),
                      b = random_density_matrix(2, 3);
    // rho = a (x) b: S(rho, sigma (x) sigma) = S(a, sigma) + S(b, sigma).
    const auto S = [&](const DenseMatrix& x) {
        const DenseMatrix log_x = hermitian_function(x, [](double v) { return std::log(v); });
        const DenseMatrix log_s = hermitian_function(sigma, [](double v) { return std::log(v); });
        return trace(x * (log_x - log_s)).real();
    };
    const double entropy = von_neumann_entropy(hermitian_eigenvalues(kron(a, b))).entropy;
    const std::vector<DenseMatrix> legs{a, b};
    const RelativeEntropy r = relative_entropy_to_product(entropy, legs, state_logarithm(sigma));
    CHECK(r.infinite_because.empty());
    CHECK(r.value == Approx(S(a) + S(b)).epsilon(1e-12));

    DenseMatrix pure(2, 2);
    pure(0, 0) = 1.0;
    const RelativeEntropy inf = relative_entropy_to_product(entropy, legs, state_logarithm(pure));
    CHECK(std::isinf(inf.value));
    CHECK(inf.infinite_because.find("leg 1") != std::string::npos);
}

TEST_CASE("the bounds' formulas") {
    const double ln2 = std::numbers::ln2;
    CHECK(theorem3_log_bound(0.5, 2.0, 0.25) == Approx(16.0 + std::log(0.5 + ln2)));
    CHECK(aposteriori_bound(0.0, 0.0) == Approx(0.0).margin(1e-16)); // S_0 = 0 at t = 0
    CHECK(aposteriori_bound(0.1, 0.01) == Approx((0.1 + ln2) * std::exp(0.32) - ln2));
    CHECK(corollary1_bound(2, 8, 0.5) == Approx(0.5));
    CHECK(corollary1_bound(1, 4, -1e-17) == 0.0); // a rounding-negative bound is zero
    CHECK(std::isinf(aposteriori_bound(INFINITY, 0.0)));
}

TEST_CASE("Simpson's rule is exact for cubics and wants an even number of intervals") {
    const auto f = [](double t) { return 2 * t * t * t - t + 1; };
    const double h = 0.3;
    std::vector<double> values;
    for (int j = 0; j <= 4; ++j)
        values.push_back(f(j * h));
    const double T = 4 * h;
    CHECK(simpson(values, h) == Approx(0.5 * T * T * T * T - 0.5 * T * T + T).epsilon(1e-14));
    values.pop_back();
    CHECK_THROWS(simpson(values, h));
}

TEST_CASE("CheckLedger keeps the largest excess, counts violations, skips NaN") {
    CheckLedger ledger;
    CHECK_FALSE(ledger.record("pinsker_k1", 0.0, -1.0, 1e-8));
    CHECK(ledger.record("pinsker_k1", 0.5, 1e-6, 1e-8));
    CHECK_FALSE(ledger.record("pinsker_k1", 1.0, 1e-9, 1e-8));
    CHECK_FALSE(ledger.record("subadditivity_k1", 1.0, NAN, 1e-8));
    const auto& e = ledger.entries().at("pinsker_k1");
    CHECK(e.max_excess == 1e-6);
    CHECK(e.at_t == 0.5);
    CHECK(e.evaluations == 3);
    CHECK(e.violations == 1);
    CHECK(ledger.entries().count("subadditivity_k1") == 0);
    CHECK(ledger.violations() == 1);
}

TEST_CASE("pairs: index, swap and partial traces") {
    const int N = 5;
    std::size_t expected = 0;
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            CHECK(pair_index(i, j, N) == expected++);
    CHECK_THROWS(pair_index(2, 2, N));

    const std::size_t d = 3;
    const DenseMatrix a = random_density_matrix(d, 1), b = random_density_matrix(d, 2);
    CHECK(max_abs(swap_legs(kron(a, b), d) - kron(b, a)) < 1e-15);
    CHECK(max_abs(trace_out_second(kron(a, b), d) - a) < 1e-15);
    CHECK(max_abs(trace_out_first(kron(a, b), d) - b) < 1e-15);
}

TEST_CASE("Simpson's error estimate: zero for cubics, Richardson's (S_h - S_2h)/15 otherwise") {
    std::vector<double> cubic, quartic;
    const double h = 0.25;
    for (int j = 0; j <= 8; ++j) {
        const double t = j * h;
        cubic.push_back(t * t * t - 2 * t);
        quartic.push_back(t * t * t * t);
    }
    CHECK(simpson_error(cubic, h) < 1e-14);
    // int_0^2 t^4 = 6.4; the estimate is within a factor ~1 of the true error here.
    const double error = std::abs(simpson(quartic, h) - 6.4);
    CHECK(simpson_error(quartic, h) == Approx(error).epsilon(0.1));
    quartic.pop_back();
    quartic.pop_back();
    CHECK_THROWS(simpson_error(quartic, h));
}

namespace {

MeanFieldComparison comparison(double S, double S_1, double tr1, double symmetry_defect = 0.0) {
    MeanFieldComparison c;
    c.S_N.value = S;
    c.marginals.push_back({1, DenseMatrix(), tr1, {S_1, ""}});
    c.symmetry_defect = c.leg_asymmetry = symmetry_defect;
    return c;
}

} // namespace

TEST_CASE("EntropyBudget over several output times: integrals, residuals, bounds, gating") {
    const double ln2 = std::numbers::ln2;
    const int N = 4;
    EntropyBudget closed(N, 1.0, true, true, {1e-10, 1e-6});
    auto b = closed.record(0.0, comparison(0.1, 0.01, 0.1), 0.0, 0.0);
    CHECK(std::isnan(b.production_residual));
    CHECK(b.bound_aposteriori == Approx(0.1));
    CHECK(b.violations == 0);
    // S grows by exactly the integral of P: no violation; the integrals accumulate.
    b = closed.record(1.0, comparison(0.3, 0.02, 0.1), 0.1, 0.2);
    CHECK(b.production_residual == Approx(0.0).margin(1e-15));
    CHECK(b.production_integral == Approx(0.2));
    CHECK(b.X_op_integral == Approx(0.1));
    CHECK(b.bound_aposteriori == Approx((0.1 + ln2) * std::exp(3.2) - ln2));
    CHECK(b.ln_bound_theorem3 == Approx(32.0 + std::log(0.1 + ln2)));
    CHECK(b.corollary1.at(0) == Approx(std::sqrt(2.0 * b.bound_aposteriori / N)));
    CHECK(b.violations == 0);
    // A residual of 0.1 violates the identity, unless the quadrature error covers it.
    b = closed.record(2.0, comparison(0.5, 0.02, 0.1), 0.0, 0.1);
    CHECK(b.production_residual == Approx(0.1));
    CHECK(b.violations == 1);
    b = closed.record(3.0, comparison(0.7, 0.02, 0.1), 0.0, 0.1, 0.2);
    CHECK(b.violations == 0);
    CHECK(closed.checks().entries().at("production_identity").violations == 1);
    CHECK(closed.checks().entries().at("production_identity").at_t == 2.0);

    // Pinsker squared: tr1 = 0.3 needs S_1 >= 0.045; subadditivity: S_1 <= S/4.
    b = closed.record(4.0, comparison(0.7, 0.04, 0.3), 0.0, 0.0);
    CHECK(closed.checks().entries().at("pinsker_k1").violations == 1);
    CHECK(b.violations == 1); // Pinsker only (S did not change, nor did int P)

    // Open systems: dS/dt <= P, so a negative residual is fine, a positive one is not.
    EntropyBudget open(N, 1.0, false, false, {1e-10, 1e-6});
    open.record(0.0, comparison(0.1, 0.01, 0.1), 0.0, 0.0);
    CHECK(open.record(1.0, comparison(0.15, 0.01, 0.1), 0.1, 0.2).violations == 0);
    CHECK(open.record(2.0, comparison(0.5, 0.01, 0.1), 0.0, 0.1).violations == 1);
    // Non-normal L: Theorem 3 and Corollary 1 are not checked; the a posteriori bound is.
    CHECK(open.checks().entries().count("theorem3") == 0);
    CHECK(open.checks().entries().count("corollary1_k1") == 0);
    CHECK(open.checks().entries().count("aposteriori") == 1);

    // A Gamma that is not symmetric: no subadditivity or Corollary 1 checks.
    EntropyBudget asymmetric(N, 1.0, true, true, {1e-10, 1e-6});
    asymmetric.record(0.0, comparison(0.1, 0.5, 0.1, 1e-3), 0.0, 0.0);
    CHECK(asymmetric.checks().entries().count("subadditivity_k1") == 0);
    CHECK(asymmetric.checks().entries().count("corollary1_k1") == 0);
    CHECK(asymmetric.checks().violations() == 0);

    // The state round-trips (checkpoints).
    EntropyBudget copy(N, 1.0, true, true, {1e-10, 1e-6});
    copy.restore(closed.state());
    CHECK(copy.S0() == closed.S0());
    CHECK(copy.checks().violations() == closed.checks().violations());
    const auto next = copy.record(5.0, comparison(0.7, 0.02, 0.1), 0.0, 0.0);
    CHECK(next.production_integral == Approx(0.4));
}
