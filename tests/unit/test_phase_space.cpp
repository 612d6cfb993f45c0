// The torus phase space (lib/phase_space): coherent states, Husimi transforms and Toeplitz
// operators against their defining identities and the Gaussian closed form; dist_1 by the
// network simplex against GLPK's transport LP and against closed forms.
#include "phase_space/husimi_distance.hpp"
#include "phase_space/torus_phase_space.hpp"
#include "phase_space/transport_distance.hpp"

#include "linalg/random_matrices.hpp"
#include "support/transport_reference.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

using namespace qrem;

namespace {

double l1_distance(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += std::abs(a[i] - b[i]);
    return s;
}

std::vector<double> random_weights(std::size_t n, std::mt19937& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> w(n);
    for (double& x : w)
        x = u(rng) * u(rng); // uneven, some nearly empty
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    for (double& x : w)
        x /= total;
    return w;
}

} // namespace

TEST_CASE("coherent states: normalised, and sum_z |z><z| = d 1 (the discrete (2.4))") {
    // Both hold to rounding (1e-12 over d^2 terms of size 1).
    for (std::size_t d : {3, 8, 13})
        for (double hbar : {0.003, 0.05, 1.0}) {
            INFO("d = " << d << ", hbar = " << hbar);
            const TorusPhaseSpace space(d, hbar);
            const DenseMatrix states = coherent_states(space);
            DenseMatrix sum(d, d);
            for (std::size_t z = 0; z < space.size(); ++z) {
                double norm2 = 0.0;
                for (std::size_t a = 0; a < d; ++a) {
                    norm2 += std::norm(states(a, z));
                    for (std::size_t b = 0; b < d; ++b)
                        sum(a, b) += states(a, z) * std::conj(states(b, z));
                }
                CHECK(norm2 == Approx(1.0).epsilon(1e-13));
            }
            CHECK(max_abs(sum - Complex(static_cast<double>(d)) * DenseMatrix::identity(d)) <
                  1e-12);
        }
}

TEST_CASE("coherent states: |<z|z'>|^2 = exp(-|z - z'|^2 / (2 hbar)) where the grid resolves "
          "them") {
    // On the line the overlap is exactly Gaussian. Here the grid (dx = 1/64 against the width
    // sqrt(hbar) = 0.1) perturbs it by about 1e-9, and the circle adds the overlap the other way
    // round, relatively exp(-((1 - dq)^2 - dq^2) / (4 hbar)) < 1e-6 for dq <= 0.2: pairs with
    // dq <= 0.2, to 1e-5 relative.
    const TorusPhaseSpace space(64, 0.01);
    const DenseMatrix states = coherent_states(space);
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> pick(0, space.size() - 1);
    int checked = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        const std::size_t z = pick(rng), w = pick(rng);
        // momenta far from the grid's edge (the DFT aliases p beyond +-pi hbar d)
        if (std::abs(space.p[z % space.d]) > 1.2 || std::abs(space.p[w % space.d]) > 1.2 ||
            space.distance(z - z % space.d, w - w % space.d) > 0.2)
            continue;
        Complex overlap = 0.0;
        for (std::size_t a = 0; a < space.d; ++a)
            overlap += std::conj(states(a, z)) * states(a, w);
        const double r = space.distance(z, w);
        CHECK(std::norm(overlap) ==
              Approx(std::exp(-r * r / (2.0 * space.hbar))).epsilon(1e-5).margin(1e-14));
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("Husimi weights: a probability distribution; two-body weights marginalise to the "
          "one-body weights of the partial trace and factorise on products") {
    for (std::size_t d : {3, 5}) {
        const TorusPhaseSpace space(d, 0.07);
        const DenseMatrix gamma = random_density_matrix(d, 11 + static_cast<unsigned>(d));
        const std::vector<double> h = husimi_weights(space, gamma);
        CHECK(std::accumulate(h.begin(), h.end(), 0.0) == Approx(1.0).epsilon(1e-13));
        CHECK(*std::min_element(h.begin(), h.end()) >= 0.0);

        const DenseMatrix gamma2 = random_density_matrix(d * d, 5 + static_cast<unsigned>(d));
        const std::vector<double> h2 = husimi_weights_two_body(space, gamma2);
        const std::size_t n = space.size();
        CHECK(std::accumulate(h2.begin(), h2.end(), 0.0) == Approx(1.0).epsilon(1e-13));
        CHECK(*std::min_element(h2.begin(), h2.end()) >= -1e-15);
        // Tr_2 Gamma (the second leg traced out), plainly
        DenseMatrix first(d, d);
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t a2 = 0; a2 < d; ++a2)
                for (std::size_t b = 0; b < d; ++b)
                    first(a, a2) += gamma2(a * d + b, a2 * d + b);
        const std::vector<double> h1 = husimi_weights(space, first);
        for (std::size_t z1 = 0; z1 < n; ++z1) {
            double marginal = 0.0;
            for (std::size_t z2 = 0; z2 < n; ++z2)
                marginal += h2[z1 * n + z2];
            CHECK(marginal == Approx(h1[z1]).margin(1e-14));
        }
        const std::vector<double> product = husimi_weights_two_body(space, kron(gamma, gamma));
        for (std::size_t z1 = 0; z1 < n; ++z1)
            for (std::size_t z2 = 0; z2 < n; ++z2)
                CHECK(product[z1 * n + z2] == Approx(h[z1] * h[z2]).margin(1e-15));
    }
}

TEST_CASE("Toeplitz operators: density operators whose Husimi transform is mu smoothed by the "
          "Gaussian of variance hbar, and tends to mu as hbar -> 0") {
    // Closed form (after (2.6)): H[Op^T[mu]] = mu * exp(-|z|^2 / (2 hbar)) / (2 pi hbar), for a
    // Gaussian mu of widths (sq, sp) the Gaussian of widths sqrt(s^2 + hbar). The grids keep
    // the momentum range pi hbar d at 5 widths of mu and dx near sqrt(hbar) / 3 or finer; sq is
    // small enough that the circle barely bends the closed form.
    const double q0 = 0.4, p0 = 0.05, sq = 0.08, sp = 0.15;
    double previous = 1.0;
    for (auto [d, hbar] : {std::pair<std::size_t, double>{32, 0.008}, {64, 0.004}, {128, 0.002}}) {
        INFO("d = " << d << ", hbar = " << hbar);
        const TorusPhaseSpace space(d, hbar);
        const std::vector<double> mu = gaussian_phase_space_density(space, q0, p0, sq, sp);
        const DenseMatrix gamma = toeplitz_operator(space, mu);
        CHECK(trace(gamma).real() == Approx(1.0).epsilon(1e-13));
        CHECK(hermiticity_error(gamma) == 0.0);
        CHECK(hermitian_eigenvalues(gamma).front() > -1e-15);
        const std::vector<double> h = husimi_weights(space, gamma);
        const std::vector<double> smoothed = gaussian_phase_space_density(
            space, q0, p0, std::sqrt(sq * sq + hbar), std::sqrt(sp * sp + hbar));
        // what the circle adds (the smoothed Gaussian is 4 widths from the antipode) and the cell
        // sampling: measured 9e-5 at the coarsest grid
        CHECK(l1_distance(h, smoothed) < 2e-4);
        // hbar -> 0: H -> mu, the l1 gap shrinking like hbar / sq^2 once hbar << sq^2 = 0.0064
        // (each halving here: 0.59, then 0.56)
        const double gap = l1_distance(h, mu);
        CHECK(gap < 0.65 * previous);
        previous = gap;
    }
}

TEST_CASE("dist_1: closed forms (point masses, splits, identical measures)") {
    // Exact to the integer units (masses 2^-50, costs 2^-34): 1e-9 is ample.
    const TorusPhaseSpace space(8, 0.02);
    const auto metric = [&](std::size_t z, std::size_t w) { return space.distance(z, w); };
    const std::size_t n = space.size();
    std::mt19937 rng(3);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    for (int trial = 0; trial < 30; ++trial) {
        const std::size_t a = pick(rng), b = pick(rng);
        std::vector<double> mu(n, 0.0), nu(n, 0.0);
        mu[a] = 1.0;
        nu[b] = 1.0;
        const double expected = std::min(1.0, space.distance(a, b));
        CHECK(bounded_transport_distance(mu, nu, metric) == Approx(expected).margin(1e-9));
        // half of the mass stays, half moves
        nu[a] = 0.5;
        nu[b] = a == b ? 1.0 : 0.5;
        CHECK(bounded_transport_distance(mu, nu, metric) == Approx(0.5 * expected).margin(1e-9));
    }
    const std::vector<double> mu = random_weights(n, rng);
    CHECK(bounded_transport_distance(mu, mu, metric) == Approx(0.0).margin(1e-12));
    // q is periodic: a shift across q = 0 is short
    const TorusPhaseSpace wide(10, 0.5);
    std::vector<double> left(wide.size(), 0.0), right(wide.size(), 0.0);
    left[0 * 10 + 5] = 1.0;  // q = 0
    right[9 * 10 + 5] = 1.0; // q = 0.9, 0.1 away round the circle
    CHECK(bounded_transport_distance(left, right, [&](std::size_t z, std::size_t w) {
              return wide.distance(z, w);
          }) == Approx(0.1).margin(1e-9));
}

TEST_CASE("dist_1: the network simplex equals GLPK's transport LP on random measures") {
    // Random uneven measures on grids whose diameters straddle the cap 1 (hbar from 0.01 to
    // 0.3 sets the momentum spacing 2 pi hbar), plus random metrics; 1e-9 as the issue asks.
    std::mt19937 rng(5);
    for (std::size_t d : {3, 4, 5, 6})
        for (double hbar : {0.01, 0.05, 0.3}) {
            INFO("d = " << d << ", hbar = " << hbar);
            const TorusPhaseSpace space(d, hbar);
            const auto metric = [&](std::size_t z, std::size_t w) { return space.distance(z, w); };
            const std::vector<double> mu = random_weights(space.size(), rng);
            const std::vector<double> nu = random_weights(space.size(), rng);
            const double by_lp = test::transport_by_linear_program(
                mu, nu, [&](std::size_t z, std::size_t w) { return std::min(1.0, metric(z, w)); });
            const double by_simplex = bounded_transport_distance(mu, nu, metric);
            CHECK(by_simplex == Approx(by_lp).margin(1e-9));
            CHECK(bounded_transport_distance(nu, mu, metric) == Approx(by_simplex).margin(1e-12));
        }
    // a random metric (points in the plane, scaled so that about half the pairs exceed 1)
    for (int trial = 0; trial < 5; ++trial) {
        const std::size_t n = 40;
        std::uniform_real_distribution<double> u(0.0, 2.0);
        std::vector<std::pair<double, double>> points(n);
        for (auto& pt : points)
            pt = {u(rng), u(rng)};
        const auto metric = [&](std::size_t z, std::size_t w) {
            return std::hypot(points[z].first - points[w].first,
                              points[z].second - points[w].second);
        };
        const std::vector<double> mu = random_weights(n, rng), nu = random_weights(n, rng);
        CHECK(bounded_transport_distance(mu, nu, metric) ==
              Approx(test::transport_by_linear_program(mu, nu, [&](std::size_t z, std::size_t w) {
                  return std::min(1.0, metric(z, w));
              })).margin(1e-9));
    }
}

TEST_CASE("dist_1 of Husimi transforms: two-body against the fine transport, the marginal and "
          "product inequalities, and the coarse grid within its block size") {
    // Inequalities that hold exactly (up to the 1e-9 of the integer units):
    //  - projecting a coupling on the first particle: cost(z, z') >= cost(z1, z1'), so
    //    dist_1(H[G2], H[g (x) g]) >= dist_1(H[Tr_2 G2], H[g]);
    //  - the product of optimal couplings: min(1, |(r1, r2)|) <= min(1, r1) + min(1, r2), so
    //    dist_1(H[a (x) a], H[b (x) b]) <= 2 dist_1(H[a], H[b]).
    for (double hbar : {0.02, 0.1}) {
        INFO("hbar = " << hbar);
        const std::size_t d = 4;
        const TorusPhaseSpace space(d, hbar);
        const DenseMatrix a = random_density_matrix(d, 21), b = random_density_matrix(d, 22);
        const DenseMatrix G2 = random_density_matrix(d * d, 23);
        DenseMatrix first(d, d);
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t i2 = 0; i2 < d; ++i2)
                for (std::size_t j = 0; j < d; ++j)
                    first(i, i2) += G2(i * d + j, i2 * d + j);

        const double fine = husimi_distance_two_body(space, G2, kron(a, a), d);
        const std::size_t n = space.size();
        const double direct = bounded_transport_distance(
            husimi_weights_two_body(space, G2), husimi_weights_two_body(space, kron(a, a)),
            [&](std::size_t u, std::size_t v) {
                return std::hypot(space.distance(u / n, v / n), space.distance(u % n, v % n));
            });
        CHECK(fine == Approx(direct).margin(1e-12));
        CHECK(husimi_distance_two_body(space, G2, kron(a, a), d) + 1e-9 >=
              husimi_distance(space, first, a));
        CHECK(husimi_distance_two_body(space, kron(a, a), kron(b, b), d) <=
              2.0 * husimi_distance(space, a, b) + 1e-9);
        CHECK(husimi_distance_two_body(space, G2, G2, 2) == Approx(0.0).margin(1e-12));

        // 2 x 2 blocks per particle: each mass moves to its block's mean point, by at most the
        // block's half-diagonal per particle, so the distance moves by at most twice that.
        const double half_q = 0.5 / static_cast<double>(d),
                     half_p = 0.5 * (space.p[1] - space.p[0]);
        const double shift = std::sqrt(2.0) * std::hypot(half_q, half_p);
        CHECK(std::abs(husimi_distance_two_body(space, G2, kron(a, a), 2) - fine) <=
              2.0 * shift + 1e-9);
    }
}
