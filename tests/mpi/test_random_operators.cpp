// Random dense complex one-body data against the plain Kronecker-product reference, at every
// rank layout: fresh random h, W (Hermitian, exchange-symmetric, every entry non-zero) and
// non-normal complex L, so that every kind of few-body term occurs (one particle keeps its
// level while the other changes, e.g. <00|W|01>). Registered at 1, 2, 3 and 4 ranks: between
// them the rows of one leg are split (d = 2 at 2 and 4 ranks, d = 3 at 3), several legs are
// split, and the partitions are uneven (3 ranks for d = 2, 2 and 4 for d = 3).
#include "core/error.hpp"
#include "core/session.hpp"
#include "dynamics/gibbs_state.hpp"
#include "dynamics/lindblad_rhs.hpp"
#include "dynamics/nbody_solver.hpp"

#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using namespace testing_support;

namespace {

struct Case {
    std::size_t d;
    int N;
};

const std::vector<Case> cases{{2, 3}, {2, 4}, {2, 5}, {2, 6}, {3, 3}, {3, 4}};
// The right-hand side folds the moves on its last legs into a block matrix of d^K >= 4 rows:
// d = 2 and 3 (K = 2), and d = 4 (K = 1), checked on the right-hand side alone (the
// evolutions below run the same right-hand side).
const std::vector<Case> rhs_cases{{2, 3}, {2, 4}, {2, 5}, {2, 6}, {3, 3}, {3, 4}, {4, 3}};

/// h, W and a non-normal complex L from `seed`; with `diagonal_jump` also a complex diagonal L
/// (the elementwise path of the right-hand side).
OneBodyModel random_model(std::size_t d, unsigned seed, bool diagonal_jump) {
    OneBodyModel m;
    m.name = "random";
    m.d = d;
    m.h = random_hermitian(d, seed);
    m.W = random_two_body(d, seed + 1);
    DenseMatrix L = random_matrix(d, d, seed + 2);
    L *= 0.5;
    m.jumps.push_back(make_jump_operator("random", L));
    if (diagonal_jump) {
        DenseMatrix diagonal(d, d);
        const DenseMatrix values = random_matrix(d, 1, seed + 3);
        for (std::size_t a = 0; a < d; ++a)
            diagonal(a, a) = 0.4 * values(a, 0);
        m.jumps.push_back(make_jump_operator("random-diagonal", diagonal));
    }
    return m;
}

/// The reference's result on rank 0, sent to every rank (the plain reference is slow; each
/// rank computing it alone would only multiply the wait).
ref::Mat on_rank0(const std::function<ref::Mat()>& compute, std::size_t D) {
    qrem::DenseMatrix m(D, D);
    if (Session::rank() == 0)
        m = ref::to_dense(compute());
    MPI_Bcast(m.data(), static_cast<int>(m.size()), MPI_C_DOUBLE_COMPLEX, 0, Session::comm());
    return ref::from_dense(m);
}

std::string describe(const Case& c) {
    return "d = " + std::to_string(c.d) + ", N = " + std::to_string(c.N) + ", " +
           std::to_string(Session::size()) + " rank(s)";
}

} // namespace

TEST_CASE("random operators: the model exercises every kind of term") {
    for (std::size_t d : {2, 3}) {
        const OneBodyModel m = random_model(d, 100, true);
        double smallest = 1e300;
        for (std::size_t i = 0; i < d * d; ++i)
            for (std::size_t j = 0; j < d * d; ++j)
                smallest = std::min(smallest, std::abs(m.W(i, j)));
        CHECK(smallest > 1e-3);
        CHECK_FALSE(m.jumps[0].is_normal);
        CHECK_FALSE(m.jumps[0].is_diagonal);
        CHECK(m.jumps[1].is_diagonal);
    }
}

TEST_CASE("random operators: the right-hand side equals the reference (1e-12)") {
    for (const Case& c : rhs_cases) {
        INFO(describe(c));
        const OneBodyModel m = random_model(c.d, 7 * c.d + static_cast<unsigned>(c.N), c.N <= 4);
        const NBodySpace space(c.d, c.N);
        const auto D = static_cast<std::size_t>(space.D());
        const DenseMatrix full = random_density_matrix(D, 17);
        DensityMatrix Gamma(Session::comm(), space), F(Session::comm(), space);
        assign(Gamma, full);
        LindbladRHS rhs(Gamma, m);
        rhs.apply(Gamma.vec(), F.vec());
        const ref::Mat expected = on_rank0(
            [&] {
                const auto reference = reference_operators(m, c.N);
                return ref::lindblad_rhs(reference.H, reference.jumps, ref::from_dense(full));
            },
            D);
        // Entries are sums of O(N^2 d^2) products of O(1) couplings with O(1/D) entries of
        // Gamma: rounding ~1e-15; a misplaced term is O(1/D) >= 1e-3.
        CHECK(ref::max_abs_diff(ref::from_dense(F.gather()), expected) < 1e-12);
    }
}

TEST_CASE("random operators: a short evolution equals the reference's exact flow (1e-9)") {
    // qrem's Dormand-Prince (the default) and PETSc's TS rk 5dp: the same scheme, two codes.
    for (const NBodyMethod method : {NBodyMethod::dormand_prince, NBodyMethod::runge_kutta})
        for (const Case& c : cases) {
            INFO(describe(c) << ", nbody.method " << method_name(method));
            const OneBodyModel m =
                random_model(c.d, 11 * c.d + static_cast<unsigned>(c.N), c.N <= 4);
            const NBodySpace space(c.d, c.N);
            const auto D = static_cast<std::size_t>(space.D());
            const DenseMatrix full = random_density_matrix(D, 23);
            DensityMatrix Gamma(Session::comm(), space);
            assign(Gamma, full);
            // Tight tolerances, so that the comparison sees the engine, not the step control.
            NBodySolver solver(Gamma, m, {1e-12, 1e-14, method});
            const double t = 0.1;
            solver.advance_to(t);
            const ref::Mat expected = on_rank0(
                [&] {
                    const auto reference = reference_operators(m, c.N);
                    return ref::lindblad_taylor(reference.H, reference.jumps, ref::from_dense(full),
                                                t);
                },
                D);
            // Measured ~1e-14 at these tolerances; 1e-9 is the bar.
            CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-9);
            CHECK(std::abs(Gamma.trace() - 1.0) < 1e-12);
        }
}

TEST_CASE("random operators: the Gibbs state equals the reference exponential (1e-9)") {
    for (const Case& c : {Case{2, 4}, Case{2, 5}, Case{3, 3}}) {
        INFO(describe(c));
        OneBodyModel m = random_model(c.d, 13 * c.d + static_cast<unsigned>(c.N), false);
        m.h *= 0.5;
        m.W *= 0.5;
        const double beta = 1.0, tilt = 0.3;
        const NBodySpace space(c.d, c.N);
        DensityMatrix Gamma(Session::comm(), space);
        fill_gibbs_state(Gamma, m, beta, tilt, {1e-12, 1e-14});
        const ref::Mat expected = on_rank0(
            [&] {
                ref::Mat h = ref::from_dense(m.h);
                for (std::size_t k = 0; k < c.d; ++k)
                    h[k][k] += tilt * static_cast<double>(k);
                const ref::Mat e =
                    ref::expm(ref::scale(-beta, ref::hamiltonian(h, ref::from_dense(m.W), c.N)));
                return ref::scale(1.0 / ref::tr(e), e);
            },
            static_cast<std::size_t>(space.D()));
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-9);
    }
}

TEST_CASE("random operators: the Krylov exponential equals the reference's exact flow, at every "
          "step and node (1e-9)") {
    for (const Case& c : cases) {
        INFO(describe(c));
        const OneBodyModel m = random_model(c.d, 13 * c.d + static_cast<unsigned>(c.N), true);
        const NBodySpace space(c.d, c.N);
        const auto D = static_cast<std::size_t>(space.D());
        const DenseMatrix full = random_density_matrix(D, 29);
        DensityMatrix Gamma(Session::comm(), space);
        assign(Gamma, full);
        // Six Krylov vectors cannot reach t = 0.3 in one step at these tolerances: the solver
        // shortens steps, and the nodes fall inside steps, at their ends and between them.
        NBodyIntegration settings{1e-12, 1e-14, NBodyMethod::krylov, 6};
        NBodySolver solver(Gamma, m, settings);
        const std::vector<double> nodes{0.01, 0.1, 0.2, 0.25};
        WholeStateAtNodes sample{Gamma, {}};
        solver.advance_to(
            0.3, nodes, sample.linear(),
            [&](double t, const std::vector<PetscScalar>& entries) { sample.observe(t, entries); });
        std::vector<ref::Mat> at_nodes;
        for (const DenseMatrix& G : sample.at_nodes)
            at_nodes.push_back(ref::from_dense(G));
        CHECK(solver.steps() > 1);
        REQUIRE(at_nodes.size() == nodes.size());
        const auto reference = on_rank0(
            [&] {
                const auto r = reference_operators(m, c.N);
                return ref::lindblad_taylor(r.H, r.jumps, ref::from_dense(full), 0.3);
            },
            D);
        // The local error per step is bounded by the estimate (<= 1e-12 ||Gamma||_2 + 1e-14);
        // 1e-9 is the bar.
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), reference) < 1e-9);
        // Two of the nodes against the (slow) reference, one in the first step and one later,
        // where D <= 32 (the reference's cost grows like D^4).
        for (const std::size_t k : {std::size_t{0}, nodes.size() - 1}) {
            if (D > 32)
                break;
            INFO("node t = " << nodes[k]);
            const auto expected = on_rank0(
                [&] {
                    const auto r = reference_operators(m, c.N);
                    return ref::lindblad_taylor(r.H, r.jumps, ref::from_dense(full), nodes[k]);
                },
                D);
            CHECK(ref::max_abs_diff(at_nodes[k], expected) < 1e-9);
        }
        CHECK(std::abs(Gamma.trace() - 1.0) < 1e-10);
    }
}

TEST_CASE("random operators: the Jacobian is the complex-linear generator on non-Hermitian "
          "matrices (1e-12)") {
    for (const Case& c : cases) {
        INFO(describe(c));
        const OneBodyModel m = random_model(c.d, 17 * c.d + static_cast<unsigned>(c.N), true);
        const NBodySpace space(c.d, c.N);
        const auto D = static_cast<std::size_t>(space.D());
        DensityMatrix Gamma(Session::comm(), space), X(Session::comm(), space),
            F(Session::comm(), space);
        assign(Gamma, random_density_matrix(D, 31));
        const DenseMatrix x = random_matrix(D, D, 37); // neither Hermitian nor anti-Hermitian
        assign(X, x);
        NBodySolver solver(Gamma, m, {});
        solver.apply_jacobian(X.vec(), F.vec());
        const ref::Mat expected = on_rank0(
            [&] {
                const auto reference = reference_operators(m, c.N);
                return ref::lindblad_rhs(reference.H, reference.jumps, ref::from_dense(x));
            },
            D);
        // Entries of x are O(1) (not O(1/D)): rounding ~1e-13 relative to sums of O(N^2 d^2)
        // terms; a wrong part (e.g. L applied to X itself) is O(1).
        CHECK(ref::max_abs_diff(ref::from_dense(F.gather()), expected) < 1e-11);
    }
}

TEST_CASE("random operators: implicit TS types run with the matrix-free Jacobian (BDF, 1e-7)") {
    const Case c{2, 4};
    INFO(describe(c));
    const OneBodyModel m = random_model(c.d, 41, true);
    const NBodySpace space(c.d, c.N);
    const auto D = static_cast<std::size_t>(space.D());
    const DenseMatrix full = random_density_matrix(D, 43);
    DensityMatrix Gamma(Session::comm(), space);
    assign(Gamma, full);
    check(PetscOptionsSetValue(nullptr, "-ts_type", "bdf"));
    check(PetscOptionsSetValue(nullptr, "-ts_bdf_order", "4"));
    check(PetscOptionsSetValue(nullptr, "-ksp_rtol", "1e-13"));
    NBodySolver solver(Gamma, m, {1e-10, 1e-12, NBodyMethod::runge_kutta});
    check(PetscOptionsClearValue(nullptr, "-ts_type"));
    check(PetscOptionsClearValue(nullptr, "-ts_bdf_order"));
    check(PetscOptionsClearValue(nullptr, "-ksp_rtol"));
    TSType type = nullptr;
    check(TSGetType(solver.evolution().ts(), &type));
    CHECK(std::string(type) == TSBDF);
    solver.advance_to(0.3);
    const auto expected = on_rank0(
        [&] {
            const auto r = reference_operators(m, c.N);
            return ref::lindblad_taylor(r.H, r.jumps, ref::from_dense(full), 0.3);
        },
        D);
    // BDF's error control at rtol 1e-10 per step; a wrong Jacobian (e.g. only real-linear)
    // stalls GMRES or gives O(1e-2) errors.
    CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-7);
}
