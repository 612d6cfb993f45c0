#pragma once
// diagnostics: the entropy production of Proposition 3.1 / (9.1): P(t) = Tr(Gamma_t A_t) with
// A_t = 1/(N-1) sum_{i != j} X_ij(t) (9.2), from the two-body marginals, without A_t.
#include "diagnostics/marginals.hpp"
#include "linalg/dense_matrix.hpp"

#include <vector>

namespace qrem {

/// P = 1/(N-1) sum_{i<j} Tr(Gamma^{(ij)} (X + S X S)), S the swap: the ordered pairs (i, j)
/// and (j, i) of the sum i != j share Gamma^{(ij)}, and X_ji is S X S in the (i, j) basis.
/// `pairs` as returned by pair_marginals (ordered by pair_index), X Hermitian d^2 x d^2.
double entropy_production(const std::vector<DenseMatrix>& pairs, int N, const DenseMatrix& X);
/// The same from any representation's pair marginals (an invariant Gamma's one pair counted
/// N(N-1)/2 times).
double entropy_production(const PairMarginals& pairs, const DenseMatrix& X);

} // namespace qrem
