#include "theory/entropy_inequality.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>

namespace qrem {
namespace {

DenseMatrix log_faithful(const DenseMatrix& sigma) {
    return hermitian_function(sigma, [](double x) {
        if (!(x > 0))
            throw Error("entropy inequality: sigma is not faithful (eigenvalue " +
                        std::to_string(x) + ")");
        return std::log(x);
    });
}

/// ln Tr e^{B} for Hermitian B, without overflow.
double log_trace_exp(const DenseMatrix& B) {
    const std::vector<double> values = hermitian_eigenvalues(B);
    const double top = *std::max_element(values.begin(), values.end());
    double sum = 0.0;
    for (const double v : values)
        sum += std::exp(v - top);
    return top + std::log(sum);
}

} // namespace

double relative_entropy(const DenseMatrix& rho, const DenseMatrix& sigma) {
    const DenseMatrix rho_log_rho =
        hermitian_function(rho, [](double x) { return x > 0 ? x * std::log(x) : 0.0; });
    return (trace(rho_log_rho) - trace(rho * log_faithful(sigma))).real();
}

EntropyInequality entropy_inequality(const DenseMatrix& rho, const DenseMatrix& sigma,
                                     const DenseMatrix& A, double lambda) {
    if (!(lambda > 0))
        throw Error("entropy inequality: lambda must be > 0");
    const DenseMatrix a_hermitian = hermitian_part(A);
    const double S = relative_entropy(rho, sigma);
    const double ln_Z = log_trace_exp(log_faithful(sigma) + Complex(lambda) * a_hermitian);
    // Tr(sigma e^{lambda A}) from the eigenvectors of A: sum_k e^{lambda a_k} <k|sigma|k>,
    // shifted by the largest lambda a_k.
    const HermitianEigen eigen = hermitian_eigen(a_hermitian);
    const double top = lambda * eigen.values.back();
    double sum = 0.0;
    for (std::size_t k = 0; k < eigen.values.size(); ++k) {
        Complex weight = 0.0;
        for (std::size_t r = 0; r < sigma.rows(); ++r)
            for (std::size_t c = 0; c < sigma.cols(); ++c)
                weight += std::conj(eigen.vectors(r, k)) * sigma(r, c) * eigen.vectors(c, k);
        sum += std::exp(lambda * eigen.values[k] - top) * weight.real();
    }
    EntropyInequality e;
    e.lambda = lambda;
    e.lhs = trace(rho * a_hermitian).real();
    e.gibbs_rhs = (S + ln_Z) / lambda;
    e.rhs = (S + top + std::log(sum)) / lambda;
    return e;
}

DenseMatrix gibbs_variational_state(const DenseMatrix& sigma, const DenseMatrix& A, double lambda) {
    const DenseMatrix B = log_faithful(sigma) + Complex(lambda) * hermitian_part(A);
    const double ln_Z = log_trace_exp(B);
    return hermitian_function(B, [&](double x) { return std::exp(x - ln_Z); });
}

} // namespace qrem
