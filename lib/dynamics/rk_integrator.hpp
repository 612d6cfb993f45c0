#pragma once
// dynamics: the PETSc TS set-up that every qrem integrator shares: an adaptive explicit
// Runge-Kutta scheme with given tolerances, landing exactly on requested times, overridable by
// the options database under `prefix` (e.g. -hartree_ts_rk_type, -ts_monitor).
#include "core/petsc_handle.hpp"

#include <string>

namespace qrem {

struct RkSettings {
    MPI_Comm comm;
    std::string prefix; ///< options prefix, "" for none
    TSRKType scheme;    ///< default scheme, e.g. TSRK5DP
    double rtol, atol;
};

/// A TS for du/dt = rhs(t, u), not yet bound to a solution vector.
TSHandle make_rk_integrator(const RkSettings& settings, TSRHSFunction rhs, void* context);

/// Integrates `u` from the TS's current time to exactly `t`; returns false if a monitor stopped
/// it early on purpose (TS_CONVERGED_USER), true on reaching t. Throws Error naming `what` if
/// the integrator fails or stops early otherwise.
bool integrate_to(TS ts, Vec u, double t, const std::string& what);

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
