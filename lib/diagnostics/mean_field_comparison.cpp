#include "diagnostics/mean_field_comparison.hpp"

#include "diagnostics/marginals.hpp"
#include "diagnostics/production.hpp"

#include <algorithm>
#include <limits>

namespace qrem {

MeanFieldComparison compare_with_mean_field(const PairMarginals& pairs,
                                            const std::function<DenseMatrix(int k)>& marginal,
                                            const SpectrumEntropy& spectrum,
                                            const DenseMatrix& gamma, const DenseMatrix& X,
                                            int k_max) {
    const std::size_t d = pairs.d;
    const std::vector<DenseMatrix> legs = leg_marginals(pairs);
    const StateLogarithm log_gamma = state_logarithm(gamma);

    MeanFieldComparison result;
    result.S_N = relative_entropy_to_product(spectrum.entropy, legs, log_gamma);
    result.leg_asymmetry = leg_asymmetry(legs);
    result.symmetry_defect = result.leg_asymmetry;
    for (const auto& pair : pairs.pairs)
        result.symmetry_defect =
            std::max({result.symmetry_defect, max_abs(pair - pairs.pairs.front()),
                      max_abs(swap_legs(pair, d) - pair)});
    result.production = log_gamma.faithful ? entropy_production(pairs, X)
                                           : std::numeric_limits<double>::quiet_NaN();

    DenseMatrix gamma_k = gamma;
    for (int k = 1; k <= k_max; ++k) {
        if (k > 1)
            gamma_k = kron(gamma_k, gamma);
        // Gamma^{N:1} and Gamma^{N:2} are the marginals of leg 0 and of the pair (0, 1), at
        // hand already; larger k need a pass of their own.
        DenseMatrix raw = k == 1 ? legs.front() : k == 2 ? pairs.pairs.front() : marginal(k);
        const DenseMatrix hermitian = hermitian_part(raw);
        // The marginal's own legs are the first k legs of Gamma.
        const auto first_legs =
            std::span<const DenseMatrix>(legs).first(static_cast<std::size_t>(k));
        const double entropy = von_neumann_entropy(hermitian_eigenvalues(hermitian)).entropy;
        result.marginals.push_back({k, std::move(raw), hermitian_trace_norm(hermitian - gamma_k),
                                    relative_entropy_to_product(entropy, first_legs, log_gamma)});
    }
    return result;
}

MeanFieldComparison compare_with_mean_field(const DensityMatrix& Gamma,
                                            const SpectrumEntropy& spectrum,
                                            const DenseMatrix& gamma, const DenseMatrix& X,
                                            int k_max) {
    return compare_with_mean_field(
        all_pair_marginals(Gamma), [&](int k) { return Gamma.marginal(k); }, spectrum, gamma, X,
        k_max);
}

double entropy_production(const DensityMatrix& Gamma, const DenseMatrix& X) {
    return entropy_production(pair_marginals(Gamma), Gamma.space().N(), X);
}

} // namespace qrem
