#pragma once
// model: one-body data in another orthonormal basis of C^d, the columns of a unitary V
// (the symmetric backend's interaction picture works in the eigenbasis of h): a k-body operator
// A on (C^d)^{(x)k} becomes (V^{(x)k})^dag A V^{(x)k}, and back. No MPI here.
#include "linalg/dense_matrix.hpp"

namespace qrem {

/// (V^{(x)k})^dag A V^{(x)k} for A of size d^k (k from A's size).
DenseMatrix to_basis(const DenseMatrix& A, const DenseMatrix& V);
/// V^{(x)k} A (V^{(x)k})^dag: A from the basis V back to the standard one.
DenseMatrix from_basis(const DenseMatrix& A, const DenseMatrix& V);

/// A with the entries of modulus <= relative x max |A| set to zero: a rotation leaves rounding
/// noise (~1e-17) where the exact result is 0, and the block generator stores every non-zero.
DenseMatrix without_rounding_noise(DenseMatrix A, double relative = 1e-14);

} // namespace qrem
