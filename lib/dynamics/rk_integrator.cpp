#include "dynamics/rk_integrator.hpp"

#include "core/error.hpp"
#include "core/format.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {
namespace {

std::string steps_in_interval(long n) {
    return std::to_string(n) + (n == 1 ? " step" : " steps") + " in the interval";
}

} // namespace

/// The stall guard: the limits, the integrate_to call under way, and what stopped it.
struct RkIntegrator::Guard {
    RkSettings settings;
    // The integrate_to call under way.
    double t_start = 0.0, t_end = 0.0, floor = 0.0;
    PetscInt first_step = 0;
    // Set by post_step when the call stalled (a PETSc callback: facts only, no messages).
    enum class Stall { none, short_step, many_steps } stall = Stall::none;
    double stall_t = 0.0, stall_step = 0.0;
    long stall_steps = 0;
    std::function<bool()> should_stop;

    std::string key(const char* field) const {
        return settings.keys.empty() ? field : settings.keys + "." + field;
    }
    std::string option(const char* name) const { return "-" + settings.prefix + name; }
    /// Starts the message of a stall at t: integrator, time and the interval.
    std::string stalled_at(double t, const char* what = "stalled") const {
        return settings.name + " integrator " + what + " at t = " + format_number("%.6g", t) +
               " in the interval [" + format_number("%.6g", t_start) + ", " +
               format_number("%.6g", t_end) + "]: ";
    }
    std::string advice() const {
        return "; check the model's rates and " + key("rtol") + "/" + key("atol");
    }
};

RkIntegrator::RkIntegrator(const RkSettings& settings, TSRHSFunction rhs, void* context)
    : guard_(std::make_unique<Guard>()) {
    guard_->settings = settings;
    check(TSCreate(settings.comm, ts_.out()));
    if (!settings.prefix.empty())
        check(TSSetOptionsPrefix(ts_, settings.prefix.c_str()));
    check(TSSetProblemType(ts_, TS_NONLINEAR));
    check(TSSetRHSFunction(ts_, nullptr, rhs, context));
    check(TSSetType(ts_, TSRK));
    check(TSRKSetType(ts_, settings.scheme));
    check(TSSetTolerances(ts_, settings.atol, nullptr, settings.rtol, nullptr));
    check(TSSetTime(ts_, 0.0));
    check(TSSetTimeStep(ts_, 1e-3));
    // The guard counts steps per call; -ts_max_steps, if given, still caps the total.
    check(TSSetMaxSteps(ts_, std::numeric_limits<PetscInt>::max()));
    check(TSSetExactFinalTime(ts_, TS_EXACTFINALTIME_MATCHSTEP));
    // Too many rejections in a row end the solve with a reason (the same on every rank) rather
    // than a PETSc error; -ts_error_if_step_fails restores the error.
    check(TSSetErrorIfStepFails(ts_, PETSC_FALSE));
    check(TSSetFromOptions(ts_));
    // After the options: nothing in the options database replaces the post-step hook.
    check(TSSetApplicationContext(ts_, guard_.get()));
    check(TSSetPostStep(ts_, &RkIntegrator::post_step));
}

RkIntegrator::RkIntegrator() = default;
RkIntegrator::RkIntegrator(RkIntegrator&&) noexcept = default;
RkIntegrator& RkIntegrator::operator=(RkIntegrator&&) noexcept = default;
RkIntegrator::~RkIntegrator() = default;

PetscErrorCode RkIntegrator::post_step(TS ts) {
    PetscFunctionBeginUser;
    void* context = nullptr;
    PetscCall(TSGetApplicationContext(ts, &context));
    auto* guard = static_cast<Guard*>(context);
    TSConvergedReason reason;
    PetscCall(TSGetConvergedReason(ts, &reason));
    // Judged after accepted steps only, and not on the step that reaches t_end (cut to land
    // there, not chosen by the error control) or after the solve ended for another reason.
    if (!guard || reason != TS_CONVERGED_ITERATING)
        PetscFunctionReturn(0);
    PetscReal t = 0, t_prev = 0;
    PetscInt step = 0;
    PetscCall(TSGetTime(ts, &t));
    PetscCall(TSGetPrevTime(ts, &t_prev));
    PetscCall(TSGetStepNumber(ts, &step));
    const double h = static_cast<double>(t - t_prev);
    const long steps = static_cast<long>(step - guard->first_step);
    // Step sizes and counts come from global norms: every rank of the TS decides the same.
    if (h < guard->floor)
        guard->stall = Guard::Stall::short_step;
    else if (steps >= guard->settings.limits.max_steps)
        guard->stall = Guard::Stall::many_steps;
    else {
        // A stop request, asked here and not in a monitor for the same reason as below: the
        // run then stops at the end of this step, also inside an output interval.
        bool stop = false;
        try {
            stop = guard->should_stop && guard->should_stop();
        } catch (const std::exception& e) {
            SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "stop request failed: %s", e.what());
        }
        if (stop)
            PetscCall(TSSetConvergedReason(ts, TS_CONVERGED_USER));
        PetscFunctionReturn(0);
    }
    guard->stall_t = static_cast<double>(t);
    guard->stall_step = h;
    guard->stall_steps = steps;
    // Read by TSSolve after the post-step (a reason set in a monitor is overwritten by the next
    // step); integrate_to tells a stall from a stop request by guard->stall.
    PetscCall(TSSetConvergedReason(ts, TS_CONVERGED_USER));
    PetscFunctionReturn(0);
}

void RkIntegrator::set_stop_request(std::function<bool()> should_stop) {
    guard_->should_stop = std::move(should_stop);
}

bool RkIntegrator::integrate_to(Vec u, double t) {
    Guard& g = *guard_;
    PetscReal t0 = 0;
    check(TSGetTime(ts_, &t0));
    check(TSGetStepNumber(ts_, &g.first_step));
    g.t_start = static_cast<double>(t0);
    g.t_end = t;
    // A step of a few ulps of t no longer advances t: a floor whatever the ratio.
    const double ulps = 4 * std::numeric_limits<double>::epsilon() *
                        std::max(std::abs(g.t_start), std::abs(g.t_end));
    g.floor = std::max(g.settings.limits.min_step_ratio * (g.t_end - g.t_start), ulps);
    g.stall = Guard::Stall::none;
    check(TSSetMaxTime(ts_, t));
    check(TSSolve(ts_, u));

    PetscReal reached = 0, dt = 0;
    PetscInt step = 0;
    check(TSGetTime(ts_, &reached));
    check(TSGetTimeStep(ts_, &dt));
    check(TSGetStepNumber(ts_, &step));
    const long steps = static_cast<long>(step - g.first_step);
    const auto e = [](double x) { return format_number("%.3g", x); };
    switch (g.stall) {
    case Guard::Stall::short_step:
        throw IntegratorStalled(
            g.stalled_at(g.stall_t) + "step " + e(g.stall_step) + " < " + e(g.floor) +
            (g.floor > ulps ? " (" + g.key("min_step_ratio") + " " +
                                  e(g.settings.limits.min_step_ratio) + " x the interval)"
                            : " (a few ulps of t)") +
            " after " + steps_in_interval(g.stall_steps) + g.advice() + ", or lower " +
            g.key("min_step_ratio"));
    case Guard::Stall::many_steps:
        throw IntegratorStalled(g.stalled_at(g.stall_t) + std::to_string(g.stall_steps) +
                                (g.stall_steps == 1 ? " step (" : " steps (") +
                                g.key("max_steps_per_output") +
                                ") without reaching its end, the last " + e(g.stall_step) +
                                g.advice() + ", or raise " + g.key("max_steps_per_output"));
    case Guard::Stall::none:
        break;
    }
    TSConvergedReason reason;
    check(TSGetConvergedReason(ts_, &reason));
    if (reason == TS_CONVERGED_USER)
        return false;
    if (reason == TS_DIVERGED_STEP_REJECTED)
        throw IntegratorStalled(g.stalled_at(static_cast<double>(reached)) +
                                "the error control rejected every step down to " + e(dt) + " (" +
                                g.option("ts_max_reject") + ") after " + steps_in_interval(steps) +
                                g.advice());
    if (reason == TS_CONVERGED_ITS && reached < t)
        // The user's own limit, a total over the run: an agreed stop all the same.
        throw IntegratorStalled(g.stalled_at(static_cast<double>(reached), "stopped") + "step " +
                                std::to_string(static_cast<long>(step)) + " reached " +
                                g.option("ts_max_steps") + " (a total since t = 0)");
    if (reason < 0 || std::abs(reached - t) > 1e-9 * std::max(1.0, std::abs(t)))
        throw Error(g.settings.name + " integration stopped at t = " + std::to_string(reached) +
                    " before t = " + std::to_string(t) + " (TS reason " +
                    std::to_string(static_cast<int>(reason)) + "; see " + g.option("ts_monitor") +
                    " and " + g.option("ts_max_steps") + ")");
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
