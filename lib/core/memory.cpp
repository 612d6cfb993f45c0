#include "core/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

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

namespace {

/// The first number in a file (0 if unreadable or not a number, e.g. cgroup v2's "max").
std::size_t read_number(const std::string& path) {
    std::ifstream in(path);
    unsigned long long value = 0;
    return in >> value ? static_cast<std::size_t>(value) : 0;
}

/// What the memory cgroup of this process still allows (0 if there is no limit or none known).
std::size_t cgroup_headroom_bytes() {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
        // v2: "0::/path"; v1: "N:memory:/path" (or "N:...,memory,...:/path").
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos)
            continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        std::size_t limit = 0, used = 0;
        if (controllers.empty()) {
            limit = read_number("/sys/fs/cgroup" + path + "/memory.max");
            used = read_number("/sys/fs/cgroup" + path + "/memory.current");
        } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
            limit = read_number("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes");
            used = read_number("/sys/fs/cgroup/memory" + path + "/memory.usage_in_bytes");
        }
        // v1 reports "no limit" as a huge number: above the physical memory it is none.
        if (limit > 0 && limit < physical_memory_bytes())
            return limit > used ? limit - used : 0;
    }
    return 0;
}

} // namespace

std::size_t available_memory_bytes() {
    std::size_t available = 0;
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        unsigned long long kib = 0;
        if (fields >> key >> kib && key == "MemAvailable:") {
            available = static_cast<std::size_t>(kib) * 1024; // "kB" is KiB
            break;
        }
    }
    if (available == 0)
        available = physical_memory_bytes();
    if (const std::size_t headroom = cgroup_headroom_bytes(); headroom > 0)
        available = std::min(available, headroom);
    return available;
}

} // namespace qrem
