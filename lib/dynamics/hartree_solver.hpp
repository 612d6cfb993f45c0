#pragma once
// dynamics: adaptive high-order integration of the Hartree(-Lindblad) equation with PETSc TS
// (Verner 8(7) Runge-Kutta by default) on PETSC_COMM_SELF. Every rank advances its own copy of
// the same d x d problem with the same operations, so gamma_t is identical on every rank.
// The options prefix is "hartree_": -hartree_ts_rk_type 5dp, -hartree_ts_monitor, ...
#include "core/petsc_handle.hpp"
#include "dynamics/rk_integrator.hpp"
#include "model/one_body_model.hpp"

namespace qrem {

/// gamma_t and the one-body quantities of the paper at one output time.
struct HartreeSample {
    double t = 0.0;
    long steps = 0; ///< accepted integrator steps since t = 0
    DenseMatrix gamma;
    double m0 = 0.0;                ///< smallest eigenvalue of gamma_t
    double X_op = 0.0;              ///< ||X(t)||_op, X = -i[W - V^gamma (x) 1, log gamma (x) 1]
    double trace_error = 0.0;       ///< |Tr gamma_t - 1|
    double hermiticity_error = 0.0; ///< max |gamma_ab - conj(gamma_ba)|
    double energy = 0.0;            ///< Tr(h gamma) + 1/2 Tr(V^gamma gamma)
};

/// The one-body quantities of `gamma` under `model` (X_op is +inf if gamma is not faithful).
HartreeSample describe_hartree_state(const OneBodyModel& model, const DenseMatrix& gamma, double t);

class HartreeSolver {
public:
    /// `model` must outlive the solver. `limits` apply per advance_to call
    /// (hartree.min_step_ratio, hartree.max_steps_per_output).
    HartreeSolver(const OneBodyModel& model, const DenseMatrix& gamma0, HartreeTolerances tol,
                  StepLimits limits = {});

    /// Integrates to exactly `t` (>= time()); the last step is shortened to land on it.
    void advance_to(double t);

    /// The integrator's position, and restoring it with gamma from a checkpoint.
    StepperPosition position() const { return stepper_position(ts_); }
    void restore(const StepperPosition& position, const DenseMatrix& gamma);
    double time() const { return t_; }
    long steps() const;
    DenseMatrix gamma() const;
    HartreeSample sample() const;

private:
    static PetscErrorCode rhs(TS ts, PetscReal t, Vec u, Vec f, void* context);

    const OneBodyModel& model_;
    std::size_t d_;
    double t_ = 0.0;
    VecHandle state_;
    RkIntegrator ts_;
};

} // namespace qrem
