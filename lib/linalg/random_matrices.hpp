#pragma once
// linalg: seeded random matrices (reproducible: std::mt19937_64 from a given seed), for tests and
// for the numerical checks of `qrem theory`.
#include "linalg/dense_matrix.hpp"

#include <random>

namespace qrem {

inline DenseMatrix random_matrix(std::size_t rows, std::size_t cols, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    DenseMatrix m(rows, cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            m(i, j) = Complex(normal(rng), normal(rng));
    return m;
}

inline DenseMatrix random_hermitian(std::size_t n, unsigned seed) {
    return hermitian_part(random_matrix(n, n, seed));
}

/// A random density matrix with smallest eigenvalue bounded away from 0.
inline DenseMatrix random_density_matrix(std::size_t n, unsigned seed) {
    const DenseMatrix a = random_matrix(n, n, seed);
    DenseMatrix rho = a * adjoint(a) + DenseMatrix::identity(n);
    rho *= 1.0 / trace(rho).real();
    return hermitian_part(rho);
}

/// A random Hermitian, exchange-symmetric two-body operator on C^d (x) C^d.
inline DenseMatrix random_two_body(std::size_t d, unsigned seed) {
    const DenseMatrix A = random_hermitian(d * d, seed);
    DenseMatrix W(d * d, d * d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t c = 0; c < d; ++c)
            for (std::size_t b = 0; b < d; ++b)
                for (std::size_t e = 0; e < d; ++e)
                    W(a * d + c, b * d + e) =
                        0.5 * (A(a * d + c, b * d + e) + A(c * d + a, e * d + b));
    return W;
}

} // namespace qrem
