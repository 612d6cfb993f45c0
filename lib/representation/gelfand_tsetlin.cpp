#include "representation/gelfand_tsetlin.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace qrem {

namespace {

/// Entry m_{k,i} (1-based row k and position i) of a flat pattern.
int& entry(GelfandTsetlinPattern& p, int k, int i) {
    return p[static_cast<std::size_t>(k * (k - 1) / 2 + i - 1)];
}
int entry(const GelfandTsetlinPattern& p, int k, int i) {
    return p[static_cast<std::size_t>(k * (k - 1) / 2 + i - 1)];
}

/// The patterns of one irrep with their positions in the basis.
struct PatternBasis {
    std::vector<int> shape;
    std::vector<GelfandTsetlinPattern> patterns;
    std::map<GelfandTsetlinPattern, std::size_t> index;

    explicit PatternBasis(std::vector<int> top)
        : shape(std::move(top)), patterns(gelfand_tsetlin_patterns(shape)) {
        for (std::size_t k = 0; k < patterns.size(); ++k)
            index.emplace(patterns[k], k);
    }
    /// The basis index of p, or -1 when p is not a pattern of this irrep.
    long find(const GelfandTsetlinPattern& p) const {
        const auto at = index.find(p);
        return at == index.end() ? -1 : static_cast<long>(at->second);
    }
};

/// Drops the entries a commutator cancelled to rounding (they would cost work in every product).
SparseOperator pruned(const SparseOperator& a) {
    SparseOperator out(a.rows(), a.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (const auto& [j, v] : a.row(i))
            if (std::abs(v) > 1e-13)
                out.add(i, j, v);
    return out;
}

Irrep gelfand_tsetlin_irrep(const PatternBasis& basis) {
    const int d = static_cast<int>(basis.shape.size());
    const auto ud = static_cast<std::size_t>(d);
    const std::size_t n = basis.patterns.size();
    Irrep irrep;
    irrep.shape = basis.shape;
    irrep.dim = n;
    irrep.ln_multiplicity = ln_symmetric_group_dimension(basis.shape);
    irrep.E.assign(ud * ud, SparseOperator(n, n));
    const auto E = [&](int a, int b) -> SparseOperator& {
        return irrep.E[static_cast<std::size_t>(a) * ud + static_cast<std::size_t>(b)];
    };
    for (std::size_t s = 0; s < n; ++s) {
        const GelfandTsetlinPattern& p = basis.patterns[s];
        // E_aa = (sum of row a + 1) - (sum of row a), rows 1-based.
        int below = 0;
        for (int k = 1; k <= d; ++k) {
            int row = 0;
            for (int i = 1; i <= k; ++i)
                row += entry(p, k, i);
            E(k - 1, k - 1).add(s, s, static_cast<double>(row - below));
            below = row;
        }
        // E_{k,k+1} (Molev, Thm 2.3, normalised), l_{k,i} = m_{k,i} - i + 1:
        // coefficient^2 = -prod_{j<=k+1} (l_ki - l_{k+1,j}) prod_{j<=k-1} (l_ki - l_{k-1,j} + 1)
        //                 / prod_{j != i} (l_ki - l_kj) (l_ki - l_kj + 1).
        const auto l = [&](int k, int i) { return static_cast<double>(entry(p, k, i) - i + 1); };
        for (int k = 1; k < d; ++k)
            for (int i = 1; i <= k; ++i) {
                GelfandTsetlinPattern q = p;
                ++entry(q, k, i);
                const long t = basis.find(q);
                if (t < 0)
                    continue;
                double numerator = -1.0, denominator = 1.0;
                for (int j = 1; j <= k + 1; ++j)
                    numerator *= l(k, i) - l(k + 1, j);
                for (int j = 1; j <= k - 1; ++j)
                    numerator *= l(k, i) - l(k - 1, j) + 1;
                for (int j = 1; j <= k; ++j)
                    if (j != i)
                        denominator *= (l(k, i) - l(k, j)) * (l(k, i) - l(k, j) + 1);
                E(k - 1, k).add(static_cast<std::size_t>(t), s, std::sqrt(numerator / denominator));
            }
    }
    for (int k = 0; k + 1 < d; ++k)
        E(k + 1, k) = adjoint(E(k, k + 1));
    // E_ac = [E_{a,a+1}, E_{a+1,c}] and E_ca = [E_{c,a+1}, E_{a+1,a}] for c - a >= 2.
    for (int gap = 2; gap < d; ++gap)
        for (int a = 0; a + gap < d; ++a) {
            const int c = a + gap;
            SparseOperator up = E(a, a + 1) * E(a + 1, c);
            up += Complex(-1.0) * (E(a + 1, c) * E(a, a + 1));
            E(a, c) = pruned(up);
            SparseOperator down = E(c, a + 1) * E(a + 1, a);
            down += Complex(-1.0) * (E(a + 1, a) * E(c, a + 1));
            E(c, a) = pruned(down);
        }
    return irrep;
}

/// C_{mu lambda}: V_lambda -> V_mu (x) C^d (row k_mu * d + a), lambda = mu + one box. Column q
/// (a pattern of lambda) has an entry at (p, a) for the patterns p of mu with q - p a unit in
/// each row from d down to row a + 1 and zero below: the box enters at row a + 1 (e_a has
/// weight a). Its value is a product of reduced Wigner coefficients with P_{k,i} = m_{k,i} + k
/// - i of p: for the rows k > a + 1, box at i in row k and at j in row k - 1,
///   S(j - i) |prod_{t != j} (P_ki - P_{k-1,t}) prod_{t != i} (P_{k-1,j} - P_kt + 1)
///            / (prod_{t != i} (P_ki - P_kt) prod_{t != j} (P_{k-1,j} - P_{k-1,t} + 1))|^{1/2},
/// S(x) = 1 for x >= 0, -1 otherwise; for the row k = a + 1 where the box stops,
///   |prod_{t < k} (P_{k-1,t} - P_ki) / prod_{t != i} (P_kt - P_ki)|^{1/2}.
SparseOperator gelfand_tsetlin_intertwiner(const PatternBasis& mu, const PatternBasis& lambda) {
    const int d = static_cast<int>(mu.shape.size());
    const auto ud = static_cast<std::size_t>(d);
    int top = 0; // the row of the partition that gained the box (1-based position)
    for (int i = 1; i <= d; ++i)
        if (lambda.shape[static_cast<std::size_t>(i - 1)] !=
            mu.shape[static_cast<std::size_t>(i - 1)])
            top = i;
    SparseOperator C(mu.patterns.size() * ud, lambda.patterns.size());
    std::vector<int> position(ud + 1, 0); // box position in row k, rows a + 1..d
    position[ud] = top;
    for (std::size_t s = 0; s < lambda.patterns.size(); ++s) {
        const GelfandTsetlinPattern& q = lambda.patterns[s];
        for (int a = 0; a < d; ++a) {
            // Every choice of positions in rows a + 1..d - 1 (row d is fixed).
            const std::function<void(int)> choose = [&](int row_k) {
                if (row_k > a) {
                    for (int i = 1; i <= row_k; ++i) {
                        position[static_cast<std::size_t>(row_k)] = i;
                        choose(row_k - 1);
                    }
                    return;
                }
                GelfandTsetlinPattern p = q;
                for (int r = a + 1; r <= d; ++r)
                    --entry(p, r, position[static_cast<std::size_t>(r)]);
                const long row = mu.find(p);
                if (row < 0)
                    return;
                const auto P = [&](int r, int i) {
                    return static_cast<double>(entry(p, r, i) + r - i);
                };
                double value = 1.0;
                for (int r = d; r > a + 1; --r) {
                    const int i = position[static_cast<std::size_t>(r)];
                    const int j = position[static_cast<std::size_t>(r - 1)];
                    double numerator = 1.0, denominator = 1.0;
                    for (int t = 1; t < r; ++t)
                        if (t != j) {
                            numerator *= P(r, i) - P(r - 1, t);
                            denominator *= P(r - 1, j) - P(r - 1, t) + 1;
                        }
                    for (int t = 1; t <= r; ++t)
                        if (t != i) {
                            numerator *= P(r - 1, j) - P(r, t) + 1;
                            denominator *= P(r, i) - P(r, t);
                        }
                    value *= (j >= i ? 1.0 : -1.0) * std::sqrt(std::abs(numerator / denominator));
                }
                const int k = a + 1, i = position[static_cast<std::size_t>(k)];
                double numerator = 1.0, denominator = 1.0;
                for (int t = 1; t < k; ++t)
                    numerator *= P(k - 1, t) - P(k, i);
                for (int t = 1; t <= k; ++t)
                    if (t != i)
                        denominator *= P(k, t) - P(k, i);
                value *= std::sqrt(std::abs(numerator / denominator));
                C.add(static_cast<std::size_t>(row) * ud + static_cast<std::size_t>(a), s, value);
            };
            choose(d - 1);
        }
    }
    return C;
}

} // namespace

std::vector<std::vector<int>> partitions(int N, std::size_t d) {
    std::vector<std::vector<int>> out;
    std::vector<int> parts(d, 0);
    const std::function<void(std::size_t, int, int)> fill = [&](std::size_t i, int left, int cap) {
        if (i + 1 == d) {
            if (left <= cap) {
                parts[i] = left;
                out.push_back(parts);
            }
            return;
        }
        for (int x = std::min(left, cap); x >= 0; --x) {
            parts[i] = x;
            fill(i + 1, left - x, x);
        }
    };
    fill(0, N, N);
    return out;
}

std::vector<GelfandTsetlinPattern> gelfand_tsetlin_patterns(const std::vector<int>& shape) {
    const int d = static_cast<int>(shape.size());
    std::vector<GelfandTsetlinPattern> out;
    GelfandTsetlinPattern p(static_cast<std::size_t>(d * (d + 1) / 2), 0);
    for (int i = 1; i <= d; ++i)
        entry(p, d, i) = shape[static_cast<std::size_t>(i - 1)];
    // Row k - 1 entry by entry (first entry outermost, decreasing), then the rows below it.
    const std::function<void(int, int)> fill = [&](int k, int i) {
        if (k == 1) {
            out.push_back(p);
            return;
        }
        if (i == k) {
            fill(k - 1, 1);
            return;
        }
        for (int x = entry(p, k, i); x >= entry(p, k, i + 1); --x) {
            entry(p, k - 1, i) = x;
            fill(k, i + 1);
        }
    };
    fill(d, 1);
    // By weight, highest first: the operators then act between nearby rows (a diagonal L keeps
    // the weight, E_ab shifts it by e_a - e_b), which keeps the generator's rows in cache.
    const auto weight = [d](const GelfandTsetlinPattern& q) {
        std::vector<int> w(static_cast<std::size_t>(d));
        int below = 0;
        for (int k = 1; k <= d; ++k) {
            int row = 0;
            for (int i = 1; i <= k; ++i)
                row += entry(q, k, i);
            w[static_cast<std::size_t>(k - 1)] = row - below;
            below = row;
        }
        return w;
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto& a, const auto& b) { return weight(a) > weight(b); });
    return out;
}

double gl_dimension(const std::vector<int>& shape) {
    double dim = 1.0;
    for (std::size_t i = 0; i < shape.size(); ++i)
        for (std::size_t j = i + 1; j < shape.size(); ++j)
            dim *= static_cast<double>(shape[i] - shape[j] + static_cast<int>(j - i)) /
                   static_cast<double>(j - i);
    return dim;
}

double ln_symmetric_group_dimension(const std::vector<int>& shape) {
    const int d = static_cast<int>(shape.size());
    int N = 0;
    std::vector<double> l(shape.size());
    for (int i = 0; i < d; ++i) {
        N += shape[static_cast<std::size_t>(i)];
        l[static_cast<std::size_t>(i)] = shape[static_cast<std::size_t>(i)] + d - 1 - i;
    }
    double ln_m = std::lgamma(N + 1.0);
    for (std::size_t i = 0; i < l.size(); ++i) {
        ln_m -= std::lgamma(l[i] + 1.0);
        for (std::size_t j = i + 1; j < l.size(); ++j)
            ln_m += std::log(l[i] - l[j]);
    }
    return ln_m;
}

SchurWeylBlocks gelfand_tsetlin_blocks(std::size_t d, int N) {
    if (N < 1)
        throw InputError("model.N", "must be at least 1, got " + std::to_string(N));
    if (d < 2)
        throw Error("gelfand_tsetlin_blocks: d = " + std::to_string(d) + " < 2");
    SchurWeylBlocks blocks;
    blocks.d = d;
    blocks.N = N;
    std::vector<PatternBasis> lambdas, mus;
    for (const auto& shape : partitions(N, d)) {
        lambdas.emplace_back(shape);
        blocks.irreps.push_back(gelfand_tsetlin_irrep(lambdas.back()));
    }
    for (const auto& shape : partitions(N - 1, d)) {
        mus.emplace_back(shape);
        blocks.parents.push_back(gelfand_tsetlin_irrep(mus.back()));
    }
    for (std::size_t mu = 0; mu < mus.size(); ++mu)
        for (std::size_t lambda = 0; lambda < lambdas.size(); ++lambda) {
            int added = 0;
            bool contains = true;
            for (std::size_t i = 0; i < d; ++i) {
                const int box = lambdas[lambda].shape[i] - mus[mu].shape[i];
                contains = contains && box >= 0;
                added += box;
            }
            if (contains && added == 1)
                blocks.branches.push_back(
                    {mu, lambda, gelfand_tsetlin_intertwiner(mus[mu], lambdas[lambda])});
        }
    return blocks;
}

SchurWeylBlocks schur_weyl_blocks(std::size_t d, int N) {
    return d == 2 ? spin_half_blocks(N) : gelfand_tsetlin_blocks(d, N);
}

BlockSizes block_sizes(std::size_t d, int N) {
    BlockSizes sizes;
    for (const auto& shape : partitions(N, d)) {
        const double dim = gl_dimension(shape);
        sizes.packed_entries += dim * (dim + 1.0) / 2.0;
        sizes.dimension_sum += dim;
        sizes.largest_dimension = std::max(sizes.largest_dimension, dim);
    }
    return sizes;
}

std::vector<double> jump_terms_per_block(std::size_t d, int N) {
    std::vector<double> terms;
    for (auto shape : partitions(N, d)) {
        double count = 0.0;
        for (std::size_t i = 0; i < d; ++i) {
            // A box comes off row i where the rows stay a partition: mu.
            if (shape[i] == 0 || (i + 1 < d && shape[i] == shape[i + 1]))
                continue;
            --shape[i];
            // A box goes onto row k of mu where they stay one: lambda.
            for (std::size_t k = 0; k < d; ++k)
                if (k == 0 || shape[k - 1] > shape[k])
                    count += 1.0;
            ++shape[i];
        }
        terms.push_back(count);
    }
    return terms;
}

} // namespace qrem
