#include "core/huge_pages.hpp"

#include <petscsys.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

namespace qrem {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
/// Below this a request comes from malloc: huge pages would not pay for themselves.
constexpr std::size_t mapping_threshold = huge_page;
/// Every block starts with this header (it keeps the 64-byte alignment of what follows).
struct alignas(64) Header {
    void* mapping;      ///< the mmap'd region, or nullptr for a malloc'd block
    std::size_t length; ///< the mapping's length, or the malloc'd block's usable bytes
};

} // namespace

void* allocate_large(std::size_t bytes, bool zero) {
    if (bytes < mapping_threshold) {
        void* block = nullptr;
        if (posix_memalign(&block, alignof(Header), sizeof(Header) + bytes) != 0)
            return nullptr;
        auto* header = static_cast<Header*>(block);
        *header = {nullptr, bytes};
        if (zero)
            std::memset(header + 1, 0, bytes);
        return header + 1;
    }
    // A huge page boundary inside the mapping for the header, so the data fill whole huge pages.
    const std::size_t length = sizeof(Header) + bytes + huge_page;
    void* mapping =
        mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED)
        return nullptr;
    const auto start = reinterpret_cast<std::uintptr_t>(mapping);
    const std::uintptr_t aligned = (start + huge_page - 1) & ~(std::uintptr_t{huge_page} - 1);
    madvise(reinterpret_cast<void*>(aligned), length - (aligned - start), MADV_HUGEPAGE);
    auto* header = reinterpret_cast<Header*>(aligned);
    *header = {mapping, length};
    return header + 1; // fresh anonymous pages are zero: nothing to clear
}

void release_large(void* p) noexcept {
    if (!p)
        return;
    Header* header = static_cast<Header*>(p) - 1;
    if (header->mapping)
        munmap(header->mapping, header->length);
    else
        std::free(header);
}

namespace {

PetscErrorCode petsc_malloc(std::size_t bytes, PetscBool clear, int line, const char function[],
                            const char file[], void** result) {
    if (bytes == 0) { // as PETSc's own: no memory for an empty request
        *result = nullptr;
        return 0;
    }
    *result = allocate_large(bytes, clear == PETSC_TRUE);
    if (!*result)
        return PetscError(PETSC_COMM_SELF, line, function, file, PETSC_ERR_MEM, PETSC_ERROR_INITIAL,
                          "Memory requested %.0f", static_cast<PetscLogDouble>(bytes));
    return 0;
}

PetscErrorCode petsc_free(void* p, int, const char[], const char[]) {
    release_large(p);
    return 0;
}

PetscErrorCode petsc_realloc(std::size_t bytes, int line, const char function[], const char file[],
                             void** result) {
    if (bytes == 0) {
        release_large(*result);
        *result = nullptr;
        return 0;
    }
    void* fresh = allocate_large(bytes, false);
    if (!fresh)
        return PetscError(PETSC_COMM_SELF, line, function, file, PETSC_ERR_MEM, PETSC_ERROR_INITIAL,
                          "Memory requested %.0f", static_cast<PetscLogDouble>(bytes));
    if (*result) {
        const Header* old = static_cast<Header*>(*result) - 1;
        const std::size_t old_bytes =
            old->mapping ? old->length - huge_page - sizeof(Header) : old->length;
        std::memcpy(fresh, *result, std::min(old_bytes, bytes));
        release_large(*result);
    }
    *result = fresh;
    return 0;
}

} // namespace

void use_huge_pages_for_petsc() {
    PetscMallocSet(petsc_malloc, petsc_free, petsc_realloc);
}

} // namespace qrem
