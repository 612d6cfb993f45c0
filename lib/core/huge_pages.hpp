#pragma once
// core: large arrays (the Gamma blocks, the integrator's stages, the right-hand side's work
// blocks) in transparent huge pages. A first touch of a 4 KiB page is a page fault: at N = 12 the
// first touch of the 9 Dormand-Prince vectors (1.2 GiB per rank) took about 4 s of a 60 s run on
// this project's virtual machines. 2 MiB pages need 512 times fewer faults and TLB entries.
// Pages are asked for with madvise(MADV_HUGEPAGE), which also works where the system's setting
// is "madvise" (Debian's default); where huge pages are off it changes nothing.
#include <cstddef>
#include <new>
#include <vector>

#include <petscsystypes.h>

namespace qrem {

/// At least `bytes` bytes, 64-byte aligned; large requests are whole anonymous mappings
/// advised to use huge pages, so `zero` costs nothing for them (fresh pages are zero and are
/// not touched here). Returns nullptr when the memory is not there.
void* allocate_large(std::size_t bytes, bool zero);
/// Frees what allocate_large returned (nullptr: nothing).
void release_large(void* p) noexcept;

/// PETSc's PetscMalloc family through allocate_large (Vec arrays are its large requests). Must
/// be called before PetscInitialize, once.
void use_huge_pages_for_petsc();

/// std::allocator's interface over allocate_large, for qrem's own state-sized work arrays.
template <class T> struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <class U> HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        if (void* p = allocate_large(n * sizeof(T), false))
            return static_cast<T*>(p);
        throw std::bad_alloc();
    }
    void deallocate(T* p, std::size_t) noexcept { release_large(p); }
    template <class U> bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

/// A state-sized work array of PETSc scalars.
using LargeScalarArray = std::vector<PetscScalar, HugePageAllocator<PetscScalar>>;

} // namespace qrem
