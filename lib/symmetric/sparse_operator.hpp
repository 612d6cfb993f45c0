#pragma once
// symmetric: small sparse complex matrices (rows of (column, value) pairs) for the operators on
// one Schur-Weyl block: the collective E_ab, their products, the intertwiners C_{mu lambda}.
// Products with them cost O(nonzeros), not O(dim^2).
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
SparseOperator operator*(Complex factor, SparseOperator a);
SparseOperator adjoint(const SparseOperator& a);

/// The same operator in compressed rows (contiguous arrays), for the inner loops of the
/// generator: row i's entries are [start[i], start[i + 1]).
struct CompressedRows {
    std::vector<std::size_t> start;
    std::vector<std::size_t> column;
    std::vector<Complex> value;

    explicit CompressedRows(const SparseOperator& a);
    std::size_t rows() const { return start.size() - 1; }
};

/// 1_n (x) a (the identity's index most significant).
SparseOperator kron_identity(std::size_t n, const SparseOperator& a);
/// Tr(x A) for dense x (A.cols() x A.rows()).
Complex trace_product(const DenseMatrix& x, const SparseOperator& A);

} // namespace qrem
