#include "core/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace qrem {

std::size_t peak_resident_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024; // Linux reports KiB
}

std::size_t physical_memory_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    return pages > 0 && page_size > 0
               ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size)
               : 0;
}

} // namespace qrem
