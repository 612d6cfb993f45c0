#pragma once
// phase_space: the bounded-cost Wasserstein distance dist_1 (paper, before Theorem 2) between
// two discrete probability measures, by LEMON's network simplex.
#include <cstddef>
#include <functional>
#include <vector>

namespace qrem {

/// dist_1(mu, nu) = min over couplings pi of sum pi(z, z') min(1, |z - z'|), for weights mu and
/// nu on the same n points (each summing to one; negative rounding noise is clipped and both
/// are renormalised) and `metric(z, z')` = |z - z'|.
///
/// Solved as the transshipment of mu - nu (Kantorovich-Rubinstein: the cost is a metric) on a
/// graph whose shortest paths are exactly min(1, |z - z'|): arcs both ways between points closer
/// than 1, and every point joined to a hub at cost 1/2. LEMON's network simplex needs integer
/// data: masses are counted in units of 2^-50 and costs in units of 2^-34, so the result is
/// exact to about n 1e-15 + 1e-10 for n points (the true costs weigh the optimal flow).
double bounded_transport_distance(const std::vector<double>& mu, const std::vector<double>& nu,
                                  const std::function<double(std::size_t, std::size_t)>& metric);

} // namespace qrem
