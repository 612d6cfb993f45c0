#include "diagnostics/entropy_budget.hpp"

#include "core/error.hpp"
#include "diagnostics/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {

double simpson(const std::vector<double>& values, double h) {
    const std::size_t q = values.size() - 1;
    if (values.size() < 3 || q % 2 != 0)
        throw Error("simpson: need an even number of intervals, got " + std::to_string(q));
    double sum = values.front() + values.back();
    for (std::size_t j = 1; j < q; ++j)
        sum += (j % 2 == 1 ? 4.0 : 2.0) * values[j];
    return sum * h / 3.0;
}

double simpson_error(const std::vector<double>& values, double h) {
    const std::size_t q = values.size() - 1;
    if (q % 4 != 0)
        throw Error("simpson_error: need a multiple of 4 intervals, got " + std::to_string(q));
    std::vector<double> coarse;
    for (std::size_t j = 0; j <= q; j += 2)
        coarse.push_back(values[j]);
    return std::abs(simpson(values, h) - simpson(coarse, 2 * h)) / 15.0;
}

EntropyBudget::EntropyBudget(int N, double C_W, bool closed, bool theorems_apply,
                             CheckTolerances tolerances)
    : N_(N), C_W_(C_W), closed_(closed), theorems_apply_(theorems_apply), tolerances_(tolerances) {}

BoundsAtTime EntropyBudget::record(double t, const MeanFieldComparison& comparison,
                                   double X_op_increment, double production_increment,
                                   double production_error) {
    const double S = comparison.S_N.value;
    BoundsAtTime b;
    b.production_residual = std::numeric_limits<double>::quiet_NaN(); // none at the first time
    b.production_quadrature_error = std::numeric_limits<double>::quiet_NaN();
    int violations = 0;
    const auto check = [&](const std::string& name, double excess, double tolerance) {
        violations += checks_.record(name, t, excess, tolerance) ? 1 : 0;
    };

    if (!started_) {
        started_ = true;
        S0_ = S;
    } else {
        X_op_integral_ += X_op_increment;
        production_integral_ += production_increment;
        b.production_residual = (S - previous_S_) - production_increment;
        b.production_quadrature_error = production_error;
        // Proposition 3.1: dS/dt = P (closed); Proposition 9.1: dS/dt <= P (Lindblad). The
        // quadrature's own error estimate widens the tolerance: it is not the identity's.
        const double tolerance = tolerances_.production + production_error;
        if (closed_)
            check("production_identity", std::abs(b.production_residual), tolerance);
        else
            check("production_inequality", b.production_residual, tolerance);
    }
    previous_S_ = S;
    b.X_op_integral = X_op_integral_;
    b.production_integral = production_integral_;

    b.ln_bound_theorem3 = theorem3_log_bound(S0_, C_W_, t);
    b.bound_theorem3 = std::exp(b.ln_bound_theorem3);
    b.bound_aposteriori = aposteriori_bound(S0_, X_op_integral_);
    const double best = std::min(b.bound_theorem3, b.bound_aposteriori);
    // Lemma 6, and Corollary 1 through it, hold for permutation-symmetric Gamma only; equal
    // one- and two-body marginals on all legs and pairs are what can be checked of that.
    const bool symmetric = comparison.symmetry_defect <= tolerances_.inequality;
    for (const auto& m : comparison.marginals) {
        b.corollary1.push_back(corollary1_bound(m.k, N_, best));
        const std::string k = std::to_string(m.k);
        const double S_k = m.relative_entropy.value, tr2 = m.trace_distance * m.trace_distance;
        // Squared: near S = 0 a square root would turn S's rounding (~1e-15) into ~1e-8.
        // Lemma 5 (Pinsker): ||rho - sigma||_1^2 <= 2 S(rho, sigma).
        check("pinsker_k" + k, tr2 - 2.0 * S_k, tolerances_.inequality);
        if (symmetric)
            check("subadditivity_k" + k, S_k - m.k * S / N_, tolerances_.inequality);
        if (symmetric && theorems_apply_)
            check("corollary1_k" + k, tr2 - 2.0 * m.k * best / N_, tolerances_.inequality);
    }
    if (theorems_apply_)
        check("theorem3", S - b.bound_theorem3, tolerances_.inequality);
    // The a posteriori form needs only a faithful gamma_t, not normal jump operators.
    check("aposteriori", S - b.bound_aposteriori, tolerances_.inequality);
    b.violations = violations;
    return b;
}

EntropyBudget::State EntropyBudget::state() const {
    return {started_, S0_, previous_S_, X_op_integral_, production_integral_, checks_.entries()};
}

void EntropyBudget::restore(const State& state) {
    started_ = state.started;
    S0_ = state.S0;
    previous_S_ = state.previous_S;
    X_op_integral_ = state.X_op_integral;
    production_integral_ = state.production_integral;
    for (const auto& [name, entry] : state.checks)
        checks_.restore(name, entry);
}

} // namespace qrem
