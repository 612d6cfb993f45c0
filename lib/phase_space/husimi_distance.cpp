#include "phase_space/husimi_distance.hpp"

#include "phase_space/transport_distance.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace qrem {

double husimi_distance(const TorusPhaseSpace& space, const DenseMatrix& a, const DenseMatrix& b) {
    return bounded_transport_distance(
        husimi_weights(space, a), husimi_weights(space, b),
        [&](std::size_t z, std::size_t w) { return space.distance(z, w); });
}

namespace {

/// The coarse one-body grid: block c of a d-point axis holds the points i with i cells / d = c.
struct CoarseGrid {
    std::size_t cells;
    std::vector<std::size_t> block; ///< of each fine index along an axis
    std::vector<double> q, p;       ///< the blocks' mean points

    CoarseGrid(const TorusPhaseSpace& space, std::size_t n) : cells(n), block(space.d), q(n), p(n) {
        std::vector<double> count(n, 0.0);
        for (std::size_t i = 0; i < space.d; ++i) {
            block[i] = i * n / space.d;
            q[block[i]] += space.q[i]; // contiguous in [0, 1): the plain mean is the centre
            p[block[i]] += space.p[i];
            count[block[i]] += 1.0;
        }
        for (std::size_t c = 0; c < n; ++c) {
            q[c] /= count[c];
            p[c] /= count[c];
        }
    }
    std::size_t size() const { return cells * cells; }
    /// the coarse one-body point of the fine point z = iq d + ip
    std::size_t of(std::size_t z, std::size_t d) const {
        return block[z / d] * cells + block[z % d];
    }
    double distance2(std::size_t u, std::size_t v) const {
        double dq = std::abs(q[u / cells] - q[v / cells]);
        dq = std::min(dq, 1.0 - dq);
        const double dp = p[u % cells] - p[v % cells];
        return dq * dq + dp * dp;
    }
};

std::vector<double> coarse_two_body_weights(const TorusPhaseSpace& space, const CoarseGrid& grid,
                                            const DenseMatrix& gamma2) {
    const std::vector<double> fine = husimi_weights_two_body(space, gamma2);
    const std::size_t n = space.size(), m = grid.size();
    std::vector<double> coarse(m * m, 0.0);
    for (std::size_t z1 = 0; z1 < n; ++z1)
        for (std::size_t z2 = 0; z2 < n; ++z2)
            coarse[grid.of(z1, space.d) * m + grid.of(z2, space.d)] += fine[z1 * n + z2];
    return coarse;
}

} // namespace

double husimi_distance_two_body(const TorusPhaseSpace& space, const DenseMatrix& a2,
                                const DenseMatrix& b2, std::size_t cells) {
    if (cells < 1 || cells > space.d)
        throw std::invalid_argument("husimi_distance_two_body: cells must lie in [1, d = " +
                                    std::to_string(space.d) + "], got " + std::to_string(cells));
    const CoarseGrid grid(space, cells);
    const std::size_t m = grid.size();
    return bounded_transport_distance(
        coarse_two_body_weights(space, grid, a2), coarse_two_body_weights(space, grid, b2),
        [&](std::size_t u, std::size_t v) {
            return std::sqrt(grid.distance2(u / m, v / m) + grid.distance2(u % m, v % m));
        });
}

} // namespace qrem
