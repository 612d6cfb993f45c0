#pragma once
// diagnostics: Gamma_t against the mean-field state gamma_t^{(x)N} at one time: the relative
// entropy S(Gamma_t, gamma_t^{(x)N}), the marginals Gamma^{N:k} against gamma_t^{(x)k} (trace
// distance and relative entropy), the leg symmetry of Gamma_t and the entropy production P(t).
#include "diagnostics/entropy.hpp"
#include "diagnostics/marginals.hpp"
#include "state/density_matrix.hpp"

#include <vector>

#include <functional>

namespace qrem {

struct MarginalComparison {
    int k = 1;
    DenseMatrix marginal;             ///< Gamma^{N:k} itself
    double trace_distance = 0.0;      ///< ||Gamma^{N:k} - gamma^{(x)k}||_1
    RelativeEntropy relative_entropy; ///< S(Gamma^{N:k}, gamma^{(x)k})
};

struct MeanFieldComparison {
    RelativeEntropy S_N;                       ///< S(Gamma, gamma^{(x)N})
    std::vector<MarginalComparison> marginals; ///< k = 1..k_max
    double leg_asymmetry = 0.0;                ///< see leg_asymmetry()
    /// The larger of leg_asymmetry and the largest difference between the two-body marginals
    /// of all pairs (and their swaps): 0 for a permutation-symmetric Gamma.
    double symmetry_defect = 0.0;
    double production = 0.0; ///< P = Tr(Gamma A), NaN if gamma not faithful
};

/// Compares Gamma, given by its pair marginals, its k-body marginals for k >= 3
/// (`marginal(k)`, called for 3 <= k <= k_max) and its spectrum's entropy, with gamma; X is the
/// fluctuation operator of gamma (ignored if gamma is not faithful). Any representation of
/// Gamma: the dense one below, the Schur-Weyl blocks.
MeanFieldComparison compare_with_mean_field(const PairMarginals& pairs,
                                            const std::function<DenseMatrix(int k)>& marginal,
                                            const SpectrumEntropy& spectrum,
                                            const DenseMatrix& gamma, const DenseMatrix& X,
                                            int k_max);

/// Compares Gamma (with spectrum entropy `spectrum`, from eigenvalues()) with gamma; X is the
/// fluctuation operator of gamma (ignored if gamma is not faithful). Collective.
MeanFieldComparison compare_with_mean_field(const DensityMatrix& Gamma,
                                            const SpectrumEntropy& spectrum,
                                            const DenseMatrix& gamma, const DenseMatrix& X,
                                            int k_max);

/// P(t) alone (quadrature nodes between output times). Collective.
double entropy_production(const DensityMatrix& Gamma, const DenseMatrix& X);

} // namespace qrem
