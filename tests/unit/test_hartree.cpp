#include "dynamics/hartree_rhs.hpp"
#include "dynamics/hartree_solver.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"

#include "core/error.hpp"
#include "support/dense_reference.hpp"
#include "support/random_matrices.hpp"
#include "support/reference_data.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;
using namespace testing_support;

namespace {

std::vector<ref::Mat> reference_jumps(const OneBodyModel& m) {
    std::vector<ref::Mat> jumps;
    for (const auto& j : m.jumps)
        jumps.push_back(ref::from_dense(j.L));
    return jumps;
}

OneBodyModel open_qudit_model() {
    ModelSpec spec;
    spec.type = "qudit";
    spec.qudit = {3, "heisenberg", 1.3, 0.4, 0.9};
    spec.N = 3;
    spec.jumps = {parse_jump_spec("amplitude-damping 0.3", "j"),
                  parse_jump_spec("site-dephasing 0.1", "j")};
    return build_model(spec);
}

} // namespace

TEST_CASE("hartree_rhs equals the literal right-hand side of the reference") {
    const OneBodyModel m = open_qudit_model();
    const DenseMatrix gamma = random_density_matrix(3, 70);
    const ref::Mat expected = ref::hartree_rhs(ref::from_dense(m.h), ref::from_dense(m.W),
                                               reference_jumps(m), ref::from_dense(gamma));
    CHECK(ref::max_abs_diff(ref::from_dense(hartree_rhs(m, gamma)), expected) < 1e-13);
}

TEST_CASE("Hartree-Lindblad solver against fixed-step RK4 of the reference (d = 3, non-normal L)") {
    const OneBodyModel m = open_qudit_model();
    const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
    HartreeSolver solver(m, gamma0, {});
    solver.advance_to(1.0);
    // RK4 with dt = 5e-4: global error ~ dt^4 * C ~ 1e-13 for ||rhs|| = O(1).
    const ref::Mat expected =
        ref::hartree_rk4(ref::from_dense(m.h), ref::from_dense(m.W), reference_jumps(m),
                         ref::from_dense(gamma0), 1.0, 2000);
    CHECK(ref::max_abs_diff(ref::from_dense(solver.gamma()), expected) < 1e-10);
    CHECK(solver.time() == 1.0);
}

TEST_CASE("the reference gamma_t, ||X(t)||_op and m_0(t) are reproduced (1e-8)") {
    const auto& cases = reference_file()["cases"];
    for (std::size_t c = 0; c < 2; ++c) {
        const bool dephasing = cases[c]["name"].string == "dephasing";
        INFO("case " << cases[c]["name"].string);
        const OneBodyModel m = build_model(reference_model_spec(dephasing));
        HartreeSolver solver(m, thermal_state(m.h, 1.0, 0.3), {});
        for (const auto& row : cases[c]["rows"].array) {
            const double t = row["t"].as_number();
            solver.advance_to(t);
            const HartreeSample s = solver.sample();
            INFO("t = " << t);
            CHECK(max_abs(s.gamma - reference_gamma(row)) < 1e-8);
            CHECK(std::abs(s.X_op - row["Xop"].as_number()) < 1e-8);
            CHECK(std::abs(s.m0 - row["m0"].as_number()) < 1e-8);
        }
    }
}

TEST_CASE("W = 0: gamma_t = exp(t L_1) gamma_0, L_1 the one-body Liouvillian") {
    ModelSpec spec;
    spec.type = "bose-hubbard";
    spec.bose_hubbard = {1, 3, 0.8, 0.0};
    spec.N = 2;
    spec.jumps = {parse_jump_spec("amplitude-damping 0.4", "j"),
                  parse_jump_spec("number 0.2", "j")};
    const OneBodyModel m = build_model(spec);
    const DenseMatrix gamma0 = thermal_state(m.h, 0.5, 0.7);
    HartreeSolver solver(m, gamma0, {});
    const double t = 2.0;
    solver.advance_to(t);
    const ref::Mat S = ref::liouvillian_superoperator(ref::from_dense(m.h), reference_jumps(m));
    const ref::Mat expected =
        ref::unvec(ref::apply(ref::expm(ref::scale(t, S)), ref::vec(ref::from_dense(gamma0))), 3);
    // rtol = atol = 1e-12 per step over ~100 steps: 1e-10 leaves a safety factor.
    CHECK(ref::max_abs_diff(ref::from_dense(solver.gamma()), expected) < 1e-10);
}

TEST_CASE("closed Hartree flow keeps trace, Hermiticity, spectrum and energy (torus, d = 8)") {
    ModelSpec spec;
    spec.type = "torus";
    spec.torus = {8, 0.3, "gaussian", 2.0, 0.15, false};
    const OneBodyModel m = build_model(spec);
    const DenseMatrix gamma0 = thermal_state(m.h, 0.02, 0.5);
    const auto spectrum0 = hermitian_eigenvalues(gamma0);
    HartreeSolver solver(m, gamma0, {});
    const double energy0 = solver.sample().energy;
    for (double t : {0.05, 0.1, 0.2}) {
        solver.advance_to(t);
        const HartreeSample s = solver.sample();
        CHECK(s.trace_error < 1e-12);
        CHECK(s.hermiticity_error < 1e-12);
        // Energy scale ~ ||h|| ~ 20: relative drift 1e-11 is well above rtol 1e-12 accumulation.
        CHECK(std::abs(s.energy - energy0) < 1e-10 * std::max(1.0, std::abs(energy0)));
        const auto spectrum = hermitian_eigenvalues(s.gamma);
        for (std::size_t k = 0; k < spectrum.size(); ++k)
            CHECK(std::abs(spectrum[k] - spectrum0[k]) < 1e-11);
    }
}

TEST_CASE("open flow with normal L keeps gamma_t >= m_0 (Remark 6), trace and Hermiticity") {
    ModelSpec spec;
    spec.type = "qudit";
    spec.qudit = {4, "ising", 2.0, 0.3, 1.0};
    spec.jumps = {parse_jump_spec("site-dephasing 0.7", "j")};
    const OneBodyModel m = build_model(spec);
    REQUIRE(m.all_jumps_normal());
    const DenseMatrix gamma0 = thermal_state(m.h, 2.0, 0.1);
    HartreeSolver solver(m, gamma0, {});
    const double m0 = solver.sample().m0;
    for (double t = 0.25; t <= 3.0; t += 0.25) {
        solver.advance_to(t);
        const HartreeSample s = solver.sample();
        CHECK(s.trace_error < 1e-12);
        CHECK(s.hermiticity_error < 1e-12);
        CHECK(s.m0 >= m0 - 1e-10);
    }
}

TEST_CASE("the solver refuses to go back in time") {
    const OneBodyModel m = bose_hubbard_model({1, 2, 1, 1});
    HartreeSolver solver(m, thermal_state(m.h, 1, 0.3), {});
    solver.advance_to(0.5);
    CHECK_THROWS_AS(solver.advance_to(0.25), Error);
    CHECK_NOTHROW(solver.advance_to(0.5));
}
