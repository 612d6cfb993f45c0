// The distributed N-body engine against the plain Kronecker-product reference, at 1, 2 and 3
// ranks: operators, right-hand side, evolution, marginals and invariants.
#include "core/session.hpp"
#include "dynamics/hartree_solver.hpp"
#include "dynamics/lindblad_rhs.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"
#include "nbody/nbody_operators.hpp"

#include "core/error.hpp"
#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using namespace testing_support;

namespace {

struct Case {
    const char* name;
    OneBodyModel model;
    int N;
};

std::vector<Case> cases() {
    return {
        {"d=2 N=4 Bose-Hubbard, dephasing + amplitude damping",
         make_model("bose-hubbard", 2, {"site-dephasing 0.3", "amplitude-damping 0.2"}), 4},
        {"d=2 N=5 Heisenberg, closed", make_model("qudit", 2, {}), 5},
        {"d=3 N=3 Heisenberg, amplitude damping + number",
         make_model("qudit", 3, {"amplitude-damping 0.25", "number 0.1"}), 3},
    };
}

} // namespace

TEST_CASE("H_N and H_eff rows equal the Kronecker-product reference") {
    for (const auto& c : cases()) {
        INFO(c.name);
        const NBodySpace space(c.model.d, c.N);
        const auto reference = reference_operators(c.model, c.N);
        ref::Mat H_eff = reference.H;
        for (const auto& L : reference.jumps)
            H_eff = ref::add(H_eff, ref::scale(ref::cplx(0, -0.5), ref::mul(ref::dag(L), L)));
        for (const auto& [matrix, expected] :
             {std::pair{assemble_hamiltonian(Session::comm(), space, c.model), reference.H},
              std::pair{assemble_effective_hamiltonian(Session::comm(), space, c.model), H_eff}}) {
            PetscInt begin = 0, end = 0;
            check(MatGetOwnershipRange(matrix, &begin, &end));
            CHECK(begin == owned_rows(space.D(), Session::comm()).begin);
            double worst = 0.0;
            for (PetscInt r = begin; r < end; ++r) {
                std::vector<ref::cplx> row(static_cast<std::size_t>(space.D()), 0.0);
                PetscInt n = 0;
                const PetscInt* cols = nullptr;
                const PetscScalar* vals = nullptr;
                check(MatGetRow(matrix, r, &n, &cols, &vals));
                for (PetscInt k = 0; k < n; ++k)
                    row[static_cast<std::size_t>(cols[k])] = vals[k];
                check(MatRestoreRow(matrix, r, &n, &cols, &vals));
                for (std::size_t s = 0; s < row.size(); ++s)
                    worst = std::max(worst,
                                     std::abs(row[s] - expected[static_cast<std::size_t>(r)][s]));
            }
            CHECK(worst < 1e-14);
        }
    }
}

TEST_CASE("L_alpha on one leg (MPIAIJ) equals the embedded reference operator") {
    const OneBodyModel m = make_model("qudit", 3, {"amplitude-damping 0.25"});
    const int N = 3;
    const NBodySpace space(3, N);
    for (int leg = 0; leg < N; ++leg) {
        const MatHandle L = assemble_on_leg(Session::comm(), space, m.jumps[0].L, leg);
        const ref::Mat expected = ref::embed_one(ref::from_dense(m.jumps[0].L), leg, 3, N);
        PetscInt begin = 0, end = 0;
        check(MatGetOwnershipRange(L, &begin, &end));
        double worst = 0.0;
        for (PetscInt r = begin; r < end; ++r)
            for (PetscInt c = 0; c < static_cast<PetscInt>(space.D()); ++c) {
                PetscScalar value = 0.0;
                // MatGetValues on owned rows (entries outside the pattern read as zero).
                check(MatGetValues(L, 1, &r, 1, &c, &value));
                worst = std::max(
                    worst,
                    std::abs(value -
                             expected[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]));
            }
        CHECK(worst < 1e-15);
    }
}

TEST_CASE("the right-hand side equals -i[H_N, G] + sum D_L(G) of the reference") {
    for (const auto& c : cases()) {
        INFO(c.name);
        const NBodySpace space(c.model.d, c.N);
        DensityMatrix Gamma(Session::comm(), space);
        const DenseMatrix full = random_density_matrix(static_cast<std::size_t>(space.D()), 7);
        assign(Gamma, full);
        LindbladRHS rhs(Gamma, c.model);
        DensityMatrix F(Session::comm(), space);
        rhs.apply(Gamma.vec(), F.vec());
        const auto reference = reference_operators(c.model, c.N);
        const ref::Mat expected =
            ref::lindblad_rhs(reference.H, reference.jumps, ref::from_dense(full));
        // Sums of O(10) terms of size O(1/D): rounding ~1e-15.
        CHECK(ref::max_abs_diff(ref::from_dense(F.gather()), expected) < 1e-13);
    }
}

TEST_CASE("evolution agrees with fixed-step RK4 of the reference (1e-8)") {
    for (const auto& c : cases()) {
        INFO(c.name);
        const NBodySpace space(c.model.d, c.N);
        const DenseMatrix gamma0 = thermal_state(c.model.h, 1.0, 0.3);
        DensityMatrix Gamma(Session::comm(), space);
        // A mixture so that Gamma_0 is not a product: the interaction acts non-trivially.
        const DenseMatrix full =
            0.5 * random_density_matrix(static_cast<std::size_t>(space.D()), 11) +
            0.5 * ref::to_dense(ref::product_state(ref::from_dense(gamma0), c.N));
        assign(Gamma, full);
        NBodySolver solver(Gamma, c.model, {});
        solver.advance_to(0.5);
        const auto reference = reference_operators(c.model, c.N);
        // RK4 with dt = 1e-3: error ~ dt^4 ||L||^4 ~ 1e-11; the solver's rtol is 1e-10.
        const ref::Mat expected =
            ref::lindblad_rk4(reference.H, reference.jumps, ref::from_dense(full), 0.5, 500);
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-8);
        CHECK(std::abs(Gamma.trace() - 1.0) < 1e-12);
        CHECK(Gamma.hermiticity_error() < 1e-14);
        CHECK(solver.time() == 0.5);
    }
}

TEST_CASE("W = 0: Gamma_t = gamma_t^{(x)N} exactly (Hartree = exact dynamics)") {
    ModelSpec spec;
    spec.type = "bose-hubbard";
    spec.bose_hubbard = {1, 3, 0.9, 0.0};
    spec.jumps = {parse_jump_spec("amplitude-damping 0.3", "j"),
                  parse_jump_spec("site-dephasing 0.2", "j")};
    const OneBodyModel m = build_model(spec);
    const int N = 4;
    const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
    DensityMatrix Gamma(Session::comm(), NBodySpace(m.d, N));
    fill_product_state(Gamma, gamma0);
    NBodySolver solver(Gamma, m, {});
    HartreeSolver hartree(m, gamma0, {});
    for (double t : {0.5, 1.0}) {
        solver.advance_to(t);
        hartree.advance_to(t);
        const ref::Mat expected = ref::product_state(ref::from_dense(hartree.gamma()), N);
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-9);
        CHECK(max_abs(Gamma.marginal(1) - hartree.gamma()) < 1e-9);
    }
}

TEST_CASE("closed dynamics keep the spectrum of Gamma (S_vN conserved)") {
    const OneBodyModel m = make_model("qudit", 2, {});
    const NBodySpace space(2, 5);
    DensityMatrix Gamma(Session::comm(), space);
    const DenseMatrix full = random_density_matrix(32, 21);
    assign(Gamma, full);
    const auto before = hermitian_eigenvalues(full);
    NBodySolver solver(Gamma, m, {});
    solver.advance_to(1.0);
    const auto after = hermitian_eigenvalues(Gamma.gather());
    double worst = 0.0;
    for (std::size_t k = 0; k < before.size(); ++k)
        worst = std::max(worst, std::abs(before[k] - after[k]));
    CHECK(worst < 1e-9);
}

TEST_CASE("marginals and the expectation of H_N equal the reference") {
    const OneBodyModel m = make_model("qudit", 3, {});
    const int N = 3;
    const NBodySpace space(3, N);
    DensityMatrix Gamma(Session::comm(), space);
    const DenseMatrix full = random_density_matrix(27, 31);
    assign(Gamma, full);
    for (int k = 1; k <= N; ++k) {
        const ref::Mat expected = ref::keep_first_legs(ref::from_dense(full), k, 3, N);
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.marginal(k)), expected) < 1e-14);
    }
    // Leg 2's marginal: move leg 2 to the front by the reference's explicit definition.
    ref::Mat leg2 = ref::zeros(3, 3);
    for (std::size_t r = 0; r < 27; ++r)
        for (std::size_t b = 0; b < 3; ++b)
            leg2[r % 3][b] += full(r, r - r % 3 + b);
    CHECK(ref::max_abs_diff(ref::from_dense(Gamma.one_body_marginal(2)), leg2) < 1e-14);
    const MatHandle H = assemble_hamiltonian(Session::comm(), space, m);
    const auto reference = reference_operators(m, N);
    CHECK(std::abs(Gamma.expectation(H) - ref::tr(ref::mul(reference.H, ref::from_dense(full)))) <
          1e-13);
    CHECK(std::abs(Gamma.trace() - 1.0) < 1e-14);
}

TEST_CASE("sizes beyond 32-bit PetscInt are refused before allocating") {
    CHECK_THROWS_WITH(NBodySpace(2, 16),
                      Catch::Contains("model.N") && Catch::Contains("64-bit-indices"));
    CHECK_NOTHROW(NBodySpace(2, 15));
}

TEST_CASE("Gamma at intermediate nodes from the dense output: no extra steps, accurate") {
    const OneBodyModel m = make_model("bose-hubbard", 3, {"site-dephasing 0.3"});
    const NBodySpace space(3, 3);
    const DenseMatrix full = random_density_matrix(27, 41);
    // Dormand-Prince combines samples of the step's start and derivatives; PETSc TS forms the
    // state at each node and samples it.
    for (const NBodyMethod method : {NBodyMethod::dormand_prince, NBodyMethod::runge_kutta}) {
        INFO("method " << method_name(method));
        NBodyIntegration settings;
        settings.method = method;
        DensityMatrix plain(Session::comm(), space), sampled(Session::comm(), space);
        assign(plain, full);
        assign(sampled, full);
        NBodySolver plain_solver(plain, m, settings), sampling_solver(sampled, m, settings);
        const std::vector<double> nodes{0.05, 0.1, 0.37, 0.6};
        WholeStateAtNodes sample{sampled, {}};
        sampling_solver.advance_to(
            0.75, nodes, sample.linear(),
            [&](double t, const std::vector<PetscScalar>& entries) { sample.observe(t, entries); });
        plain_solver.advance_to(0.75);
        CHECK(sampling_solver.steps() == plain_solver.steps());
        CHECK(max_abs(sampled.gather() - plain.gather()) == 0.0);
        REQUIRE(sample.at_nodes.size() == nodes.size());
        // Against the reference RK4 at each node: the interpolant is 4th order inside steps
        // the controller keeps at rtol 1e-10, so it is accurate to ~1e-9.
        const auto reference = reference_operators(m, 3);
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            const ref::Mat expected = ref::lindblad_rk4(reference.H, reference.jumps,
                                                        ref::from_dense(full), nodes[k], 400);
            CHECK(ref::max_abs_diff(ref::from_dense(sample.at_nodes[k]), expected) < 1e-8);
        }
        CHECK_THROWS(sampling_solver.advance_to(1.0, {0.5}, sample.linear(),
                                                [](double, const std::vector<PetscScalar>&) {}));
    }
}
