#pragma once
// representation: e^{shift + A} for a sparse Hermitian A with a known eigenvalue interval, by
// its Chebyshev series. With u = (A - c)/h, c and h the interval's centre and half-width,
//   e^{h u} = e^{h} (e_0 + 2 sum_{k >= 1} e_k T_k(u)),  e_k = e^{-h} I_k(h)
// (modified Bessel functions; Abramowitz-Stegun 9.6.34), and T_{k+1}(u) = 2 u T_k(u) - T_{k-1}(u)
// costs one sparse-times-dense product per term: O(terms x nonzeros x dim) against the O(dim^3)
// of an eigendecomposition, with terms ~ sqrt(74 h) for the 1e-16 truncation (e_k ~
// e^{-k^2/(2h)}). Used for m_lambda pi_lambda(gamma) = e^{ln m_lambda + pi_lambda(log gamma)},
// whose interval the weights of lambda give exactly.
#include "linalg/dense_matrix.hpp"
#include "representation/sparse_operator.hpp"

#include <vector>

namespace qrem {

/// e_k = e^{-h} I_k(h), k = 0..K, with K the first index after which 2 sum_{k > K} e_k (the
/// truncation's bound on ||e^{-h} e^{h u} - partial sum||_2, since ||T_k(u)||_2 <= 1) is below
/// `tolerance`. h >= 0.
std::vector<double> scaled_bessel_coefficients(double h, double tolerance = 1e-16);

/// e^{shift + A} for Hermitian A (square) whose eigenvalues lie in [lowest, highest] (a wider
/// interval is correct, only slower). The result is Hermitian up to rounding, with an error of
/// about (terms x 1e-16) e^{shift + highest} in the 2-norm.
DenseMatrix hermitian_exponential(const SparseOperator& A, double lowest, double highest,
                                  double shift);

/// The number of Chebyshev terms hermitian_exponential takes for the interval [lowest, highest].
std::size_t hermitian_exponential_terms(double lowest, double highest);

} // namespace qrem
