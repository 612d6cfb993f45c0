#pragma once
// The paper's diagnostics, formed literally for small N: gamma^{(x)N} and its logarithm as
// D x D matrices, partial traces by explicit index sums, A_t = 1/(N-1) sum_{i != j} X_ij
// embedded leg by leg. Matrix functions by Jacobi rotations: independent of LAPACK and lib/.
#include "support/dense_reference.hpp"

#include <vector>

namespace ref {

/// f(A) for Hermitian A.
Mat hermitian_function(const Mat& A, double (*f)(double));
/// -Tr rho log rho (eigenvalues <= 0 contribute 0).
double von_neumann_entropy(const Mat& rho);
/// Tr rho (log rho - log sigma), sigma positive definite.
double relative_entropy(const Mat& rho, const Mat& sigma);
/// sum |eigenvalues| of a Hermitian matrix.
double trace_norm(const Mat& A);

/// The marginal on the legs `keep` (in that order) of a state on (C^d)^{(x)N}.
Mat marginal_on_legs(const Mat& G, const std::vector<int>& keep, std::size_t d, int N);

/// X = -i[W - V^gamma (x) 1, log gamma (x) 1].
Mat fluctuation_operator(const Mat& W, const Mat& gamma);
/// Tr(G A), A = 1/(N-1) sum_{i != j} X_ij with X_ij embedded on the ordered pair (i, j).
double entropy_production(const Mat& G, const Mat& X, std::size_t d, int N);

} // namespace ref
