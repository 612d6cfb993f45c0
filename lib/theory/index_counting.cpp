#include "theory/index_counting.hpp"

#include "core/error.hpp"

#include <vector>

namespace qrem {
namespace {

/// How often `value` occurs in I and J, position (skip_in_I) excluded.
int occurrences(int value, std::span<const int> I, std::span<const int> J, std::size_t skip,
                bool skip_in_I) {
    int n = 0;
    for (std::size_t k = 0; k < I.size(); ++k)
        n += (I[k] == value && !(skip_in_I && k == skip)) ? 1 : 0;
    for (std::size_t k = 0; k < J.size(); ++k)
        n += (J[k] == value && !(!skip_in_I && k == skip)) ? 1 : 0;
    return n;
}

void check_pair(std::span<const int> I, std::span<const int> J) {
    if (I.size() != J.size())
        throw Error("index pair: I_m and J_m differ in length");
}

} // namespace

bool cancellation_applies(std::span<const int> I, std::span<const int> J) {
    check_pair(I, J);
    for (std::size_t nu = 0; nu < I.size(); ++nu)
        if (occurrences(I[nu], I, J, nu, true) == 0 || occurrences(J[nu], I, J, nu, false) == 0)
            return true;
    return false;
}

bool in_index_set(std::span<const int> I, std::span<const int> J) {
    check_pair(I, J);
    for (std::size_t nu = 0; nu < I.size(); ++nu)
        if (I[nu] == J[nu])
            return false;
    // With i_nu != j_nu, conditions (2) and (3) say exactly that no index is alone.
    return !cancellation_applies(I, J);
}

BigInteger index_set_size(int m, std::int64_t N) {
    if (m < 0 || N < 1)
        throw Error("index_set_size: needs m >= 0 and N >= 1");
    const int positions = 2 * m;
    // S[a][k]: Stirling numbers of the second kind.
    std::vector<std::vector<BigInteger>> S(m + 1, std::vector<BigInteger>(positions + 1));
    S[0][0] = 1;
    for (int a = 1; a <= m; ++a)
        for (int k = 1; k <= a; ++k)
            S[a][k] = k * S[a - 1][k] + S[a - 1][k - 1];
    // N^(k), zero beyond k = N.
    std::vector<BigInteger> falling(positions + 1);
    falling[0] = 1;
    for (int k = 1; k <= positions; ++k)
        falling[k] = k <= N ? falling[k - 1] * (N - k + 1) : BigInteger(0);
    BigInteger total = 0, binomial = 1; // binomial = C(m, s)
    for (int s = 0; s <= m; ++s) {
        if (s > 0)
            binomial = binomial * (m - s + 1) / s;
        const int singles = positions - 2 * s;
        // G[b][k] for this a = s, b = 0..singles.
        std::vector<std::vector<BigInteger>> G(singles + 1, std::vector<BigInteger>(positions + 1));
        for (int k = 0; k <= positions; ++k)
            G[0][k] = S[s][k];
        for (int b = 1; b <= singles; ++b)
            for (int k = 1; k <= positions; ++k) {
                G[b][k] = k * G[b - 1][k];
                if (b >= 2)
                    G[b][k] += (b - 1) * G[b - 2][k - 1];
            }
        BigInteger sum = 0;
        for (int k = 0; k <= positions; ++k)
            sum += falling[k] * G[singles][k];
        total += (s % 2 == 0 ? 1 : -1) * binomial * sum;
    }
    return total;
}

void for_each_index_pair(
    int m, int N, const std::function<void(std::span<const int>, std::span<const int>)>& visit) {
    std::vector<int> digits(2 * m, 0);
    while (true) {
        const std::span<const int> all(digits);
        visit(all.first(m), all.last(m));
        std::size_t k = 0;
        while (k < digits.size() && ++digits[k] == N)
            digits[k++] = 0;
        if (k == digits.size())
            return;
    }
}

std::uint64_t index_set_size_by_enumeration(int m, int N) {
    std::uint64_t count = 0;
    for_each_index_pair(m, N, [&](std::span<const int> I, std::span<const int> J) {
        count += in_index_set(I, J) ? 1 : 0;
    });
    return count;
}

} // namespace qrem
