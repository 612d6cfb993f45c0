#include "diagnostics/marginals.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <mpi.h>

namespace qrem {

namespace {
constexpr int max_legs = 64; // a dense Gamma has D = d^N < 2^31 rows
}

std::size_t pair_index(int i, int j, int N) {
    if (!(0 <= i && i < j && j < N))
        throw Error("pair_index: need 0 <= i < j < N, got i = " + std::to_string(i) +
                    ", j = " + std::to_string(j) + ", N = " + std::to_string(N));
    // Pairs before row i: (N-1) + (N-2) + ... + (N-i).
    return static_cast<std::size_t>(i * (2 * N - i - 1) / 2 + (j - i - 1));
}

PairMarginalColumns::PairMarginalColumns(const DensityMatrix& layout)
    : layout_(layout), d_(layout.space().d()), d4_(d_ * d_ * d_ * d_),
      pairs_(static_cast<std::size_t>(layout.space().N() * (layout.space().N() - 1) / 2)) {
    const NBodySpace& space = layout.space();
    const int N = space.N();
    if (N > max_legs)
        throw Error("PairMarginalColumns: at most " + std::to_string(max_legs) + " legs");
    offsets_.reserve(pairs_ * d_ * d_);
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            for (std::size_t ai = 0; ai < d_; ++ai)
                for (std::size_t aj = 0; aj < d_; ++aj)
                    offsets_.push_back(static_cast<std::int64_t>(ai) * space.stride(i) +
                                       static_cast<std::int64_t>(aj) * space.stride(j));
}

void PairMarginalColumns::add_column(std::int64_t s, const PetscScalar* column,
                                     PetscScalar* entries) const {
    // Gamma^{(ij)}_{(a_i a_j),(b_i b_j)} = sum over columns s with digits b and rows r equal to
    // s except a_i, a_j on legs i, j. The entries column s gives (rows within two digits of s)
    // lie in that column, which stays in cache while every pair takes its share.
    const NBodySpace& space = layout_.space();
    const int N = space.N();
    const RowRange& rows = layout_.rows();
    const std::size_t d = d_, d2 = d * d;
    std::int64_t digit_offset[max_legs];
    std::size_t digits[max_legs];
    for (int leg = 0; leg < N; ++leg) {
        digits[leg] = space.digit(s, leg);
        digit_offset[leg] = static_cast<std::int64_t>(digits[leg]) * space.stride(leg);
    }
    std::size_t p = 0;
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j, ++p) {
            const std::int64_t base = s - digit_offset[i] - digit_offset[j];
            PetscScalar* target = entries + p * d4_ + digits[i] * d + digits[j];
            const std::int64_t* offset = offsets_.data() + p * d2;
            for (std::size_t e = 0; e < d2; ++e) {
                const std::int64_t r = base + offset[e];
                if (r >= rows.begin && r < rows.end)
                    target[e * d2] += column[r - rows.begin];
            }
        }
}

std::vector<PetscScalar> pair_marginal_entries(const DensityMatrix& layout, Vec v) {
    // Column by column: the walk over the block is forward, column after column.
    const PairMarginalColumns columns(layout);
    std::vector<PetscScalar> sums(columns.size());
    ConstLocalBlock block(v);
    for (std::int64_t s = 0; s < layout.space().D(); ++s)
        columns.add_column(s, block.data() + layout.lda() * s, sums.data());
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
