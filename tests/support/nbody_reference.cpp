#include "support/nbody_reference.hpp"

#include <algorithm>
#include <cmath>

namespace ref {
namespace {

Mat unit(std::size_t d, std::size_t a, std::size_t b) {
    Mat m = zeros(d, d);
    m[a][b] = 1.0;
    return m;
}

Mat kron_all(const std::vector<Mat>& factors) {
    Mat result = factors[0];
    for (std::size_t k = 1; k < factors.size(); ++k)
        result = kron(result, factors[k]);
    return result;
}

} // namespace

Mat embed_one(const Mat& A, int leg, std::size_t d, int N) {
    std::vector<Mat> factors(static_cast<std::size_t>(N), eye(d));
    factors[static_cast<std::size_t>(leg)] = A;
    return kron_all(factors);
}

Mat embed_two(const Mat& W, int i, int j, std::size_t d, int N) {
    std::size_t D = 1;
    for (int l = 0; l < N; ++l)
        D *= d;
    Mat result = zeros(D, D);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t c = 0; c < d; ++c)
            for (std::size_t b = 0; b < d; ++b)
                for (std::size_t e = 0; e < d; ++e) {
                    const cplx w = W[a * d + c][b * d + e];
                    if (w == cplx(0.0))
                        continue;
                    std::vector<Mat> factors(static_cast<std::size_t>(N), eye(d));
                    factors[static_cast<std::size_t>(i)] = unit(d, a, b);
                    factors[static_cast<std::size_t>(j)] = unit(d, c, e);
                    result = add(result, scale(w, kron_all(factors)));
                }
    return result;
}

Mat hamiltonian(const Mat& h, const Mat& W, int N) {
    const std::size_t d = h.size();
    Mat H = embed_one(h, 0, d, N);
    for (int j = 1; j < N; ++j)
        H = add(H, embed_one(h, j, d, N));
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            H = add(H, scale(1.0 / (N - 1), embed_two(W, i, j, d, N)));
    return H;
}

Mat lindblad_rk4(const Mat& H, const std::vector<Mat>& jumps, Mat G, double t, int steps) {
    return rk4([&](const Mat& g) { return lindblad_rhs(H, jumps, g); }, std::move(G), t, steps);
}

Mat lindblad_taylor(const Mat& H, const std::vector<Mat>& jumps, Mat G, double t) {
    // ||L(G)|| <= (2 ||H|| + 2 sum ||L||^2) ||G|| in the spectral norm, which the max row sum
    // (||.||_inf) and column sum (||.||_1) bound: ||A||_2^2 <= ||A||_1 ||A||_inf.
    const auto row_sum = [](const Mat& A) {
        double worst = 0.0;
        for (const auto& row : A) {
            double s = 0.0;
            for (const auto& x : row)
                s += std::abs(x);
            worst = std::max(worst, s);
        }
        return worst;
    };
    double bound = 2.0 * row_sum(H);
    for (const auto& L : jumps)
        bound += 2.0 * row_sum(L) * row_sum(dag(L));
    // Sub-intervals with tau * bound <= 1: the terms (tau L)^k G / k! fall like 1/k!.
    const int pieces = std::max(1, static_cast<int>(std::ceil(t * bound)));
    const double tau = t / pieces;
    for (int p = 0; p < pieces; ++p) {
        Mat term = G;
        for (int k = 1; k < 60; ++k) {
            term = scale(tau / k, lindblad_rhs(H, jumps, term));
            G = add(G, term);
            if (max_abs_diff(term, zeros(G.size(), G.size())) < 1e-18)
                break;
        }
    }
    return G;
}

std::vector<Mat> embedded_jumps(const std::vector<Mat>& jumps, std::size_t d, int N) {
    std::vector<Mat> all;
    for (const auto& L : jumps)
        for (int j = 0; j < N; ++j)
            all.push_back(embed_one(L, j, d, N));
    return all;
}

Mat product_state(const Mat& gamma, int N) {
    Mat G = gamma;
    for (int j = 1; j < N; ++j)
        G = kron(G, gamma);
    return G;
}

Mat keep_first_legs(const Mat& G, int k, std::size_t d, int N) {
    std::size_t keep = 1, rest = 1;
    for (int l = 0; l < k; ++l)
        keep *= d;
    for (int l = k; l < N; ++l)
        rest *= d;
    Mat r = zeros(keep, keep);
    for (std::size_t x = 0; x < keep; ++x)
        for (std::size_t y = 0; y < keep; ++y)
            for (std::size_t z = 0; z < rest; ++z)
                r[x][y] += G[x * rest + z][y * rest + z];
    return r;
}

} // namespace ref
