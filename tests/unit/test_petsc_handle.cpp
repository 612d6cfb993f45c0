#include "core/error.hpp"
#include "core/petsc_handle.hpp"

#include <catch2/catch.hpp>

#include <type_traits>

using namespace qrem;

namespace {

PetscInt references(PetscObject o) {
    PetscInt n = 0;
    PetscObjectGetReference(o, &n);
    return n;
}

} // namespace

TEST_CASE("handles are move-only and release their object exactly once") {
    STATIC_REQUIRE(!std::is_copy_constructible_v<VecHandle>);
    STATIC_REQUIRE(std::is_nothrow_move_constructible_v<VecHandle>);
    VecHandle a;
    check(VecCreateSeq(PETSC_COMM_SELF, 4, a.out()));
    Vec raw = a.get();
    check(PetscObjectReference(reinterpret_cast<PetscObject>(raw))); // keep it alive to observe
    CHECK(references(reinterpret_cast<PetscObject>(raw)) == 2);
    {
        VecHandle b(std::move(a));
        CHECK(!a);
        CHECK(b.get() == raw);
        VecHandle c;
        c = std::move(b);
        CHECK(!b);
        CHECK(references(reinterpret_cast<PetscObject>(raw)) == 2);
    }
    CHECK(references(reinterpret_cast<PetscObject>(raw)) == 1);
    check(VecDestroy(&raw));
}

TEST_CASE("check() turns a PETSc error code into an exception with message and location") {
    TSHandle ts;
    check(TSCreate(PETSC_COMM_SELF, ts.out()));
    const PetscErrorCode code = TSSetType(ts, "no-such-integrator");
    REQUIRE(code != 0);
    try {
        check(code);
        FAIL("check did not throw");
    } catch (const PetscCallError& e) {
        CHECK(e.code() == code);
        // PETSc's own message (naming the type) and our call site both appear.
        CHECK_THAT(e.what(), Catch::Contains("PETSc error") &&
                                 Catch::Contains("no-such-integrator") &&
                                 Catch::Contains("test_petsc_handle.cpp:"));
    }
    CHECK_NOTHROW(check(0));
}

TEST_CASE("the session leaves SIGTERM and SIGUSR1 to qrem, not to PETSc") {
    // PETSc's handler, popped in PetscFinalize, resets SIGTERM to the default action: a
    // SIGTERM during finalisation would then kill a cleanly stopping rank (exit 143, not 75).
    // (The disposition itself cannot be asserted here: Catch2 owns SIGTERM inside a test.)
    PetscBool told = PETSC_FALSE;
    REQUIRE(PetscOptionsHasName(nullptr, nullptr, "-no_signal_handler", &told) == 0);
    CHECK(told == PETSC_TRUE);
}
