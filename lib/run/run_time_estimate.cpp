#include "run/run_time_estimate.hpp"

#include "run/nbody_diagnostics.hpp"

#include "core/session.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "dynamics/hartree_solver.hpp"
#include "linalg/dense_matrix.hpp"
#include "model/initial_state.hpp"

#include <mpi.h>

namespace qrem {

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
    // Every rank stops after the same step: rank 0's clock decides.
    nbody.evolution().set_stop_request([&] {
        int stop = MPI_Wtime() - start > budget_seconds ? 1 : 0;
        MPI_Bcast(&stop, 1, MPI_INT, 0, comm);
        return stop != 0;
    });
    const long steps0 = nbody.evolution().steps();
    const bool reached = diagnostics.advance(nbody, hartree, times[0], times[1], timers);
    MPI_Barrier(comm);
    estimate.trial_seconds = MPI_Wtime() - start;
    estimate.trial_reached = nbody.evolution().time();
    estimate.trial_steps = nbody.evolution().steps() - steps0;
    // The first output time also builds what later ones reuse (marginal operators, the
    // spectrum's layout): a second one, where the trial got there, is the typical one.
    double later_measure = estimate.measure_seconds;
    if (reached) {
        start = MPI_Wtime();
        diagnostics.measure(times[1], nbody, hartree.sample(), timers);
        MPI_Barrier(comm);
        later_measure = estimate.later_measure_seconds = MPI_Wtime() - start;
    }
    const double t_end = times.back();
    estimate.total_seconds =
        estimate.measure_seconds + static_cast<double>(times.size() - 1) * later_measure +
        (estimate.trial_reached > 0 ? estimate.trial_seconds * t_end / estimate.trial_reached
                                    : 0.0);
    return estimate;
}

} // namespace qrem
