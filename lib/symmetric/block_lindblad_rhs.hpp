#pragma once
// symmetric: the N-body Lindblad generator (paper (2.7)) on the Schur-Weyl blocks of a
// permutation-invariant Gamma (design/permutation-invariant.md), for any one-body h, any
// exchange-symmetric W and any one-body jump operators L_alpha (normal or not):
//   L(sigma)_lambda' = -i H_eff sigma_lambda' + (-i H_eff sigma_lambda')^dag
//                      + sum_alpha sum_{mu in lambda'} sum_{lambda = mu + box}
//                        N (m_mu / m_lambda) X sigma_lambda X^dag,
//   H_eff|_lambda = sum_ab h'_ab E_ab + 1/(2(N-1)) sum <ab|W|ce> (E_ac E_be - delta_cb E_ae),
//   h' = h - (i/2) sum_alpha L_alpha^dag L_alpha,  X = C_{mu lambda'}^dag (1 (x) L_alpha) C_{mu
//   lambda}.
// Diagonal L_alpha enter as the fewest equivalent ones (model/jump_reduction.hpp).
// The first line uses Hermitian sigma (as the dense engine does); apply evaluates the upper
// triangle and mirrors it, so the result is exactly Hermitian in floating point. A block
// couples only to the
// blocks one box away: their owners' entries arrive by one VecScatter per evaluation.
#include "model/one_body_model.hpp"
#include "symmetric/block_density_matrix.hpp"

#include <variant>
#include <vector>

namespace qrem {

/// An operator on a block in the storage its structure favours: by diagonals where they are
/// well filled (d = 2: E_ab and C are banded), by compressed rows otherwise (d >= 3).
using BlockOperator = std::variant<Diagonals, CompressedRows>;
BlockOperator block_operator(const SparseOperator& a);

/// H_eff restricted to V_lambda, or H_N itself when there are no jump operators (the few-body
/// sum written with collective operators).
SparseOperator block_hamiltonian(const SchurWeylBlocks& blocks, std::size_t lambda,
                                 const DenseMatrix& one_body, const DenseMatrix& W);

/// The generator's work per block (in the order of partitions(N, d), that of
/// schur_weyl_blocks' irreps), to balance the blocks over the ranks: packed entries x (4 + the
/// jump terms into the block, jump_terms_per_block times `jump_operators`, the count the
/// generator uses: fewest_jump_operators(model).L.size()). Each entry of a
/// block costs a row of -i H_eff on both sides (a few entries each) and a row of every jump
/// term; at d = 3 a block receives 2 to 9 jump terms per jump operator, so balancing by entries
/// alone left one of 2 ranks 25% more work than the other (qrem_bench_symmetric, d = 3, N = 25,
/// blocks timed one by one: the time per entry fits 3.3 + the jump terms).
std::vector<double> generator_work(std::size_t d, int N, std::size_t jump_operators);

/// The one-body data of the block generator: h, W and the jump operators it applies, and
/// optionally an interaction picture.
struct BlockGeneratorTerms {
    DenseMatrix h; ///< the one-body Hamiltonian the generator applies (without frame_energies)
    DenseMatrix W;
    std::vector<DenseMatrix> L;
    /// Empty: the lab frame. Otherwise the energies e_a of a diagonal one-body h_0 = diag(e)
    /// whose collective action H_0 is taken out of the generator: the state is
    /// sigma~(t) = e^{i H_0 t} sigma(t) e^{-i H_0 t} (the interaction picture), whose generator
    /// L~(t) = Phi_t^{-1} L Phi_t, Phi_t(x)_{mn} = e^{-i t (E_m - E_n)} x_{mn} with E_m the
    /// eigenvalue of H_0 on the Gelfand-Tsetlin vector m, no longer rotates at the frequencies
    /// of H_0 (up to N times h_0's spread, which bound an explicit method's step).
    std::vector<double> frame_energies;
};

/// The model's terms in the lab frame, diagonal jump operators as the fewest equivalent ones
/// (model/jump_reduction.hpp).
BlockGeneratorTerms lab_frame_terms(const OneBodyModel& model);

class BlockLindbladRHS {
public:
    /// How apply keeps the dense copies of the blocks: in slots that blocks whose uses do not
    /// overlap share, when that takes less memory, or one per block (for tests of the former).
    enum class DenseCopies { shared, one_per_block };

    /// `layout` must outlive this object.
    BlockLindbladRHS(const BlockDensityMatrix& layout, const OneBodyModel& model,
                     DenseCopies copies = DenseCopies::shared);
    BlockLindbladRHS(const BlockDensityMatrix& layout, const BlockGeneratorTerms& terms,
                     DenseCopies copies = DenseCopies::shared);

    /// Whether the dense copies share slots (see DenseCopies).
    bool shares_dense_copies() const { return shared_; }

    /// F = L(Gamma) for two different Vecs of the layout of `layout`. Gamma must be Hermitian.
    /// In an interaction picture, F = L~(t)(Gamma).
    void apply(Vec Gamma, Vec F) { apply(0.0, Gamma, F); }
    void apply(double t, Vec Gamma, Vec F);
    bool in_interaction_picture() const { return !frame_energy_.empty(); }

    /// Phi_t (forward) or its inverse applied in place to a state of the layout: the lab
    /// frame's state from the interaction picture's, or back (collective: no communication).
    void to_lab_frame(double t, Vec Gamma) const { rotate_frame(t, Gamma, 1.0); }
    void to_interaction_picture(double t, Vec Gamma) const { rotate_frame(t, Gamma, -1.0); }

private:
    void rotate_frame(double t, Vec Gamma, double sign) const;
    /// e^{-i sign t (E_m - E_ref)} for the basis vectors m of block lambda, into `phase`.
    void frame_phases(std::size_t lambda, double t, double sign, std::vector<Complex>& phase) const;

    const BlockDensityMatrix& layout_;
    /// Per lambda needed: the eigenvalues E_m of H_0 (empty in the lab frame), less their mean.
    std::vector<std::vector<double>> frame_energy_;
    struct JumpTerm {
        std::size_t source; ///< lambda
        BlockOperator X;    ///< sqrt(N m_mu / m_lambda) C_{mu lambda'}^dag (1 (x) L) C_{mu lambda}
        long lowest_offset; ///< X by diagonals: its lowest diagonal's offset
    };
    struct OwnBlock {
        std::size_t lambda;
        BlockOperator minus_i_H; ///< -i H_eff on V_lambda
        std::vector<JumpTerm> jumps;
    };
    std::vector<OwnBlock> own_;
    // The blocks the owned ones need (themselves and their neighbours), unpacked each time;
    // those of other ranks (the halo) are first gathered, packed.
    std::vector<bool> halo_;                ///< per lambda: in gathered_, not in Gamma's array
    std::vector<PetscInt> packed_offset_;   ///< where a needed block starts in either, per lambda
    std::vector<std::size_t> dense_offset_; ///< where a needed block starts in dense_, per lambda
    bool shared_ = false; ///< dense_ holds slots that blocks share (DenseCopies::shared)
    VecHandle gathered_;
    VecScatterHandle gather_;
    std::vector<Complex> dense_, t_, phase_, row_phase_; ///< work space of apply
};

} // namespace qrem
