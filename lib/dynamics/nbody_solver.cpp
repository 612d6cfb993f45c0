#include "dynamics/nbody_solver.hpp"

#include "core/error.hpp"

namespace qrem {

int rk_work_vectors(int stages) {
    // TSRK keeps the stage values and the stage derivatives (2 per stage), plus the solution,
    // the embedded solution and the adaptor's work vector.
    return 2 * stages + 3;
}

NBodySolver::NBodySolver(DensityMatrix& Gamma, const OneBodyModel& model, NBodyIntegration tol,
                         StepLimits limits)
    : Gamma_(Gamma), rhs_(Gamma, model),
      evolution_(
          Gamma.comm(), Gamma.vec(), [this](Vec u, Vec f) { rhs_.apply(u, f); }, tol, limits,
          [this](Vec u, Vec f) { apply_jacobian(u, f); }) {}

void NBodySolver::apply_jacobian(Vec X, Vec F) {
    if (!part_a_) {
        part_a_ = Gamma_.duplicate_vec();
        part_b_ = Gamma_.duplicate_vec();
        image_b_ = Gamma_.duplicate_vec();
        transposed_.assign(static_cast<std::size_t>(Gamma_.local_size()), 0.0);
    }
    {
        ConstLocalBlock x(X);
        LocalBlock a(part_a_), b(part_b_);
        hermitian_transpose(Gamma_, x.data(), transposed_.data(), received_);
        // A = (X + X^dag)/2, B = (X - X^dag)/(2i); the padding (zero in X) stays zero.
        const PetscScalar minus_half_i(0.0, -0.5);
        for (std::size_t k = 0; k < transposed_.size(); ++k) {
            a.data()[k] = 0.5 * (x.data()[k] + transposed_[k]);
            b.data()[k] = minus_half_i * (x.data()[k] - transposed_[k]);
        }
    }
    rhs_.apply(part_a_, F);
    rhs_.apply(part_b_, image_b_);
    check(VecAXPY(F, PetscScalar(0.0, 1.0), image_b_));
}

bool NBodySolver::advance_to(
    double t, const std::vector<double>& nodes, const StateEvolution::LinearSample& sample,
    const std::function<void(double, const std::vector<PetscScalar>&)>& observer) {
    if (!interpolated_ && !nodes.empty() && forms_state_at_nodes(evolution_.method()))
        interpolated_ = std::make_unique<DensityMatrix>(Gamma_.comm(), Gamma_.space());
    return evolution_.advance_to(t, nodes, interpolated_ ? interpolated_->vec() : nullptr, sample,
                                 observer);
}

} // namespace qrem
