#pragma once
// state: the distributed N-body density matrix Gamma. Rows are split across ranks (owned_rows);
// each rank stores its m rows for all D columns, column-major with leading dimension
// lda = m + 4: entry (r, s) at (r - begin) + lda*s. The 4 padding entries per column (kept zero)
// stop columns from being a power-of-two bytes apart (64 KiB for m = 4096), which made every
// kernel that touches several columns at once thrash the same cache sets. The storage is a
// PETSc Vec, the state of the TS integrator.
#include "core/huge_pages.hpp"
#include "core/petsc_handle.hpp"
#include "linalg/dense_matrix.hpp"
#include "nbody/nbody_space.hpp"

#include <vector>

namespace qrem {

/// Read or write access to the local block of a Vec, released at scope exit.
class LocalBlock {
public:
    explicit LocalBlock(Vec v);
    LocalBlock(const LocalBlock&) = delete;
    LocalBlock& operator=(const LocalBlock&) = delete;
    ~LocalBlock();
    PetscScalar* data() { return data_; }

private:
    Vec vec_;
    PetscScalar* data_ = nullptr;
};

class ConstLocalBlock {
public:
    explicit ConstLocalBlock(Vec v);
    ConstLocalBlock(const ConstLocalBlock&) = delete;
    ConstLocalBlock& operator=(const ConstLocalBlock&) = delete;
    ~ConstLocalBlock();
    const PetscScalar* data() const { return data_; }

private:
    Vec vec_;
    const PetscScalar* data_ = nullptr;
};

class DensityMatrix {
public:
    /// Zero matrix on `comm`.
    DensityMatrix(MPI_Comm comm, const NBodySpace& space);

    MPI_Comm comm() const { return comm_; }
    const NBodySpace& space() const { return space_; }
    const RowRange& rows() const { return rows_; }
    /// Leading dimension of the local block (column stride), m + padding.
    std::int64_t lda() const { return lda_; }
    /// Entries of the local block, padding included: lda * D.
    std::int64_t local_size() const { return lda_ * space_.D(); }
    Vec vec() const { return vec_; }
    /// A Vec of the same layout (for right-hand sides and work space).
    VecHandle duplicate_vec() const;

    /// Tr Gamma (collective).
    Complex trace() const;
    /// max |Gamma_rs - conj(Gamma_sr)| (collective).
    double hermiticity_error() const;
    /// Gamma^{N:k} = Tr_{k+1..N} Gamma, d^k x d^k, on every rank (collective).
    DenseMatrix marginal(int k) const;
    /// The one-body marginal on one leg (0-based), d x d, on every rank (collective).
    DenseMatrix one_body_marginal(int leg) const;
    /// Tr(A Gamma) for a D x D MPIAIJ matrix A with the same row split, Gamma Hermitian.
    Complex expectation(Mat A) const;
    /// The whole matrix on every rank (tests and small D only).
    DenseMatrix gather() const;
    /// The same of a Vec of this layout (a stage derivative, say).
    DenseMatrix gather(Vec v) const;

private:
    MPI_Comm comm_;
    NBodySpace space_;
    RowRange rows_;
    std::int64_t lda_;
    VecHandle vec_;
};

/// Gamma = gamma^{(x)N}: Gamma_rs = prod_j gamma_{a_j(r) a_j(s)}.
void fill_product_state(DensityMatrix& Gamma, const DenseMatrix& gamma);

/// out = in^dagger for two local blocks of the layout of `layout` (one MPI_Alltoallv, then a
/// cache-blocked local transpose). `received` is reused workspace (grown as needed). The
/// padding of `out` is left as it was.
void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out,
                         LargeScalarArray& received);
void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out);
/// out = in + in^dagger in one pass over out (out != in; its padding becomes in's): the
/// right-hand side's Y + Y^dagger without writing and re-reading a transposed copy.
void add_hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out,
                             LargeScalarArray& received);

} // namespace qrem
