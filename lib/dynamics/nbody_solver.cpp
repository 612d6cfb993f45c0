#include "dynamics/nbody_solver.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {

int rk_work_vectors(int stages) {
    // TSRK keeps the stage values and the stage derivatives (2 per stage), plus the solution,
    // the embedded solution and the adaptor's work vector.
    return 2 * stages + 3;
}

NBodySolver::NBodySolver(DensityMatrix& Gamma, const OneBodyModel& model, NBodyTolerances tol)
    : Gamma_(Gamma), rhs_(Gamma, model) {
    check(TSCreate(Gamma.comm(), ts_.out()));
    check(TSSetProblemType(ts_, TS_NONLINEAR));
    check(TSSetRHSFunction(ts_, nullptr, &NBodySolver::rhs, this));
    check(TSSetType(ts_, TSRK));
    check(TSRKSetType(ts_, TSRK5DP));
    check(TSSetTolerances(ts_, tol.atol, nullptr, tol.rtol, nullptr));
    check(TSSetTime(ts_, 0.0));
    check(TSSetTimeStep(ts_, 1e-3));
    check(TSSetMaxSteps(ts_, std::numeric_limits<PetscInt>::max()));
    check(TSSetExactFinalTime(ts_, TS_EXACTFINALTIME_MATCHSTEP));
    check(TSSetSolution(ts_, Gamma.vec()));
    check(TSSetFromOptions(ts_));
}

PetscErrorCode NBodySolver::rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    try {
        static_cast<NBodySolver*>(context)->rhs_.apply(u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "N-body right-hand side failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

void NBodySolver::advance_to(double t) {
    if (t < t_)
        throw Error("NBodySolver::advance_to: cannot go back from t = " + std::to_string(t_) + " to " +
                    std::to_string(t));
    if (t == t_)
        return;
    check(TSSetMaxTime(ts_, t));
    check(TSSolve(ts_, Gamma_.vec()));
    TSConvergedReason reason;
    check(TSGetConvergedReason(ts_, &reason));
    PetscReal reached = 0;
    check(TSGetTime(ts_, &reached));
    if (reason < 0 || std::abs(reached - t) > 1e-9 * std::max(1.0, std::abs(t)))
        throw Error("N-body integration stopped at t = " + std::to_string(reached) + " before t = " +
                    std::to_string(t) + " (TS reason " + std::to_string(static_cast<int>(reason)) +
                    "; see -ts_monitor, -ts_max_steps)");
    t_ = t;
}

long NBodySolver::steps() const {
    PetscInt n = 0;
    check(TSGetStepNumber(ts_, &n));
    return static_cast<long>(n);
}

} // namespace qrem
