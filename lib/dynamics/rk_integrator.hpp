#pragma once
// dynamics: the PETSc TS set-up that every qrem integrator shares: an adaptive explicit
// Runge-Kutta scheme with given tolerances, landing exactly on requested times, overridable by
// the options database under `prefix` (e.g. -hartree_ts_rk_type, -ts_monitor), and a guard
// that stops an integration that stalls (steps too small or too many) with IntegratorStalled.
#include "core/petsc_handle.hpp"
#include "dynamics/integration_settings.hpp"

#include <functional>
#include <memory>
#include <string>

namespace qrem {

struct RkSettings {
    MPI_Comm comm;
    std::string prefix; ///< options prefix, "" for none
    TSRKType scheme;    ///< default scheme, e.g. TSRK5DP
    double rtol, atol;
    // Defaults below keep {comm, prefix, scheme, rtol, atol} complete (no
    // -Wmissing-field-initializers).
    std::string name = "Runge-Kutta"; ///< in messages: "N-body", "Hartree", ...
    /// Config section of rtol, atol and the limits (e.g. "nbody"), named in messages; "" if none.
    std::string keys = "";
    StepLimits limits = {};
};

/// A TS for du/dt = rhs(t, u), not yet bound to a solution vector, with the stall guard.
/// Converts to TS for PETSc calls; the guard owns the TS's post-step hook and its application
/// context.
class RkIntegrator {
public:
    RkIntegrator();
    RkIntegrator(const RkSettings& settings, TSRHSFunction rhs, void* context);
    RkIntegrator(RkIntegrator&&) noexcept;
    RkIntegrator& operator=(RkIntegrator&&) noexcept;
    ~RkIntegrator();

    operator TS() const noexcept { return ts_; } // NOLINT: pass straight to PETSc calls

    /// Integrates `u` from the TS's current time to exactly `t`; returns false if a monitor
    /// stopped it early on purpose (TS_CONVERGED_USER), true on reaching t. Throws
    /// IntegratorStalled (the same on every rank of the TS) if it stalls, Error if the
    /// integrator fails or stops early otherwise.
    bool integrate_to(Vec u, double t);

    /// Asked after every accepted step but the last of an integrate_to call (on every rank; it
    /// must return the same on all, e.g. through an MPI_Allreduce): true ends the call at the end
    /// of that step, and integrate_to returns false.
    void set_stop_request(std::function<bool()> should_stop);

private:
    struct Guard;
    static PetscErrorCode post_step(TS ts);

    TSHandle ts_;
    std::unique_ptr<Guard> guard_; ///< at a fixed address: the TS's application context
};

/// The TS's step size for its next step and its step count, and setting both with the time,
/// so that a restarted integration continues with the steps an uninterrupted one takes.
struct StepperPosition {
    double t = 0.0;
    long steps = 0;
    double dt = 0.0;
};
StepperPosition stepper_position(TS ts);
void set_stepper_position(TS ts, const StepperPosition& position);

} // namespace qrem
