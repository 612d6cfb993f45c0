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

/// Integrates `u` from the TS's current time to exactly `t`; throws Error naming `what` if the
/// integrator fails or stops early.
void integrate_to(TS ts, Vec u, double t, const std::string& what);

} // namespace qrem
