#include "representation/sparse_operator.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <set>

namespace qrem {

SparseOperator SparseOperator::identity(std::size_t n) {
    SparseOperator I(n, n);
    for (std::size_t i = 0; i < n; ++i)
        I.add(i, i, 1.0);
    return I;
}

void SparseOperator::add(std::size_t i, std::size_t j, Complex value) {
    if (value == Complex(0.0))
        return;
    auto& r = rows_[i];
    const auto at = std::find_if(r.begin(), r.end(), [&](const Entry& e) { return e.first == j; });
    if (at == r.end())
        r.emplace_back(j, value);
    else
        at->second += value;
}

std::size_t SparseOperator::nonzeros() const {
    std::size_t n = 0;
    for (const auto& r : rows_)
        n += r.size();
    return n;
}

SparseOperator& SparseOperator::operator+=(const SparseOperator& other) {
    if (other.rows() != rows() || other.cols() != cols())
        throw Error("SparseOperator: sizes differ in a sum");
    for (std::size_t i = 0; i < rows(); ++i)
        for (const auto& [j, v] : other.rows_[i])
            add(i, j, v);
    return *this;
}

SparseOperator& SparseOperator::operator*=(Complex factor) {
    for (auto& r : rows_)
        for (auto& e : r)
            e.second *= factor;
    return *this;
}

DenseMatrix SparseOperator::dense() const {
    DenseMatrix m(rows(), cols());
    for (std::size_t i = 0; i < rows(); ++i)
        for (const auto& [j, v] : rows_[i])
            m(i, j) += v;
    return m;
}

SparseOperator operator*(const SparseOperator& a, const SparseOperator& b) {
    if (a.cols() != b.rows())
        throw Error("SparseOperator: sizes differ in a product");
    SparseOperator c(a.rows(), b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (const auto& [k, x] : a.row(i))
            for (const auto& [j, y] : b.row(k))
                c.add(i, j, x * y);
    return c;
}

SparseOperator operator*(Complex factor, SparseOperator a) {
    return a *= factor;
}

SparseOperator adjoint(const SparseOperator& a) {
    SparseOperator t(a.cols(), a.rows());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (const auto& [j, v] : a.row(i))
            t.add(j, i, std::conj(v));
    return t;
}

Diagonals::Diagonals(const SparseOperator& a) : rows(a.rows()), cols(a.cols()) {
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (const auto& [j, v] : a.row(i)) {
            const long o = static_cast<long>(j) - static_cast<long>(i);
            auto at = std::find(offset.begin(), offset.end(), o);
            if (at == offset.end()) {
                offset.push_back(o);
                value.emplace_back(rows, Complex(0.0));
                at = offset.end() - 1;
            }
            value[static_cast<std::size_t>(at - offset.begin())][i] += v;
        }
}

CompressedRows::CompressedRows(const SparseOperator& a) : rows(a.rows()), cols(a.cols()) {
    start.reserve(rows + 1);
    start.push_back(0);
    for (std::size_t i = 0; i < rows; ++i) {
        for (const auto& [j, v] : a.row(i)) {
            column.push_back(j);
            value.push_back(v);
        }
        start.push_back(column.size());
    }
    first_column_from.assign(rows + 1, cols);
    for (std::size_t i = rows; i-- > 0;) {
        first_column_from[i] = first_column_from[i + 1];
        for (std::size_t e = start[i]; e < start[i + 1]; ++e)
            first_column_from[i] = std::min(first_column_from[i], column[e]);
    }
}

std::size_t diagonal_count(const SparseOperator& a) {
    std::set<long> offsets;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (const auto& entry : a.row(i))
            offsets.insert(static_cast<long>(entry.first) - static_cast<long>(i));
    return offsets.size();
}

SparseOperator kron_identity(std::size_t n, const SparseOperator& a) {
    SparseOperator k(n * a.rows(), n * a.cols());
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t i = 0; i < a.rows(); ++i)
            for (const auto& [j, v] : a.row(i))
                k.add(s * a.rows() + i, s * a.cols() + j, v);
    return k;
}

Complex trace_product(const DenseMatrix& x, const SparseOperator& A) {
    // Tr(x A) = sum_{i,k} x(k, i) A(i, k).
    Complex sum = 0.0;
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (const auto& [k, a] : A.row(i))
            sum += x(k, i) * a;
    return sum;
}

} // namespace qrem
