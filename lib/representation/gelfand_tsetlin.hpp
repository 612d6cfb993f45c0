#pragma once
// representation: the Schur-Weyl blocks of (C^d)^{(x)N} for every d in the Gelfand-Tsetlin (GT)
// basis (design/permutation-invariant.md). A GT pattern of gl(d) has rows k = 1..d, row k with
// entries m_{k,1} >= ... >= m_{k,k}, interlacing m_{k+1,i} >= m_{k,i} >= m_{k+1,i+1}; row d is
// the partition lambda. The orthonormal basis vector of a pattern is a joint eigenvector of the
// chain gl(1) c gl(2) c ... c gl(d); its weight (E_aa eigenvalues) is the difference of row sums.
//   E_{k,k+1}, E_{k+1,k}: A. I. Molev, "Gelfand-Tsetlin bases for classical Lie algebras",
//   arXiv:math/0211289, Thm 2.3 in the normalised basis (all raising coefficients >= 0);
//   E_ac, |a - c| >= 2: commutators.
//   C_{mu lambda}: products of the reduced Wigner coefficients of the defining representation
//   (Biedenharn-Louck pattern calculus), one factor per row from d down to the row where the
//   added box first appears.
// At d = 2 the basis, order and phases are those of spin_half_blocks (tested).
#include "representation/schur_weyl.hpp"

#include <vector>

namespace qrem {

/// Flat GT pattern: row k (1-based) holds k entries from offset k (k - 1) / 2.
using GelfandTsetlinPattern = std::vector<int>;

/// The partitions of N into at most d parts (d entries, trailing zeros), in decreasing
/// lexicographic order ((N, 0, ...) first).
std::vector<std::vector<int>> partitions(int N, std::size_t d);

/// The GT patterns with top row `shape`, by weight (E_00, ..., E_{d-1,d-1} eigenvalues) in
/// decreasing lexicographic order, equal weights in decreasing lexicographic order of the rows
/// read from row d - 1 down to row 1 (d = 2: decreasing m_{1,1}, i.e. decreasing J_z).
std::vector<GelfandTsetlinPattern> gelfand_tsetlin_patterns(const std::vector<int>& shape);

/// dim V_lambda from the Weyl dimension formula prod_{i<j} (l_i - l_j + j - i) / (j - i).
double gl_dimension(const std::vector<int>& shape);

/// ln m_lambda = ln dim M_lambda, m_lambda = N! prod_{i<j} (l_i - l_j) / prod_i l_i!,
/// l_i = lambda_i + d - i (the hook length formula).
double ln_symmetric_group_dimension(const std::vector<int>& shape);

/// The blocks for every d >= 2 in the GT basis, N >= 1. Partitions in the order of partitions().
SchurWeylBlocks gelfand_tsetlin_blocks(std::size_t d, int N);

/// The blocks qrem evolves: spin_half_blocks for d = 2 (the same basis, built directly),
/// gelfand_tsetlin_blocks otherwise.
SchurWeylBlocks schur_weyl_blocks(std::size_t d, int N);

/// The largest d for which qrem builds the blocks: the d^2 collective operators per block and
/// the intertwiners' set-up grow so fast beyond it (d = 16 did not finish in 5 minutes at N = 2)
/// that the dense engine is the only way there.
constexpr std::size_t schur_weyl_max_d = 8;

/// Sizes of the blocks of (C^d)^{(x)N} from the Weyl formula (no enumeration of patterns), for
/// memory estimates: over the partitions of N into at most d parts, the packed entries of a
/// block state sum dim_lambda (dim_lambda + 1) / 2 and the basis vectors sum dim_lambda.
struct BlockSizes {
    double packed_entries = 0.0;
    double dimension_sum = 0.0;
    double largest_dimension = 0.0;
};
BlockSizes block_sizes(std::size_t d, int N);

/// Per partition lambda' of N into at most d parts (in the order of partitions()): the pairs
/// (mu, lambda) with mu = lambda' less one box and lambda = mu plus one box (at most d parts),
/// i.e. the blocks that a one-body jump operator's L sigma_lambda L^dag feeds into V_lambda'
/// (SchurWeylBlocks::branches, counted from the shapes alone, without building them).
std::vector<double> jump_terms_per_block(std::size_t d, int N);

} // namespace qrem
