#include "model/mean_field.hpp"

#include <cmath>
#include <stdexcept>

namespace qrem {

DenseMatrix mean_field_potential(const DenseMatrix& W, const DenseMatrix& gamma) {
    const std::size_t d = gamma.rows();
    if (W.rows() != d * d || W.cols() != d * d)
        throw std::invalid_argument("mean_field_potential: W must be d^2 x d^2");
    DenseMatrix V(d, d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b) {
            Complex v = 0.0;
            for (std::size_t c = 0; c < d; ++c)
                for (std::size_t e = 0; e < d; ++e)
                    v += W(a * d + c, b * d + e) * gamma(e, c);
            V(a, b) = v;
        }
    return V;
}

DenseMatrix fluctuation_operator(const DenseMatrix& W, const DenseMatrix& gamma) {
    const std::size_t d = gamma.rows();
    const DenseMatrix identity = DenseMatrix::identity(d);
    const DenseMatrix log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
    const DenseMatrix centred = W - kron(mean_field_potential(W, gamma), identity);
    return Complex(0.0, -1.0) * commutator(centred, kron(log_gamma, identity));
}

double fluctuation_constant_bound(const DenseMatrix& W, double m0) {
    return 4.0 * hermitian_op_norm(W) / m0;
}

double hartree_energy(const DenseMatrix& h, const DenseMatrix& W, const DenseMatrix& gamma) {
    return (trace(h * gamma) + 0.5 * trace(mean_field_potential(W, gamma) * gamma)).real();
}

} // namespace qrem
