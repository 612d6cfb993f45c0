#pragma once
// phase_space: dist_1 between Husimi transforms (Theorem 2's distance) of one-body and
// two-body density matrices on the torus model's phase space.
#include "linalg/dense_matrix.hpp"
#include "phase_space/torus_phase_space.hpp"

#include <cstddef>

namespace qrem {

/// dist_1(H[a], H[b]) on the phase-space grid (cost min(1, |z - z'|)).
double husimi_distance(const TorusPhaseSpace& space, const DenseMatrix& a, const DenseMatrix& b);

/// dist_1(H[a2], H[b2]) for two-body operators (d^2 x d^2) on T*(Omega^2), cost
/// min(1, (|z1 - z1'|^2 + |z2 - z2'|^2)^(1/2)), on a coarse grid: the Husimi weights summed over
/// `cells` x `cells` blocks of the (q, p) grid per particle, each block's mass at its mean point
/// (so the result is within a block diameter of the fine grid's). cells^4 points: 8 gives 4096.
double husimi_distance_two_body(const TorusPhaseSpace& space, const DenseMatrix& a2,
                                const DenseMatrix& b2, std::size_t cells);

} // namespace qrem
