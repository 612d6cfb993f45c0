#include "state/initial_states.hpp"

#include <cmath>

namespace qrem {

void fill_perturbed_product_state(DensityMatrix& Gamma, const DenseMatrix& gamma0, double epsilon) {
    fill_product_state(Gamma, gamma0);
    const NBodySpace& space = Gamma.space();
    const double mixed = 1.0 / static_cast<double>(space.D()); // (1/d)^{(x)N} = 1/D
    LocalBlock block(Gamma.vec());
    const RowRange& rows = Gamma.rows();
    for (std::int64_t k = 0; k < Gamma.local_size(); ++k)
        block.data()[k] *= 1.0 - epsilon;
    for (std::int64_t i = 0; i < rows.size(); ++i)
        block.data()[i + Gamma.lda() * (rows.begin + i)] += epsilon * mixed;
}

} // namespace qrem
