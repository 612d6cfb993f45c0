#pragma once
// core: the complex multiply-adds the generators' kernels perform, counted for the benchmarks'
// arithmetic ceiling (bench/README.md: how fast a right-hand side could stream the state at
// the dense matrix product's rate). Counted only in a build configured with
// -DQREM_COUNT_OPERATIONS=ON; otherwise add() is empty and compiles away.
namespace qrem::operation_count {

#ifdef QREM_COUNT_OPERATIONS
inline constexpr bool enabled = true;
inline long long multiply_adds = 0; ///< this process's count since the last reset
inline void add(long long n) { multiply_adds += n; }
#else
inline constexpr bool enabled = false;
inline long long multiply_adds = 0;
inline void add(long long) {}
#endif

} // namespace qrem::operation_count
