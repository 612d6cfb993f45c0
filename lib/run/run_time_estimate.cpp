#include "run/run_time_estimate.hpp"

#include "run/nbody_diagnostics.hpp"

#include "core/session.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "dynamics/hartree_solver.hpp"
#include "linalg/dense_matrix.hpp"
#include "model/initial_state.hpp"

#include <mpi.h>

#include <cmath>

namespace qrem {

long steps_to_reach(double step, double from, const std::vector<double>& times) {
    if (!(step > 0.0))
        return 0;
    long steps = 0;
    double start = from;
    for (const double t : times) {
        if (t <= start)
            continue;
        // (1e-9: an interval that is a whole number of steps up to rounding takes that number)
        steps += static_cast<long>(std::ceil((t - start) / step - 1e-9));
        start = t;
    }
    return steps;
}

RunTimeEstimate estimate_run_time(const Study& run_study, double budget_seconds) {
    Study study = run_study;
    study.config.output.quiet = true; // no progress lines from the trial
    if (!study.backend)
        study.backend = choose_study_backend(study.config, study.model.d);
    if (study.backend->name == "dense" && !study.space)
        study.space.emplace(study.model.d, study.config.model.N);
    MPI_Comm comm = Session::comm();
    const auto times = study.config.time.output_times();
    RunTimeEstimate estimate;
    estimate.output_times = times.size();

    PhaseTimers timers;
    NBodyRun nbody(study, timers);
    NBodyDiagnostics diagnostics(study, smallest_eigenvalue(study.gamma0));
    HartreeSolver hartree(study.model, study.gamma0, study.config.hartree,
                          study.config.hartree_limits);

    MPI_Barrier(comm);
    double start = MPI_Wtime();
    diagnostics.measure(times.front(), nbody, hartree.sample(), timers);
    MPI_Barrier(comm);
    estimate.measure_seconds = MPI_Wtime() - start;
    if (times.size() < 2) {
        estimate.total_seconds = estimate.measure_seconds;
        return estimate;
    }

    start = MPI_Wtime();
    const long steps0 = nbody.evolution().steps();
    // Every rank stops after the same step: rank 0's clock decides.
    nbody.evolution().set_stop_request([&] {
        const double elapsed = MPI_Wtime() - start;
        const long steps = nbody.evolution().steps() - steps0;
        if (steps == 1)
            estimate.first_step_seconds = elapsed;
        int stop = steps >= trial_min_steps && elapsed > budget_seconds ? 1 : 0;
        MPI_Bcast(&stop, 1, MPI_INT, 0, comm);
        return stop != 0;
    });
    const bool reached = diagnostics.advance(nbody, hartree, times[0], times[1], timers);
    MPI_Barrier(comm);
    estimate.trial_seconds = MPI_Wtime() - start;
    estimate.trial_reached = nbody.evolution().time();
    estimate.trial_steps = nbody.evolution().steps() - steps0;
    estimate.step_reached = nbody.evolution().position().dt;
    // The first output time also builds what later ones reuse (marginal operators, the
    // spectrum's layout): a second one, where the trial got there, is the typical one.
    double later_measure = estimate.measure_seconds;
    if (reached) {
        start = MPI_Wtime();
        diagnostics.measure(times[1], nbody, hartree.sample(), timers);
        MPI_Barrier(comm);
        later_measure = estimate.later_measure_seconds = MPI_Wtime() - start;
    }
    // The first step starts from a guess of the step size and pays one-off costs (the first
    // touch of the integrator's vectors): the steps after it set the pace. The step size they
    // reached is taken to hold to t_end, as it does where stability bounds it (the Hamiltonian's
    // spread grows with N); where accuracy bounds it, it may still grow and the estimate errs
    // high.
    if (estimate.trial_steps > 0) {
        estimate.seconds_per_step = estimate.trial_steps > 1
                                        ? (estimate.trial_seconds - estimate.first_step_seconds) /
                                              static_cast<double>(estimate.trial_steps - 1)
                                        : estimate.trial_seconds;
        estimate.remaining_steps =
            steps_to_reach(estimate.step_reached, estimate.trial_reached, times);
    }
    estimate.total_seconds =
        estimate.measure_seconds + static_cast<double>(times.size() - 1) * later_measure +
        estimate.trial_seconds +
        estimate.seconds_per_step * static_cast<double>(estimate.remaining_steps);
    return estimate;
}

} // namespace qrem
