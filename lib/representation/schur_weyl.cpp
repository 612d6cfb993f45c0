#include "representation/schur_weyl.hpp"

#include "core/error.hpp"

#include <cmath>

namespace qrem {

SparseOperator SchurWeylBlocks::collective(std::size_t lambda, const DenseMatrix& A) const {
    const std::size_t dim = irreps[lambda].dim;
    SparseOperator sum(dim, dim);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            if (A(a, b) != Complex(0.0))
                sum += A(a, b) * E(lambda, a, b);
    return sum;
}

double ln_spin_multiplicity(int N, int two_j) {
    // m = C(N, k) (2j + 1) / (N - k + 1), k = N/2 - j.
    const int k = (N - two_j) / 2;
    return std::lgamma(N + 1.0) - std::lgamma(k + 1.0) - std::lgamma(N - k + 1.0) +
           std::log(two_j + 1.0) - std::log(N - k + 1.0);
}

namespace {

/// Spin j = two_j/2 of N spins 1/2: basis index k = j - m.
Irrep spin_irrep(int N, int two_j) {
    Irrep irrep;
    irrep.shape = {(N + two_j) / 2, (N - two_j) / 2};
    irrep.dim = static_cast<std::size_t>(two_j + 1);
    irrep.ln_multiplicity = N > 0 ? ln_spin_multiplicity(N, two_j) : 0.0;
    const std::size_t n = irrep.dim;
    SparseOperator E00(n, n), E11(n, n), E01(n, n), E10(n, n);
    for (std::size_t k = 0; k < n; ++k) {
        const double kk = static_cast<double>(k), j2 = static_cast<double>(two_j);
        // E_00 = N/2 + m, E_11 = N/2 - m with m = j - k.
        E00.add(k, k, 0.5 * (N + two_j) - kk);
        E11.add(k, k, 0.5 * (N - two_j) + kk);
        // J_+ |j, m> = sqrt((j - m)(j + m + 1)) |j, m + 1>: k -> k - 1.
        if (k > 0)
            E01.add(k - 1, k, std::sqrt(kk * (j2 + 1 - kk)));
        // J_- |j, m> = sqrt((j + m)(j - m + 1)) |j, m - 1>: k -> k + 1.
        if (k + 1 < n)
            E10.add(k + 1, k, std::sqrt((j2 - kk) * (kk + 1)));
    }
    irrep.E = {E00, E01, E10, E11};
    return irrep;
}

/// The irreps of N spins 1/2, two_j = N, N - 2, ..., >= 0.
std::vector<Irrep> spin_irreps(int N) {
    std::vector<Irrep> irreps;
    for (int two_j = N; two_j >= 0; two_j -= 2)
        irreps.push_back(spin_irrep(N, two_j));
    return irreps;
}

/// C: V_j -> V_{j_mu} (x) C^2 from the Clebsch-Gordan coefficients <j_mu, m_mu; 1/2, s | j, m>
/// (|0> = s = +1/2). In doubled units: tm = 2m, t_mu = 2 j_mu.
SparseOperator spin_intertwiner(int two_j_mu, int two_j) {
    const auto dim = static_cast<std::size_t>(two_j + 1);
    const auto dim_mu = static_cast<std::size_t>(two_j_mu + 1);
    SparseOperator C(2 * dim_mu, dim);
    const double denominator = two_j_mu + 1.0;
    for (std::size_t k = 0; k < dim; ++k) {
        const int tm = two_j - 2 * static_cast<int>(k);
        // (m_mu, s) = (m - 1/2, +1/2) and (m + 1/2, -1/2).
        for (const int s : {+1, -1}) {
            const int tm_mu = tm - s;
            if (tm_mu > two_j_mu || tm_mu < -two_j_mu)
                continue;
            double c = 0.0;
            if (two_j == two_j_mu + 1)
                c = std::sqrt((two_j_mu + s * tm + 1) / (2.0 * denominator));
            else
                c = s * -std::sqrt((two_j_mu - s * tm + 1) / (2.0 * denominator));
            const auto k_mu = static_cast<std::size_t>((two_j_mu - tm_mu) / 2);
            C.add(k_mu * 2 + (s > 0 ? 0 : 1), k, c);
        }
    }
    return C;
}

} // namespace

SchurWeylBlocks spin_half_blocks(int N) {
    if (N < 1)
        throw InputError("model.N", "must be at least 1, got " + std::to_string(N));
    SchurWeylBlocks blocks;
    blocks.d = 2;
    blocks.N = N;
    blocks.irreps = spin_irreps(N);
    blocks.parents = spin_irreps(N - 1);
    for (std::size_t mu = 0; mu < blocks.parents.size(); ++mu) {
        const int two_j_mu = N - 1 - 2 * static_cast<int>(mu);
        for (std::size_t lambda = 0; lambda < blocks.irreps.size(); ++lambda) {
            const int two_j = N - 2 * static_cast<int>(lambda);
            if (two_j == two_j_mu + 1 || two_j == two_j_mu - 1)
                blocks.branches.push_back({mu, lambda, spin_intertwiner(two_j_mu, two_j)});
        }
    }
    return blocks;
}

} // namespace qrem
