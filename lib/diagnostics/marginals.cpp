#include "diagnostics/marginals.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <mpi.h>

namespace qrem {

std::size_t pair_index(int i, int j, int N) {
    if (!(0 <= i && i < j && j < N))
        throw Error("pair_index: need 0 <= i < j < N, got i = " + std::to_string(i) +
                    ", j = " + std::to_string(j) + ", N = " + std::to_string(N));
    // Pairs before row i: (N-1) + (N-2) + ... + (N-i).
    return static_cast<std::size_t>(i * (2 * N - i - 1) / 2 + (j - i - 1));
}

std::vector<PetscScalar> pair_marginal_entries(const DensityMatrix& layout, Vec v) {
    const NBodySpace& space = layout.space();
    const int N = space.N();
    const std::size_t d = space.d(), d2 = d * d;
    const std::size_t pairs = static_cast<std::size_t>(N * (N - 1) / 2);
    const RowRange& rows = layout.rows();
    const std::int64_t lda = layout.lda();

    // Gamma^{(ij)}_{(a_i a_j),(b_i b_j)} = sum over columns s with digits b and rows r equal to
    // s except a_i, a_j on legs i, j. Column by column: the entries a column gives (rows within
    // two digits of s) lie in that column, which stays in cache while every pair takes its
    // share; the walk over the block is then forward, column after column. All pairs are
    // accumulated in one flat buffer.
    const std::size_t d4 = d2 * d2;
    std::vector<PetscScalar> sums(pairs * d4);
    // Each pair's row offsets a_i s_i + a_j s_j, by a_i d + a_j.
    std::vector<std::int64_t> offsets;
    offsets.reserve(pairs * d2);
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            for (std::size_t ai = 0; ai < d; ++ai)
                for (std::size_t aj = 0; aj < d; ++aj)
                    offsets.push_back(static_cast<std::int64_t>(ai) * space.stride(i) +
                                      static_cast<std::int64_t>(aj) * space.stride(j));
    std::vector<std::int64_t> digit_offset(static_cast<std::size_t>(N));
    std::vector<std::size_t> digits(static_cast<std::size_t>(N));
    ConstLocalBlock block(v);
    for (std::int64_t s = 0; s < space.D(); ++s) {
        const PetscScalar* column = block.data() + lda * s; // entry (r, s) at r - rows.begin
        for (int leg = 0; leg < N; ++leg) {
            const auto l = static_cast<std::size_t>(leg);
            digits[l] = space.digit(s, leg);
            digit_offset[l] = static_cast<std::int64_t>(digits[l]) * space.stride(leg);
        }
        std::size_t p = 0;
        for (int i = 0; i < N; ++i)
            for (int j = i + 1; j < N; ++j, ++p) {
                const auto li = static_cast<std::size_t>(i), lj = static_cast<std::size_t>(j);
                const std::int64_t base = s - digit_offset[li] - digit_offset[lj];
                PetscScalar* target = sums.data() + p * d4 + digits[li] * d + digits[lj];
                const std::int64_t* offset = offsets.data() + p * d2;
                for (std::size_t e = 0; e < d2; ++e) {
                    const std::int64_t r = base + offset[e];
                    if (r >= rows.begin && r < rows.end)
                        target[e * d2] += column[r - rows.begin];
                }
            }
    }
    MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_C_DOUBLE_COMPLEX,
                  MPI_SUM, layout.comm());

    return sums;
}

std::vector<DenseMatrix> pair_marginals_from_entries(const std::vector<PetscScalar>& entries,
                                                     std::size_t d) {
    const std::size_t d4 = d * d * d * d, pairs = entries.size() / d4;
    std::vector<DenseMatrix> result(pairs, DenseMatrix(d * d, d * d));
    for (std::size_t q = 0; q < pairs; ++q)
        std::copy_n(entries.data() + q * d4, d4, result[q].data());
    return result;
}

std::vector<DenseMatrix> pair_marginals(const DensityMatrix& Gamma) {
    return pair_marginals_from_entries(pair_marginal_entries(Gamma, Gamma.vec()),
                                       Gamma.space().d());
}

DenseMatrix trace_out_second(const DenseMatrix& pair, std::size_t d) {
    DenseMatrix m(d, d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            for (std::size_t c = 0; c < d; ++c)
                m(a, b) += pair(a * d + c, b * d + c);
    return m;
}

DenseMatrix trace_out_first(const DenseMatrix& pair, std::size_t d) {
    DenseMatrix m(d, d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            for (std::size_t c = 0; c < d; ++c)
                m(a, b) += pair(c * d + a, c * d + b);
    return m;
}

DenseMatrix swap_legs(const DenseMatrix& pair, std::size_t d) {
    DenseMatrix m(d * d, d * d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t c = 0; c < d; ++c)
            for (std::size_t b = 0; b < d; ++b)
                for (std::size_t e = 0; e < d; ++e)
                    m(a * d + c, b * d + e) = pair(c * d + a, e * d + b);
    return m;
}

std::vector<DenseMatrix> leg_marginals(const std::vector<DenseMatrix>& pairs, int N,
                                       std::size_t d) {
    std::vector<DenseMatrix> legs;
    legs.reserve(static_cast<std::size_t>(N));
    for (int j = 0; j < N; ++j)
        legs.push_back(j + 1 < N ? trace_out_second(pairs[pair_index(j, j + 1, N)], d)
                                 : trace_out_first(pairs[pair_index(j - 1, j, N)], d));
    return legs;
}

PairMarginals all_pair_marginals(const DensityMatrix& Gamma) {
    return {Gamma.space().N(), Gamma.space().d(), pair_marginals(Gamma), false};
}

std::vector<DenseMatrix> leg_marginals(const PairMarginals& pairs) {
    if (!pairs.invariant)
        return leg_marginals(pairs.pairs, pairs.N, pairs.d);
    return std::vector<DenseMatrix>(static_cast<std::size_t>(pairs.N),
                                    trace_out_second(pairs.pairs.front(), pairs.d));
}

double leg_asymmetry(const std::vector<DenseMatrix>& legs) {
    double worst = 0.0;
    for (const auto& leg : legs)
        worst = std::max(worst, max_abs(leg - legs.front()));
    return worst;
}

} // namespace qrem
