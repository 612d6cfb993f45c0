#include "dynamics/nbody_solver.hpp"

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
          Gamma.comm(), Gamma.vec(), [this](Vec u, Vec f) { rhs_.apply(u, f); }, tol, limits) {}

bool NBodySolver::advance_to(double t, const std::vector<double>& nodes,
                             const NodeObserver& observer) {
    if (!interpolated_ && !nodes.empty())
        interpolated_ = std::make_unique<DensityMatrix>(Gamma_.comm(), Gamma_.space());
    return evolution_.advance_to(t, nodes, interpolated_ ? interpolated_->vec() : nullptr,
                                 [&](double node) { observer(node, *interpolated_); });
}

} // namespace qrem
