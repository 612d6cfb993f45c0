#pragma once
// nbody: where each few-body term of an N-body operator acts, given how the rows of Gamma are
// split over ranks. This is the one place that decides it (as QuEST's localiser sorts each gate
// once by which of its qubits are distributed); every kernel built on few-body terms (the
// Hamiltonian part of the Lindblad right-hand side, the Gibbs flow, a jump operator on one leg)
// asks here, so that the rank-local and the remote part of an operator cannot disagree.
//
// Rows are split into contiguous ranges (owned_rows). `block` is the largest power of d that
// divides every rank's first row, so blocks of `block` consecutive rows never straddle two
// ranks. A leg is rank-local when its fibres (d * stride consecutive rows) fit in a block; the
// digit of any other (split) leg is constant within a block.
#include "nbody/few_body_terms.hpp"

#include <vector>

namespace qrem {

enum class Placement {
    diagonal, ///< changes no digit: a diagonal entry
    local,    ///< every leg of the term rank-local: a move within each rank's rows
    /// the changed legs rank-local, an unchanged leg split: a move within each rank's rows, on
    /// the blocks whose split-leg digits equal the term's
    local_where_split_digits_match,
    remote, ///< a changed leg is split: row and column can lie on different ranks
};

class TermPlacement {
public:
    /// The row split of a D x D matrix over `ranks` ranks (owned_rows).
    TermPlacement(const NBodySpace& space, int ranks);

    std::int64_t block() const { return block_; }
    bool leg_is_local(int leg) const;
    Placement place(const FewBodyTerm& term) const;
    /// For a term placed local or local_where_split_digits_match: the ranges of row offsets
    /// (relative to rows.begin, `rows` being one rank's owned rows) on which it acts through its
    /// rank-local legs. Every range is a union of whole blocks.
    std::vector<RowRange> local_ranges(const FewBodyTerm& term, const RowRange& rows) const;

private:
    NBodySpace space_;
    std::int64_t block_;
};

} // namespace qrem
