#include "symmetric/partition_function.hpp"

#include "core/error.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

#include <algorithm>
#include <cmath>

namespace qrem {

DenseMatrix fluctuation_block(const SchurWeylBlocks& blocks, std::size_t lambda,
                              const DenseMatrix& X) {
    // block_hamiltonian's two-body part is 1/(2(N-1)) sum_{i != j} X_ij (zero one-body part).
    DenseMatrix A = block_hamiltonian(blocks, lambda, DenseMatrix(blocks.d, blocks.d), X).dense();
    A *= 2.0;
    return A;
}

PartitionFunction partition_function(MPI_Comm comm, const SchurWeylBlocks& blocks,
                                     const DenseMatrix& gamma, const DenseMatrix& X, double lambda,
                                     int m_max) {
    if (blocks.N < 2)
        throw Error("partition_function: needs N >= 2");
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    // In the eigenbasis of gamma = U diag(p) U^dag, gamma^{(x)N} is diagonal on every block:
    // m_lambda pi_lambda(diag p) has the entries m_lambda prod_a p_a^{E_aa}. The trace is the
    // same with A built from X' = (U (x) U)^dag X (U (x) U), so one eigendecomposition per
    // block suffices (that of A_lambda).
    const std::size_t d = blocks.d;
    const HermitianEigen g = hermitian_eigen(gamma);
    const DenseMatrix UU = kron(g.vectors, g.vectors); // (U (x) U)_{(ab),(ce)} = U_ac U_be
    const DenseMatrix X_rotated = adjoint(UU) * X * UU;
    std::vector<double> log_p(d);
    for (std::size_t a = 0; a < d; ++a) {
        if (!(g.values[a] > 0))
            throw Error("partition_function: gamma is not faithful");
        log_p[a] = std::log(g.values[a]);
    }
    // Per owned block: the eigenvalues a_k of A_lambda and the weights <k| m pi(gamma) |k> >= 0.
    std::vector<double> values, weights;
    for (std::size_t l = static_cast<std::size_t>(rank); l < blocks.irreps.size();
         l += static_cast<std::size_t>(size)) {
        const HermitianEigen eigen = hermitian_eigen(fluctuation_block(blocks, l, X_rotated));
        const std::size_t n = eigen.values.size();
        std::vector<double> w(n, blocks.irreps[l].ln_multiplicity);
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t r = 0; r < n; ++r)
                for (const auto& [c, value] : blocks.E(l, a, a).row(r))
                    if (c == r)
                        w[r] += log_p[a] * value.real();
        for (double& x : w)
            x = std::exp(x);
        for (std::size_t k = 0; k < n; ++k) {
            double q = 0.0;
            for (std::size_t r = 0; r < n; ++r)
                q += w[r] * std::norm(eigen.vectors(r, k));
            values.push_back(eigen.values[k]);
            weights.push_back(q);
        }
    }
    // ln sum q e^{lambda a}, shifted by the largest lambda a over all ranks.
    double top = -INFINITY;
    for (const double a : values)
        top = std::max(top, lambda * a);
    MPI_Allreduce(MPI_IN_PLACE, &top, 1, MPI_DOUBLE, MPI_MAX, comm);
    std::vector<double> sums(static_cast<std::size_t>(m_max) + 1, 0.0);
    for (std::size_t k = 0; k < values.size(); ++k) {
        sums[0] += weights[k] * std::exp(lambda * values[k] - top);
        double power = 1.0;
        for (int m = 1; m <= m_max; ++m) {
            power *= values[k];
            sums[static_cast<std::size_t>(m)] += weights[k] * power;
        }
    }
    MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                  comm);
    return {top + std::log(sums[0]), std::vector<double>(sums.begin() + 1, sums.end())};
}

} // namespace qrem
