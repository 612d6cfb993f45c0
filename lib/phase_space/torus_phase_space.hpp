#pragma once
// phase_space: the discrete phase space of the torus model (d grid points x_a = a/d on the unit
// circle), its coherent states |z> (paper, before (2.4)) and the Husimi transform (2.5).
#include "linalg/dense_matrix.hpp"

#include <cstddef>
#include <vector>

namespace qrem {

/// The phase-space grid z = (q, p): q on the d grid points a/d, p = 2 pi hbar m for the d
/// momenta m = -floor(d/2), ..., ceil(d/2) - 1 the grid resolves. Point z = (q_i, p_j) has the
/// index i d + j. On this grid sum_z |z><z| = d 1 exactly (the discrete form of (2.4)), so a
/// cell holds the phase-space area 2 pi hbar / d and the Husimi weights below sum to Tr Gamma.
struct TorusPhaseSpace {
    std::size_t d = 0;
    double hbar = 0.0;
    std::vector<double> q, p;
    /// coherent_states(*this), built once: every transform below uses it.
    DenseMatrix states;

    TorusPhaseSpace(std::size_t points, double planck_constant);
    std::size_t size() const { return d * d; }
    /// |z - z'| with q on the circle (the shorter way round) and p on the line.
    double distance(std::size_t z, std::size_t z_other) const;
};

/// The d x d^2 matrix whose column z is |z> on the grid: the periodised Gaussian of width
/// sqrt(hbar) centred at q with momentum p, C_z sum_k exp(-(x - k - q)^2 / (2 hbar))
/// exp(i p (x - k) / hbar) at x = a/d, normalised in l^2 of the grid.
DenseMatrix coherent_states(const TorusPhaseSpace& space);

/// Husimi weights of a one-body operator: <z|gamma|z> / d for every z (the probability of the
/// cell; (2.5) times the cell area 2 pi hbar / d). Non-negative for gamma >= 0; sum Tr gamma.
std::vector<double> husimi_weights(const TorusPhaseSpace& space, const DenseMatrix& gamma);

/// Husimi weights of a two-body operator (d^2 x d^2, pair index a d + b): <z1 z2|Gamma|z1 z2>
/// / d^2 at the index z1 size() + z2.
std::vector<double> husimi_weights_two_body(const TorusPhaseSpace& space,
                                            const DenseMatrix& gamma2);

/// Toeplitz quantization (2.6) on the grid: sum_z w_z |z><z|, trace sum_z w_z. For a
/// probability measure mu with cell masses w_z it is Op^T_hbar[2 pi hbar mu] discretised, the
/// density operator whose Husimi transform is mu smoothed at the scale sqrt(hbar).
DenseMatrix toeplitz_operator(const TorusPhaseSpace& space, const std::vector<double>& weights);

/// A Gaussian phase-space density, periodic in q, as cell weights summing to one: exp(-dq^2 /
/// (2 width_q^2) - (p - p0)^2 / (2 width_p^2)), dq the periodic distance from q0.
std::vector<double> gaussian_phase_space_density(const TorusPhaseSpace& space, double q0, double p0,
                                                 double width_q, double width_p);

} // namespace qrem
