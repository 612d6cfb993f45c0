#pragma once
// model: the built-in one-body models and the factory that builds any model from its spec.
#include "model/model_spec.hpp"
#include "model/one_body_model.hpp"
#include "phase_space/torus_phase_space.hpp"

#include <optional>

namespace qrem {

/// Periodic lattice in 1 or 2 dimensions; h = J x graph Laplacian of the simple periodic graph
/// (each bond counted once), W = U sum_k |kk><kk| (paper §1.2).
OneBodyModel bose_hubbard_model(const BoseHubbardParams& p);

/// d grid points x_a = a/d on the unit circle. h = -hbar^2 Laplacian by the periodic
/// three-point finite difference (u_{a+1} - 2u_a + u_{a-1})/dx^2, dx = 1/d; W = sum_{a,b}
/// V(x_a - x_b)|ab><ab|. Semiclassical (§8): h = -hbar Laplacian, V = Phi / hbar.
OneBodyModel torus_model(const TorusParams& p);

/// d-level spins (s = (d-1)/2): h = field_z S_z + field_x S_x and an exchange-symmetric
/// coupling W: "ising" g S_z (x) S_z, "heisenberg" g S.S, "on-site" g sum_k |kk><kk|.
OneBodyModel qudit_model(const QuditParams& p);

/// h and W read from plain-text or Matrix Market files.
OneBodyModel file_model(const FileModelParams& p);

/// The torus model's phase space (d points, hbar); none for the other models.
std::optional<TorusPhaseSpace> model_phase_space(const ModelSpec& spec);

/// Builds, adds jump operators and validates (see validate_model). Throws InputError.
OneBodyModel build_model(const ModelSpec& spec);

} // namespace qrem
