#pragma once
// model: one-body mean-field quantities of the paper's §2.3 and §9.
#include "linalg/dense_matrix.hpp"

namespace qrem {

/// V^gamma = Tr_2((1 (x) gamma) W), i.e. (V^gamma)_{ab} = sum_{c,e} W_{(a c),(b e)} gamma_{e c}.
DenseMatrix mean_field_potential(const DenseMatrix& W, const DenseMatrix& gamma);

/// X = -i[W - V^gamma (x) 1, (log gamma) (x) 1], the two-body fluctuation operator (eq. (2.9));
/// Hermitian, d^2 x d^2. gamma must be positive definite.
DenseMatrix fluctuation_operator(const DenseMatrix& W, const DenseMatrix& gamma);

/// Theorem 3's explicit bound on its constant: C_W^{(m_0)} <= 4 ||W||_op / m_0 (paper (2.9)).
double fluctuation_constant_bound(const DenseMatrix& W, double m0);

/// Hartree energy Tr(h gamma) + 1/2 Tr(V^gamma gamma); conserved by the closed Hartree flow.
double hartree_energy(const DenseMatrix& h, const DenseMatrix& W, const DenseMatrix& gamma);

} // namespace qrem
