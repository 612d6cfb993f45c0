#include "phase_space/torus_phase_space.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qrem {
namespace {

/// x reduced to the periodic distance from 0 on the unit circle, in [0, 1/2].
double circle_distance(double x) {
    return std::abs(x - std::round(x));
}

} // namespace

TorusPhaseSpace::TorusPhaseSpace(std::size_t points, double planck_constant)
    : d(points), hbar(planck_constant), q(points), p(points) {
    const auto lowest = -static_cast<long>(points / 2);
    for (std::size_t i = 0; i < points; ++i) {
        q[i] = static_cast<double>(i) / static_cast<double>(points);
        p[i] = 2.0 * std::numbers::pi * hbar * static_cast<double>(lowest + static_cast<long>(i));
    }
    states = coherent_states(*this);
}

double TorusPhaseSpace::distance(std::size_t z, std::size_t z_other) const {
    const double dq = circle_distance(q[z / d] - q[z_other / d]);
    const double dp = p[z % d] - p[z_other % d];
    return std::hypot(dq, dp);
}

DenseMatrix coherent_states(const TorusPhaseSpace& space) {
    const std::size_t d = space.d;
    const double hbar = space.hbar;
    // Images k beyond this carry exp(-k^2 / (2 hbar)) < e^-40 of the weight. For p = 2 pi hbar m
    // the phase exp(i p (x - k) / hbar) = exp(2 pi i m x) does not depend on k.
    const long images = 1 + static_cast<long>(std::ceil(std::sqrt(80.0 * hbar)));
    DenseMatrix states(d, space.size());
    for (std::size_t iq = 0; iq < d; ++iq) {
        std::vector<double> envelope(d, 0.0);
        double norm2 = 0.0;
        for (std::size_t a = 0; a < d; ++a) {
            const double x = static_cast<double>(a) / static_cast<double>(d);
            for (long k = -images; k <= images; ++k) {
                const double s = x - static_cast<double>(k) - space.q[iq];
                envelope[a] += std::exp(-s * s / (2.0 * hbar));
            }
            norm2 += envelope[a] * envelope[a];
        }
        const double c = 1.0 / std::sqrt(norm2);
        for (std::size_t ip = 0; ip < d; ++ip)
            for (std::size_t a = 0; a < d; ++a) {
                const double x = static_cast<double>(a) / static_cast<double>(d);
                states(a, iq * d + ip) = c * envelope[a] * std::polar(1.0, space.p[ip] * x / hbar);
            }
    }
    return states;
}

namespace {

/// <z|gamma|z> / d for every column z of `states`.
std::vector<double> diagonal_weights(const DenseMatrix& states, const DenseMatrix& gamma) {
    const DenseMatrix image = gamma * states;
    std::vector<double> weights(states.cols(), 0.0);
    for (std::size_t z = 0; z < states.cols(); ++z) {
        Complex value = 0.0;
        for (std::size_t a = 0; a < states.rows(); ++a)
            value += std::conj(states(a, z)) * image(a, z);
        weights[z] = value.real() / static_cast<double>(states.rows());
    }
    return weights;
}

} // namespace

std::vector<double> husimi_weights(const TorusPhaseSpace& space, const DenseMatrix& gamma) {
    return diagonal_weights(space.states, gamma);
}

std::vector<double> husimi_weights_two_body(const TorusPhaseSpace& space,
                                            const DenseMatrix& gamma2) {
    const std::size_t d = space.d, n = space.size();
    const DenseMatrix& states = space.states;
    std::vector<double> weights(n * n, 0.0);
    // For each z1, the one-body operator <z1| Gamma |z1> on the second leg; its Husimi
    // weights are the row z1 (times 1/d for the first leg).
    DenseMatrix reduced(d, d);
    for (std::size_t z1 = 0; z1 < n; ++z1) {
        for (std::size_t b = 0; b < d; ++b)
            for (std::size_t b2 = 0; b2 < d; ++b2) {
                Complex value = 0.0;
                for (std::size_t a = 0; a < d; ++a)
                    for (std::size_t a2 = 0; a2 < d; ++a2)
                        value += std::conj(states(a, z1)) * gamma2(a * d + b, a2 * d + b2) *
                                 states(a2, z1);
                reduced(b, b2) = value;
            }
        const std::vector<double> row = diagonal_weights(states, reduced);
        for (std::size_t z2 = 0; z2 < n; ++z2)
            weights[z1 * n + z2] = row[z2] / static_cast<double>(d);
    }
    return weights;
}

DenseMatrix toeplitz_operator(const TorusPhaseSpace& space, const std::vector<double>& weights) {
    const DenseMatrix& states = space.states;
    DenseMatrix weighted = states;
    for (std::size_t a = 0; a < space.d; ++a)
        for (std::size_t z = 0; z < space.size(); ++z)
            weighted(a, z) *= weights[z];
    return hermitian_part(weighted * adjoint(states));
}

std::vector<double> gaussian_phase_space_density(const TorusPhaseSpace& space, double q0, double p0,
                                                 double width_q, double width_p) {
    std::vector<double> exponent(space.size());
    for (std::size_t iq = 0; iq < space.d; ++iq)
        for (std::size_t ip = 0; ip < space.d; ++ip) {
            const double dq = circle_distance(space.q[iq] - q0) / width_q;
            const double dp = (space.p[ip] - p0) / width_p;
            exponent[iq * space.d + ip] = 0.5 * (dq * dq + dp * dp);
        }
    // relative to the largest weight, so that a Gaussian narrower than a cell cannot underflow
    const double lowest = *std::min_element(exponent.begin(), exponent.end());
    std::vector<double> density(space.size());
    double total = 0.0;
    for (std::size_t z = 0; z < density.size(); ++z)
        total += density[z] = std::exp(lowest - exponent[z]);
    for (double& w : density)
        w /= total;
    return density;
}

} // namespace qrem
