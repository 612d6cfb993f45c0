#pragma once
// run: `qrem info`'s estimate of a run's wall time, from a short trial on the spot: the first
// output time's diagnostics, timed, and the N-body and Hartree integration from t = 0 for a few
// steps, timed; the rest of the integration at the step size the trial reached.
#include "run/study.hpp"

#include <string>
#include <vector>

namespace qrem {

struct RunTimeEstimate {
    double measure_seconds = 0.0;       ///< the diagnostics of the first output time
    double later_measure_seconds = 0.0; ///< of the second, if the trial reached it (else 0)
    double trial_seconds = 0.0;         ///< the trial integration's wall time
    double first_step_seconds = 0.0;    ///< of it, the first step (with one-off costs)
    double trial_reached = 0.0;         ///< the simulated time it reached
    long trial_steps = 0;               ///< N-body steps it took
    double step_reached = 0.0;          ///< the integrator's next step size at the trial's end
    long remaining_steps = 0;           ///< to t_end at that step size (steps_to_reach)
    double seconds_per_step = 0.0;      ///< the trial's steps after the first, on average
    std::size_t output_times = 0;
    double total_seconds = 0.0;
};

/// The trial integrates at least this many steps (the first one starts from a guess of the step
/// size, much shorter than the ones after it), then stops once its time budget is spent.
inline constexpr long trial_min_steps = 3;

/// Steps of length `step` from `from` to the last of the increasing `times`, each output
/// interval ending in a step cut short to land on its output time.
long steps_to_reach(double step, double from, const std::vector<double>& times);

/// Runs the trial (collective; allocates what the run would: call it only where the run fits).
/// The integration stops after trial_min_steps steps and `budget_seconds` of wall time (rank
/// 0's clock), at the end of a step, or at the first output time after t = 0.
RunTimeEstimate estimate_run_time(const Study& study, double budget_seconds);

} // namespace qrem
