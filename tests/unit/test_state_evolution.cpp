// StateEvolution restored from a checkpoint's position continues as the uninterrupted
// evolution: same state, same steps, and the same count of generator evaluations at every
// output time (summary.json and timeseries.csv report it). DormandPrince against the exact flow
// of a diagonal linear system.
#include "dynamics/dormand_prince.hpp"
#include "dynamics/state_evolution.hpp"

#include "core/error.hpp"
#include "core/petsc_handle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <complex>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using namespace qrem;

namespace {

/// du/dt = rate_i u_i: decay and rotation, different per entry.
void linear_generator(Vec u, Vec f) {
    const PetscScalar rates[] = {PetscScalar(-0.5, 2.0), PetscScalar(-1.0, -3.0),
                                 PetscScalar(0.0, 1.0)};
    check(VecCopy(u, f));
    PetscScalar* values = nullptr;
    check(VecGetArray(f, &values));
    for (int i = 0; i < 3; ++i)
        values[i] *= rates[i];
    check(VecRestoreArray(f, &values));
}

/// The same, as DormandPrince takes it.
void linear_generator_at(double, Vec u, Vec f) {
    linear_generator(u, f);
}

/// du/dt = i (1 + 6 t) u_i: u = u_0 e^{i (t + 3 t^2)}, a frequency that grows (as an interaction
/// picture's terms rotate).
void chirped_generator(double t, Vec u, Vec f) {
    check(VecCopy(u, f));
    check(VecScale(f, PetscScalar(0.0, 1.0 + 6.0 * t)));
}

VecHandle initial_vector();

/// Adaptive steps of `dp` from u at t = 0 to t_end, with the dense output at each step's middle:
/// the steps taken and the largest error(node, t) there.
struct StepsToEnd {
    long steps = 0;
    double worst_node = 0.0;
};
StepsToEnd steps_to_end(DormandPrince& dp, Vec u, double t_end,
                        const std::function<double(Vec, double)>& error) {
    VecHandle node;
    check(VecDuplicate(u, node.out()));
    StepsToEnd result;
    double t = 0.0;
    while (t < t_end) {
        const double h = dp.prepare(u, t, t_end - t);
        dp.evaluate(0.5 * h, node);
        result.worst_node = std::max(result.worst_node, error(node, t + 0.5 * h));
        dp.evaluate(h, u);
        t = (h == t_end - t) ? t_end : t + h;
        ++result.steps;
    }
    return result;
}

VecHandle initial_vector() {
    VecHandle u;
    check(VecCreateSeq(PETSC_COMM_SELF, 3, u.out()));
    check(VecSet(u, PetscScalar(1.0, 0.5)));
    return u;
}

} // namespace

TEST_CASE("a restored evolution counts evaluations as the uninterrupted one") {
    // qrem's Dormand-Prince (the default) and PETSc's 5dp reuse their last stage (first same as
    // last), PETSc's rk4 does not.
    for (const char* scheme : {"dormand-prince", "5dp", "4"}) {
        INFO("scheme " << scheme);
        const bool own = std::string(scheme) == "dormand-prince";
        if (!own)
            check(PetscOptionsSetValue(nullptr, "-ts_rk_type", scheme));
        const NBodyIntegration tol{
            1e-9, 1e-12, own ? NBodyMethod::dormand_prince : NBodyMethod::runge_kutta, 30};

        VecHandle a = initial_vector();
        StateEvolution uninterrupted(PETSC_COMM_SELF, a, linear_generator, tol);
        REQUIRE(uninterrupted.advance_to(0.5));
        const StepperPosition at_half = uninterrupted.position();
        const long evaluations_at_half = uninterrupted.rhs_evaluations();
        VecHandle b;
        check(VecDuplicate(a, b.out()));
        check(VecCopy(a, b)); // the checkpoint's state
        REQUIRE(uninterrupted.advance_to(1.0));

        StateEvolution restored(PETSC_COMM_SELF, b, linear_generator, tol);
        restored.restore(at_half, evaluations_at_half);
        // The output time of the checkpoint itself (a stop at the end of an interval).
        CHECK(restored.rhs_evaluations() == evaluations_at_half);
        REQUIRE(restored.advance_to(0.5)); // no step: already there
        CHECK(restored.rhs_evaluations() == evaluations_at_half);
        REQUIRE(restored.advance_to(1.0));
        CHECK(restored.rhs_evaluations() == uninterrupted.rhs_evaluations());
        CHECK(restored.steps() == uninterrupted.steps());
        // Same steps from the same state: equal to rounding of a few operations.
        check(VecAXPY(b, -1.0, a));
        PetscReal difference = 0;
        check(VecNorm(b, NORM_INFINITY, &difference));
        // (qrem's own scheme recomputes the first derivative from the same bits: identical.)
        CHECK(difference < (own ? 1e-300 : 1e-14));
        if (!own)
            check(PetscOptionsClearValue(nullptr, "-ts_rk_type"));
    }
}

TEST_CASE("Dormand-Prince: 5th-order steps, 4th-order dense output, tolerance met") {
    const PetscScalar rates[] = {PetscScalar(-0.5, 2.0), PetscScalar(-1.0, -3.0),
                                 PetscScalar(0.0, 1.0)};
    const auto exact = [&](int i, double t) {
        return PetscScalar(1.0, 0.5) * std::exp(rates[i] * t);
    };
    const auto max_error = [&](Vec v, double t) {
        const PetscScalar* values = nullptr;
        check(VecGetArrayRead(v, &values));
        double worst = 0.0;
        for (int i = 0; i < 3; ++i)
            worst = std::max(worst, std::abs(values[i] - exact(i, t)));
        check(VecRestoreArrayRead(v, &values));
        return worst;
    };
    SECTION("one step of h and of h/2: local errors shrink by 2^6 (step) and 2^5 (mid-step)") {
        // Loose tolerances: every step is accepted at the length asked for.
        double step_error[2], middle_error[2];
        for (int halving = 0; halving < 2; ++halving) {
            const double h = 0.05 / (1 << halving); // |rate| h <= 0.16: the asymptotic regime
            VecHandle u = initial_vector(), out;
            check(VecDuplicate(u, out.out()));
            DormandPrince dp(u, linear_generator_at, {1.0, 1.0});
            dp.restart(h); // the first try's length
            REQUIRE(dp.prepare(u, 0.0, h) == h);
            dp.evaluate(h / 2, out);
            middle_error[halving] = max_error(out, h / 2);
            dp.evaluate(h, out);
            step_error[halving] = max_error(out, h);
        }
        INFO("error ratios " << step_error[0] / step_error[1] << ", "
                             << middle_error[0] / middle_error[1]);
        // Leading terms h^6 and h^5 (measured 65.5 and 33.5; one order less gives half).
        CHECK(step_error[0] / step_error[1] > 50);
        CHECK(step_error[0] / step_error[1] < 80);
        CHECK(middle_error[0] / middle_error[1] > 25);
        CHECK(middle_error[0] / middle_error[1] < 40);
    }
    SECTION("adaptive steps to t = 2 meet the tolerance; the first derivative is reused") {
        VecHandle u = initial_vector();
        long evaluations = 0;
        DormandPrince dp(u,
                         [&](double, Vec x, Vec f) {
                             ++evaluations;
                             linear_generator(x, f);
                         },
                         {1e-8, 1e-10});
        const auto [steps, worst_node] = steps_to_end(dp, u, 2.0, max_error);
        // Six new derivatives per accepted or rejected try, one at the start.
        CHECK(evaluations == 1 + 6 * (steps + dp.rejected_steps()));
        // Global error: a few times the local tolerance 1e-8 per unit time (measured 2e-9);
        // the dense output, 4th order, is as accurate (measured 3e-9).
        CHECK(max_error(u, 2.0) < 1e-7);
        CHECK(worst_node < 1e-7);
        CHECK(steps > 5); // the controller did work: 2 / 5 steps is not a 1e-8 step
    }
    SECTION("the last derivative is reused, unless a restart says the state was changed") {
        VecHandle u = initial_vector();
        long evaluations = 0;
        DormandPrince dp(u,
                         [&](double, Vec x, Vec f) {
                             ++evaluations;
                             linear_generator(x, f);
                         },
                         {1.0, 1.0}); // loose: no rejections
        double t = 0.0, h = dp.prepare(u, t, 0.01);
        dp.evaluate(h, u);
        t += h;
        CHECK(evaluations == 7);
        h = dp.prepare(u, t, 0.01);
        dp.evaluate(h, u);
        t += h;
        CHECK(evaluations == 13); // k_1 reused
        PetscScalar* values = nullptr;
        check(VecGetArray(u, &values)); // a write from outside (as a restore)
        values[0] *= 0.5;
        check(VecRestoreArray(u, &values));
        dp.restart(dp.next_step());
        dp.evaluate(dp.prepare(u, t, 0.01), u);
        CHECK(evaluations == 20); // k_1 = L(u) afresh
    }
    SECTION("a time-dependent generator: the stages at their times, k_1 reused at t + h") {
        VecHandle u = initial_vector();
        long evaluations = 0;
        DormandPrince dp(u,
                         [&](double t, Vec x, Vec f) {
                             ++evaluations;
                             chirped_generator(t, x, f);
                         },
                         {1e-9, 1e-12});
        const auto error_at = [&](Vec v, double t) {
            const PetscScalar expected =
                PetscScalar(1.0, 0.5) * std::exp(PetscScalar(0.0, t + 3 * t * t));
            const PetscScalar* values = nullptr;
            check(VecGetArrayRead(v, &values));
            const double error = std::abs(values[2] - expected);
            check(VecRestoreArrayRead(v, &values));
            return error;
        };
        const auto [steps, worst_node] = steps_to_end(dp, u, 1.0, error_at);
        CHECK(evaluations == 1 + 6 * (steps + dp.rejected_steps()));
        // 4 radians of phase at 1e-9 per step (the stages evaluated at the step's start instead
        // fail: the error control then rejects every step, checked).
        CHECK(error_at(u, 1.0) < 1e-7);
        CHECK(worst_node < 1e-7);
    }
    SECTION("the start cannot be overwritten by a state inside the step") {
        VecHandle u = initial_vector();
        DormandPrince dp(u, linear_generator_at, {1e-8, 1e-10});
        const double h = dp.prepare(u, 0.0, 1.0);
        CHECK_THROWS_AS(dp.evaluate(0.5 * h, u), Error);
        CHECK_THROWS_AS(dp.evaluate(2 * h, u), Error);
    }
}

/// The samples at the nodes of consecutive output intervals (end, nodes), taken two ways from
/// the same start: of the state formed at each node, and combined from the Dormand-Prince
/// stages' samples; with the steps of each evolution.
struct SampledTwoWays {
    std::vector<std::vector<PetscScalar>> formed, combined;
    long formed_steps = 0, combined_steps = 0;
};
SampledTwoWays sample_two_ways(const std::function<VecHandle()>& start,
                               const StateEvolution::Generator& generator,
                               const std::vector<std::pair<double, std::vector<double>>>& intervals,
                               const StateEvolution::LinearSample& sample) {
    const NBodyIntegration tol{1e-9, 1e-12, NBodyMethod::dormand_prince, 30};
    VecHandle a = start(), b = start(), at_node_a, at_node_b;
    check(VecDuplicate(a, at_node_a.out()));
    check(VecDuplicate(b, at_node_b.out()));
    StateEvolution formed(PETSC_COMM_SELF, a, generator, tol);
    StateEvolution combined(PETSC_COMM_SELF, b, generator, tol);
    SampledTwoWays result;
    for (const auto& [t, nodes] : intervals) {
        REQUIRE(formed.advance_to(t, nodes, at_node_a,
                                  [&](double) { result.formed.push_back(sample(at_node_a)); }));
        REQUIRE(combined.advance_to(
            t, nodes, at_node_b, sample,
            [&](double, const std::vector<PetscScalar>& s) { result.combined.push_back(s); }));
    }
    result.formed_steps = formed.steps();
    result.combined_steps = combined.steps();
    return result;
}

TEST_CASE("Dormand-Prince nodes from samples of the stages equal samples of the formed state") {
    // The same steps sampled two ways: the state formed at each node from the dense output and
    // then sampled, and the samples of the step's start and derivatives combined (with the
    // start and k_1 inherited across steps with nodes). Nodes in consecutive steps, several in
    // one step, and a gap of steps without any, over two output intervals.
    std::vector<double> first, second;
    for (double t = 0.004; t < 0.5; t += 0.007)
        first.push_back(t);
    for (double t = 1.2; t < 1.5; t += 0.05)
        second.push_back(t);
    // A linear sample that is not the identity: entry 0 + 2 entry 2, and entry 1; in chunks of
    // one entry, so that a wrong chunk index shows.
    const StateEvolution::LinearSample sample{
        2, 1, [](PetscInt c, const PetscScalar* x, PetscScalar* s) {
            const PetscScalar weight[3][2] = {{1.0, 0.0}, {0.0, 1.0}, {2.0, 0.0}};
            for (int i = 0; i < 2; ++i)
                s[i] += weight[c][i] * x[0];
        }};
    const SampledTwoWays two =
        sample_two_ways(initial_vector, linear_generator, {{0.5, first}, {1.5, second}}, sample);
    CHECK(two.combined_steps == two.formed_steps);
    CHECK(two.combined_steps > 10); // several steps hold nodes, some none
    REQUIRE(two.combined.size() == first.size() + second.size());
    REQUIRE(two.formed.size() == two.combined.size());
    double worst = 0.0;
    for (std::size_t n = 0; n < two.formed.size(); ++n)
        for (std::size_t i = 0; i < 2; ++i)
            worst = std::max(worst, std::abs(two.formed[n][i] - two.combined[n][i]));
    // Entries are O(1): the two orders of summation differ by rounding (measured 2.8e-15).
    INFO("largest difference " << worst);
    CHECK(worst < 1e-13);
}

TEST_CASE("Dormand-Prince samples in chunks of any size equal samples of the formed state") {
    // Sample chunks up to the error pass's largest set its chunks (a dense Gamma's columns);
    // a larger one (a rank's whole share of the Schur-Weyl blocks) is sampled once the pass has
    // gone past it. 9003 entries: not a multiple of the pass's own 256.
    constexpr PetscInt n = 9003;
    const PetscScalar rates[] = {PetscScalar(-0.5, 2.0), PetscScalar(-1.0, -3.0),
                                 PetscScalar(0.0, 1.0)};
    const auto generator = [&](Vec u, Vec f) {
        check(VecCopy(u, f));
        PetscScalar* values = nullptr;
        check(VecGetArray(f, &values));
        for (PetscInt i = 0; i < n; ++i)
            values[i] *= rates[i % 3];
        check(VecRestoreArray(f, &values));
    };
    const auto start = [&] {
        VecHandle u;
        check(VecCreateSeq(PETSC_COMM_SELF, n, u.out()));
        PetscScalar* values = nullptr;
        check(VecGetArray(u, &values));
        for (PetscInt i = 0; i < n; ++i)
            values[i] = PetscScalar(1.0 / (1.0 + i), 0.1 * (i % 5));
        check(VecRestoreArray(u, &values));
        return u;
    };
    const std::vector<double> nodes = {0.05, 0.11, 0.3, 0.31, 0.7};
    for (const PetscInt chunk : {n / 3, n}) {
        INFO("chunk " << chunk);
        // Weights by the global entry c chunk + i, so that a wrong chunk index or offset shows.
        const StateEvolution::LinearSample sample{
            2, chunk, [chunk](PetscInt c, const PetscScalar* x, PetscScalar* s) {
                for (PetscInt i = 0; i < chunk; ++i) {
                    const PetscInt g = c * chunk + i;
                    s[0] += x[i] / (1.0 + static_cast<double>(g));
                    s[1] += x[i] * static_cast<double>(g % 7 - 3);
                }
            }};
        const SampledTwoWays two = sample_two_ways(start, generator, {{1.0, nodes}}, sample);
        REQUIRE(two.combined.size() == nodes.size());
        REQUIRE(two.formed.size() == nodes.size());
        double worst = 0.0;
        for (std::size_t k = 0; k < nodes.size(); ++k)
            for (std::size_t i = 0; i < 2; ++i)
                worst = std::max(worst, std::abs(two.formed[k][i] - two.combined[k][i]) /
                                            std::abs(two.formed[k][i]));
        // The two orders of summation differ by rounding: relative, the sums are O(1 .. 1e3).
        INFO("largest relative difference " << worst);
        CHECK(worst < 1e-12);
    }
}
