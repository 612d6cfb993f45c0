#include "model/one_body_basis.hpp"

#include "core/error.hpp"

namespace qrem {

namespace {

/// V^{(x)k} for A of size d^k.
DenseMatrix power_for(const DenseMatrix& A, const DenseMatrix& V) {
    const std::size_t d = V.rows();
    int k = 0;
    std::size_t size = 1;
    while (size < A.rows()) {
        size *= d;
        ++k;
    }
    if (size != A.rows() || A.rows() != A.cols() || k == 0)
        throw Error("one-body basis: the operator's size is not a power of d");
    return kron_power(V, k);
}

} // namespace

DenseMatrix to_basis(const DenseMatrix& A, const DenseMatrix& V) {
    const DenseMatrix Vk = power_for(A, V);
    return adjoint(Vk) * A * Vk;
}

DenseMatrix from_basis(const DenseMatrix& A, const DenseMatrix& V) {
    const DenseMatrix Vk = power_for(A, V);
    return Vk * A * adjoint(Vk);
}

DenseMatrix without_rounding_noise(DenseMatrix A, double relative) {
    const double floor = relative * max_abs(A);
    for (std::size_t r = 0; r < A.rows(); ++r)
        for (std::size_t c = 0; c < A.cols(); ++c)
            if (std::abs(A(r, c)) <= floor)
                A(r, c) = 0.0;
    return A;
}

} // namespace qrem
