#pragma once
// dynamics: the right-hand side of the Hartree(-Lindblad) equation (paper (2.8)).
#include "model/one_body_model.hpp"

namespace qrem {

/// D_L(A) = L A L^dagger - 1/2 {L^dagger L, A}.
DenseMatrix dissipator(const DenseMatrix& L, const DenseMatrix& A);

/// d gamma/dt = -i[h + V^gamma, gamma] + sum_alpha D_{L_alpha}(gamma).
DenseMatrix hartree_rhs(const OneBodyModel& model, const DenseMatrix& gamma);

} // namespace qrem
