#include "dynamics/nbody_solver.hpp"

#include "core/error.hpp"
#include "dynamics/rk_integrator.hpp"

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
    ts_ = make_rk_integrator({Gamma.comm(), "", TSRK5DP, tol.rtol, tol.atol}, &NBodySolver::rhs,
                             this);
    check(TSSetSolution(ts_, Gamma.vec()));
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
        throw Error("NBodySolver::advance_to: cannot go back from t = " + std::to_string(t_) +
                    " to " + std::to_string(t));
    if (t == t_)
        return;
    integrate_to(ts_, Gamma_.vec(), t, "N-body integration");
    t_ = t;
}

long NBodySolver::steps() const {
    PetscInt n = 0;
    check(TSGetStepNumber(ts_, &n));
    return static_cast<long>(n);
}

} // namespace qrem
