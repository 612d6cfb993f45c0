#pragma once
// Tests of the block backend: the dense D x D matrix of a block state, built from the explicit
// Schur-Weyl basis (the copies of every V_lambda in (C^d)^{(x)N}, coupled one particle at a time
// through the intertwiners C: U_lambda = (U_mu (x) 1_d) C_{mu lambda}). Small N only (D^3 work).
#include "symmetric/block_density_matrix.hpp"

#include "representation/gelfand_tsetlin.hpp"

#include <functional>
#include <vector>

namespace testing_support {

/// The columns of every copy of V_lambda in (C^d)^{(x)N}, per lambda of blocks_of(d, N)
/// (D x dim_lambda each; m_lambda copies).
std::vector<std::vector<qrem::DenseMatrix>>
schur_basis(std::size_t d, int N,
            const std::function<qrem::SchurWeylBlocks(std::size_t, int)>& blocks_of =
                qrem::schur_weyl_blocks);

/// Gamma = sum_lambda sum_copies U sigma_lambda U^dag / m_lambda on every rank (collective).
qrem::DenseMatrix dense_from_blocks(const qrem::BlockDensityMatrix& Gamma);

/// The blocks sigma_lambda = m_lambda U^dag Gamma U (first copy) of a permutation-invariant dense
/// Gamma, written into the owned blocks of `blocks`.
void blocks_from_dense(qrem::BlockDensityMatrix& blocks, const qrem::DenseMatrix& Gamma);

/// A random permutation-invariant state of unit trace: random positive blocks (the same on
/// every rank, seed + lambda per block).
void fill_random_invariant(qrem::BlockDensityMatrix& Gamma, unsigned seed);

} // namespace testing_support
