#pragma once
// symmetric: small sparse complex matrices (rows of (column, value) pairs) for the operators on
// one Schur-Weyl block: the collective E_ab, their products, the intertwiners C_{mu lambda}.
// They act on dense blocks (DenseMatrix, row-major); every product costs O(nonzeros x dim).
#include "linalg/dense_matrix.hpp"

#include <utility>
#include <vector>

namespace qrem {

class SparseOperator {
public:
    using Entry = std::pair<std::size_t, Complex>; ///< (column, value)

    SparseOperator() = default;
    SparseOperator(std::size_t rows, std::size_t cols) : cols_(cols), rows_(rows) {}
    static SparseOperator identity(std::size_t n);

    std::size_t rows() const { return rows_.size(); }
    std::size_t cols() const { return cols_; }
    const std::vector<Entry>& row(std::size_t i) const { return rows_[i]; }
    /// Adds `value` at (i, j) (merging with an entry already there).
    void add(std::size_t i, std::size_t j, Complex value);
    std::size_t nonzeros() const;

    SparseOperator& operator+=(const SparseOperator& other);
    SparseOperator& operator*=(Complex factor);
    DenseMatrix dense() const;

private:
    std::size_t cols_ = 0;
    std::vector<std::vector<Entry>> rows_;
};

SparseOperator operator*(const SparseOperator& a, const SparseOperator& b);
SparseOperator operator+(SparseOperator a, const SparseOperator& b);
SparseOperator operator*(Complex factor, SparseOperator a);
SparseOperator adjoint(const SparseOperator& a);
/// a (x) 1_n and 1_n (x) a (a's index most significant in both).
SparseOperator kron_identity(const SparseOperator& a, std::size_t n);
SparseOperator kron_identity(std::size_t n, const SparseOperator& a);

/// A x (dense x: A.cols() x n), the result A.rows() x n.
DenseMatrix multiply(const SparseOperator& A, const DenseMatrix& x);
/// x A^dagger (dense x: n x A.cols()), the result n x A.rows().
DenseMatrix multiply_adjoint(const DenseMatrix& x, const SparseOperator& A);
/// Tr(x A) for dense x (A.cols() x A.rows()).
Complex trace_product(const DenseMatrix& x, const SparseOperator& A);

} // namespace qrem
