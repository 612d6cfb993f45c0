#pragma once
// dynamics: the N-body Gibbs state exp(-beta H)/Z, H = H_N + tilt sum_j n_j (n = sum_k k|k><k|,
// the tilt of gamma_0), by imaginary-time evolution dGamma/dtau = -(H Gamma + Gamma H)/2 from
// Gamma = 1/D over tau in [0, beta] with PETSc TS (options prefix gibbs_), renormalised to
// trace one after each piece of length at most 1/(spread of H).
#include "dynamics/nbody_solver.hpp"

namespace qrem {

/// `tol` and `limits` are the N-body integrator's (nbody.*); the limits apply per piece.
void fill_gibbs_state(DensityMatrix& Gamma, const OneBodyModel& model, double beta, double tilt,
                      NBodyIntegration tol, StepLimits limits = {});

} // namespace qrem
