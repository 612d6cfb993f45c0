#pragma once
// representation: small sparse complex matrices (rows of (column, value) pairs) for the operators on
// one Schur-Weyl block: the collective E_ab, their products, the intertwiners C_{mu lambda}.
// Products with them cost O(nonzeros), not O(dim^2).
#include "linalg/dense_matrix.hpp"

#include <algorithm>
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

/// The same operator by diagonals, for the inner loops of the generator: the collective
/// operators and intertwiners of d = 2 are banded (a few diagonals), and both A x and x A^dag
/// then run over contiguous memory. Diagonal k holds A(i, i + offset[k]) at value[k][i] (zero
/// where i + offset[k] lies outside the columns).
struct Diagonals {
    std::size_t rows = 0, cols = 0;
    std::vector<long> offset;
    std::vector<std::vector<Complex>> value;

    explicit Diagonals(const SparseOperator& a);
    /// The rows i of diagonal k with a column: [first_row(k), end_row(k)).
    std::size_t first_row(std::size_t k) const {
        return offset[k] < 0 ? static_cast<std::size_t>(-offset[k]) : 0;
    }
    std::size_t end_row(std::size_t k) const {
        const long end = static_cast<long>(cols) - offset[k];
        return static_cast<std::size_t>(std::clamp(end, 0L, static_cast<long>(rows)));
    }
};

/// The same operator by compressed rows, for the inner loops of the generator where it is not
/// banded (the Gelfand-Tsetlin operators of d >= 3 spread over many diagonals).
struct CompressedRows {
    std::size_t rows = 0, cols = 0;
    std::vector<std::size_t> start; ///< row i holds entries [start[i], start[i + 1])
    std::vector<std::size_t> column;
    std::vector<Complex> value;
    /// The smallest column in rows i..rows-1 (cols past the last row): x A^dag restricted to
    /// columns c >= i reads x only from there on.
    std::vector<std::size_t> first_column_from;

    explicit CompressedRows(const SparseOperator& a);
};

/// The number of distinct diagonals j - i that hold entries of a.
std::size_t diagonal_count(const SparseOperator& a);

/// 1_n (x) a (the identity's index most significant).
SparseOperator kron_identity(std::size_t n, const SparseOperator& a);
/// Tr(x A) for dense x (A.cols() x A.rows()).
Complex trace_product(const DenseMatrix& x, const SparseOperator& A);

} // namespace qrem
