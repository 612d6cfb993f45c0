#include "support/dense_reference.hpp"

#include <algorithm>
#include <cmath>

namespace ref {

Mat zeros(std::size_t rows, std::size_t cols) {
    return Mat(rows, std::vector<cplx>(cols, 0.0));
}

Mat eye(std::size_t n) {
    Mat m = zeros(n, n);
    for (std::size_t i = 0; i < n; ++i)
        m[i][i] = 1.0;
    return m;
}

Mat add(const Mat& a, const Mat& b) {
    Mat c = a;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a[i].size(); ++j)
            c[i][j] += b[i][j];
    return c;
}

Mat scale(cplx factor, const Mat& a) {
    Mat c = a;
    for (auto& row : c)
        for (auto& x : row)
            x *= factor;
    return c;
}

Mat mul(const Mat& a, const Mat& b) {
    Mat c = zeros(a.size(), b[0].size());
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b[0].size(); ++j)
            for (std::size_t k = 0; k < b.size(); ++k)
                c[i][j] += a[i][k] * b[k][j];
    return c;
}

Mat dag(const Mat& a) {
    Mat c = zeros(a[0].size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a[0].size(); ++j)
            c[j][i] = std::conj(a[i][j]);
    return c;
}

Mat kron(const Mat& a, const Mat& b) {
    const std::size_t p = b.size(), q = b[0].size();
    Mat c = zeros(a.size() * p, a[0].size() * q);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a[0].size(); ++j)
            for (std::size_t k = 0; k < p; ++k)
                for (std::size_t l = 0; l < q; ++l)
                    c[i * p + k][j * q + l] = a[i][j] * b[k][l];
    return c;
}

cplx tr(const Mat& a) {
    cplx t = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        t += a[i][i];
    return t;
}

double max_abs_diff(const Mat& a, const Mat& b) {
    double m = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a[i].size(); ++j)
            m = std::max(m, std::abs(a[i][j] - b[i][j]));
    return m;
}

Mat from_dense(const qrem::DenseMatrix& m) {
    Mat c = zeros(m.rows(), m.cols());
    for (std::size_t i = 0; i < m.rows(); ++i)
        for (std::size_t j = 0; j < m.cols(); ++j)
            c[i][j] = m(i, j);
    return c;
}

qrem::DenseMatrix to_dense(const Mat& m) {
    qrem::DenseMatrix c(m.size(), m[0].size());
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t j = 0; j < m[0].size(); ++j)
            c(i, j) = m[i][j];
    return c;
}

Mat partial_trace_second(const Mat& M, std::size_t d) {
    Mat r = zeros(d, d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            for (std::size_t c = 0; c < d; ++c)
                r[a][b] += M[a * d + c][b * d + c];
    return r;
}

Mat mean_field_potential(const Mat& W, const Mat& gamma) {
    const std::size_t d = gamma.size();
    return partial_trace_second(mul(kron(eye(d), gamma), W), d);
}

Mat lindblad_rhs(const Mat& H, const std::vector<Mat>& jumps, const Mat& G) {
    Mat r = scale(cplx(0, -1), add(mul(H, G), scale(-1.0, mul(G, H))));
    for (const auto& L : jumps) {
        const Mat LdL = mul(dag(L), L);
        r = add(r, mul(mul(L, G), dag(L)));
        r = add(r, scale(-0.5, add(mul(LdL, G), mul(G, LdL))));
    }
    return r;
}

Mat rk4(const std::function<Mat(const Mat&)>& rhs, Mat G, double t, int steps) {
    const double dt = t / steps;
    for (int n = 0; n < steps; ++n) {
        const Mat k1 = rhs(G);
        const Mat k2 = rhs(add(G, scale(dt / 2, k1)));
        const Mat k3 = rhs(add(G, scale(dt / 2, k2)));
        const Mat k4 = rhs(add(G, scale(dt, k3)));
        G = add(G, scale(dt / 6, add(add(k1, scale(2.0, k2)), add(scale(2.0, k3), k4))));
    }
    return G;
}

Mat hartree_rhs(const Mat& h, const Mat& W, const std::vector<Mat>& jumps, const Mat& gamma) {
    return lindblad_rhs(add(h, mean_field_potential(W, gamma)), jumps, gamma);
}

Mat hartree_rk4(const Mat& h, const Mat& W, const std::vector<Mat>& jumps, Mat gamma, double t,
                int steps) {
    return rk4([&](const Mat& g) { return hartree_rhs(h, W, jumps, g); }, std::move(gamma), t,
               steps);
}

Mat expm(const Mat& A) {
    double norm = 0.0;
    for (const auto& row : A) {
        double s = 0.0;
        for (const auto& x : row)
            s += std::abs(x);
        norm = std::max(norm, s);
    }
    int squarings = 0;
    while (norm > 0.5) {
        norm /= 2;
        ++squarings;
    }
    const Mat B = scale(std::pow(0.5, squarings), A);
    Mat result = eye(A.size()), term = eye(A.size());
    for (int k = 1; k <= 30; ++k) {
        term = scale(1.0 / k, mul(term, B));
        result = add(result, term);
    }
    for (int s = 0; s < squarings; ++s)
        result = mul(result, result);
    return result;
}

Mat liouvillian_superoperator(const Mat& H, const std::vector<Mat>& jumps) {
    // Row-major vec: vec(A X B) = (A (x) B^T) vec(X).
    const std::size_t d = H.size();
    auto transpose = [](const Mat& m) {
        Mat t = zeros(m[0].size(), m.size());
        for (std::size_t i = 0; i < m.size(); ++i)
            for (std::size_t j = 0; j < m[0].size(); ++j)
                t[j][i] = m[i][j];
        return t;
    };
    Mat S = scale(cplx(0, -1), add(kron(H, eye(d)), scale(-1.0, kron(eye(d), transpose(H)))));
    for (const auto& L : jumps) {
        const Mat LdL = mul(dag(L), L);
        S = add(S, kron(L, transpose(dag(L))));
        S = add(S, scale(-0.5, add(kron(LdL, eye(d)), kron(eye(d), transpose(LdL)))));
    }
    return S;
}

std::vector<cplx> vec(const Mat& m) {
    std::vector<cplx> v;
    for (const auto& row : m)
        v.insert(v.end(), row.begin(), row.end());
    return v;
}

Mat unvec(const std::vector<cplx>& v, std::size_t d) {
    Mat m = zeros(d, d);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            m[i][j] = v[i * d + j];
    return m;
}

std::vector<cplx> apply(const Mat& A, const std::vector<cplx>& v) {
    std::vector<cplx> r(A.size(), 0.0);
    for (std::size_t i = 0; i < A.size(); ++i)
        for (std::size_t j = 0; j < v.size(); ++j)
            r[i] += A[i][j] * v[j];
    return r;
}

Eigen jacobi_eigen(Mat A) {
    const std::size_t n = A.size();
    Mat V = eye(n);
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q)
                off += std::norm(A[p][q]);
        if (off < 1e-32)
            break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = std::abs(A[p][q]);
                if (apq < 1e-300)
                    continue;
                // A <- J^dag A J with J acting on columns p, q; V <- V J.
                const cplx phase = A[p][q] / apq;
                const double theta = 0.5 * std::atan2(2 * apq, (A[q][q] - A[p][p]).real());
                const double c = std::cos(theta), s = std::sin(theta);
                const auto rotate_columns = [&](Mat& M) {
                    for (std::size_t k = 0; k < n; ++k) {
                        const cplx mkp = M[k][p], mkq = M[k][q];
                        M[k][p] = c * mkp - s * std::conj(phase) * mkq;
                        M[k][q] = s * phase * mkp + c * mkq;
                    }
                };
                rotate_columns(A);
                rotate_columns(V);
                for (std::size_t k = 0; k < n; ++k) {
                    const cplx apk = A[p][k], aqk = A[q][k];
                    A[p][k] = c * apk - s * phase * aqk;
                    A[q][k] = s * std::conj(phase) * apk + c * aqk;
                }
            }
    }
    Eigen e{std::vector<double>(n), V};
    for (std::size_t i = 0; i < n; ++i)
        e.values[i] = A[i][i].real();
    return e;
}

std::vector<double> jacobi_eigenvalues(Mat A) {
    std::vector<double> w = jacobi_eigen(std::move(A)).values;
    std::sort(w.begin(), w.end());
    return w;
}

} // namespace ref
