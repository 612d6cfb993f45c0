#pragma once
// diagnostics: von Neumann and relative entropies (natural log), DESIGN.md §1. The N-body
// relative entropy never forms gamma^{(x)N}: Tr Gamma log gamma^{(x)N} = sum_j Tr(Gamma^{(j)}
// log gamma), so S(Gamma, gamma^{(x)N}) = -S_vN(Gamma) - sum_j Tr(Gamma^{(j)} log gamma).
#include "linalg/dense_matrix.hpp"

#include <span>
#include <string>
#include <vector>

namespace qrem {

/// Eigenvalues of a density matrix below -negative_eigenvalue_tolerance are not rounding noise
/// of a positive matrix: they are counted and reported as a health warning.
inline constexpr double negative_eigenvalue_tolerance = 1e-12;

struct SpectrumEntropy {
    double entropy = 0.0;        ///< -sum lambda log lambda, 0 log 0 = 0, lambda <= 0 skipped
    double min_eigenvalue = 0.0; ///< smallest eigenvalue
    long negative_count = 0;     ///< eigenvalues below -negative_eigenvalue_tolerance
};

/// S_vN from the eigenvalues of a density matrix.
SpectrumEntropy von_neumann_entropy(std::span<const double> eigenvalues);

/// log sigma restricted to the support of sigma, and the projector onto its kernel. Eigenvalues
/// at or below faithfulness_floor(d) count as zero: a computed zero comes out as +-1e-17.
struct StateLogarithm {
    DenseMatrix log_on_support;
    DenseMatrix kernel_projector;
    double smallest_eigenvalue = 0.0;
    bool faithful = true;
};
StateLogarithm state_logarithm(const DenseMatrix& sigma);

/// A relative entropy; +inf with the reason when the first state has weight on the kernel
/// of the second (ker sigma not inside ker rho).
struct RelativeEntropy {
    double value = 0.0;
    std::string infinite_because; ///< empty when finite
};

/// S(rho, sigma^{(x)k}) = -S_vN(rho) - sum_j Tr(rho^{(j)} log sigma) for a k-body state rho
/// with von Neumann entropy `entropy` and one-body marginals `legs` (k of them).
/// rho has weight on ker sigma^{(x)k} exactly when some rho^{(j)} has weight on ker sigma.
RelativeEntropy relative_entropy_to_product(double entropy, std::span<const DenseMatrix> legs,
                                            const StateLogarithm& log_sigma);

} // namespace qrem
