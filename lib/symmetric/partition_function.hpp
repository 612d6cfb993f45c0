#pragma once
// symmetric: the partition function of the proof of Theorems 1 and 3 and the moments behind
// it, Phi_N = ln Tr(gamma^{(x)N} e^{lambda A}) and Tr(gamma^{(x)N} A^m) with
// A = 1/(N-1) sum_{i != j} X_ij (paper (3.3) and Section 3.4). Both gamma^{(x)N} and A are
// permutation-invariant, so for any function f
//   Tr(gamma^{(x)N} f(A)) = sum_lambda Tr(m_lambda pi_lambda(gamma) f(A_lambda)),
// per Schur-Weyl block by Gauss quadrature (Lanczos) or an eigendecomposition of A_lambda,
// whatever represents Gamma (the dense backend too): it needs only gamma and X.
#include "representation/schur_weyl.hpp"

#include <mpi.h>

#include <vector>

namespace qrem {

struct PartitionFunction {
    double log_value = 0.0;      ///< Phi_N = ln Tr(gamma^{(x)N} e^{lambda A})
    std::vector<double> moments; ///< Tr(gamma^{(x)N} A^m), m = 1 .. m_max
};

/// How a block's Tr(m pi(gamma) f(A_lambda)) is computed: from the eigendecomposition of
/// A_lambda, from the Taylor series of e^{lambda A} (accurate only where lambda ||A_lambda||_inf
/// <= 2 or so: its terms cancel by up to e^{2 lambda ||A||}), from Gauss quadrature by Lanczos,
/// the latter two at the rows that carry m pi(gamma)'s weight only; or whichever costs fewer
/// operations, the series only where lambda ||A_lambda||_inf <= 2 (automatic).
enum class PartitionMethod { automatic, eigen, series, lanczos };

/// Phi_N and the moments m = 1..m_max for a faithful gamma and Hermitian X (collective: the
/// blocks are shared round-robin over the ranks of `comm`; every rank gets the result).
PartitionFunction partition_function(MPI_Comm comm, const SchurWeylBlocks& blocks,
                                     const DenseMatrix& gamma, const DenseMatrix& X, double lambda,
                                     int m_max,
                                     PartitionMethod method = PartitionMethod::automatic);

} // namespace qrem
