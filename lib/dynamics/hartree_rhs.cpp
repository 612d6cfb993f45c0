#include "dynamics/hartree_rhs.hpp"

#include "model/mean_field.hpp"

namespace qrem {

DenseMatrix dissipator(const DenseMatrix& L, const DenseMatrix& A) {
    const DenseMatrix Ld = adjoint(L);
    const DenseMatrix LdL = Ld * L;
    return L * A * Ld - 0.5 * (LdL * A + A * LdL);
}

DenseMatrix hartree_rhs(const OneBodyModel& model, const DenseMatrix& gamma) {
    const DenseMatrix H = model.h + mean_field_potential(model.W, gamma);
    DenseMatrix rate = Complex(0.0, -1.0) * commutator(H, gamma);
    for (const auto& jump : model.jumps)
        rate += dissipator(jump.L, gamma);
    return rate;
}

} // namespace qrem
