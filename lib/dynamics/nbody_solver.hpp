#pragma once
// dynamics: PETSc TS integration of the N-body Lindblad (or von Neumann) equation for the
// distributed Gamma. Default: adaptive Dormand-Prince 5(4) (TSRK 5dp) with rtol = 1e-10,
// atol = 1e-12; every -ts_* option of PETSc overrides it (no options prefix).
#include "dynamics/lindblad_rhs.hpp"
#include "dynamics/rk_integrator.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <vector>

namespace qrem {

struct NBodyTolerances {
    double rtol = 1e-10;
    double atol = 1e-12;
};

class NBodySolver {
public:
    /// Evolves `Gamma` in place; `Gamma` and `model` must outlive the solver. `limits` apply
    /// per advance_to call (nbody.min_step_ratio, nbody.max_steps_per_output).
    NBodySolver(DensityMatrix& Gamma, const OneBodyModel& model, NBodyTolerances tol,
                StepLimits limits = {});

    /// Integrates to exactly `t` (>= time()). Returns false if the stop request (below) ended
    /// it early, at the end of a step (time() tells where).
    bool advance_to(double t);

    /// Called with Gamma at an intermediate time (collective on every rank).
    using NodeObserver = std::function<void(double t, const DensityMatrix& Gamma_t)>;
    /// Integrates to exactly `t`, calling `observer` at each of `nodes` (increasing, inside
    /// (time(), t)) with Gamma from the integrator's dense output: the steps stay those of a
    /// plain advance_to(t), so sampling costs no right-hand sides. Keeps one extra Gamma-sized
    /// block. Throws if the TS scheme has no interpolant (PETSc's rk schemes have one).
    bool advance_to(double t, const std::vector<double>& nodes, const NodeObserver& observer);

    /// Asked after every step (on every rank; it must return the same on all, e.g. through an
    /// MPI_Allreduce): true stops the integration there, and advance_to returns false.
    void set_stop_request(std::function<bool()> should_stop) {
        should_stop_ = std::move(should_stop);
    }

    /// The integrator's position (time, steps, next step size) and the RHS count, and setting
    /// them after Gamma was restored from a checkpoint.
    StepperPosition position() const { return stepper_position(ts_); }
    void restore(const StepperPosition& position, long rhs_evaluations);
    double time() const { return t_; }
    long steps() const;
    long rhs_evaluations() const { return rhs_.evaluations(); }
    /// Between output times, print a progress line on rank 0 (simulated time, steps, wall time,
    /// ETA to t_end) at most every `seconds` of wall time; 0 turns it off.
    void report_progress_every(double seconds, double t_end);

private:
    static PetscErrorCode rhs(TS ts, PetscReal t, Vec u, Vec f, void* context);
    static PetscErrorCode monitor(TS ts, PetscInt step, PetscReal t, Vec u, void* context);

    /// Calls the observer for the nodes inside the step that ended at t.
    void observe_nodes(TS ts, double t);

    DensityMatrix& Gamma_;
    LindbladRHS rhs_;
    RkIntegrator ts_;
    double t_ = 0.0;
    double progress_interval_ = 0.0;
    double start_wall_ = 0.0, last_report_ = 0.0, start_t_ = 0.0, t_end_ = 0.0;
    const std::vector<double>* nodes_ = nullptr;
    const NodeObserver* observer_ = nullptr;
    std::size_t next_node_ = 0;
    std::unique_ptr<DensityMatrix> interpolated_; ///< Gamma at a node, allocated on first use
    std::exception_ptr observer_error_;
    std::function<bool()> should_stop_;
};

/// Gamma-sized vectors an explicit TSRK scheme of `stages` stages keeps (state, stage values
/// and derivatives, embedded solution, adaptor work): used by `qrem info`'s memory estimate.
int rk_work_vectors(int stages);

} // namespace qrem
