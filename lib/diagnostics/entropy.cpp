#include "diagnostics/entropy.hpp"

#include "core/format.hpp"
#include "model/initial_state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {

SpectrumEntropy von_neumann_entropy(std::span<const double> eigenvalues) {
    SpectrumEntropy result;
    result.min_eigenvalue =
        eigenvalues.empty() ? 0.0 : *std::min_element(eigenvalues.begin(), eigenvalues.end());
    for (const double lambda : eigenvalues) {
        if (lambda > 0.0)
            result.entropy -= lambda * std::log(lambda);
        if (lambda < -negative_eigenvalue_tolerance)
            ++result.negative_count;
    }
    return result;
}

StateLogarithm state_logarithm(const DenseMatrix& sigma) {
    const std::size_t d = sigma.rows();
    const HermitianEigen eigen = hermitian_eigen(sigma);
    const double floor = faithfulness_floor(d);
    StateLogarithm result{DenseMatrix(d, d), DenseMatrix(d, d), eigen.values.front(),
                          eigen.values.front() > floor};
    for (std::size_t k = 0; k < d; ++k) {
        const double mu = eigen.values[k];
        DenseMatrix& target = mu > floor ? result.log_on_support : result.kernel_projector;
        const double weight = mu > floor ? std::log(mu) : 1.0;
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t b = 0; b < d; ++b)
                target(a, b) += weight * eigen.vectors(a, k) * std::conj(eigen.vectors(b, k));
    }
    return result;
}

RelativeEntropy relative_entropy_to_product(double entropy, std::span<const DenseMatrix> legs,
                                            const StateLogarithm& log_sigma) {
    RelativeEntropy result{-entropy, ""};
    const double floor = legs.empty() ? 0.0 : faithfulness_floor(legs.front().rows());
    for (std::size_t j = 0; j < legs.size(); ++j) {
        if (!log_sigma.faithful) {
            const double weight = trace(legs[j] * log_sigma.kernel_projector).real();
            if (weight > floor) {
                result.value = std::numeric_limits<double>::infinity();
                result.infinite_because = "gamma_t is not faithful (smallest eigenvalue " +
                                          sci(log_sigma.smallest_eigenvalue, 3) +
                                          ") and the marginal of leg " + std::to_string(j + 1) +
                                          " has weight " + sci(weight, 3) + " on its kernel";
                return result;
            }
        }
        result.value -= trace(legs[j] * log_sigma.log_on_support).real();
    }
    return result;
}

} // namespace qrem
