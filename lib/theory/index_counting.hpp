#pragma once
// theory: the index pairs (I_m, J_m) of the moment expansion (3.3) of Tr(gamma^{(x)N} A^m),
// which of them Proposition 3.2 cancels, and Proposition 3.3's set I_{m,N} of the others,
// counted exactly.
#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <functional>
#include <span>

namespace qrem {

using BigInteger = boost::multiprecision::cpp_int;

/// Proposition 3.2's conditions (1) or (2): some i_nu appears nowhere else in I_m or J_m, or
/// some j_nu nowhere else in J_m or I_m. Then Tr(gamma^{(x)N} X_{i1 j1} ... X_{im jm}) = 0.
bool cancellation_applies(std::span<const int> I, std::span<const int> J);

/// Proposition 3.3's conditions (1)-(3): i_nu != j_nu, and every index appears at least twice
/// among the 2m positions.
bool in_index_set(std::span<const int> I, std::span<const int> J);

/// |I_{m,N}| exactly. An index pair is a map of the 2m positions to {1..N}; its level sets are
/// a set partition of the positions with blocks of size >= 2 (conditions (2), (3)) that never
/// put i_nu and j_nu together (condition (1)); a partition with k blocks is reached by
/// N (N-1) ... (N-k+1) maps. Inclusion-exclusion over the pairs {i_nu, j_nu} forced together
/// (s of them, glued into one element each) gives
///   |I_{m,N}| = sum_s (-1)^s C(m, s) sum_k N^(k) G(s, 2m - 2s, k),
/// with G(a, b, k) the partitions of a glued pairs and b single positions into k blocks, none a
/// lone single position: G(a, b, k) = k G(a, b-1, k) + (b-1) G(a, b-2, k-1), G(a, 0, k) the
/// Stirling number S(a, k).
BigInteger index_set_size(int m, std::int64_t N);

/// Calls visit(I_m, J_m) for every index pair of {0..N-1}^{2m} (N^{2m} of them).
void for_each_index_pair(
    int m, int N, const std::function<void(std::span<const int>, std::span<const int>)>& visit);

/// |I_{m,N}| by enumerating all N^{2m} index pairs (a check of index_set_size; small m, N).
std::uint64_t index_set_size_by_enumeration(int m, int N);

} // namespace qrem
