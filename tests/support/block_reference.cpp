#include "support/block_reference.hpp"

#include "core/error.hpp"
#include "linalg/random_matrices.hpp"
#include "representation/gelfand_tsetlin.hpp"

#include <cmath>
#include <mpi.h>

namespace testing_support {

using qrem::DenseMatrix;

std::vector<std::vector<DenseMatrix>>
schur_basis(std::size_t d, int N,
            const std::function<qrem::SchurWeylBlocks(std::size_t, int)>& blocks_of) {
    // One particle: V_(1) = C^d itself (its basis e_0, ..., e_{d-1}).
    std::vector<std::vector<DenseMatrix>> copies{{DenseMatrix::identity(d)}};
    for (int n = 2; n <= N; ++n) {
        const qrem::SchurWeylBlocks blocks = blocks_of(d, n);
        std::vector<std::vector<DenseMatrix>> next(blocks.irreps.size());
        for (const qrem::Branch& branch : blocks.branches) {
            const DenseMatrix C = branch.C.dense();
            for (const DenseMatrix& U : copies[branch.mu]) {
                // (U (x) 1_d) C: the new particle is the last (least significant) leg.
                next[branch.lambda].push_back(qrem::kron(U, DenseMatrix::identity(d)) * C);
            }
        }
        copies = std::move(next);
    }
    return copies;
}

namespace {

/// sigma_lambda of every block on every rank.
std::vector<DenseMatrix> all_blocks(const qrem::BlockDensityMatrix& Gamma) {
    std::vector<DenseMatrix> sigma;
    int rank = 0;
    MPI_Comm_rank(Gamma.comm(), &rank);
    for (std::size_t l = 0; l < Gamma.blocks().irreps.size(); ++l) {
        const std::size_t dim = Gamma.blocks().irreps[l].dim;
        DenseMatrix s = Gamma.owner(l) == rank ? Gamma.block(l) : DenseMatrix(dim, dim);
        MPI_Bcast(s.data(), static_cast<int>(s.size()), MPI_C_DOUBLE_COMPLEX, Gamma.owner(l),
                  Gamma.comm());
        sigma.push_back(std::move(s));
    }
    return sigma;
}

} // namespace

DenseMatrix dense_from_blocks(const qrem::BlockDensityMatrix& Gamma) {
    const auto sigma = all_blocks(Gamma);
    const auto basis = schur_basis(Gamma.d(), Gamma.N());
    const std::size_t D = basis.front().front().rows();
    DenseMatrix G(D, D);
    for (std::size_t l = 0; l < basis.size(); ++l) {
        DenseMatrix rho = sigma[l];
        rho *= std::exp(-Gamma.blocks().irreps[l].ln_multiplicity);
        for (const DenseMatrix& U : basis[l])
            G += U * rho * qrem::adjoint(U);
    }
    return G;
}

void blocks_from_dense(qrem::BlockDensityMatrix& blocks, const DenseMatrix& Gamma) {
    const auto basis = schur_basis(blocks.d(), blocks.N());
    blocks.set_blocks([&](std::size_t l) {
        const DenseMatrix& U = basis[l].front();
        DenseMatrix sigma = qrem::adjoint(U) * Gamma * U;
        sigma *= std::exp(blocks.blocks().irreps[l].ln_multiplicity);
        return sigma;
    });
}

void fill_random_invariant(qrem::BlockDensityMatrix& Gamma, unsigned seed) {
    Gamma.set_blocks([&](std::size_t l) {
        qrem::DenseMatrix sigma = qrem::random_density_matrix(Gamma.blocks().irreps[l].dim,
                                                              seed + static_cast<unsigned>(l));
        sigma *= std::exp(Gamma.blocks().irreps[l].ln_multiplicity -
                          Gamma.N() * std::log(static_cast<double>(Gamma.d())));
        return sigma;
    });
    qrem::check(VecScale(Gamma.vec(), 1.0 / Gamma.trace().real()));
}

} // namespace testing_support
