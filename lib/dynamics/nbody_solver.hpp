#pragma once
// dynamics: PETSc TS integration of the N-body Lindblad (or von Neumann) equation for the
// distributed dense Gamma: LindbladRHS driven by StateEvolution (default adaptive
// Dormand-Prince 5(4), rtol = 1e-10, atol = 1e-12; every -ts_* option of PETSc overrides it).
#include "dynamics/lindblad_rhs.hpp"
#include "dynamics/state_evolution.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace qrem {

class NBodySolver {
public:
    /// Evolves `Gamma` in place; `Gamma` and `model` must outlive the solver. `limits` apply
    /// per advance_to call (nbody.min_step_ratio, nbody.max_steps_per_output).
    NBodySolver(DensityMatrix& Gamma, const OneBodyModel& model, NBodyIntegration tol,
                StepLimits limits = {});

    /// Integrates to exactly `t` (>= time()). Returns false if the stop request ended it early,
    /// at the end of a step (time() tells where).
    bool advance_to(double t) { return evolution_.advance_to(t); }

    /// Integrates to exactly `t`, calling `observer(node, sample(Gamma at node))` at each of
    /// `nodes` (increasing, inside (time(), t)); `sample` is linear in Gamma (its pair marginals,
    /// say). Gamma there comes from the integrator's dense output: the steps stay those of a
    /// plain advance_to(t), so sampling costs no right-hand sides (StateEvolution::advance_to).
    /// The methods other than dormand-prince keep one extra Gamma-sized block for it.
    bool advance_to(double t, const std::vector<double>& nodes,
                    const StateEvolution::LinearSample& sample,
                    const std::function<void(double, const std::vector<PetscScalar>&)>& observer);

    void set_stop_request(std::function<bool()> should_stop) {
        evolution_.set_stop_request(std::move(should_stop));
    }
    StateEvolution& evolution() { return evolution_; }
    StepperPosition position() const { return evolution_.position(); }
    void restore(const StepperPosition& position, long rhs_evaluations) {
        evolution_.restore(position, rhs_evaluations);
    }
    double time() const { return evolution_.time(); }
    long steps() const { return evolution_.steps(); }
    long rhs_evaluations() const { return evolution_.rhs_evaluations(); }
    void report_progress_every(double seconds, double t_end) {
        evolution_.report_progress_every(seconds, t_end);
    }

    /// F = L(A) + i L(B) for X = A + iB, A and B Hermitian: the complex-linear extension of
    /// the right-hand side (which assumes a Hermitian argument), for implicit TS types.
    void apply_jacobian(Vec X, Vec F);

private:
    DensityMatrix& Gamma_;
    LindbladRHS rhs_;
    VecHandle part_a_, part_b_, image_b_; ///< Jacobian workspace, allocated on first use
    LargeScalarArray transposed_, received_;
    StateEvolution evolution_;
    std::unique_ptr<DensityMatrix> interpolated_; ///< Gamma at a node, where needed
};

/// Gamma-sized vectors an explicit TSRK scheme of `stages` stages keeps (state, stage values
/// and derivatives, embedded solution, adaptor work): used by `qrem info`'s memory estimate.
int rk_work_vectors(int stages);

} // namespace qrem
