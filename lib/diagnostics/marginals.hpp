#pragma once
// diagnostics: few-body marginals of the distributed Gamma beyond the first k legs
// (DensityMatrix::marginal): every two-body marginal Gamma^{(ij)}, from which the entropy
// production and the one-body marginal of every leg (the symmetry check) follow.
#include "linalg/dense_matrix.hpp"
#include "state/density_matrix.hpp"

#include <vector>

namespace qrem {

/// Position of the pair (i, j), i < j, in the list (0,1), (0,2), ..., (0,N-1), (1,2), ...
std::size_t pair_index(int i, int j, int N);

/// Gamma^{(ij)} = Tr_{all legs but i, j} Gamma for every pair i < j (d^2 x d^2, pair index
/// a_i d + a_j), ordered by pair_index, on every rank. Collective: one pass over the local rows
/// and one MPI_Allreduce of N(N-1)/2 d^4 numbers.
std::vector<DenseMatrix> pair_marginals(const DensityMatrix& Gamma);
/// The same of any Vec laid out as `layout` (a stage derivative, say), as the flat list of the
/// pairs' entries (pair_index-major, then the d^2 x d^2 matrix's): linear in v.
std::vector<PetscScalar> pair_marginal_entries(const DensityMatrix& layout, Vec v);

/// pair_marginal_entries column by column, for a caller that streams the local block anyway
/// (the Dormand-Prince error pass): add_column(s, ...) adds column s's share on this rank to
/// `entries` (size() of them), without communication; the sum over every column and rank is
/// pair_marginal_entries.
class PairMarginalColumns {
public:
    explicit PairMarginalColumns(const DensityMatrix& layout);
    std::size_t size() const { return pairs_ * d4_; }
    /// `column` points at local column s (entry (r, s) at column[r - rows.begin]).
    void add_column(std::int64_t s, const PetscScalar* column, PetscScalar* entries) const;

private:
    const DensityMatrix& layout_;
    std::size_t d_, d4_, pairs_;
    std::vector<std::int64_t> offsets_; ///< each pair's row offsets a_i s_i + a_j s_j
};
/// The pairs' matrices from that list.
std::vector<DenseMatrix> pair_marginals_from_entries(const std::vector<PetscScalar>& entries,
                                                     std::size_t d);

/// The two-body marginals as the diagnostics take them from any representation of Gamma: every
/// Gamma^{(ij)}, i < j, ordered by pair_index, or, for a permutation-invariant Gamma (the
/// Schur-Weyl blocks), the one Gamma^{(01)} that stands for all N(N-1)/2 of them.
struct PairMarginals {
    int N = 0;
    std::size_t d = 0;
    std::vector<DenseMatrix> pairs;
    bool invariant = false;
    /// How many pairs each entry of `pairs` stands for.
    double multiplicity() const { return invariant ? 0.5 * N * (N - 1) : 1.0; }
};
PairMarginals all_pair_marginals(const DensityMatrix& Gamma);
/// The one-body marginal of every leg, N of them (equal copies for an invariant Gamma).
std::vector<DenseMatrix> leg_marginals(const PairMarginals& pairs);

/// The one-body marginal Gamma^{(j)} of every leg j = 0..N-1, traced down from the pairs.
std::vector<DenseMatrix> leg_marginals(const std::vector<DenseMatrix>& pairs, int N, std::size_t d);

/// max_j max_ab |Gamma^{(j)}_ab - Gamma^{(0)}_ab|: zero for a permutation-symmetric Gamma.
double leg_asymmetry(const std::vector<DenseMatrix>& legs);

/// Tr_1 and Tr_2 of a d^2 x d^2 two-body operator (pair index a d + c).
DenseMatrix trace_out_first(const DenseMatrix& pair, std::size_t d);
DenseMatrix trace_out_second(const DenseMatrix& pair, std::size_t d);

/// S M S with S the swap of the two factors: M_ji from M_ij.
DenseMatrix swap_legs(const DenseMatrix& pair, std::size_t d);

} // namespace qrem
