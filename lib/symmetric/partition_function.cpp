#include "symmetric/partition_function.hpp"

#include "core/error.hpp"
#include "symmetric/block_density_matrix.hpp"
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
    const DenseMatrix log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
    // Per owned block: the eigenvalues a_k of A_lambda and the weights <k| m pi(gamma) |k> >= 0.
    std::vector<double> values, weights;
    for (std::size_t l = static_cast<std::size_t>(rank); l < blocks.irreps.size();
         l += static_cast<std::size_t>(size)) {
        const HermitianEigen eigen = hermitian_eigen(fluctuation_block(blocks, l, X));
        // w V by one matrix product (BLAS), then <k|w|k> = sum_r conj(V_rk) (w V)_rk.
        const DenseMatrix wV = weighted_product_block(blocks, l, log_gamma) * eigen.vectors;
        const std::size_t n = eigen.values.size();
        for (std::size_t k = 0; k < n; ++k) {
            Complex q = 0.0;
            for (std::size_t r = 0; r < n; ++r)
                q += std::conj(eigen.vectors(r, k)) * wV(r, k);
            values.push_back(eigen.values[k]);
            weights.push_back(q.real());
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
