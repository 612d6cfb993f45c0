#pragma once
// symmetric: a permutation-invariant N-body density matrix in Schur-Weyl blocks,
// Gamma = (+)_lambda rho_lambda (x) 1_{M_lambda}, stored as sigma_lambda = m_lambda rho_lambda
// (dim_lambda x dim_lambda, row-major; Tr Gamma = sum_lambda Tr sigma_lambda, and no number is
// astronomically small or large). sigma is Hermitian, so only its upper triangle is stored,
// row by row (packed: row r holds columns r..dim-1): half the memory and half the vector work
// of the integrator, and Hermitian by construction. Whole blocks are distributed over the ranks,
// contiguous in the order of SchurWeylBlocks::irreps and balanced by a work per block (their
// entries unless the caller knows better: symmetric/block_lindblad_rhs.hpp); the storage
// is a PETSc Vec, the state of the TS integrator. design/permutation-invariant.md has the
// formulas.
#include "core/petsc_handle.hpp"
#include "linalg/dense_matrix.hpp"
#include "representation/schur_weyl.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mpi.h>
#include <vector>

namespace qrem {

/// The spectrum of Gamma from its blocks: eigenvalue s / m_lambda with multiplicity m_lambda
/// for every eigenvalue s of sigma_lambda.
struct BlockSpectrumEntropy {
    double entropy = 0.0;        ///< S_vN = sum_lambda [-Tr sigma ln sigma + Tr sigma ln m]
    double min_eigenvalue = 0.0; ///< smallest eigenvalue of Gamma
    double negative_count = 0.0; ///< eigenvalues of Gamma below -1e-12, with multiplicity
};

class BlockDensityMatrix {
public:
    /// Zero state on `comm`, its blocks balanced over the ranks by `work` (one number per block,
    /// in the order of blocks->irreps; empty: by their entries). States that are combined
    /// entry by entry must share the layout: pass the same work (work()).
    BlockDensityMatrix(MPI_Comm comm, std::shared_ptr<const SchurWeylBlocks> blocks,
                       std::vector<double> work = {});

    MPI_Comm comm() const { return comm_; }
    const SchurWeylBlocks& blocks() const { return *blocks_; }
    std::shared_ptr<const SchurWeylBlocks> shared_blocks() const { return blocks_; }
    int N() const { return blocks_->N; }
    std::size_t d() const { return blocks_->d; }
    Vec vec() const { return vec_; }

    /// The blocks this rank owns: [first_block(), end_block()).
    std::size_t first_block() const { return first_; }
    std::size_t end_block() const { return end_; }
    int owner(std::size_t lambda) const;
    /// The work per block the layout was balanced by (the entries where none was given).
    const std::vector<double>& work() const { return work_; }
    /// Offset of block lambda's first entry in the global Vec.
    PetscInt offset(std::size_t lambda) const { return offsets_[lambda]; }
    /// The entries of all blocks: sum_lambda dim_lambda (dim_lambda + 1) / 2.
    PetscInt global_size() const { return offsets_.back(); }

    /// A copy of sigma_lambda (an owned block, unpacked).
    DenseMatrix block(std::size_t lambda) const;
    /// Sets every owned block lambda to (the Hermitian part of) sigma_of(lambda). Collective, also
    /// on a rank without blocks: PETSc caches norms by the Vec's state, which must change on
    /// every rank alike (a rank that did not write would keep a stale cached norm).
    void set_blocks(const std::function<DenseMatrix(std::size_t lambda)>& sigma_of);

    /// Tr Gamma (collective).
    Complex trace() const;
    /// max |Im sigma_kk| over the blocks: the only way packed storage can fail to be Hermitian
    /// (collective).
    double hermiticity_error() const;
    /// sum_lambda Tr(sigma_lambda O_lambda) = Tr(Gamma O) for a collective O given per block
    /// (collective; `op` is called for the owned blocks only).
    Complex expectation(const std::function<SparseOperator(std::size_t lambda)>& op) const;
    /// Gamma^{N:k} (d^k x d^k, the first k legs), k <= N (collective).
    DenseMatrix marginal(int k) const;
    /// d^k, the rows of Gamma^{N:k}; throws for k outside 1..N.
    std::size_t marginal_size(int k) const;
    /// Adds this rank's share of Gamma^{N:k}'s entries on and above the diagonal (row-major,
    /// marginal_size(k)^2 entries; fill_lower_triangle completes the sum) for the local
    /// `entries` of a Hermitian state of this layout (a derivative of Gamma, say); no
    /// communication. Linear over the reals in the state (packed storage conjugates the lower
    /// triangle), so an integrator can sample its stage derivatives and combine the samples.
    void add_local_marginal(int k, const PetscScalar* entries, Complex* marginal) const;
    /// S_vN and the health of the spectrum (collective).
    BlockSpectrumEntropy spectrum_entropy() const;
    /// ||Gamma - gamma^{(x)N}||_1 = sum_lambda ||sigma_lambda - m_lambda pi_lambda(gamma)||_1 for a
    /// faithful gamma (collective).
    double trace_distance_to_product(const DenseMatrix& gamma) const;

private:
    MPI_Comm comm_;
    std::shared_ptr<const SchurWeylBlocks> blocks_;
    std::vector<PetscInt> offsets_; ///< size blocks + 1
    std::vector<int> owners_;
    std::vector<double> work_;
    std::size_t first_ = 0, end_ = 0;
    VecHandle vec_;
    /// Gamma^{N:k}'s entries on and above the diagonal as sums over this rank's packed entries:
    /// term t adds coefficient[t] times entry index[t] to the marginal's entry target[t] / 2, or
    /// where target[t] is odd (the operator reads the lower triangle), the conjugate of
    /// coefficient[t] times the entry's conjugate. In the order of
    /// the entries, so that a sample streams each block's band once. Built on first use: they
    /// depend on the blocks only, and marginal(2) is sampled at every Dormand-Prince try of an
    /// interval with quadrature nodes.
    struct MarginalTerms {
        std::vector<PetscInt> index;
        std::vector<std::uint32_t> target;
        std::vector<Complex> coefficient;
    };
    const MarginalTerms& marginal_terms(int k) const;
    mutable std::map<int, MarginalTerms> marginal_terms_;
};

/// The rank of each block when the blocks are dealt out contiguously in their order, balanced
/// by `work` (one number per block): a block goes to the rank whose share of the total holds
/// its midpoint. BlockDensityMatrix's layout, and the memory estimate's.
std::vector<int> block_owners(const std::vector<double>& work, int ranks);

/// Sets the entries of a row-major n x n matrix below the diagonal to the conjugates of those
/// above it (a Hermitian matrix from its upper triangle).
void fill_lower_triangle(Complex* a, std::size_t n);

/// The packed upper triangle of a Hermitian dim x dim matrix: its size and where row r starts
/// (entry (r, c), c >= r, is at row_start + c - r).
constexpr std::size_t packed_size(std::size_t dim) {
    return dim * (dim + 1) / 2;
}
constexpr std::size_t packed_row_start(std::size_t dim, std::size_t r) {
    return r * dim - r * (r - 1) / 2;
}
/// Unpacks into row-major dense (dim x dim) storage; with `phase`, entry (r, c) is multiplied by
/// phase[r] conj(phase[c]) on the way (a diagonal unitary's conjugation, still Hermitian).
void unpack_hermitian(const Complex* packed, std::size_t dim, Complex* dense,
                      const Complex* phase = nullptr);

/// How weighted_product_block takes the exponential: by the eigendecomposition of the block's
/// dense pi_lambda(ln gamma), by the Chebyshev series on its sparse form
/// (representation/sparse_exponential.hpp), by the factorisation gamma = L D L^dag (where the
/// basis makes pi_lambda(L) a chain: d = 2), or automatically (the factorisation where it
/// applies, else whichever of the other two costs fewer operations).
enum class ProductBlockMethod { automatic, eigen, series, factorised };

/// m_lambda pi_lambda(gamma) = exp(ln m_lambda + sum_ab (ln gamma)_ab E_ab|_lambda) for a faithful
/// gamma, in one exponential (m_lambda alone overflows).
DenseMatrix weighted_product_block(const SchurWeylBlocks& blocks, std::size_t lambda,
                                   const DenseMatrix& log_gamma,
                                   ProductBlockMethod method = ProductBlockMethod::automatic);

/// Sum over ordered tuples of distinct particles of A1_{i1} A2_{i2} ... Ak_{ik} on V_lambda, for
/// one-body A's (the normal-ordered products behind the k-body marginals).
SparseOperator distinct_particle_sum(const SchurWeylBlocks& blocks, std::size_t lambda,
                                     const std::vector<DenseMatrix>& factors);

} // namespace qrem
