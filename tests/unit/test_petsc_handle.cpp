#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "core/petsc_handle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
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

TEST_CASE("large allocations are aligned, zeroed on request and resized by PETSc intact") {
    // Both paths: malloc'd (small) and a huge-page mapping (from 2 MiB).
    for (const std::size_t bytes : {std::size_t{24}, std::size_t{5} << 20}) {
        auto* p = static_cast<unsigned char*>(allocate_large(bytes, true));
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<std::uintptr_t>(p) % 64 == 0);
        CHECK(std::all_of(p, p + bytes, [](unsigned char c) { return c == 0; }));
        std::fill(p, p + bytes, static_cast<unsigned char>(7)); // the whole block is writable
        release_large(p);
    }
    release_large(nullptr);

    // PetscRealloc (through the allocator the Session set) keeps the contents across both paths.
    PetscScalar* x = nullptr;
    check(PetscMalloc1(16, &x));
    for (int i = 0; i < 16; ++i)
        x[i] = PetscScalar(i, -i);
    const std::size_t big = (std::size_t{3} << 20) / sizeof(PetscScalar);
    check(PetscRealloc(big * sizeof(PetscScalar), &x));
    for (int i = 0; i < 16; ++i)
        CHECK(x[i] == PetscScalar(i, -i));
    x[big - 1] = 1.0;
    check(PetscRealloc(8 * sizeof(PetscScalar), &x));
    for (int i = 0; i < 8; ++i)
        CHECK(x[i] == PetscScalar(i, -i));
    check(PetscFree(x));

    LargeScalarArray v(big, PetscScalar(2.0));
    CHECK(v.back() == PetscScalar(2.0));
}
