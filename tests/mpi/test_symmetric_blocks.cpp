// The block backend (lib/symmetric) against the plain dense reference for d = 2 (spin-1/2
// blocks) and d = 3, 4 (Gelfand-Tsetlin blocks): the initial states, the generator with random
// complex h, W (every entry non-zero) and non-normal L, a short evolution, and every diagnostic
// the blocks provide, at 1, 2 and 3 ranks (blocks and their neighbours on different ranks). The
// dense matrix of a block state comes from the explicit Schur-Weyl basis
// (tests/support/block_reference.hpp), itself checked in test_schur_weyl and
// test_gelfand_tsetlin; W = 0 at large N against the Hartree state, which is then exact.
#include "core/error.hpp"
#include "core/session.hpp"
#include "dynamics/hartree_solver.hpp"
#include "dynamics/rk_integrator.hpp"
#include "model/initial_state.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/block_initial_states.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

#include "support/block_reference.hpp"
#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include "dynamics/state_evolution.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace qrem;
using namespace testing_support;

namespace {

OneBodyModel random_model(unsigned seed, bool with_W = true, std::size_t d = 2) {
    OneBodyModel m;
    m.name = "random";
    m.d = d;
    m.h = random_hermitian(d, seed);
    m.W = with_W ? random_two_body(d, seed + 1) : DenseMatrix(d * d, d * d);
    DenseMatrix L = random_matrix(d, d, seed + 2);
    L *= 0.5;
    m.jumps.push_back(make_jump_operator("random", L));
    DenseMatrix diagonal(d, d);
    for (std::size_t a = 0; a < d; ++a)
        diagonal(a, a) =
            Complex(0.3 - 0.5 * static_cast<double>(a), 0.1 + 0.15 * static_cast<double>(a));
    m.jumps.push_back(make_jump_operator("random-diagonal", diagonal));
    return m;
}

std::shared_ptr<const SchurWeylBlocks> blocks_of(int N, std::size_t d = 2) {
    return std::make_shared<const SchurWeylBlocks>(schur_weyl_blocks(d, N));
}

/// (d, N): the spin-1/2 blocks and the Gelfand-Tsetlin blocks of d = 3 and 4, up to the sizes
/// the dense reference affords.
using Cases = std::vector<std::pair<std::size_t, int>>;
Cases with_gt(const std::vector<int>& spin, const std::vector<int>& three,
              const std::vector<int>& four) {
    Cases cases;
    for (const int N : spin)
        cases.emplace_back(2, N);
    for (const int N : three)
        cases.emplace_back(3, N);
    for (const int N : four)
        cases.emplace_back(4, N);
    return cases;
}

PetscErrorCode block_rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    try {
        static_cast<BlockLindbladRHS*>(context)->apply(u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "%s", e.what());
    }
    PetscFunctionReturn(0);
}

/// Evolves Gamma (blocks) to t with tight tolerances.
void evolve(BlockDensityMatrix& Gamma, const OneBodyModel& model, double t, double rtol = 1e-12,
            double atol = 1e-14) {
    BlockLindbladRHS rhs(Gamma, model);
    RkIntegrator ts({Gamma.comm(), "blocktest_", TSRK5DP, rtol, atol}, block_rhs, &rhs);
    check(TSSetSolution(ts, Gamma.vec()));
    ts.integrate_to(Gamma.vec(), t);
}

/// The block generator applied to a random invariant state (seed `state_seed`) against the
/// dense reference built from `m` as given.
struct GeneratorCheck {
    double difference;        ///< the largest entry of |F - reference|
    Complex trace;            ///< Tr F
    double hermiticity_error; ///< of F
};
GeneratorCheck check_generator(const OneBodyModel& m, int N, unsigned state_seed) {
    const auto blocks = blocks_of(N, m.d);
    BlockDensityMatrix Gamma(Session::comm(), blocks), F(Session::comm(), blocks);
    fill_random_invariant(Gamma, state_seed);
    BlockLindbladRHS rhs(Gamma, m);
    rhs.apply(Gamma.vec(), F.vec());
    const auto reference = reference_operators(m, N);
    const ref::Mat expected = ref::lindblad_rhs(reference.H, reference.jumps,
                                                ref::from_dense(dense_from_blocks(Gamma)));
    return {ref::max_abs_diff(ref::from_dense(dense_from_blocks(F)), expected), F.trace(),
            F.hermiticity_error()};
}

std::vector<double> entropies(const ref::Mat& G) {
    return ref::jacobi_eigenvalues(G);
}

} // namespace

TEST_CASE("blocks: product, perturbed and Gibbs states equal the dense ones") {
    for (const auto& [d, N] : with_gt({1, 2, 3, 4, 5, 6}, {1, 2, 4}, {2, 3})) {
        INFO("d = " << d << ", N = " << N);
        const auto blocks = blocks_of(N, d);
        const DenseMatrix gamma = random_density_matrix(d, 5);
        BlockDensityMatrix Gamma(Session::comm(), blocks);
        fill_product_state(Gamma, gamma);
        const ref::Mat product = ref::product_state(ref::from_dense(gamma), N);
        CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(Gamma)), product) < 1e-13);
        fill_perturbed_product_state(Gamma, gamma, 0.3);
        const auto D = static_cast<std::size_t>(std::pow(static_cast<double>(d), N));
        const ref::Mat perturbed = ref::add(ref::scale(0.7, product),
                                            ref::scale(0.3 / static_cast<double>(D), ref::eye(D)));
        CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(Gamma)), perturbed) < 1e-13);

        const OneBodyModel m = random_model(40 + static_cast<unsigned>(N), true, d);
        const double beta = 0.8, tilt = 0.3;
        fill_gibbs_state(Gamma, m, beta, tilt);
        ref::Mat h = ref::from_dense(m.h);
        for (std::size_t a = 1; a < d; ++a)
            h[a][a] += tilt * static_cast<double>(a);
        const ref::Mat e =
            ref::expm(ref::scale(-beta, ref::hamiltonian(h, ref::from_dense(m.W), N)));
        CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(Gamma)),
                                ref::scale(1.0 / ref::tr(e), e)) < 1e-13);
    }
}

TEST_CASE("blocks: the generator equals the reference on random operators (1e-12)") {
    for (const auto& [d, N] : with_gt({1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5}, {2, 3, 4})) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const GeneratorCheck c =
            check_generator(random_model(10 + static_cast<unsigned>(N), true, d), N, 100);
        CHECK(c.difference < 1e-12);
        CHECK(std::abs(c.trace) < 1e-13); // trace preserved
        // Exactly Hermitian: an anti-Hermitian rounding error would grow like e^{N ||L||^2 t}
        // (block_lindblad_rhs.cpp); at N = 100 that made Gamma^{N:1} wrong by 1e-3.
        CHECK(c.hermiticity_error == 0.0);
    }
}

TEST_CASE("blocks: the generator with diagonal jump operators only (fewer, equivalent ones) "
          "equals the reference") {
    // All diagonal: the generator uses fewest_jump_operators (d - 1 operators for d random
    // complex diagonal ones with non-zero traces, their traces moved into h); the reference
    // uses the operators as given. Tolerance as for the generator above.
    for (const auto& [d, N] : with_gt({1, 2, 5, 7}, {2, 4, 5}, {2, 4})) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        OneBodyModel m = random_model(60 + static_cast<unsigned>(N), true, d);
        m.jumps.clear();
        for (unsigned k = 0; k < d; ++k) {
            const DenseMatrix r = random_matrix(d, d, 70 + k);
            DenseMatrix L(d, d);
            for (std::size_t a = 0; a < d; ++a)
                L(a, a) = 0.5 * r(a, a) + Complex(0.2, 0.3);
            m.jumps.push_back(make_jump_operator("diagonal", L));
        }
        const GeneratorCheck c = check_generator(m, N, 300);
        CHECK(c.difference < 1e-12);
        CHECK(c.hermiticity_error == 0.0);
    }
}

TEST_CASE("blocks: the generator's shared dense copies give the same result as one per block") {
    // Beyond the dense reference's reach (d = 2 from N ~ 24) the generator keeps its unpacked
    // blocks in slots that blocks whose uses do not overlap share. A slot reused too early
    // would change F; the arithmetic is otherwise the same, so F must agree to the bit.
    for (const int N : {40, 61}) {
        INFO("N = " << N << ", " << Session::size() << " rank(s)");
        const auto blocks = blocks_of(N, 2);
        const OneBodyModel m = random_model(20 + static_cast<unsigned>(N), true, 2);
        BlockDensityMatrix Gamma(Session::comm(), blocks), F(Session::comm(), blocks),
            F_each(Session::comm(), blocks);
        fill_random_invariant(Gamma, 200);
        BlockLindbladRHS shared(Gamma, m),
            each(Gamma, m, BlockLindbladRHS::DenseCopies::one_per_block);
        // Per rank: a rank with only small blocks keeps one copy each (no saving); some share.
        int shares = shared.shares_dense_copies() ? 1 : 0;
        MPI_Allreduce(MPI_IN_PLACE, &shares, 1, MPI_INT, MPI_MAX, Session::comm());
        CHECK(shares == 1);
        CHECK_FALSE(each.shares_dense_copies());
        shared.apply(Gamma.vec(), F.vec());
        each.apply(Gamma.vec(), F_each.vec());
        PetscBool equal = PETSC_FALSE;
        check(VecEqual(F.vec(), F_each.vec(), &equal));
        CHECK(equal == PETSC_TRUE);
        PetscReal norm = 0.0;
        check(VecNorm(F.vec(), NORM_2, &norm));
        CHECK(norm > 1.0); // a generator of random operators on a random state: F is not zero
    }
}

/// The Vec's entries in global order, on every rank.
std::vector<PetscScalar> all_entries(Vec v) {
    VecScatterHandle scatter;
    VecHandle all;
    check(VecScatterCreateToAll(v, scatter.out(), all.out()));
    check(VecScatterBegin(scatter, v, all, INSERT_VALUES, SCATTER_FORWARD));
    check(VecScatterEnd(scatter, v, all, INSERT_VALUES, SCATTER_FORWARD));
    PetscInt size = 0;
    check(VecGetSize(all, &size));
    const PetscScalar* x = nullptr;
    check(VecGetArrayRead(all, &x));
    std::vector<PetscScalar> entries(x, x + size);
    check(VecRestoreArrayRead(all, &x));
    return entries;
}

TEST_CASE("blocks: the generator does not depend on how the blocks are balanced over the ranks") {
    // The run balances the blocks by generator_work, not by entries: blocks move between ranks
    // and their neighbours with them. Each block's F is computed alike wherever it lies, so F
    // must agree to the bit; the third layout puts block 0 alone on rank (size - 1) / 2 and
    // the rest on the last rank (at 3 and 4 ranks, some ranks hold no block).
    for (const auto& [d, N] : Cases{{2, 40}, {3, 12}, {4, 7}}) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const auto blocks = blocks_of(N, d);
        const OneBodyModel m = random_model(30 + static_cast<unsigned>(N), true, d);
        std::vector<double> front(blocks->irreps.size(), 1.0);
        front[0] = 1e9;
        const std::vector<std::vector<double>> layouts = {
            {}, generator_work(d, N, m.jumps.size()), front};
        std::vector<PetscScalar> first;
        for (const auto& work : layouts) {
            BlockDensityMatrix Gamma(Session::comm(), blocks, work),
                F(Session::comm(), blocks, work);
            Gamma.set_blocks([&](std::size_t l) {
                return random_density_matrix(blocks->irreps[l].dim, 300 + static_cast<unsigned>(l));
            });
            BlockLindbladRHS rhs(Gamma, m);
            rhs.apply(Gamma.vec(), F.vec());
            const std::vector<PetscScalar> entries = all_entries(F.vec());
            if (first.empty())
                first = entries;
            else
                CHECK(entries == first);
            if (&work == &layouts.back() && Session::size() > 1) {
                CHECK(Gamma.owner(0) == (Session::size() - 1) / 2);
                CHECK(Gamma.owner(1) == Session::size() - 1);
            }
        }
        CHECK(std::any_of(first.begin(), first.end(),
                          [](PetscScalar x) { return std::abs(x) > 0.1; }));
    }
}

TEST_CASE("blocks: a short evolution equals the reference's exact flow (1e-9)") {
    for (const auto& [d, N] : with_gt({2, 3, 5, 6}, {2, 3}, {3})) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const auto blocks = blocks_of(N, d);
        const OneBodyModel m = random_model(20 + static_cast<unsigned>(N), true, d);
        BlockDensityMatrix Gamma(Session::comm(), blocks);
        fill_random_invariant(Gamma, 200);
        const ref::Mat G0 = ref::from_dense(dense_from_blocks(Gamma));
        evolve(Gamma, m, 0.2);
        const auto reference = reference_operators(m, N);
        CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(Gamma)),
                                ref::lindblad_taylor(reference.H, reference.jumps, G0, 0.2)) <
              1e-9);
        CHECK(std::abs(Gamma.trace() - 1.0) < 1e-12);
    }
}

TEST_CASE("blocks: the Krylov exponential equals the reference's exact flow (1e-9)") {
    for (const auto& [d, N] : with_gt({2, 3, 5, 6}, {3}, {2})) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const auto blocks = blocks_of(N, d);
        const OneBodyModel m = random_model(30 + static_cast<unsigned>(N), true, d);
        BlockDensityMatrix Gamma(Session::comm(), blocks);
        fill_random_invariant(Gamma, 300);
        const ref::Mat G0 = ref::from_dense(dense_from_blocks(Gamma));
        BlockLindbladRHS rhs(Gamma, m);
        // Five vectors: several shortened steps to t = 0.2.
        StateEvolution evolution(Gamma.comm(), Gamma.vec(), [&](Vec u, Vec f) { rhs.apply(u, f); },
                                 {1e-12, 1e-14, NBodyMethod::krylov, 5});
        evolution.advance_to(0.2);
        CHECK(evolution.steps() > 1);
        const auto reference = reference_operators(m, N);
        CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(Gamma)),
                                ref::lindblad_taylor(reference.H, reference.jumps, G0, 0.2)) <
              1e-9);
        CHECK(std::abs(Gamma.trace() - 1.0) < 1e-10);
        // Every Krylov vector is a combination of generator images, each exactly Hermitian.
        CHECK(Gamma.hermiticity_error() == 0.0);
    }
}

TEST_CASE("blocks: marginals, spectrum, energy and distance to gamma^(x)N equal the dense ones") {
    for (const auto& [d, N] : with_gt({1, 2, 3, 4, 6, 7}, {1, 2, 4}, {2, 3})) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const auto blocks = blocks_of(N, d);
        BlockDensityMatrix Gamma(Session::comm(), blocks);
        fill_random_invariant(Gamma, 300);
        const ref::Mat G = ref::from_dense(dense_from_blocks(Gamma));
        for (int k = 1; k <= std::min(N, 3); ++k)
            CHECK(ref::max_abs_diff(ref::from_dense(Gamma.marginal(k)),
                                    ref::keep_first_legs(G, k, d, N)) < 1e-13);
        // S_vN and the smallest eigenvalue from the blocks against the dense spectrum.
        const std::vector<double> values = entropies(G);
        double S = 0.0;
        for (double v : values)
            S -= v > 0 ? v * std::log(v) : 0.0;
        const BlockSpectrumEntropy spectrum = Gamma.spectrum_entropy();
        CHECK(std::abs(spectrum.entropy - S) < 1e-12);
        CHECK(std::abs(spectrum.min_eigenvalue - values.front()) < 1e-14);
        CHECK(spectrum.negative_count == 0.0);
        // Tr(H_N Gamma) through collective operators.
        const OneBodyModel m = random_model(30, true, d);
        const auto reference = reference_operators(m, N);
        const Complex energy = Gamma.expectation(
            [&](std::size_t l) { return block_hamiltonian(*blocks, l, m.h, m.W); });
        CHECK(std::abs(energy - ref::tr(ref::mul(reference.H, G))) < 1e-12);
        // ||Gamma - gamma^(x)N||_1 with the dense eigenvalues of the difference.
        const DenseMatrix gamma = random_density_matrix(d, 9);
        double distance = 0.0;
        for (double v : ref::jacobi_eigenvalues(
                 ref::add(G, ref::scale(-1.0, ref::product_state(ref::from_dense(gamma), N)))))
            distance += std::abs(v);
        CHECK(std::abs(Gamma.trace_distance_to_product(gamma) - distance) < 1e-12);
    }
}

TEST_CASE("blocks: W = 0 at N = 100 (d = 2) and N = 10 (d = 3) keeps Gamma_t = gamma_t^(x)N") {
    // Without interaction the Hartree state is exact: Gamma_t = gamma_t^{(x)N} for all t. A
    // non-normal L and complex h couple every block to its neighbours. (Before the generator
    // was made exactly Hermitian, rounding grew here to 1e-3 in Gamma^{N:1}.) d = 3, N = 10:
    // 3^10 = 59049, out of the dense reference's reach, 14 Gelfand-Tsetlin blocks.
    for (const auto& [d, N] : Cases{{2, 100}, {3, 10}}) {
        INFO("d = " << d << ", N = " << N << ", " << Session::size() << " rank(s)");
        const OneBodyModel m = random_model(50, false, d);
        const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
        BlockDensityMatrix Gamma(Session::comm(), blocks_of(N, d));
        fill_product_state(Gamma, gamma0);
        CHECK(std::abs(Gamma.trace() - 1.0) < 1e-12);
        CHECK(Gamma.trace_distance_to_product(gamma0) < 1e-10);
        const double t = 0.3;
        evolve(Gamma, m, t, 1e-10, 1e-12);
        HartreeSolver hartree(m, gamma0, {});
        hartree.advance_to(t);
        const DenseMatrix gamma_t = hartree.gamma();
        CHECK(max_abs(Gamma.marginal(1) - gamma_t) < 1e-9);
        CHECK(Gamma.trace_distance_to_product(gamma_t) < 1e-7);
        // S(Gamma, gamma^(x)N) = -S_vN - N Tr(Gamma^(1) log gamma): at rounding level of N S_1.
        const DenseMatrix log_gamma =
            hermitian_function(gamma_t, [](double x) { return std::log(x); });
        const double S =
            -Gamma.spectrum_entropy().entropy - N * trace(Gamma.marginal(1) * log_gamma).real();
        CHECK(std::abs(S) < 1e-7);
    }
}

// Hidden from the default run ([.large]): registered once, at 2 ranks, by tests/CMakeLists.txt.
TEST_CASE("blocks: W = 0 at N = 500 keeps S(Gamma_t, gamma_t^(x)N) at the tolerance's level",
          "[.large]") {
    // The Hartree state is exact without interaction: Gamma_t = gamma_t^{(x)N}, S = 0, at a
    // size no dense reference reaches (2^500), with a non-normal L and complex h coupling every
    // block to its neighbours.
    const int N = 500;
    const OneBodyModel m = random_model(51, false);
    const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
    BlockDensityMatrix Gamma(Session::comm(), blocks_of(N));
    fill_product_state(Gamma, gamma0);
    const double t = 0.02;
    evolve(Gamma, m, t, 1e-12, 1e-15);
    HartreeSolver hartree(m, gamma0, {});
    hartree.advance_to(t);
    const DenseMatrix gamma_t = hartree.gamma();
    const DenseMatrix Gamma1 = Gamma.marginal(1);
    // Gamma^{N:1} = gamma_t up to the integrators' tolerances (rtol 1e-12).
    CHECK(max_abs(Gamma1 - gamma_t) < 1e-10);
    CHECK(std::abs(Gamma.trace() - 1.0) < 1e-11);
    // S = -S_vN - N Tr(Gamma^(1) log gamma_t), a difference of two numbers ~ 300. S is second
    // order in the state's error, but weighted by the inverse eigenvalues of gamma^{(x)N}, down
    // to ~1e-300 here, so the integrator's absolute tolerance sets its floor, not rounding:
    // measured 2.5e-11 (rtol 1e-12, atol 1e-15); the bound leaves a factor 40.
    const DenseMatrix log_gamma = hermitian_function(gamma_t, [](double x) { return std::log(x); });
    const double S_vN = Gamma.spectrum_entropy().entropy;
    const double S = -S_vN - N * trace(Gamma1 * log_gamma).real();
    INFO("S_vN = " << S_vN << ", S = " << S);
    CHECK(std::abs(S) < 1e-9);
}
