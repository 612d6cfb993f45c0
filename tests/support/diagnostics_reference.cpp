#include "support/diagnostics_reference.hpp"

#include "support/nbody_reference.hpp"

#include <cmath>

namespace ref {

Mat hermitian_function(const Mat& A, double (*f)(double)) {
    const Eigen e = jacobi_eigen(A);
    const std::size_t n = A.size();
    Mat r = zeros(n, n);
    for (std::size_t k = 0; k < n; ++k) {
        const double fk = f(e.values[k]);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = 0; b < n; ++b)
                r[a][b] += fk * e.vectors[a][k] * std::conj(e.vectors[b][k]);
    }
    return r;
}

double von_neumann_entropy(const Mat& rho) {
    double s = 0.0;
    for (const double lambda : jacobi_eigen(rho).values)
        if (lambda > 0)
            s -= lambda * std::log(lambda);
    return s;
}

double relative_entropy(const Mat& rho, const Mat& sigma) {
    const Mat log_sigma = hermitian_function(sigma, [](double x) { return std::log(x); });
    return -von_neumann_entropy(rho) - tr(mul(rho, log_sigma)).real();
}

double trace_norm(const Mat& A) {
    double s = 0.0;
    for (const double lambda : jacobi_eigen(A).values)
        s += std::abs(lambda);
    return s;
}

Mat marginal_on_legs(const Mat& G, const std::vector<int>& keep, std::size_t d, int N) {
    std::size_t D = 1, K = 1;
    for (int l = 0; l < N; ++l)
        D *= d;
    for (std::size_t l = 0; l < keep.size(); ++l)
        K *= d;
    const auto digit = [&](std::size_t r, int leg) {
        std::size_t stride = 1;
        for (int l = leg + 1; l < N; ++l)
            stride *= d;
        return (r / stride) % d;
    };
    // Sum over pairs (r, s) that agree on every leg not kept.
    Mat m = zeros(K, K);
    for (std::size_t r = 0; r < D; ++r)
        for (std::size_t s = 0; s < D; ++s) {
            bool agree = true;
            for (int l = 0; l < N && agree; ++l)
                if (std::find(keep.begin(), keep.end(), l) == keep.end())
                    agree = digit(r, l) == digit(s, l);
            if (!agree)
                continue;
            std::size_t x = 0, y = 0;
            for (const int l : keep) {
                x = x * d + digit(r, l);
                y = y * d + digit(s, l);
            }
            m[x][y] += G[r][s];
        }
    return m;
}

Mat fluctuation_operator(const Mat& W, const Mat& gamma) {
    const std::size_t d = gamma.size();
    const Mat log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
    const Mat B = add(W, scale(-1.0, kron(mean_field_potential(W, gamma), eye(d))));
    const Mat C = kron(log_gamma, eye(d));
    return scale(cplx(0, -1), add(mul(B, C), scale(-1.0, mul(C, B))));
}

double entropy_production(const Mat& G, const Mat& X, std::size_t d, int N) {
    Mat A = zeros(G.size(), G.size());
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j)
            if (i != j)
                A = add(A, scale(1.0 / (N - 1), embed_two(X, i, j, d, N)));
    return tr(mul(G, A)).real();
}

} // namespace ref
