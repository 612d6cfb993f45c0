#pragma once
// state: initial N-body states built from gamma_0 (the Gibbs state is in dynamics/).
#include "state/density_matrix.hpp"

namespace qrem {

/// Gamma_0 = (1 - epsilon) gamma_0^{(x)N} + epsilon (1/d)^{(x)N}: symmetric, and
/// S_0 = S(Gamma_0, gamma_0^{(x)N}) is finite (gamma_0 faithful) and positive unless
/// epsilon = 0 or gamma_0 = 1/d.
void fill_perturbed_product_state(DensityMatrix& Gamma, const DenseMatrix& gamma0, double epsilon);

} // namespace qrem
