#include "dynamics/hartree_solver.hpp"

#include "core/error.hpp"
#include "dynamics/hartree_rhs.hpp"
#include "dynamics/rk_integrator.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace qrem {
namespace {

// The TS state vector holds gamma row-major: entry a*d + b is gamma_ab.
void copy_to_vec(const DenseMatrix& m, Vec v) {
    PetscScalar* x = nullptr;
    check(VecGetArray(v, &x));
    std::memcpy(static_cast<void*>(x), m.data(), m.size() * sizeof(PetscScalar));
    check(VecRestoreArray(v, &x));
}

DenseMatrix copy_from_vec(Vec v, std::size_t d) {
    DenseMatrix m(d, d);
    const PetscScalar* x = nullptr;
    check(VecGetArrayRead(v, &x));
    std::memcpy(static_cast<void*>(m.data()), x, m.size() * sizeof(PetscScalar));
    check(VecRestoreArrayRead(v, &x));
    return m;
}

} // namespace

HartreeSample describe_hartree_state(const OneBodyModel& model, const DenseMatrix& gamma,
                                     double t) {
    HartreeSample s;
    s.t = t;
    s.gamma = gamma;
    s.m0 = smallest_eigenvalue(gamma);
    s.X_op = s.m0 > faithfulness_floor(model.d)
                 ? hermitian_op_norm(fluctuation_operator(model.W, hermitian_part(gamma)))
                 : std::numeric_limits<double>::infinity();
    s.trace_error = std::abs(trace(gamma) - 1.0);
    s.hermiticity_error = hermiticity_error(gamma);
    s.energy = hartree_energy(model.h, model.W, gamma);
    return s;
}

HartreeSolver::HartreeSolver(const OneBodyModel& model, const DenseMatrix& gamma0,
                             HartreeTolerances tol, StepLimits limits)
    : model_(model), d_(gamma0.rows()) {
    const auto n = static_cast<PetscInt>(d_ * d_);
    check(VecCreateSeq(PETSC_COMM_SELF, n, state_.out()));
    copy_to_vec(gamma0, state_);

    ts_ = RkIntegrator(
        {PETSC_COMM_SELF, "hartree_", TSRK8VR, tol.rtol, tol.atol, "Hartree", "hartree", limits},
        &HartreeSolver::rhs, this);
    check(TSSetSolution(ts_, state_));
}

PetscErrorCode HartreeSolver::rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    // A PETSc callback: report failures as error codes, never throw through PETSc.
    PetscFunctionBeginUser;
    auto* self = static_cast<HartreeSolver*>(context);
    try {
        copy_to_vec(hartree_rhs(self->model_, copy_from_vec(u, self->d_)), f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "Hartree right-hand side failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

void HartreeSolver::advance_to(double t) {
    if (t < t_)
        throw Error("HartreeSolver::advance_to: cannot go back from t = " + std::to_string(t_) +
                    " to " + std::to_string(t));
    if (t == t_)
        return;
    ts_.integrate_to(state_, t);
    t_ = t; // MATCHSTEP lands on t up to rounding; report the requested time exactly
}

long HartreeSolver::steps() const {
    PetscInt n = 0;
    check(TSGetStepNumber(ts_, &n));
    return static_cast<long>(n);
}

void HartreeSolver::restore(const StepperPosition& position, const DenseMatrix& gamma) {
    copy_to_vec(gamma, state_);
    set_stepper_position(ts_, position);
    t_ = position.t;
}

DenseMatrix HartreeSolver::gamma() const {
    return copy_from_vec(state_, d_);
}

HartreeSample HartreeSolver::sample() const {
    HartreeSample s = describe_hartree_state(model_, gamma(), t_);
    s.steps = steps();
    return s;
}

} // namespace qrem
