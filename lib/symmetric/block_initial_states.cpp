#include "symmetric/block_initial_states.hpp"

#include "symmetric/block_lindblad_rhs.hpp"

#include <algorithm>
#include <cmath>

namespace qrem {

void fill_product_state(BlockDensityMatrix& Gamma, const DenseMatrix& gamma) {
    fill_perturbed_product_state(Gamma, gamma, 0.0);
}

void fill_perturbed_product_state(BlockDensityMatrix& Gamma, const DenseMatrix& gamma,
                                  double epsilon) {
    const SchurWeylBlocks& blocks = Gamma.blocks();
    const DenseMatrix log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
    const double ln_D = Gamma.N() * std::log(static_cast<double>(Gamma.d()));
    Gamma.set_blocks([&](std::size_t l) { // stores the Hermitian part
        DenseMatrix sigma = weighted_product_block(blocks, l, log_gamma);
        if (epsilon > 0) {
            sigma *= 1.0 - epsilon;
            // (1/D) 1 has sigma_lambda = (m_lambda / D) 1.
            const double uniform = epsilon * std::exp(blocks.irreps[l].ln_multiplicity - ln_D);
            for (std::size_t k = 0; k < sigma.rows(); ++k)
                sigma(k, k) += uniform;
        }
        return sigma;
    });
}

DenseMatrix tilted_one_body(const DenseMatrix& h, double tilt) {
    DenseMatrix one_body = h;
    for (std::size_t k = 0; k < h.rows(); ++k)
        one_body(k, k) += tilt * static_cast<double>(k);
    return one_body;
}

void fill_gibbs_state(BlockDensityMatrix& Gamma, const OneBodyModel& model, double beta,
                      double tilt) {
    fill_gibbs_state(Gamma, tilted_one_body(model.h, tilt), model.W, beta);
}

void fill_gibbs_state(BlockDensityMatrix& Gamma, const DenseMatrix& one_body, const DenseMatrix& W,
                      double beta) {
    const SchurWeylBlocks& blocks = Gamma.blocks();
    std::vector<HermitianEigen> eigen;
    double lowest = INFINITY;
    for (std::size_t l = Gamma.first_block(); l < Gamma.end_block(); ++l) {
        eigen.push_back(hermitian_eigen(block_hamiltonian(blocks, l, one_body, W).dense()));
        lowest = std::min(lowest, eigen.back().values.front());
    }
    MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_DOUBLE, MPI_MIN, Gamma.comm());
    // ln of the weights m_lambda exp(-beta (E - lowest)), normalised by ln Z through their
    // largest value (m_lambda overflows at large N; so would Z).
    const auto ln_weight = [&](std::size_t l, double E) {
        return blocks.irreps[l].ln_multiplicity - beta * (E - lowest);
    };
    double largest = -INFINITY;
    for (std::size_t l = Gamma.first_block(); l < Gamma.end_block(); ++l)
        for (const double E : eigen[l - Gamma.first_block()].values)
            largest = std::max(largest, ln_weight(l, E));
    MPI_Allreduce(MPI_IN_PLACE, &largest, 1, MPI_DOUBLE, MPI_MAX, Gamma.comm());
    double Z = 0.0;
    for (std::size_t l = Gamma.first_block(); l < Gamma.end_block(); ++l)
        for (const double E : eigen[l - Gamma.first_block()].values)
            Z += std::exp(ln_weight(l, E) - largest);
    MPI_Allreduce(MPI_IN_PLACE, &Z, 1, MPI_DOUBLE, MPI_SUM, Gamma.comm());
    const double ln_Z = largest + std::log(Z);
    Gamma.set_blocks([&](std::size_t l) {
        const HermitianEigen& e = eigen[l - Gamma.first_block()];
        const std::size_t n = e.values.size();
        DenseMatrix sigma(n, n);
        for (std::size_t k = 0; k < n; ++k) {
            const double w = std::exp(ln_weight(l, e.values[k]) - ln_Z);
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t c = 0; c < n; ++c)
                    sigma(r, c) += w * e.vectors(r, k) * std::conj(e.vectors(c, k));
        }
        return sigma;
    });
}

} // namespace qrem
