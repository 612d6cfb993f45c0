#include "dynamics/state_evolution.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "dynamics/rk_integrator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace qrem {

StateEvolution::StateEvolution(MPI_Comm comm, Vec state, Generator generator, NBodyTolerances tol,
                               StepLimits limits)
    : state_(state), generator_(std::move(generator)) {
    ts_ = RkIntegrator({comm, "", TSRK5DP, tol.rtol, tol.atol, "N-body", "nbody", limits},
                       &StateEvolution::rhs, this);
    check(TSSetSolution(ts_, state));
    check(TSMonitorSet(ts_, &StateEvolution::monitor, this, nullptr));
}

PetscErrorCode StateEvolution::rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    try {
        auto* self = static_cast<StateEvolution*>(context);
        ++self->evaluations_;
        self->generator_(u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "N-body right-hand side failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

bool StateEvolution::advance_to(double t) {
    if (t < t_)
        throw Error("StateEvolution::advance_to: cannot go back from t = " + std::to_string(t_) +
                    " to " + std::to_string(t));
    if (t == t_)
        return true;
    if (!ts_.integrate_to(state_, t)) {
        t_ = position().t;
        return false;
    }
    t_ = t;
    return true;
}

void StateEvolution::restore(const StepperPosition& position, long rhs_evaluations) {
    set_stepper_position(ts_, position);
    t_ = start_t_ = position.t;
    start_wall_ = last_report_ = MPI_Wtime();
    // A first-same-as-last scheme (5dp) reuses the last stage's derivative as the next step's
    // first; the restarted integrator's first step computes it once more. Counting one less
    // keeps rhs_evaluations equal to an uninterrupted run's.
    TSType type = nullptr;
    check(TSGetType(ts_, &type));
    PetscBool fsal = PETSC_FALSE;
    if (type && std::string(type) == TSRK)
        check(TSRKGetTableau(ts_, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                             &fsal));
    evaluations_ = rhs_evaluations - (fsal ? 1 : 0);
}

bool StateEvolution::advance_to(double t, const std::vector<double>& nodes, Vec at_node,
                                const std::function<void(double)>& observer) {
    if (!std::is_sorted(nodes.begin(), nodes.end()) ||
        (!nodes.empty() && (nodes.front() <= t_ || nodes.back() >= t)))
        throw Error("StateEvolution::advance_to: nodes must increase strictly inside (time(), t)");
    nodes_ = &nodes;
    at_node_ = at_node;
    observer_ = &observer;
    next_node_ = 0;
    observer_error_ = nullptr;
    bool reached = false;
    try {
        reached = advance_to(t);
    } catch (...) {
        nodes_ = nullptr;
        observer_ = nullptr;
        if (observer_error_)
            std::rethrow_exception(observer_error_);
        throw;
    }
    nodes_ = nullptr;
    observer_ = nullptr;
    if (reached && next_node_ != nodes.size())
        throw Error("StateEvolution::advance_to: " + std::to_string(nodes.size() - next_node_) +
                    " node(s) were not reached");
    return reached;
}

void StateEvolution::observe_nodes(TS ts, double t) {
    for (; next_node_ < nodes_->size() && (*nodes_)[next_node_] <= t; ++next_node_) {
        const double node = (*nodes_)[next_node_];
        // Inside the step just taken: PETSc's RK interpolant (order 4 for 5dp) from the
        // stage derivatives it keeps.
        check(TSInterpolate(ts, node, at_node_));
        (*observer_)(node);
    }
}

void StateEvolution::report_progress_every(double seconds, double t_end) {
    progress_interval_ = seconds;
    t_end_ = t_end;
    start_wall_ = last_report_ = MPI_Wtime();
    start_t_ = t_;
}

PetscErrorCode StateEvolution::monitor(TS ts, PetscInt step, PetscReal t, Vec, void* context) {
    PetscFunctionBeginUser;
    auto* self = static_cast<StateEvolution*>(context);
    if (self->nodes_) {
        try {
            self->observe_nodes(ts, static_cast<double>(t));
        } catch (...) {
            // Rethrown by advance_to once PETSc has unwound.
            self->observer_error_ = std::current_exception();
            SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER, "observer at a quadrature node failed");
        }
    }
    const double now = MPI_Wtime();
    // Rank 0's clock decides; only rank 0 prints, so the ranks need not agree.
    if (self->progress_interval_ > 0.0 && now - self->last_report_ >= self->progress_interval_) {
        self->last_report_ = now;
        // The ETA extrapolates the simulated time per wall second so far.
        const double elapsed = now - self->start_wall_,
                     done = static_cast<double>(t) - self->start_t_;
        const double eta =
            done > 0 ? elapsed / done * (self->t_end_ - static_cast<double>(t)) : 0.0;
        char line[200];
        std::snprintf(
            line, sizeof line,
            "    ... t = %.6g, %ld steps, %ld RHS evaluations, %.0f s elapsed, ETA %.0f s\n",
            static_cast<double>(t), static_cast<long>(step), self->rhs_evaluations(), elapsed, eta);
        log::out() << line << std::flush;
    }
    PetscFunctionReturn(0);
}

long StateEvolution::steps() const {
    PetscInt n = 0;
    check(TSGetStepNumber(ts_, &n));
    return static_cast<long>(n);
}

} // namespace qrem
