#pragma once
// run: `qrem info`'s estimate of a run's wall time, from a short trial on the spot: the first
// output time's diagnostics, timed, and the N-body and Hartree integration from t = 0 for at
// most a few seconds, timed; scaled by the output times and by t_end.
#include "run/study.hpp"

#include <string>

namespace qrem {

struct RunTimeEstimate {
    double measure_seconds = 0.0;       ///< the diagnostics of the first output time
    double later_measure_seconds = 0.0; ///< of the second, if the trial reached it (else 0)
    double trial_seconds = 0.0;   ///< the trial integration's wall time
    double trial_reached = 0.0;   ///< the simulated time it reached
    long trial_steps = 0;         ///< N-body steps it took
    std::size_t output_times = 0;
    double total_seconds = 0.0;
};

/// Runs the trial (collective; allocates what the run would: call it only where the run fits).
/// The integration stops after `budget_seconds` of wall time (rank 0's clock), at the end of
/// a step, or at the first output time.
RunTimeEstimate estimate_run_time(const Study& study, double budget_seconds);

} // namespace qrem
