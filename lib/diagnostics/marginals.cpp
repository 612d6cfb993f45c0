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

    // Gamma^{(ij)}_{(a_i a_j),(b_i b_j)} = sum over rows r with digits a and columns s equal to r
    // except b_i, b_j on legs i, j. All pairs are accumulated in one flat buffer.
    std::vector<PetscScalar> sums(pairs * d2 * d2);
    std::vector<std::size_t> digits(static_cast<std::size_t>(N));
    ConstLocalBlock block(v);
    for (std::int64_t r = rows.begin; r < rows.end; ++r) {
        const PetscScalar* row = block.data() + (r - rows.begin);
        for (int leg = 0; leg < N; ++leg)
            digits[static_cast<std::size_t>(leg)] = space.digit(r, leg);
        std::size_t p = 0;
        for (int i = 0; i < N; ++i)
            for (int j = i + 1; j < N; ++j, ++p) {
                const std::size_t ai = digits[static_cast<std::size_t>(i)],
                                  aj = digits[static_cast<std::size_t>(j)];
                const std::int64_t base = r - static_cast<std::int64_t>(ai) * space.stride(i) -
                                          static_cast<std::int64_t>(aj) * space.stride(j);
                Complex* target = sums.data() + (p * d2 + ai * d + aj) * d2;
                for (std::size_t bi = 0; bi < d; ++bi)
                    for (std::size_t bj = 0; bj < d; ++bj) {
                        const std::int64_t s = base +
                                               static_cast<std::int64_t>(bi) * space.stride(i) +
                                               static_cast<std::int64_t>(bj) * space.stride(j);
                        target[bi * d + bj] += row[lda * s];
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
