#pragma once
// dynamics: PETSc TS integration of a linear N-body generator on the Vec of a state, whatever
// represents it (the dense distributed Gamma, the Schur-Weyl blocks): adaptive Runge-Kutta
// (default Dormand-Prince 5(4), -ts_* options override), quadrature nodes from the dense
// output, a stop request checked after every step, progress lines, and the position of the
// integrator for checkpoints.
#include "dynamics/rk_integrator.hpp"

#include <exception>
#include <functional>
#include <vector>

namespace qrem {

struct NBodyTolerances {
    double rtol = 1e-10;
    double atol = 1e-12;
};

class StateEvolution {
public:
    /// F = L(u) for Vecs of the layout of `state`.
    using Generator = std::function<void(Vec u, Vec F)>;

    /// Evolves `state` in place; it must outlive this object.
    StateEvolution(MPI_Comm comm, Vec state, Generator generator, NBodyTolerances tol,
                   StepLimits limits = {});

    /// Integrates to exactly `t` (>= time()). Returns false if the stop request ended it early,
    /// at the end of a step (time() tells where).
    bool advance_to(double t);

    /// Integrates to exactly `t`, writing the state at each of `nodes` (increasing, inside
    /// (time(), t)) into `at_node` from the integrator's dense output and then calling
    /// `observer(node)` (collective): the steps stay those of a plain advance_to(t). Throws if the
    /// TS scheme has no interpolant (PETSc's rk schemes have one).
    bool advance_to(double t, const std::vector<double>& nodes, Vec at_node,
                    const std::function<void(double)>& observer);

    /// Asked after every step (on every rank; it must return the same on all, e.g. through an
    /// MPI_Allreduce): true stops the integration there, and advance_to returns false.
    void set_stop_request(std::function<bool()> should_stop) {
        ts_.set_stop_request(std::move(should_stop));
    }

    /// The integrator's position (time, steps, next step size) and the generator's count, and
    /// setting them after the state was restored from a checkpoint.
    StepperPosition position() const { return stepper_position(ts_); }
    void restore(const StepperPosition& position, long rhs_evaluations);
    double time() const { return t_; }
    long steps() const;
    long rhs_evaluations() const { return evaluations_; }
    /// Between output times, print a progress line on rank 0 (simulated time, steps, wall time,
    /// ETA to t_end) at most every `seconds` of wall time; 0 turns it off.
    void report_progress_every(double seconds, double t_end);

private:
    static PetscErrorCode rhs(TS ts, PetscReal t, Vec u, Vec f, void* context);
    static PetscErrorCode monitor(TS ts, PetscInt step, PetscReal t, Vec u, void* context);
    void observe_nodes(TS ts, double t);

    Vec state_;
    Generator generator_;
    long evaluations_ = 0;
    RkIntegrator ts_;
    double t_ = 0.0;
    double progress_interval_ = 0.0;
    double start_wall_ = 0.0, last_report_ = 0.0, start_t_ = 0.0, t_end_ = 0.0;
    const std::vector<double>* nodes_ = nullptr;
    Vec at_node_ = nullptr;
    const std::function<void(double)>* observer_ = nullptr;
    std::size_t next_node_ = 0;
    std::exception_ptr observer_error_;
};

} // namespace qrem
