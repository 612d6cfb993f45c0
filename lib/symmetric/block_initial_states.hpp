#pragma once
// symmetric: the permutation-invariant initial states on the Schur-Weyl blocks
// (design/permutation-invariant.md): gamma^{(x)N}, its epsilon-mixture with 1/D and the Gibbs
// state exp(-beta(H_N + tilt sum_j n_j))/Z, each block from one Hermitian exponential.
#include "model/one_body_model.hpp"
#include "symmetric/block_density_matrix.hpp"

namespace qrem {

/// Gamma = gamma^{(x)N}: sigma_lambda = exp(ln m_lambda + sum_ab (ln gamma)_ab E_ab|_lambda) for a
/// faithful gamma (collective).
void fill_product_state(BlockDensityMatrix& Gamma, const DenseMatrix& gamma);

/// Gamma = (1 - epsilon) gamma^{(x)N} + epsilon 1/d^N (collective).
void fill_perturbed_product_state(BlockDensityMatrix& Gamma, const DenseMatrix& gamma,
                                  double epsilon);

/// Gamma = exp(-beta H)/Z, H = H_N + tilt sum_j n_j (n = sum_k k|k><k|): per block
/// m_lambda exp(-beta H_lambda), normalised through ln Z (collective).
void fill_gibbs_state(BlockDensityMatrix& Gamma, const OneBodyModel& model, double beta,
                      double tilt);
/// The same for H = sum_j one_body_j + sum_{i<j} W_ij (the one-body part with its tilt).
void fill_gibbs_state(BlockDensityMatrix& Gamma, const DenseMatrix& one_body, const DenseMatrix& W,
                      double beta);
/// h + tilt sum_k k|k><k|: the one-body part of fill_gibbs_state's H.
DenseMatrix tilted_one_body(const DenseMatrix& h, double tilt);

} // namespace qrem
