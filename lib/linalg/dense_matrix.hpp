#pragma once
// linalg: small dense complex matrices for one-body (d x d) and two-body (d^2 x d^2) operators.
// Serial and deterministic; no MPI. Row-major storage.
#include <complex>
#include <cstddef>
#include <functional>
#include <vector>

namespace qrem {

using Complex = std::complex<double>;

class DenseMatrix {
public:
    DenseMatrix() = default;
    DenseMatrix(std::size_t rows, std::size_t cols)
        : rows_(rows), cols_(cols), data_(rows * cols) {}
    static DenseMatrix zero(std::size_t n) { return DenseMatrix(n, n); }
    static DenseMatrix identity(std::size_t n);
    static DenseMatrix diagonal(const std::vector<double>& values);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    bool is_square() const { return rows_ == cols_; }

    Complex& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
    const Complex& operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }
    Complex* data() { return data_.data(); }
    const Complex* data() const { return data_.data(); }
    std::size_t size() const { return data_.size(); }

    DenseMatrix& operator+=(const DenseMatrix& other);
    DenseMatrix& operator-=(const DenseMatrix& other);
    DenseMatrix& operator*=(Complex factor);

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<Complex> data_;
};

DenseMatrix operator+(DenseMatrix a, const DenseMatrix& b);
DenseMatrix operator-(DenseMatrix a, const DenseMatrix& b);
DenseMatrix operator*(Complex factor, DenseMatrix a);
DenseMatrix operator*(const DenseMatrix& a, const DenseMatrix& b);

DenseMatrix adjoint(const DenseMatrix& a);
/// a a^dagger (Hermitian, both triangles), by BLAS zherk.
DenseMatrix product_with_adjoint(const DenseMatrix& a);
/// [a, b] = ab - ba
DenseMatrix commutator(const DenseMatrix& a, const DenseMatrix& b);
/// Kronecker product, a's index most significant.
DenseMatrix kron(const DenseMatrix& a, const DenseMatrix& b);
/// a^{(x)k} (the 1x1 identity for k = 0), the first factor's index most significant.
DenseMatrix kron_power(const DenseMatrix& a, int k);
Complex trace(const DenseMatrix& a);
/// max_ij |a_ij|
double max_abs(const DenseMatrix& a);
/// Whether every entry off the diagonal is exactly zero.
bool is_exactly_diagonal(const DenseMatrix& a);
/// max_ij |a_ij - a_ji^*|
double hermiticity_error(const DenseMatrix& a);
/// (a + a^dagger)/2
DenseMatrix hermitian_part(const DenseMatrix& a);

struct HermitianEigen {
    std::vector<double> values; ///< ascending
    DenseMatrix vectors;        ///< columns are eigenvectors
};
/// Eigen-decomposition of the Hermitian part of `a` (LAPACK zheev).
HermitianEigen hermitian_eigen(const DenseMatrix& a);
/// Eigenvalues only, ascending.
std::vector<double> hermitian_eigenvalues(const DenseMatrix& a);
/// The Gauss quadrature of the measure whose Jacobi (real symmetric tridiagonal) matrix has the
/// diagonal alpha and the off-diagonal beta (one entry fewer): sum_i weights[i] f(nodes[i]) is
/// exact for polynomials f of degree < 2 alpha.size() (weights sum to the measure's mass 1).
struct GaussQuadrature {
    std::vector<double> nodes, weights;
};
GaussQuadrature gauss_quadrature(std::vector<double> alpha, std::vector<double> beta);
/// f(a) = V f(Lambda) V^dagger for Hermitian a.
DenseMatrix hermitian_function(const DenseMatrix& a, const std::function<double(double)>& f);
/// Trace norm ||a||_1 = sum |eigenvalue| of a Hermitian matrix.
double hermitian_trace_norm(const DenseMatrix& a);
/// Operator norm of a Hermitian matrix: max |eigenvalue|.
double hermitian_op_norm(const DenseMatrix& a);
/// Operator norm (largest singular value) of any matrix: sqrt of max eigenvalue of a^dagger a.
double op_norm(const DenseMatrix& a);

} // namespace qrem
