#include "dynamics/rk_integrator.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {

TSHandle make_rk_integrator(const RkSettings& settings, TSRHSFunction rhs, void* context) {
    TSHandle ts;
    check(TSCreate(settings.comm, ts.out()));
    if (!settings.prefix.empty())
        check(TSSetOptionsPrefix(ts, settings.prefix.c_str()));
    check(TSSetProblemType(ts, TS_NONLINEAR));
    check(TSSetRHSFunction(ts, nullptr, rhs, context));
    check(TSSetType(ts, TSRK));
    check(TSRKSetType(ts, settings.scheme));
    check(TSSetTolerances(ts, settings.atol, nullptr, settings.rtol, nullptr));
    check(TSSetTime(ts, 0.0));
    check(TSSetTimeStep(ts, 1e-3));
    check(TSSetMaxSteps(ts, std::numeric_limits<PetscInt>::max()));
    check(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
    check(TSSetFromOptions(ts));
    return ts;
}

bool integrate_to(TS ts, Vec u, double t, const std::string& what) {
    check(TSSetMaxTime(ts, t));
    check(TSSolve(ts, u));
    TSConvergedReason reason;
    check(TSGetConvergedReason(ts, &reason));
    if (reason == TS_CONVERGED_USER)
        return false;
    PetscReal reached = 0;
    check(TSGetTime(ts, &reached));
    if (reason < 0 || std::abs(reached - t) > 1e-9 * std::max(1.0, std::abs(t)))
        throw Error(what + " stopped at t = " + std::to_string(reached) + " before t = " +
                    std::to_string(t) + " (TS reason " + std::to_string(static_cast<int>(reason)) +
                    "; see -ts_monitor and -ts_max_steps with the integrator's options prefix)");
    return true;
}

StepperPosition stepper_position(TS ts) {
    PetscReal t = 0, dt = 0;
    PetscInt steps = 0;
    check(TSGetTime(ts, &t));
    check(TSGetTimeStep(ts, &dt));
    check(TSGetStepNumber(ts, &steps));
    return {static_cast<double>(t), static_cast<long>(steps), static_cast<double>(dt)};
}

void set_stepper_position(TS ts, const StepperPosition& position) {
    check(TSSetTime(ts, position.t));
    check(TSSetTimeStep(ts, position.dt));
    check(TSSetStepNumber(ts, static_cast<PetscInt>(position.steps)));
}

} // namespace qrem
