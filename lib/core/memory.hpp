#pragma once
// core: memory figures of this process and machine.
#include <cstddef>

namespace qrem {

/// Peak resident set size of this process so far, in bytes (getrusage).
std::size_t peak_resident_bytes();
/// Total physical memory of this machine in bytes (0 if unknown).
std::size_t physical_memory_bytes();
/// Memory this process can still use, in bytes: the smaller of MemAvailable (/proc/meminfo)
/// and what the cgroup limit leaves (Slurm confines a job's memory by a cgroup); the physical
/// memory if neither is known.
std::size_t available_memory_bytes();

} // namespace qrem
