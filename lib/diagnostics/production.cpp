#include "diagnostics/production.hpp"

#include "diagnostics/marginals.hpp"

#include <cmath>

namespace qrem {

double entropy_production(const std::vector<DenseMatrix>& pairs, int N, const DenseMatrix& X) {
    const auto d = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(X.rows()))));
    const DenseMatrix symmetrised = X + swap_legs(X, d);
    double sum = 0.0;
    for (const auto& pair : pairs)
        sum += trace(pair * symmetrised).real();
    return sum / (N - 1);
}

double entropy_production(const PairMarginals& pairs, const DenseMatrix& X) {
    return pairs.multiplicity() * entropy_production(pairs.pairs, pairs.N, X);
}

} // namespace qrem
