#include "theory/cancellation.hpp"

#include "core/error.hpp"
#include "theory/index_counting.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace qrem {
namespace {

/// M X_{ij} for M on k legs (D = d^k, leg 0 the most significant digit) and X on legs (i, j).
DenseMatrix times_two_leg(const DenseMatrix& M, const DenseMatrix& X, std::size_t d, int k, int i,
                          int j) {
    const std::size_t D = M.rows();
    std::size_t stride_i = 1, stride_j = 1;
    for (int leg = k - 1; leg > i; --leg)
        stride_i *= d;
    for (int leg = k - 1; leg > j; --leg)
        stride_j *= d;
    DenseMatrix out(D, D);
    for (std::size_t c = 0; c < D; ++c) {
        const std::size_t a = (c / stride_i) % d, b = (c / stride_j) % d;
        const std::size_t base = c - a * stride_i - b * stride_j;
        // (M X_ij)(r, c) = sum_{a', b'} M(r, c') X((a' b'), (a b)), c' = c with (a', b').
        for (std::size_t a2 = 0; a2 < d; ++a2)
            for (std::size_t b2 = 0; b2 < d; ++b2) {
                const Complex x = X(a2 * d + b2, a * d + b);
                if (x == Complex(0.0))
                    continue;
                const std::size_t c2 = base + a2 * stride_i + b2 * stride_j;
                for (std::size_t r = 0; r < D; ++r)
                    out(r, c) += M(r, c2) * x;
            }
    }
    return out;
}

/// The legs of (I, J) renamed 0, 1, ... in order of first appearance in i1 j1 i2 j2 ...
std::vector<int> pattern(std::span<const int> I, std::span<const int> J) {
    std::map<int, int> name;
    std::vector<int> p;
    for (std::size_t nu = 0; nu < I.size(); ++nu)
        for (const int leg : {I[nu], J[nu]}) {
            const auto [it, added] = name.emplace(leg, static_cast<int>(name.size()));
            p.push_back(it->second);
        }
    return p;
}

} // namespace

Complex mixed_moment(const DenseMatrix& gamma, const DenseMatrix& X, std::span<const int> I,
                     std::span<const int> J) {
    const std::size_t d = gamma.rows();
    if (I.size() != J.size() || X.rows() != d * d || X.cols() != d * d)
        throw Error("mixed_moment: needs |I| = |J| and X of size d^2 x d^2");
    const std::vector<int> legs = pattern(I, J);
    const int k = legs.empty() ? 0 : *std::max_element(legs.begin(), legs.end()) + 1;
    DenseMatrix M = kron_power(gamma, k);
    for (std::size_t nu = 0; nu < I.size(); ++nu) {
        if (legs[2 * nu] == legs[2 * nu + 1])
            throw Error("mixed_moment: i_nu = j_nu");
        M = times_two_leg(M, X, d, k, legs[2 * nu], legs[2 * nu + 1]);
    }
    return trace(M);
}

CancellationCount count_cancellations(const DenseMatrix& gamma, const DenseMatrix& X, int N, int m,
                                      double zero_tolerance) {
    CancellationCount count;
    count.N = N;
    count.m = m;
    const double scale = std::pow(hermitian_op_norm(X), m);
    std::map<std::vector<int>, double> moments; // |moment| / ||X||^m by pattern
    for_each_index_pair(m, N, [&](std::span<const int> I, std::span<const int> J) {
        for (int nu = 0; nu < m; ++nu)
            if (I[nu] == J[nu])
                return;
        ++count.pairs;
        const std::vector<int> key = pattern(I, J);
        auto it = moments.find(key);
        if (it == moments.end())
            it = moments.emplace(key, std::abs(mixed_moment(gamma, X, I, J)) / scale).first;
        const double value = it->second;
        if (cancellation_applies(I, J)) {
            ++count.cancelled;
            count.largest_cancelled = std::max(count.largest_cancelled, value);
        } else {
            ++count.survivors;
            count.survivors_in_index_set += in_index_set(I, J) ? 1 : 0;
            count.survivors_nonzero += value > zero_tolerance ? 1 : 0;
            count.largest_survivor = std::max(count.largest_survivor, value);
        }
    });
    return count;
}

} // namespace qrem
