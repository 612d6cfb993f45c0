#pragma once
// theory: Proposition 3.2 measured. The mixed moments Tr(gamma^{(x)N} X_{i1 j1} ... X_{im jm})
// of the two-body fluctuation operator X (paper (3.1), (9.2)) for every index pair with
// i_nu != j_nu, computed densely on the legs the pair uses (the others trace to Tr gamma = 1),
// and sorted by whether the proposition says they vanish.
#include "linalg/dense_matrix.hpp"

#include <cstdint>
#include <span>

namespace qrem {

/// Tr(gamma^{(x)N} X_{i1 j1} ... X_{im jm}) for X on C^d (x) C^d (row index a*d + b: a on leg
/// i, b on leg j) and legs I[nu] != J[nu] (any labels; only which are equal matters).
Complex mixed_moment(const DenseMatrix& gamma, const DenseMatrix& X, std::span<const int> I,
                     std::span<const int> J);

/// Every index pair of {0..N-1}^{2m} with i_nu != j_nu, sorted.
struct CancellationCount {
    int N = 0, m = 0;
    std::uint64_t pairs = 0;     ///< with i_nu != j_nu
    std::uint64_t cancelled = 0; ///< Proposition 3.2's condition (1) or (2) holds
    /// Largest |moment| / ||X||_op^m over the cancelled pairs (zero up to rounding).
    double largest_cancelled = 0.0;
    std::uint64_t survivors = 0;              ///< the others
    std::uint64_t survivors_in_index_set = 0; ///< of them, in Proposition 3.3's I_{m,N}
    /// Of them, |moment| / ||X||_op^m above `zero_tolerance` (genuinely non-zero).
    std::uint64_t survivors_nonzero = 0;
    double largest_survivor = 0.0; ///< largest |moment| / ||X||_op^m over the survivors
};

/// The moments are computed once per pattern of equal indices (gamma^{(x)N} is invariant
/// under permutations of the legs).
CancellationCount count_cancellations(const DenseMatrix& gamma, const DenseMatrix& X, int N, int m,
                                      double zero_tolerance);

} // namespace qrem
