#pragma once
// diagnostics: the bookkeeping along a run that turns each output time's comparison into the
// paper's bounds and checks: int_0^t ||X|| (a posteriori bound), int P dt (production
// identity), Theorem 3, Corollary 1, Pinsker (Lemma 5) and subadditivity (Lemma 6).
#include "diagnostics/checks.hpp"
#include "diagnostics/diagnostics_settings.hpp"
#include "diagnostics/mean_field_comparison.hpp"

#include <map>
#include <string>
#include <vector>

namespace qrem {

/// The bounds at one output time.
struct BoundsAtTime {
    double X_op_integral = 0.0;       ///< int_0^t ||X(s)||_op ds
    double production_integral = 0.0; ///< int_0^t P(s) ds
    /// S(t_n) - S(t_{n-1}) - int_{t_{n-1}}^{t_n} P: zero (closed) or <= 0 (open); NaN at the
    /// first output time.
    double production_residual = 0.0;
    /// Richardson's estimate of the Simpson error of that interval's int P (widens the
    /// production check's tolerance); NaN at the first output time.
    double production_quadrature_error = 0.0;
    double ln_bound_theorem3 = 0.0;
    double bound_theorem3 = 0.0; ///< may overflow to +inf; ln_bound_theorem3 stays finite
    double bound_aposteriori = 0.0;
    std::vector<double> corollary1; ///< k = 1..k_max, from the smaller of the two bounds
    int violations = 0;             ///< checks violated at this time
};

class EntropyBudget {
public:
    /// `theorems_apply`: Theorem 3's hypotheses hold (every L normal); otherwise its bounds are
    /// still reported but not checked. `closed`: the production identity is an equality.
    EntropyBudget(int N, double C_W, bool closed, bool theorems_apply, CheckTolerances tolerances);

    /// Called at each output time in order; the increments are the integrals of ||X||_op and P
    /// over the interval since the previous output time, `production_error` an estimate of the
    /// latter's quadrature error (all ignored at the first call, which fixes S_0).
    BoundsAtTime record(double t, const MeanFieldComparison& comparison, double X_op_increment,
                        double production_increment, double production_error = 0.0);

    /// An extra invariant check (e.g. S_vN conservation), counted with the others.
    bool record_check(const std::string& name, double t, double excess, double tolerance) {
        return checks_.record(name, t, excess, tolerance);
    }
    const CheckLedger& checks() const { return checks_; }
    double S0() const { return S0_; }

    /// The running sums, S_0, the last S and the ledger (for checkpoints), and putting them
    /// back.
    struct State {
        bool started = false;
        double S0 = 0.0, previous_S = 0.0;
        double X_op_integral = 0.0, production_integral = 0.0;
        std::map<std::string, CheckLedger::Entry> checks;
    };
    State state() const;
    void restore(const State& state);

private:
    int N_;
    double C_W_;
    bool closed_, theorems_apply_;
    CheckTolerances tolerances_;
    bool started_ = false;
    double S0_ = 0.0, previous_S_ = 0.0;
    double X_op_integral_ = 0.0, production_integral_ = 0.0;
    CheckLedger checks_;
};

/// Composite Simpson rule on equally spaced values f_0..f_q (q even) with spacing h.
double simpson(const std::vector<double>& values, double h);

/// Richardson's estimate |S_h - S_2h| / 15 of the composite Simpson rule's error (q a multiple
/// of 4: S_2h uses every other value).
double simpson_error(const std::vector<double>& values, double h);

} // namespace qrem
