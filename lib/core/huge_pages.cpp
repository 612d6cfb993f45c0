#include "core/huge_pages.hpp"

#include <petscsys.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

namespace qrem {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer guards malloc'd blocks only: every request is one, so the Vec arrays keep
// their redzones (overruns past the end are caught), and the header is poisoned (underruns
// into it are caught too).
constexpr std::size_t mapping_threshold = std::numeric_limits<std::size_t>::max();
#else
/// Below this a request comes from malloc: huge pages would not pay for themselves.
constexpr std::size_t mapping_threshold = huge_page;
#endif
/// Every block starts with this header (it keeps the 64-byte alignment of what follows).
struct alignas(64) Header {
    void* mapping;      ///< the mmap'd region, or nullptr for a malloc'd block
    std::size_t length; ///< the mapping's length, or the malloc'd block's usable bytes
};

/// The header of a block allocate_large returned (readable until it is written or freed).
Header* header_of(void* p) {
    Header* header = static_cast<Header*>(p) - 1;
#if defined(__SANITIZE_ADDRESS__)
    ASAN_UNPOISON_MEMORY_REGION(header, sizeof(Header));
#endif
    return header;
}

/// The data after a header just written.
void* data_after(Header* header) {
#if defined(__SANITIZE_ADDRESS__)
    ASAN_POISON_MEMORY_REGION(header, sizeof(Header));
#endif
    return header + 1;
}

/// The bytes the caller asked for when the block `p` was allocated.
std::size_t usable_bytes(void* p) {
    Header* header = header_of(p);
    const std::size_t bytes =
        header->mapping ? header->length - huge_page - sizeof(Header) : header->length;
    data_after(header); // the header is guarded again
    return bytes;
}

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
        return data_after(header);
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
    return data_after(header); // fresh anonymous pages are zero: nothing to clear
}

void release_large(void* p) noexcept {
    if (!p)
        return;
    Header* header = header_of(p);
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
        std::memcpy(fresh, *result, std::min(usable_bytes(*result), bytes));
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
