// The typed checkpoint record of a run and its stored form (named numbers and texts).
#include "run/run_checkpoint.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;

namespace {

RunCheckpoint example() {
    RunCheckpoint c;
    c.output_index = 7;
    c.output_time = 0.7;
    c.nbody = {0.73, 120, 0.0061};
    c.hartree = {0.7, 35, 0.02};
    c.rhs_evaluations = 731;
    c.gamma = DenseMatrix(2, 2);
    c.gamma(0, 0) = 0.6;
    c.gamma(0, 1) = Complex(0.1, -0.2);
    c.gamma(1, 0) = Complex(0.1, 0.2);
    c.gamma(1, 1) = 0.4;
    c.gamma_trace_error = 3e-15;
    c.min_m0 = 0.31;
    c.attempts = 2;
    c.seconds = {{"evolution", 12.5}, {"total", 14.0}};
    c.petsc_options = "-ts_rk_type 5bs";
    NBodyDiagnostics::State& d = c.diagnostics;
    d.budget = {true, 0.01, 0.02, 0.5, -0.003, {}};
    d.budget.checks["pinsker_k1"] = {1e-10, -0.2, 0.3, 8, 0};
    d.budget.checks["production_identity"] = {1e-6, 2e-6, 0.6, 7, 1};
    d.started = true;
    d.index = 8;
    d.spectra_computed = 8;
    d.negative_spectra = 1;
    d.min_eigenvalue = -2e-12;
    d.energy0 = 1.25;
    d.max_energy_drift = 1e-11;
    d.X_op_previous = 0.8;
    d.production_previous = -0.01;
    d.spectrum = {0.9, -2e-12, 1};
    d.X_op_nodes = {0.8, 0.81, 0.82};
    d.production_nodes = {-0.01, -0.011};
    d.infinite_note = "S = +inf from t = 0.5: gamma_t not faithful";
    return c;
}

} // namespace

TEST_CASE("run checkpoint: the record survives its stored form field by field") {
    const RunCheckpoint c = example();
    const RunCheckpoint r = run_checkpoint_from(to_run_state(c), 2);
    CHECK(r.output_index == c.output_index);
    CHECK(r.output_time == c.output_time);
    CHECK(r.nbody.t == c.nbody.t);
    CHECK(r.nbody.steps == c.nbody.steps);
    CHECK(r.nbody.dt == c.nbody.dt);
    CHECK(r.hartree.steps == c.hartree.steps);
    CHECK(r.rhs_evaluations == c.rhs_evaluations);
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(r.gamma.data()[i] == c.gamma.data()[i]);
    CHECK(r.gamma_trace_error == c.gamma_trace_error);
    CHECK(r.min_m0 == c.min_m0);
    CHECK(r.attempts == 2);
    CHECK(r.seconds == c.seconds);
    CHECK(r.petsc_options == c.petsc_options);
    const auto& a = r.diagnostics;
    const auto& b = c.diagnostics;
    CHECK(a.budget.started);
    CHECK(a.budget.S0 == b.budget.S0);
    CHECK(a.budget.previous_S == b.budget.previous_S);
    CHECK(a.budget.X_op_integral == b.budget.X_op_integral);
    CHECK(a.budget.production_integral == b.budget.production_integral);
    REQUIRE(a.budget.checks.size() == 2);
    CHECK(a.budget.checks.at("production_identity").violations == 1);
    CHECK(a.budget.checks.at("pinsker_k1").max_excess == -0.2);
    CHECK(a.index == b.index);
    CHECK(a.spectra_computed == b.spectra_computed);
    CHECK(a.negative_spectra == b.negative_spectra);
    CHECK(a.min_eigenvalue == b.min_eigenvalue);
    CHECK(a.energy0 == b.energy0);
    CHECK(a.max_energy_drift == b.max_energy_drift);
    CHECK(a.X_op_previous == b.X_op_previous);
    CHECK(a.production_previous == b.production_previous);
    CHECK(a.spectrum.entropy == b.spectrum.entropy);
    CHECK(a.spectrum.negative_count == b.spectrum.negative_count);
    CHECK(a.X_op_nodes == b.X_op_nodes);
    CHECK(a.production_nodes == b.production_nodes);
    CHECK(a.infinite_note == b.infinite_note);
}

TEST_CASE("run checkpoint: older and damaged stored forms") {
    RunState s = to_run_state(example());
    // Before 2026-12 a checkpoint held no attempts, times or PETSc options: one attempt.
    s.numbers.erase("attempts");
    s.numbers.erase("seconds.evolution");
    s.numbers.erase("seconds.total");
    s.texts.erase("petsc_options");
    const RunCheckpoint old = run_checkpoint_from(s, 2);
    CHECK(old.attempts == 1);
    CHECK(old.seconds.empty());
    CHECK(!old.petsc_options);
    // An empty text is stored as " ".
    const std::string blank(1, ' ');
    s.texts["infinite_note"] = blank;
    s.texts["petsc_options"] = blank;
    CHECK(run_checkpoint_from(s, 2).diagnostics.infinite_note.empty());
    CHECK(run_checkpoint_from(s, 2).petsc_options == std::string());
    // A missing or malformed entry is named.
    RunState missing = s;
    missing.numbers.erase("hartree_position");
    CHECK_THROWS_WITH(run_checkpoint_from(missing, 2), Catch::Contains("hartree_position"));
    CHECK_THROWS_WITH(run_checkpoint_from(s, 3), Catch::Contains("'gamma' has 8 values"));
    RunState short_diagnostics = s;
    short_diagnostics.numbers["diagnostics"].pop_back();
    CHECK_THROWS_WITH(run_checkpoint_from(short_diagnostics, 2),
                      Catch::Contains("'diagnostics' has 11 values, expected 12"));
}
