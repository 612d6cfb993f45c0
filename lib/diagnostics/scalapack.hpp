#pragma once
// diagnostics (internal): a BLACS process grid, a 2D block-cyclic copy of Gamma on it, and
// ScaLAPACK's Hermitian eigensolvers, eigenvalues only. Used by spectrum.cpp and the benchmark.
#include "state/density_matrix.hpp"

#include <mpi.h>

#include <array>
#include <complex>
#include <cstdint>
#include <vector>

namespace qrem::scalapack {

/// A BLACS process grid over all ranks of `comm`, nprow x npcol = size, as square as possible
/// with nprow <= npcol. Created and released collectively (RAII).
class BlacsGrid {
public:
    explicit BlacsGrid(MPI_Comm comm);
    BlacsGrid(const BlacsGrid&) = delete;
    BlacsGrid& operator=(const BlacsGrid&) = delete;
    ~BlacsGrid();

    MPI_Comm comm() const { return comm_; }
    int context() const { return context_; }
    int rows() const { return nprow_; }
    int cols() const { return npcol_; }
    int my_row() const { return myrow_; }
    int my_col() const { return mycol_; }
    /// Grid position of rank q of the communicator.
    int row_of_rank(int q) const { return row_of_rank_[static_cast<std::size_t>(q)]; }
    int col_of_rank(int q) const { return col_of_rank_[static_cast<std::size_t>(q)]; }

private:
    MPI_Comm comm_;
    int system_ = -1;
    int context_ = -1;
    int nprow_ = 1, npcol_ = 1, myrow_ = 0, mycol_ = 0;
    std::vector<int> row_of_rank_, col_of_rank_;
};

/// An n x n complex matrix distributed 2D block-cyclically over `grid` in nb x nb blocks, the
/// first block on process (0, 0): its local part (column-major, leading dimension lld) and its
/// ScaLAPACK descriptor.
class BlockCyclicMatrix {
public:
    BlockCyclicMatrix(const BlacsGrid& grid, int n, int nb);

    const BlacsGrid& grid() const { return grid_; }
    int n() const { return n_; }
    int block() const { return nb_; }
    int local_rows() const { return local_rows_; }
    int local_cols() const { return local_cols_; }
    int lld() const { return desc_[8]; }
    const int* descriptor() const { return desc_.data(); }
    std::complex<double>* data() { return local_.data(); }

private:
    const BlacsGrid& grid_;
    int n_, nb_;
    int local_rows_, local_cols_;
    std::array<int, 9> desc_{};
    LargeScalarArray local_;
};

/// Distribution block size for a D x D matrix: 64 (ScaLAPACK's usual choice for blocked
/// Householder reductions), but at most D / (2 * max(nprow, npcol)) so that small matrices are
/// still spread over every process, at least 1.
int default_block_size(std::int64_t D, const BlacsGrid& grid);

/// Gamma's rows (PETSc's contiguous split) copied into a block-cyclic matrix on `grid`: one
/// MPI_Alltoallv, this rank's own part copied directly. Collective on Gamma.comm(), which must
/// be the communicator `grid` was built on. Gamma is not modified.
BlockCyclicMatrix distribute(const DensityMatrix& Gamma, const BlacsGrid& grid, int nb);

enum class Solver {
    heev,  ///< pzheev: tridiagonal reduction, then QR on the tridiagonal on every process
    heevr, ///< pzheevr: tridiagonal reduction, then parallel MRRR
    elpa   ///< ELPA's two-stage solver: a banded reduction (BLAS 3) before the tridiagonal one
};

/// Whether ELPA takes `a`: ELPA (2022.11) aborts the process, or fails on some processes
/// only, when a process row or column holds no block; it is used only where every one holds
/// at least two (D >= 2 nb max(nprow, npcol)).
bool elpa_takes(const BlockCyclicMatrix& a);

/// All eigenvalues of the Hermitian matrix `a` (ScaLAPACK reads its lower triangle, ELPA all of
/// it, as `distribute` copies it), ascending, on every process of the grid. Overwrites `a`.
/// Throws Error if ScaLAPACK or ELPA reports an error, or for Solver::elpa if !elpa_takes(a)
/// (on every process alike).
std::vector<double> hermitian_eigenvalues(BlockCyclicMatrix& a, Solver solver);

} // namespace qrem::scalapack
