#include "model/jump_reduction.hpp"

#include <algorithm>
#include <cmath>

namespace qrem {

DissipatorData fewest_jump_operators(const OneBodyModel& model) {
    DissipatorData unchanged{model.h, {}};
    for (const auto& jump : model.jumps)
        unchanged.L.push_back(jump.L);
    const std::size_t d = model.d;
    // Exactly diagonal (JumpOperator::is_diagonal tolerates 1e-12 off the diagonal, which the
    // reduction would drop).
    for (const auto& jump : model.jumps)
        if (!is_exactly_diagonal(jump.L))
            return unchanged;
    if (model.jumps.size() < 2)
        return unchanged;

    DissipatorData reduced{model.h, {}};
    DenseMatrix G(d, d); // sum_alpha l_alpha l_alpha^dag of the traceless parts
    for (const auto& jump : model.jumps) {
        const Complex c = trace(jump.L) / static_cast<double>(d);
        std::vector<Complex> l(d);
        for (std::size_t a = 0; a < d; ++a)
            l[a] = jump.L(a, a) - c;
        for (std::size_t a = 0; a < d; ++a) {
            // K_aa = (i/2)(conj(c) l_a - c conj(l_a)) = -Im(conj(c) l_a), real
            reduced.h(a, a) -= std::imag(std::conj(c) * l[a]);
            for (std::size_t b = 0; b < d; ++b)
                G(a, b) += l[a] * std::conj(l[b]);
        }
    }
    const HermitianEigen e = hermitian_eigen(G);
    const double largest = e.values.empty() ? 0.0 : std::max(0.0, e.values.back());
    for (std::size_t k = 0; k < e.values.size(); ++k) {
        // G is positive semidefinite: eigenvalues at rounding level relative to the largest
        // are zeros (the trace direction at least).
        if (!(e.values[k] > 1e-13 * largest))
            continue;
        DenseMatrix L(d, d);
        for (std::size_t a = 0; a < d; ++a)
            L(a, a) = std::sqrt(e.values[k]) * e.vectors(a, k);
        reduced.L.push_back(std::move(L));
    }
    return reduced.L.size() < unchanged.L.size() ? reduced : unchanged;
}

} // namespace qrem
