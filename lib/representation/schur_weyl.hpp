#pragma once
// representation: the Schur-Weyl blocks of (C^d)^{(x)N} = (+)_lambda V_lambda (x) M_lambda
// (design/permutation-invariant.md): per partition lambda of N into at most d parts, the gl(d)
// irrep V_lambda with the collective operators E_ab = sum_i (|a><b|)_i acting on it, the
// multiplicity m_lambda = dim M_lambda (as a logarithm: it overflows any integer near N = 64),
// and the intertwiners C_{mu lambda}: V_lambda -> V_mu (x) C^d to the partitions mu of N - 1
// that lambda contains (remove one box). Everything the block backend computes is written in
// terms of these; a basis for another d only has to provide them.
#include "linalg/dense_matrix.hpp"
#include "representation/sparse_operator.hpp"

#include <vector>

namespace qrem {

struct Irrep {
    std::vector<int> shape;        ///< the partition lambda, d parts (trailing zeros included)
    std::size_t dim = 0;           ///< dim V_lambda
    double ln_multiplicity = 0.0;  ///< ln m_lambda
    std::vector<SparseOperator> E; ///< E_ab restricted to V_lambda, at index a*d + b
};

/// lambda = mu + one box.
struct Branch {
    std::size_t mu = 0;     ///< index into SchurWeylBlocks::parents
    std::size_t lambda = 0; ///< index into SchurWeylBlocks::irreps
    /// V_lambda -> V_mu (x) C^d (row index k_mu * d + a), an isometry with
    /// (E_ab|_mu (x) 1 + 1 (x) e_ab) C = C E_ab|_lambda.
    SparseOperator C;
};

struct SchurWeylBlocks {
    std::size_t d = 0;
    int N = 0;
    std::vector<Irrep> irreps;  ///< partitions of N
    std::vector<Irrep> parents; ///< partitions of N - 1 (the empty one for N = 1)
    std::vector<Branch> branches;

    const SparseOperator& E(std::size_t lambda, std::size_t a, std::size_t b) const {
        return irreps[lambda].E[a * d + b];
    }
    /// sum_ab A_ab E_ab on V_lambda: the collective action sum_i A_i of a one-body A.
    SparseOperator collective(std::size_t lambda, const DenseMatrix& A) const;
};

/// d = 2: lambda = (N/2 + j, N/2 - j), V_lambda = spin j with basis |j, m>, m = j, j-1, ..., -j
/// (|0> = spin up: E_00 = N/2 + J_z, E_01 = J_+), ordered by decreasing j; C from the spin-1/2
/// Clebsch-Gordan table (Condon-Shortley phases). N >= 1.
SchurWeylBlocks spin_half_blocks(int N);

/// ln m_j for d = 2: m_j = C(N, N/2 - j) - C(N, N/2 - j - 1), from lgamma.
double ln_spin_multiplicity(int N, int two_j);

} // namespace qrem
