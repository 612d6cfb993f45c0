// StateEvolution restored from a checkpoint's position continues as the uninterrupted
// evolution: same state, same steps, and the same count of generator evaluations at every
// output time (summary.json and timeseries.csv report it).
#include "dynamics/state_evolution.hpp"

#include "core/error.hpp"
#include "core/petsc_handle.hpp"

#include <catch2/catch.hpp>

#include <complex>

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

VecHandle initial_vector() {
    VecHandle u;
    check(VecCreateSeq(PETSC_COMM_SELF, 3, u.out()));
    check(VecSet(u, PetscScalar(1.0, 0.5)));
    return u;
}

} // namespace

TEST_CASE("a restored evolution counts evaluations as the uninterrupted one") {
    // Both schemes of interest: 5dp (the default) reuses its last stage (first same as last),
    // rk4 does not.
    for (const char* scheme : {"5dp", "4"}) {
        INFO("rk type " << scheme);
        check(PetscOptionsSetValue(nullptr, "-ts_rk_type", scheme));
        const NBodyIntegration tol{1e-9, 1e-12, NBodyMethod::runge_kutta, 30};

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
        CHECK(difference < 1e-14);
        check(PetscOptionsClearValue(nullptr, "-ts_rk_type"));
    }
}
