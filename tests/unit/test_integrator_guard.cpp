// The stall guard of every qrem integrator (RkIntegrator): it stops an integration whose steps
// fall below the floor or grow too many, with IntegratorStalled naming the integrator, t, the
// step and the key to change; it leaves the steps of a healthy integration unchanged. And the
// config keys of its limits.
#include "dynamics/rk_integrator.hpp"
#include "io/config.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace qrem;
using Catch::Contains;
namespace po = boost::program_options;

namespace {

/// du/dt = rate u, elementwise, with a complex rate (decay and rotation).
PetscErrorCode linear_rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    PetscCall(VecCopy(u, f));
    PetscCall(VecScale(f, *static_cast<PetscScalar*>(context)));
    PetscFunctionReturn(0);
}

/// Not a function of (t, u): +1 and -1 at alternate evaluations (a broken right-hand side), so
/// the error estimate never vanishes, unlike a smooth problem's, whose solutions of both orders
/// round to the same numbers once the steps are small.
PetscErrorCode alternating_rhs(TS, PetscReal, Vec, Vec f, void* context) {
    PetscFunctionBeginUser;
    auto& calls = *static_cast<long*>(context);
    PetscCall(VecSet(f, ++calls % 2 ? 1.0 : -1.0));
    PetscFunctionReturn(0);
}

struct Problem {
    explicit Problem(PetscScalar r) : rate(r) {
        check(VecCreateSeq(PETSC_COMM_SELF, 2, u.out()));
        check(VecSet(u, 1.0));
    }
    PetscScalar rate;
    VecHandle u;
};

RkSettings settings(StepLimits limits = {}, double rtol = 1e-10, double atol = 1e-12) {
    return {PETSC_COMM_SELF, "", TSRK5DP, rtol, atol, "Test", "test", limits};
}

double time_of(TS ts) {
    PetscReal t = 0;
    check(TSGetTime(ts, &t));
    return static_cast<double>(t);
}

std::string stall_message(RkIntegrator& integrator, Vec u, double t) {
    try {
        integrator.integrate_to(u, t);
    } catch (const IntegratorStalled& e) {
        return e.what();
    }
    return "(no IntegratorStalled)";
}

RunConfig parse(const std::vector<std::string>& args) {
    return run_config_from(parse_config_arguments(args, po::options_description()));
}

} // namespace

TEST_CASE("a healthy integration takes exactly the steps of the unguarded TS") {
    Problem guarded(PetscScalar(-0.7, 3.0)), plain(PetscScalar(-0.7, 3.0));
    RkIntegrator integrator(settings(), linear_rhs, &guarded.rate);
    check(TSSetSolution(integrator, guarded.u));
    // The TS of every qrem integrator before the guard existed.
    TSHandle ts;
    check(TSCreate(PETSC_COMM_SELF, ts.out()));
    check(TSSetProblemType(ts, TS_NONLINEAR));
    check(TSSetRHSFunction(ts, nullptr, linear_rhs, &plain.rate));
    check(TSSetType(ts, TSRK));
    check(TSRKSetType(ts, TSRK5DP));
    check(TSSetTolerances(ts, 1e-12, nullptr, 1e-10, nullptr));
    check(TSSetTimeStep(ts, 1e-3));
    check(TSSetMaxSteps(ts, std::numeric_limits<PetscInt>::max()));
    check(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
    check(TSSetSolution(ts, plain.u));
    for (int k = 1; k <= 20; ++k) {
        REQUIRE(integrator.integrate_to(guarded.u, 0.1 * k));
        check(TSSetMaxTime(ts, 0.1 * k));
        check(TSSolve(ts, plain.u));
    }
    const StepperPosition a = stepper_position(integrator), b = stepper_position(ts);
    CHECK(a.steps == b.steps);
    CHECK(a.steps > 20);
    CHECK(a.t == b.t);
    CHECK(a.dt == b.dt);
}

TEST_CASE("too many steps in one interval stop the integration there") {
    // Stiff: the stability limit of 5dp keeps steps near 3e-5, about 3000 per interval.
    Problem p(-1e5);
    RkIntegrator integrator(settings({1e-9, 50}), linear_rhs, &p.rate);
    check(TSSetSolution(integrator, p.u));
    const std::string message = stall_message(integrator, p.u, 0.1);
    CHECK_THAT(message, Contains("Test integrator stalled at t = "));
    CHECK_THAT(message, Contains("in the interval [0, 0.1]: 50 steps (test.max_steps_per_output)"));
    CHECK_THAT(message, Contains("raise test.max_steps_per_output"));
    CHECK(message.find('\n') == std::string::npos);
    CHECK(stepper_position(integrator).steps == 50);
    CHECK(time_of(integrator) < 0.1);
}

TEST_CASE("a step below min_step_ratio x the interval stops the integration") {
    Problem p(-1.0);
    // The first step (1e-3) is below 0.5 x 0.1.
    RkIntegrator integrator(settings({0.5, 100000}), linear_rhs, &p.rate);
    check(TSSetSolution(integrator, p.u));
    const std::string message = stall_message(integrator, p.u, 0.1);
    CHECK_THAT(message, Contains("Test integrator stalled at t = 0.001 in the interval [0, 0.1]: "
                                 "step 0.001 < 0.05 (test.min_step_ratio 0.5 x the interval) "
                                 "after 1 step in the interval"));
    CHECK_THAT(message, Contains("check the model's rates and test.rtol/test.atol"));
    CHECK_THAT(message, Contains("lower test.min_step_ratio"));
}

TEST_CASE("the step that lands on the requested time is not judged") {
    // Intervals of 1e-6 end on a step cut to land there, far below a ratio of 0.5 of the
    // step before; only the steps the error control chose count.
    Problem p(-1.0);
    RkIntegrator integrator(settings({0.5, 100000}), linear_rhs, &p.rate);
    check(TSSetSolution(integrator, p.u));
    for (int k = 1; k <= 3; ++k)
        CHECK(integrator.integrate_to(p.u, 1e-6 * k));
}

TEST_CASE("an error control that rejects every step is a stall, not a PETSc error") {
    Problem p(0.0);
    long calls = 0;
    RkIntegrator integrator(settings({}, 1e-100, 1e-100), alternating_rhs, &calls);
    check(TSSetSolution(integrator, p.u));
    const std::string message = stall_message(integrator, p.u, 1.0);
    CHECK_THAT(message, Contains("Test integrator stalled at t = 0 in the interval [0, 1]: the "
                                 "error control rejected every step"));
    CHECK_THAT(message, Contains("-ts_max_reject"));
}

TEST_CASE("the user's -ts_max_steps still applies and is reported as a stall") {
    check(PetscOptionsSetValue(nullptr, "-guard_test_ts_max_steps", "3"));
    Problem p(-1.0);
    RkSettings s = settings();
    s.prefix = "guard_test_";
    RkIntegrator integrator(s, linear_rhs, &p.rate);
    check(PetscOptionsClearValue(nullptr, "-guard_test_ts_max_steps"));
    check(TSSetSolution(integrator, p.u));
    const std::string message = stall_message(integrator, p.u, 1.0);
    CHECK_THAT(message, Contains("step 3 reached -guard_test_ts_max_steps"));
}

TEST_CASE("stall limits: config keys, validated, not part of the physics") {
    const RunConfig defaults = parse({});
    CHECK(defaults.nbody_limits.min_step_ratio == 1e-9);
    CHECK(defaults.nbody_limits.max_steps == 100000);
    CHECK(defaults.hartree_limits.max_steps == 100000);
    const RunConfig c =
        parse({"--nbody.min_step_ratio", "1e-6", "--hartree.max_steps_per_output", "77"});
    CHECK(c.nbody_limits.min_step_ratio == 1e-6);
    CHECK(c.hartree_limits.max_steps == 77);
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"nbody.min_step_ratio", "1"},
                                                          {"nbody.min_step_ratio", "2"},
                                                          {"nbody.min_step_ratio", "nan"},
                                                          {"hartree.min_step_ratio", "inf"},
                                                          {"nbody.max_steps_per_output", "0"},
                                                          {"hartree.max_steps_per_output", "-5"},
                                                          {"nbody.max_steps_per_output", "1e5"}})
        CHECK_THROWS_WITH(parse({"--" + key, value}), Contains(key));
    // A restart may raise a limit: the checkpoint's physics text does not hold them.
    const auto values =
        parse_config_arguments({"--nbody.max_steps_per_output", "5"}, po::options_description());
    CHECK(physics_config_text(values).find("max_steps_per_output") == std::string::npos);
    CHECK(physics_config_text(values).find("min_step_ratio") == std::string::npos);
    CHECK(physics_config_text(values).find("nbody.rtol") != std::string::npos);
}
