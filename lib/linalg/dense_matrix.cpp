#include "linalg/dense_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

extern "C" {
// LAPACK (provided by OpenBLAS on Debian after scripts/install-deps.sh).
void zheev_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a,
            const int* lda, double* w, std::complex<double>* work, const int* lwork, double* rwork,
            int* info);
void zheev_2stage_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a,
                   const int* lda, double* w, std::complex<double>* work, const int* lwork,
                   double* rwork, int* info);
void zheevd_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a,
             const int* lda, double* w, std::complex<double>* work, const int* lwork, double* rwork,
             const int* lrwork, int* iwork, const int* liwork, int* info);
void zgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const std::complex<double>* alpha, const std::complex<double>* a, const int* lda,
            const std::complex<double>* b, const int* ldb, const std::complex<double>* beta,
            std::complex<double>* c, const int* ldc);
void zherk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const std::complex<double>* a, const int* lda, const double* beta,
            std::complex<double>* c, const int* ldc);
void dstev_(const char* jobz, const int* n, double* d, double* e, double* z, const int* ldz,
            double* work, int* info);
}

namespace qrem {
namespace {

void require_same_shape(const DenseMatrix& a, const DenseMatrix& b, const char* op) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw std::invalid_argument(std::string("DenseMatrix ") + op + ": shape mismatch " +
                                    std::to_string(a.rows()) + "x" + std::to_string(a.cols()) +
                                    " vs " + std::to_string(b.rows()) + "x" +
                                    std::to_string(b.cols()));
}

} // namespace

DenseMatrix DenseMatrix::identity(std::size_t n) {
    DenseMatrix m(n, n);
    for (std::size_t i = 0; i < n; ++i)
        m(i, i) = 1.0;
    return m;
}

DenseMatrix DenseMatrix::diagonal(const std::vector<double>& values) {
    DenseMatrix m(values.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        m(i, i) = values[i];
    return m;
}

DenseMatrix& DenseMatrix::operator+=(const DenseMatrix& other) {
    require_same_shape(*this, other, "+=");
    for (std::size_t k = 0; k < data_.size(); ++k)
        data_[k] += other.data_[k];
    return *this;
}

DenseMatrix& DenseMatrix::operator-=(const DenseMatrix& other) {
    require_same_shape(*this, other, "-=");
    for (std::size_t k = 0; k < data_.size(); ++k)
        data_[k] -= other.data_[k];
    return *this;
}

DenseMatrix& DenseMatrix::operator*=(Complex factor) {
    for (auto& x : data_)
        x *= factor;
    return *this;
}

DenseMatrix operator+(DenseMatrix a, const DenseMatrix& b) {
    return a += b;
}
DenseMatrix operator-(DenseMatrix a, const DenseMatrix& b) {
    return a -= b;
}
DenseMatrix operator*(Complex factor, DenseMatrix a) {
    return a *= factor;
}

DenseMatrix operator*(const DenseMatrix& a, const DenseMatrix& b) {
    if (a.cols() != b.rows())
        throw std::invalid_argument("DenseMatrix *: inner dimensions differ");
    DenseMatrix c(a.rows(), b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t k = 0; k < a.cols(); ++k) {
            const Complex aik = a(i, k);
            if (aik == Complex(0.0))
                continue;
            for (std::size_t j = 0; j < b.cols(); ++j)
                c(i, j) += aik * b(k, j);
        }
    return c;
}

DenseMatrix product_with_adjoint(const DenseMatrix& a) {
    const std::size_t n = a.rows();
    DenseMatrix c(n, n);
    if (n == 0 || a.cols() == 0)
        return c;
    // Column-major BLAS sees the row-major a (n x k) as A = a^T (k x n, leading dimension k);
    // zherk('C') gives A^dag A = conj(a) a^T = conj(a a^dag) in column-major order, which read
    // row-major is its transpose: a a^dag. Its upper triangle ('U') is our lower one; the other
    // is the conjugate. Padded for the OpenBLAS read past the end (see zheev below).
    const int rows = static_cast<int>(n), k = static_cast<int>(a.cols());
    std::vector<Complex> padded(a.size() + 8);
    std::copy(a.data(), a.data() + a.size(), padded.begin());
    const double one = 1.0, zero = 0.0;
    zherk_("U", "C", &rows, &k, &one, padded.data(), &k, &zero, c.data(), &rows);
    for (std::size_t i = 0; i < n; ++i) {
        c(i, i) = c(i, i).real();
        for (std::size_t j = i + 1; j < n; ++j)
            c(i, j) = std::conj(c(j, i));
    }
    return c;
}

DenseMatrix adjoint(const DenseMatrix& a) {
    DenseMatrix t(a.cols(), a.rows());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j)
            t(j, i) = std::conj(a(i, j));
    return t;
}

DenseMatrix commutator(const DenseMatrix& a, const DenseMatrix& b) {
    return a * b - b * a;
}

DenseMatrix kron(const DenseMatrix& a, const DenseMatrix& b) {
    DenseMatrix k(a.rows() * b.rows(), a.cols() * b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < a.cols(); ++j)
            for (std::size_t p = 0; p < b.rows(); ++p)
                for (std::size_t q = 0; q < b.cols(); ++q)
                    k(i * b.rows() + p, j * b.cols() + q) = a(i, j) * b(p, q);
    return k;
}

DenseMatrix kron_power(const DenseMatrix& a, int k) {
    DenseMatrix power = DenseMatrix::identity(1);
    for (int l = 0; l < k; ++l)
        power = kron(power, a);
    return power;
}

Complex trace(const DenseMatrix& a) {
    Complex t = 0.0;
    for (std::size_t i = 0; i < std::min(a.rows(), a.cols()); ++i)
        t += a(i, i);
    return t;
}

double max_abs(const DenseMatrix& a) {
    double m = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k)
        m = std::max(m, std::abs(a.data()[k]));
    return m;
}

bool is_exactly_diagonal(const DenseMatrix& a) {
    for (std::size_t r = 0; r < a.rows(); ++r)
        for (std::size_t c = 0; c < a.cols(); ++c)
            if (r != c && a(r, c) != Complex(0.0))
                return false;
    return true;
}

double hermiticity_error(const DenseMatrix& a) {
    if (!a.is_square())
        return INFINITY;
    double m = 0.0;
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = i; j < a.cols(); ++j)
            m = std::max(m, std::abs(a(i, j) - std::conj(a(j, i))));
    return m;
}

DenseMatrix hermitian_part(const DenseMatrix& a) {
    return 0.5 * (a + adjoint(a));
}

namespace {

/// Complex entries past the end of every buffer handed to LAPACK (see zheev).
constexpr std::size_t lapack_padding = 8;
/// The order from which eigenvalues alone come from zheev_2stage (see zheev).
constexpr int two_stage_from = 600;

std::vector<double> zheev(const DenseMatrix& a, bool with_vectors, DenseMatrix* vectors) {
    if (!a.is_square())
        throw std::invalid_argument("hermitian_eigen: matrix is not square");
    const int n = static_cast<int>(a.rows());
    std::vector<double> w(static_cast<std::size_t>(n));
    if (n == 0)
        return w;
    // LAPACK is column-major: storing the row-major Hermitian part as is gives its transpose,
    // i.e. its complex conjugate, whose eigenvectors are the conjugates of ours.
    // Padded: the zgemv_n kernels of Debian 12's OpenBLAS 0.3.21 read past the end of their
    // vector (OpenMathLib/OpenBLAS#4013), a column of this matrix inside zhetrd; at the end of
    // the heap that read crashed a run (SEGV in zheev, N = 200 on the blocks).
    const DenseMatrix hermitian = hermitian_part(a);
    std::vector<Complex> padded(hermitian.size() + lapack_padding);
    std::copy(hermitian.data(), hermitian.data() + hermitian.size(), padded.begin());
    const auto h = [&](std::size_t r, std::size_t c) -> Complex& {
        return padded[r * static_cast<std::size_t>(n) + c];
    };
    const char jobz = with_vectors ? 'V' : 'N';
    const char uplo = 'U';
    int info = 0;
    if (with_vectors) {
        // Divide and conquer: several times faster than zheev for the eigenvectors (the
        // exponentials of the block backend's collective operators, n up to ~500).
        int lwork = -1, lrwork = -1, liwork = -1, iquery = 0;
        Complex query;
        double rquery = 0.0;
        zheevd_(&jobz, &uplo, &n, padded.data(), &n, w.data(), &query, &lwork, &rquery, &lrwork,
                &iquery, &liwork, &info);
        lwork = std::max(1, static_cast<int>(query.real()));
        lrwork = std::max(1, static_cast<int>(rquery));
        liwork = std::max(1, iquery);
        std::vector<Complex> work(static_cast<std::size_t>(lwork) + lapack_padding);
        std::vector<double> rwork(static_cast<std::size_t>(lrwork));
        std::vector<int> iwork(static_cast<std::size_t>(liwork));
        zheevd_(&jobz, &uplo, &n, padded.data(), &n, w.data(), work.data(), &lwork, rwork.data(),
                &lrwork, iwork.data(), &liwork, &info);
    } else {
        // Values only: from n ~ 600 the two-stage reduction (a band by BLAS 3, then bulge
        // chasing) beats zhetrd's BLAS 2 half. Measured with OpenBLAS 0.3.21, one core, random
        // Hermitian: equal at n = 400, 1.18x at 800, 1.33x at 1200, 1.56x at 1729.
        const auto solve = n >= two_stage_from ? zheev_2stage_ : zheev_;
        int lwork = -1;
        Complex query;
        std::vector<double> rwork(static_cast<std::size_t>(std::max(1, 3 * n - 2)));
        solve(&jobz, &uplo, &n, padded.data(), &n, w.data(), &query, &lwork, rwork.data(), &info);
        lwork = std::max(1, static_cast<int>(query.real()));
        std::vector<Complex> work(static_cast<std::size_t>(lwork) + lapack_padding);
        solve(&jobz, &uplo, &n, padded.data(), &n, w.data(), work.data(), &lwork, rwork.data(),
              &info);
    }
    if (info != 0)
        throw std::runtime_error("hermitian_eigen: LAPACK zheev(d) failed, info = " +
                                 std::to_string(info));
    if (with_vectors) {
        // Column k of the column-major result sits in row k of h (row-major view): conj it.
        *vectors = DenseMatrix(a.rows(), a.rows());
        for (std::size_t k = 0; k < a.rows(); ++k)
            for (std::size_t i = 0; i < a.rows(); ++i)
                (*vectors)(i, k) = std::conj(h(k, i));
    }
    return w;
}

} // namespace

HermitianEigen hermitian_eigen(const DenseMatrix& a) {
    HermitianEigen e;
    e.values = zheev(a, true, &e.vectors);
    return e;
}

std::vector<double> hermitian_eigenvalues(const DenseMatrix& a) {
    return zheev(a, false, nullptr);
}

GaussQuadrature gauss_quadrature(std::vector<double> alpha, std::vector<double> beta) {
    // Golub-Welsch: the nodes are the eigenvalues of the Jacobi matrix, the weights the squares
    // of its eigenvectors' first components (LAPACK dstev).
    const int n = static_cast<int>(alpha.size());
    if (beta.size() + 1 != alpha.size())
        throw std::invalid_argument("gauss_quadrature: " + std::to_string(beta.size()) +
                                    " off-diagonal entries for " + std::to_string(n) + " nodes");
    std::vector<double> z(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
    std::vector<double> work(static_cast<std::size_t>(std::max(1, 2 * n - 2)));
    beta.push_back(0.0); // dstev's e has n entries (the last is workspace)
    const char jobz = 'V';
    int info = 0;
    dstev_(&jobz, &n, alpha.data(), beta.data(), z.data(), &n, work.data(), &info);
    if (info != 0)
        throw std::runtime_error("gauss_quadrature: LAPACK dstev failed, info = " +
                                 std::to_string(info));
    GaussQuadrature q{std::move(alpha), std::vector<double>(static_cast<std::size_t>(n))};
    for (std::size_t i = 0; i < q.weights.size(); ++i)
        q.weights[i] = z[i * static_cast<std::size_t>(n)] * z[i * static_cast<std::size_t>(n)];
    return q;
}

DenseMatrix hermitian_function(const DenseMatrix& a, const std::function<double(double)>& f) {
    const HermitianEigen e = hermitian_eigen(a);
    const int n = static_cast<int>(a.rows());
    // f(a) = V diag(f(w)) V^dag as one zgemm. Row-major M is M^T column-major: with
    // U = conj(V) (column-major storage of e.vectors^T read as such), f(a)^T = U f U^dag.
    DenseMatrix scaled(a.rows(), a.rows()), result(a.rows(), a.rows());
    DenseMatrix u(a.rows(), a.rows());
    for (std::size_t k = 0; k < a.rows(); ++k) {
        const double fk = f(e.values[k]);
        for (std::size_t i = 0; i < a.rows(); ++i) {
            // column k of U (column-major) = entries [k * n, (k + 1) * n) of the storage
            u.data()[k * a.rows() + i] = std::conj(e.vectors(i, k));
            scaled.data()[k * a.rows() + i] = std::conj(e.vectors(i, k)) * fk;
        }
    }
    if (n > 0) {
        const Complex one = 1.0, zero = 0.0;
        const char no = 'N', adjoint_op = 'C';
        zgemm_(&no, &adjoint_op, &n, &n, &n, &one, scaled.data(), &n, u.data(), &n, &zero,
               result.data(), &n);
    }
    // result (column-major) = U diag(f) U^dag = f(a)^T; read row-major it is f(a).
    return result;
}

double hermitian_op_norm(const DenseMatrix& a) {
    const auto w = hermitian_eigenvalues(a);
    if (w.empty())
        return 0.0;
    return std::max(std::abs(w.front()), std::abs(w.back()));
}

double hermitian_trace_norm(const DenseMatrix& a) {
    double sum = 0.0;
    for (double w : hermitian_eigenvalues(a))
        sum += std::abs(w);
    return sum;
}

double op_norm(const DenseMatrix& a) {
    const auto w = hermitian_eigenvalues(adjoint(a) * a);
    return w.empty() ? 0.0 : std::sqrt(std::max(0.0, w.back()));
}

} // namespace qrem
