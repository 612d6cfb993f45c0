#include "representation/sparse_exponential.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace qrem {

std::vector<double> scaled_bessel_coefficients(double h, double tolerance) {
    if (!(h >= 0.0) || !std::isfinite(h))
        throw Error("scaled_bessel_coefficients: h = " + std::to_string(h) +
                    " is not a finite number >= 0");
    if (h == 0.0)
        return {1.0};
    // Miller's algorithm: I_k is the recessive solution of I_{k-1} = I_{k+1} + (2k/h) I_k as k
    // grows, so the recurrence run downwards from zero far out is stable, and the identity
    // e^h = I_0 + 2 sum_k I_k normalises it. Far out: e^{-h} I_k(h) ~ e^{-k^2/(2h)} / sqrt(2 pi h)
    // for k << h and (h/2)^k / k! for k >> h, so 12 sqrt(h) + 30 leaves terms below 1e-31
    // (test_sparse_exponential checks against std::cyl_bessel_i).
    const auto start = static_cast<std::size_t>(std::ceil(12.0 * std::sqrt(h) + 30.0));
    std::vector<double> v(start + 2, 0.0);
    v[start] = 1.0;
    for (std::size_t k = start; k >= 1; --k) {
        v[k - 1] = v[k + 1] + (2.0 * static_cast<double>(k) / h) * v[k];
        if (v[k - 1] > 1e250) // rescale what is computed; the far tail underflows to zero
            for (std::size_t j = k - 1; j <= start; ++j)
                v[j] *= 1e-250;
    }
    double sum = v[0];
    for (std::size_t k = 1; k <= start; ++k)
        sum += 2.0 * v[k];
    for (double& x : v)
        x /= sum;
    // Keep e_0..e_K with 2 sum_{k > K} e_k below the tolerance.
    std::size_t K = start;
    double tail = 0.0;
    while (K > 0 && tail + 2.0 * v[K] < tolerance) {
        tail += 2.0 * v[K];
        --K;
    }
    v.resize(K + 1);
    return v;
}

namespace {

/// [lowest, highest] widened a little: rounding in A may put an eigenvalue a few ulps outside
/// (T_k grows only like 1 + k^2 (|u| - 1) there), and the ends of an interval of zero width may
/// come in either order by rounding.
std::pair<double, double> widened(double lowest, double highest) {
    if (!std::isfinite(lowest) || !std::isfinite(highest))
        throw Error("hermitian_exponential: the interval [" + std::to_string(lowest) + ", " +
                    std::to_string(highest) + "] is not finite");
    const double margin = 1e-13 * std::max({1.0, std::abs(lowest), std::abs(highest)});
    if (lowest > highest + margin)
        throw Error("hermitian_exponential: the interval [" + std::to_string(lowest) + ", " +
                    std::to_string(highest) + "] is empty");
    return {std::min(lowest, highest) - margin, std::max(lowest, highest) + margin};
}

} // namespace

std::size_t hermitian_exponential_terms(double lowest, double highest) {
    const auto [a, b] = widened(lowest, highest);
    return scaled_bessel_coefficients(0.5 * (b - a)).size();
}

DenseMatrix hermitian_exponential(const SparseOperator& A, double lowest, double highest,
                                  double shift) {
    const std::size_t n = A.rows();
    if (A.cols() != n)
        throw Error("hermitian_exponential: the operator is not square");
    std::tie(lowest, highest) = widened(lowest, highest);
    const double c = 0.5 * (lowest + highest), h = 0.5 * (highest - lowest);
    const std::vector<double> e = scaled_bessel_coefficients(h);
    const double scale = std::exp(shift + highest); // e^{shift + c} e^{h}
    DenseMatrix result(n, n);
    for (std::size_t r = 0; r < n; ++r)
        result(r, r) = scale * e[0];
    if (e.size() == 1)
        return result;

    // 2u = 2(A - c)/h by rows, and its first power T_1 = u.
    std::vector<std::vector<SparseOperator::Entry>> two_u(n);
    DenseMatrix previous(n, n), current(n, n); // T_{k-1}, T_k
    // The columns [lo, hi) of row r where T_k (and T_{k-1}) can be non-zero: powers of a sparse
    // operator fill in gradually (at d = 2, u is tridiagonal and T_k has bandwidth k).
    std::vector<std::size_t> lo_previous(n), hi_previous(n), lo_current(n), hi_current(n);
    for (std::size_t r = 0; r < n; ++r) {
        bool diagonal = false;
        for (const auto& [col, value] : A.row(r)) {
            const Complex v = col == r ? value - c : value;
            diagonal = diagonal || col == r;
            two_u[r].emplace_back(col, (2.0 / h) * v);
        }
        if (!diagonal)
            two_u[r].emplace_back(r, Complex(-2.0 * c / h));
        previous(r, r) = 1.0;
        lo_previous[r] = r;
        hi_previous[r] = r + 1;
        lo_current[r] = n;
        hi_current[r] = 0;
        for (const auto& [col, value] : two_u[r]) {
            current(r, col) += 0.5 * value;
            lo_current[r] = std::min(lo_current[r], col);
            hi_current[r] = std::max(hi_current[r], col + 1);
        }
        for (std::size_t col = lo_current[r]; col < hi_current[r]; ++col)
            result(r, col) += scale * 2.0 * e[1] * current(r, col);
    }
    for (std::size_t k = 1; k + 1 < e.size(); ++k) {
        // T_{k+1} = 2u T_k - T_{k-1}, written over T_{k-1} row by row (row r of it needs only
        // row r of T_{k-1}), and its share of the sum at once.
        const double weight = scale * 2.0 * e[k + 1];
        for (std::size_t r = 0; r < n; ++r) {
            std::size_t lo = lo_previous[r], hi = hi_previous[r];
            for (const auto& entry : two_u[r]) {
                lo = std::min(lo, lo_current[entry.first]);
                hi = std::max(hi, hi_current[entry.first]);
            }
            Complex* next = previous.data() + r * n;
            for (std::size_t col = lo; col < hi; ++col)
                next[col] = -next[col];
            for (const auto& [row, value] : two_u[r]) {
                const Complex* in = current.data() + row * n;
                for (std::size_t col = lo_current[row]; col < hi_current[row]; ++col)
                    next[col] += value * in[col];
            }
            Complex* out = result.data() + r * n;
            for (std::size_t col = lo; col < hi; ++col)
                out[col] += weight * next[col];
            lo_previous[r] = lo;
            hi_previous[r] = hi;
        }
        std::swap(previous, current);
        std::swap(lo_previous, lo_current);
        std::swap(hi_previous, hi_current);
    }
    return result;
}

} // namespace qrem
