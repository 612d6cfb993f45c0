#pragma once
// dynamics: the right-hand side of the N-body Lindblad equation (paper (2.7)) on the distributed
// Gamma, never forming the D^2 x D^2 Liouvillian (DESIGN §3). With Hermitian Gamma and
// H_eff = H_N - (i/2) K, K = sum_{alpha,j} (L_alpha^dag L_alpha)_j:
//   L(Gamma) = -i G + (-i G)^dagger + sum_{alpha,j} L_{alpha,j} Gamma L_{alpha,j}^dagger,
//   G = H_eff Gamma.
// H_eff's few-body terms are placed once by TermPlacement (nbody/term_placement.hpp): those
// whose changed legs are rank-local form H_loc (applied to the rows they act on, which the rank
// holds), the rest form H_nl. With Hermitian Gamma, H_nl Gamma = (Gamma H_nl^dag)^dag, and
// Gamma H_nl^dag acts on the column index, which every rank holds in full. So
// Y = -i H_loc Gamma + i Gamma H_nl^dag is rank-local (a sparse product within each contiguous
// column, then whole-column updates), and the Hamiltonian part of L(Gamma) is Y + Y^dag: one
// MPI_Alltoallv transpose. This measured several times faster than PETSc's MPIAIJ x MPIDENSE
// product (bench/README.md).
// Diagonal jump operators collapse into one elementwise product Gamma_rs Phi(r, s) with
// Phi(r, s) = sum_j C(a_j(r), a_j(s)), C(a, b) = sum_alpha l_alpha(a) conj(l_alpha(b)).
// A non-diagonal L on a rank-local leg j (every rank holds whole fibres of leg j): column s of
// L_j Gamma L_j^dag is sum_b conj(L(s_j, b)) L_j Gamma(:, s[j -> b]), L_j acting within the
// column; like Phi o Gamma it is Hermitian with Gamma, so half of it goes into Y's pass over the
// columns and the transpose adds the other half: no pass of its own. On a split leg: L Gamma
// as ((Gamma L^dag)^dag) through a transpose, then (L Gamma) L^dag on columns.
#include "model/one_body_model.hpp"
#include "nbody/nbody_operators.hpp"
#include "nbody/term_placement.hpp"
#include "state/density_matrix.hpp"

#include <vector>

namespace qrem {

class LindbladRHS {
public:
    /// `layout` and `model` must outlive this object.
    LindbladRHS(const DensityMatrix& layout, const OneBodyModel& model);
    /// The generator with a given H_eff (any few-body sum, e.g. -(i/2)(H - E) for imaginary
    /// time) and jump operators.
    LindbladRHS(const DensityMatrix& layout, const FewBodySum& h_eff,
                const std::vector<JumpOperator>& jumps);

    /// F = L(Gamma) for Vecs of the layout of `layout`. Gamma must be Hermitian.
    void apply(Vec Gamma, Vec F);

private:
    void hamiltonian_part(const PetscScalar* gamma, PetscScalar* y) const;

    const DensityMatrix& layout_;
    // -i H_eff on the local rows, by structure: the diagonal as a vector over local rows, and
    // each rank-local off-diagonal term as a "move": within `ranges` (local row offsets), rows
    // whose digits on the rank-local `legs` are `from` take coefficient * the row with digits
    // `to`. The ranges carry the term's condition on split legs, if any.
    std::vector<Complex> diagonal_;
    struct Move {
        int legs;   ///< 1 or 2 rank-local legs
        int leg[2]; ///< leg[0] < leg[1] when two
        std::size_t from[2], to[2];
        Complex coefficient; ///< -i times the entry (times 1/(N-1) for W)
        std::vector<RowRange> ranges;
    };
    std::vector<Move> moves_;
    // The moves on the last legs (the smallest strides: those within blocks of
    // low_block_ = d^K >= 4 consecutive rows, all rank-local) as one dense low_block_ x
    // low_block_ matrix applied to each block: the moves' own loops there run a handful of
    // entries per iteration. 0: none.
    int low_block_ = 0;
    std::vector<Complex> low_matrix_; ///< row-major
    void fold_low_moves(const TermPlacement& placement);
    Move local_move(const FewBodyTerm& term, const TermPlacement& placement, Complex factor) const;
    void apply_move(const Move& move, const PetscScalar* x, PetscScalar* y) const;
    // i conj(H_nl(s, k)) for all rows s: the remote terms (CSR over s).
    std::vector<std::int64_t> remote_start_, remote_columns_;
    std::vector<Complex> remote_values_;
    // Diagonal jumps, sum_j L_j Gamma L_j^dag = Phi o Gamma (entrywise) with
    // Phi(r, s) = phi_high(r_hi, s_hi) + phi_low(r_lo, s_lo); the tables hold Phi / 2, which
    // goes into Y (see apply); column-major (phi(x, y) at x + size y).
    bool has_diagonal_jumps_ = false;
    std::int64_t low_size_ = 1, high_size_ = 1;
    std::vector<Complex> phi_low_, phi_high_;
    // Non-diagonal jumps on rank-local legs, for Y: moves[a d + b] are the moves of
    // (1/2) conj(L(a, b)) L_j on rows, applied to column s[j -> b] for output columns s with
    // digit a on leg j.
    struct LocalLegJump {
        int leg;
        std::vector<std::vector<Move>> moves;
    };
    std::vector<LocalLegJump> local_leg_jumps_;
    void add_local_leg_jumps(std::int64_t s, const PetscScalar* gamma, PetscScalar* y) const;
    // Non-diagonal jumps on split legs: the d x d operator and the leg.
    struct SplitLegJump {
        DenseMatrix L;
        int leg;
    };
    std::vector<SplitLegJump> split_leg_jumps_;
    LargeScalarArray work_a_, work_b_, received_;
};

} // namespace qrem
