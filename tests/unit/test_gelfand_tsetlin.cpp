// The Gelfand-Tsetlin blocks (every d) checked for what the block backend relies on: the gl(d)
// commutation relations and E_ba = E_ab^dag on every V_lambda, the intertwiners C isometric and
// intertwining, dim and m adding up to d^N, the explicit basis built from C carrying E_ab as
// the collective operators of the dense space (d = 3, 4), and d = 2 equal to the spin-1/2
// blocks. Tolerances: every entry is a square root of a ratio of small integers, so rounding
// (a few ulp per product) is the only error; 1e-13 (1e-12 for products over the dense space).
#include "representation/gelfand_tsetlin.hpp"

#include "support/block_reference.hpp"
#include "support/nbody_reference.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;
using namespace testing_support;

namespace {

DenseMatrix unit(std::size_t d, std::size_t a, std::size_t b) {
    DenseMatrix e(d, d);
    e(a, b) = 1.0;
    return e;
}

double binomial(int n, int k) {
    return std::round(
        std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)));
}

/// The worst violation of [E_ab, E_ce] = delta_bc E_ae - delta_ea E_cb and E_ba = E_ab^dag.
double worst_commutator(const Irrep& irrep, std::size_t d) {
    double worst = 0.0;
    const auto E = [&](std::size_t a, std::size_t b) { return irrep.E[a * d + b].dense(); };
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b) {
            worst = std::max(worst, max_abs(E(b, a) - adjoint(E(a, b))));
            for (std::size_t c = 0; c < d; ++c)
                for (std::size_t e = 0; e < d; ++e) {
                    DenseMatrix expected(irrep.dim, irrep.dim);
                    if (b == c)
                        expected += E(a, e);
                    if (e == a)
                        expected -= E(c, b);
                    worst = std::max(worst, max_abs(commutator(E(a, b), E(c, e)) - expected));
                }
        }
    return worst;
}

} // namespace

TEST_CASE("GT blocks: [E_ab, E_ce] = delta_bc E_ae - delta_ea E_cb and E_ba = E_ab^dag") {
    for (const auto& [d, N] : std::vector<std::pair<std::size_t, int>>{
             {3, 1}, {3, 2}, {3, 4}, {3, 6}, {4, 3}, {4, 5}, {5, 3}, {5, 4}}) {
        INFO("d = " << d << ", N = " << N);
        const SchurWeylBlocks blocks = gelfand_tsetlin_blocks(d, N);
        for (const Irrep& irrep : blocks.irreps) {
            CHECK(worst_commutator(irrep, d) < 1e-12);
            // sum_a E_aa = N on V_lambda.
            DenseMatrix total(irrep.dim, irrep.dim);
            for (std::size_t a = 0; a < d; ++a)
                total += irrep.E[a * d + a].dense();
            CHECK(max_abs(total - static_cast<double>(N) * DenseMatrix::identity(irrep.dim)) <
                  1e-13);
        }
    }
}

TEST_CASE("GT blocks: sum dim m = d^N, sum dim^2 = C(N + d^2 - 1, d^2 - 1), the Weyl formula") {
    for (const auto& [d, N] : std::vector<std::pair<std::size_t, int>>{
             {3, 1}, {3, 5}, {3, 12}, {4, 6}, {5, 5}, {6, 4}}) {
        INFO("d = " << d << ", N = " << N);
        const SchurWeylBlocks blocks = gelfand_tsetlin_blocks(d, N);
        double total = 0.0, squares = 0.0, packed = 0.0, dims = 0.0, largest = 0.0;
        for (const Irrep& irrep : blocks.irreps) {
            const auto dim = static_cast<double>(irrep.dim);
            CHECK(gl_dimension(irrep.shape) == dim);
            total += dim * std::exp(irrep.ln_multiplicity);
            squares += dim * dim;
            packed += dim * (dim + 1) / 2;
            dims += dim;
            largest = std::max(largest, dim);
        }
        CHECK(std::abs(total / std::pow(static_cast<double>(d), N) - 1.0) < 1e-12);
        const int n2 = static_cast<int>(d * d);
        CHECK(squares == binomial(N + n2 - 1, n2 - 1));
        CHECK(block_sizes(d, N).packed_entries == packed);
        CHECK(block_sizes(d, N).dimension_sum == dims);
        CHECK(block_sizes(d, N).largest_dimension == largest);
    }
    // d = 3, N = 3: (3), (2,1), (1,1,1) with m = 1, 2, 1 and dim = 10, 8, 1.
    const SchurWeylBlocks three = gelfand_tsetlin_blocks(3, 3);
    REQUIRE(three.irreps.size() == 3);
    CHECK(three.irreps[1].shape == std::vector<int>{2, 1, 0});
    CHECK(three.irreps[1].dim == 8);
    CHECK(std::exp(three.irreps[1].ln_multiplicity) == Approx(2.0));
    CHECK(three.irreps[2].dim == 1);
}

TEST_CASE("GT intertwiners: C^dag C = 1 and (E|_mu (x) 1 + 1 (x) e_ab) C = C E|_lambda") {
    for (const auto& [d, N] :
         std::vector<std::pair<std::size_t, int>>{{3, 1}, {3, 2}, {3, 5}, {4, 4}, {4, 5}, {5, 4}}) {
        INFO("d = " << d << ", N = " << N);
        const SchurWeylBlocks blocks = gelfand_tsetlin_blocks(d, N);
        // Pieri: every partition lambda of N comes from each of its removable corners.
        std::size_t corners = 0;
        for (const Irrep& irrep : blocks.irreps)
            for (std::size_t i = 0; i < d; ++i)
                corners +=
                    irrep.shape[i] > 0 && (i + 1 == d || irrep.shape[i] > irrep.shape[i + 1]);
        CHECK(blocks.branches.size() == corners);
        for (const Branch& branch : blocks.branches) {
            const DenseMatrix C = branch.C.dense();
            const std::size_t dim = blocks.irreps[branch.lambda].dim;
            const std::size_t dim_mu = blocks.parents[branch.mu].dim;
            CHECK(max_abs(adjoint(C) * C - DenseMatrix::identity(dim)) < 1e-13);
            double worst = 0.0;
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b) {
                    const DenseMatrix left = kron(blocks.parents[branch.mu].E[a * d + b].dense(),
                                                  DenseMatrix::identity(d)) +
                                             kron(DenseMatrix::identity(dim_mu), unit(d, a, b));
                    worst = std::max(worst,
                                     max_abs(left * C - C * blocks.E(branch.lambda, a, b).dense()));
                }
            CHECK(worst < 1e-13);
        }
    }
}

TEST_CASE("the basis built from C (d = 2, 3, 4): orthonormal, complete, carries E_ab as sum_i e_ab") {
    for (const auto& [d, N] : std::vector<std::pair<std::size_t, int>>{
             {2, 2}, {2, 3}, {2, 5}, {3, 2}, {3, 4}, {4, 3}}) {
        INFO("d = " << d << ", N = " << N);
        const SchurWeylBlocks blocks = schur_weyl_blocks(d, N);
        const auto basis = schur_basis(d, N);
        std::size_t D = 1;
        for (int n = 0; n < N; ++n)
            D *= d;
        std::vector<std::vector<DenseMatrix>> collective(d, std::vector<DenseMatrix>(d));
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t b = 0; b < d; ++b) {
                ref::Mat sum = ref::zeros(D, D);
                for (int leg = 0; leg < N; ++leg)
                    sum = ref::add(sum, ref::embed_one(ref::from_dense(unit(d, a, b)), leg, d, N));
                collective[a][b] = ref::to_dense(sum);
            }
        DenseMatrix projector(D, D);
        for (std::size_t l = 0; l < basis.size(); ++l) {
            CHECK(static_cast<double>(basis[l].size()) ==
                  Approx(std::exp(blocks.irreps[l].ln_multiplicity)));
            for (const DenseMatrix& U : basis[l]) {
                projector += U * adjoint(U);
                double worst = 0.0;
                for (std::size_t a = 0; a < d; ++a)
                    for (std::size_t b = 0; b < d; ++b)
                        worst = std::max(
                            worst, max_abs(collective[a][b] * U - U * blocks.E(l, a, b).dense()));
                CHECK(worst < 1e-12);
            }
        }
        CHECK(max_abs(projector - DenseMatrix::identity(D)) < 1e-12);
    }
}

TEST_CASE("GT blocks at d = 2 are the spin-1/2 blocks: basis, order and phases") {
    for (int N : {1, 2, 5, 10, 33}) {
        INFO("N = " << N);
        const SchurWeylBlocks gt = gelfand_tsetlin_blocks(2, N), spin = spin_half_blocks(N);
        REQUIRE(gt.irreps.size() == spin.irreps.size());
        for (std::size_t l = 0; l < gt.irreps.size(); ++l) {
            CHECK(gt.irreps[l].shape == spin.irreps[l].shape);
            // lgamma sums near ln m ~ N ln 2: a few ulp of each term.
            CHECK(std::abs(gt.irreps[l].ln_multiplicity - spin.irreps[l].ln_multiplicity) < 1e-12);
            for (std::size_t ab = 0; ab < 4; ++ab)
                CHECK(max_abs(gt.irreps[l].E[ab].dense() - spin.irreps[l].E[ab].dense()) < 1e-13);
        }
        REQUIRE(gt.branches.size() == spin.branches.size());
        for (std::size_t k = 0; k < gt.branches.size(); ++k) {
            CHECK(gt.branches[k].mu == spin.branches[k].mu);
            CHECK(gt.branches[k].lambda == spin.branches[k].lambda);
            CHECK(max_abs(gt.branches[k].C.dense() - spin.branches[k].C.dense()) < 1e-13);
        }
    }
}

TEST_CASE("jump_terms_per_block counts the branches into every block, in the blocks' order") {
    // The generator's work (and so the ranks' layout and the memory estimate) counts the jump
    // terms from the shapes alone; they must be the pairs of branches lambda -> mu -> lambda'
    // that BlockLindbladRHS builds, block by block in schur_weyl_blocks' order.
    for (const auto& [d, N_max] : std::vector<std::pair<std::size_t, int>>{{2, 9}, {3, 7}, {4, 5}})
        for (int N = 1; N <= N_max; ++N) {
            INFO("d = " << d << ", N = " << N);
            const SchurWeylBlocks blocks = schur_weyl_blocks(d, N);
            const std::vector<double> terms = jump_terms_per_block(d, N);
            const auto shapes = partitions(N, d);
            REQUIRE(terms.size() == blocks.irreps.size());
            REQUIRE(shapes.size() == blocks.irreps.size());
            for (std::size_t l = 0; l < blocks.irreps.size(); ++l) {
                double pairs = 0.0;
                for (const Branch& into : blocks.branches)
                    for (const Branch& from : blocks.branches)
                        if (into.lambda == l && from.mu == into.mu)
                            pairs += 1.0;
                CHECK(terms[l] == pairs);
                CHECK(static_cast<double>(blocks.irreps[l].dim) == gl_dimension(shapes[l]));
            }
        }
}
