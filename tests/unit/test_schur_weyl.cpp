// The Schur-Weyl blocks of d = 2 (spin_half_blocks) checked for what the block backend relies
// on: the gl(2) commutation relations on every V_lambda, the intertwiners C isometric and
// intertwining, dim_lambda and m_lambda adding up to 2^N. The explicit basis built from C
// (tests/support) is checked for every d in test_gelfand_tsetlin.
#include "representation/schur_weyl.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;

namespace {

DenseMatrix unit(std::size_t a, std::size_t b) {
    DenseMatrix e(2, 2);
    e(a, b) = 1.0;
    return e;
}

} // namespace

TEST_CASE("spin-1/2 blocks: [E_ab, E_ce] = delta_bc E_ae - delta_ea E_cb on every V_lambda") {
    for (int N : {1, 2, 3, 6, 11}) {
        const SchurWeylBlocks blocks = spin_half_blocks(N);
        for (std::size_t l = 0; l < blocks.irreps.size(); ++l) {
            double worst = 0.0;
            for (std::size_t a = 0; a < 2; ++a)
                for (std::size_t b = 0; b < 2; ++b)
                    for (std::size_t c = 0; c < 2; ++c)
                        for (std::size_t e = 0; e < 2; ++e) {
                            const DenseMatrix Eab = blocks.E(l, a, b).dense(),
                                              Ece = blocks.E(l, c, e).dense();
                            DenseMatrix expected(Eab.rows(), Eab.cols());
                            if (b == c)
                                expected += blocks.E(l, a, e).dense();
                            if (e == a)
                                expected -= blocks.E(l, c, b).dense();
                            worst = std::max(worst, max_abs(commutator(Eab, Ece) - expected));
                        }
            CHECK(worst < 1e-12);
            // E_00 + E_11 = N on every block.
            CHECK(max_abs(blocks.E(l, 0, 0).dense() + blocks.E(l, 1, 1).dense() -
                          static_cast<double>(N) * DenseMatrix::identity(blocks.irreps[l].dim)) <
                  1e-13);
        }
    }
}

TEST_CASE("spin-1/2 blocks: sum dim m = 2^N, and m from the hook formula") {
    for (int N : {1, 2, 5, 10, 40}) {
        const SchurWeylBlocks blocks = spin_half_blocks(N);
        double total = 0.0;
        for (const Irrep& irrep : blocks.irreps)
            total += static_cast<double>(irrep.dim) * std::exp(irrep.ln_multiplicity);
        CHECK(std::abs(total / std::pow(2.0, N) - 1.0) < 1e-12);
    }
    // N = 4: m = 1, 3, 2 for j = 2, 1, 0 (standard Young tableaux of (4), (3,1), (2,2)).
    const SchurWeylBlocks four = spin_half_blocks(4);
    CHECK(std::exp(four.irreps[0].ln_multiplicity) == Approx(1.0));
    CHECK(std::exp(four.irreps[1].ln_multiplicity) == Approx(3.0));
    CHECK(std::exp(four.irreps[2].ln_multiplicity) == Approx(2.0));
}

TEST_CASE("spin-1/2 intertwiners: C^dag C = 1 and (E|_mu (x) 1 + 1 (x) e) C = C E|_lambda") {
    for (int N : {1, 2, 3, 4, 7, 12}) {
        const SchurWeylBlocks blocks = spin_half_blocks(N);
        // Every parent spin j_mu couples to j_mu +- 1/2, but j_mu = 0 (N odd) to 1/2 alone.
        CHECK(blocks.branches.size() == 2 * blocks.parents.size() - (N % 2 == 1 ? 1 : 0));
        for (const Branch& branch : blocks.branches) {
            const DenseMatrix C = branch.C.dense();
            const std::size_t dim = blocks.irreps[branch.lambda].dim;
            const std::size_t dim_mu = blocks.parents[branch.mu].dim;
            CHECK(max_abs(adjoint(C) * C - DenseMatrix::identity(dim)) < 1e-13);
            for (std::size_t a = 0; a < 2; ++a)
                for (std::size_t b = 0; b < 2; ++b) {
                    const DenseMatrix left = kron(blocks.parents[branch.mu].E[a * 2 + b].dense(),
                                                  DenseMatrix::identity(2)) +
                                             kron(DenseMatrix::identity(dim_mu), unit(a, b));
                    CHECK(max_abs(left * C - C * blocks.E(branch.lambda, a, b).dense()) < 1e-12);
                }
        }
    }
}
