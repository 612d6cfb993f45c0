#pragma once
// A deliberately plain dense reference for tests: explicit Kronecker products, literal partial
// traces and fixed-step RK4, written from the paper's formulas and independent of lib/.
// Only for small sizes.
#include "linalg/dense_matrix.hpp"

#include <complex>
#include <functional>
#include <vector>

namespace ref {

using cplx = std::complex<double>;
using Mat = std::vector<std::vector<cplx>>;

Mat zeros(std::size_t rows, std::size_t cols);
Mat eye(std::size_t n);
Mat add(const Mat& a, const Mat& b);
Mat scale(cplx factor, const Mat& a);
Mat mul(const Mat& a, const Mat& b);
Mat dag(const Mat& a);
Mat kron(const Mat& a, const Mat& b);
cplx tr(const Mat& a);
double max_abs_diff(const Mat& a, const Mat& b);

Mat from_dense(const qrem::DenseMatrix& m);
qrem::DenseMatrix to_dense(const Mat& m);

/// Tr_2 of an operator on C^d (x) C^d: (Tr_2 M)_{ab} = sum_c M_{(a c),(b c)}.
Mat partial_trace_second(const Mat& M, std::size_t d);
/// V^gamma = Tr_2((1 (x) gamma) W), formed literally.
Mat mean_field_potential(const Mat& W, const Mat& gamma);
/// -i[H, G] + sum_L (L G L^dag - 1/2 {L^dag L, G}), from the definition.
Mat lindblad_rhs(const Mat& H, const std::vector<Mat>& jumps, const Mat& G);
/// Classical RK4 with `steps` equal steps from 0 to t for dG/dt = rhs(G).
Mat rk4(const std::function<Mat(const Mat&)>& rhs, Mat G, double t, int steps);

/// -i[h + V^gamma, gamma] + sum_L (L gamma L^dag - 1/2 {L^dag L, gamma}).
Mat hartree_rhs(const Mat& h, const Mat& W, const std::vector<Mat>& jumps, const Mat& gamma);
/// Classical RK4 with `steps` equal steps from 0 to t.
Mat hartree_rk4(const Mat& h, const Mat& W, const std::vector<Mat>& jumps, Mat gamma, double t,
                int steps);

/// exp(A) by scaling and squaring with a Taylor series (plain, for small matrices).
Mat expm(const Mat& A);
/// The one-body Liouvillian with fixed H as a d^2 x d^2 matrix on row-major vec(gamma).
Mat liouvillian_superoperator(const Mat& H, const std::vector<Mat>& jumps);
std::vector<cplx> vec(const Mat& m);
Mat unvec(const std::vector<cplx>& v, std::size_t d);
std::vector<cplx> apply(const Mat& A, const std::vector<cplx>& v);

struct Eigen {
    std::vector<double> values; ///< in the order of the columns of `vectors`
    Mat vectors;
};
/// Hermitian eigen-decomposition by cyclic Jacobi rotations (independent of LAPACK).
Eigen jacobi_eigen(Mat A);
/// Hermitian eigenvalues by the same rotations, ascending.
std::vector<double> jacobi_eigenvalues(Mat A);

} // namespace ref
