#include "symmetric/partition_function.hpp"

#include "core/error.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace qrem {

namespace {

/// A restricted to V_lambda: 1/(N-1) sum_{abce} X_{(ab),(ce)} (E_ac E_be - delta_cb E_ae), X
/// with row index a*d + b (a on leg i, b on leg j).
SparseOperator fluctuation_operator(const SchurWeylBlocks& blocks, std::size_t lambda,
                                    const DenseMatrix& X) {
    // block_hamiltonian's two-body part is 1/(2(N-1)) sum_{i != j} X_ij (zero one-body part).
    SparseOperator A = block_hamiltonian(blocks, lambda, DenseMatrix(blocks.d, blocks.d), X);
    A *= 2.0;
    return A;
}

/// One block's ln Tr(W e^{lambda A}) and Tr(W A^m), m = 1..m_max, for W = diag(w) >= 0.
struct BlockTerms {
    double log_z = -INFINITY;
    std::vector<double> moments;
};

/// ln sum_i q_i e^{lambda x_i} and sum_i q_i x_i^m, m = 1..m_max, for weights q_i >= 0 at nodes
/// x_i (the spectral measure of W against A, however it was found); the exponentials shifted by
/// the largest lambda x_i, against overflow at large N.
BlockTerms weighted_node_terms(const std::vector<double>& nodes, const std::vector<double>& q,
                               double lambda, int m_max) {
    double top = -INFINITY;
    for (const double x : nodes)
        top = std::max(top, lambda * x);
    BlockTerms terms{-INFINITY, std::vector<double>(static_cast<std::size_t>(m_max), 0.0)};
    double sum = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        sum += q[i] * std::exp(lambda * nodes[i] - top);
        double power = 1.0;
        for (int m = 1; m <= m_max; ++m) {
            power *= nodes[i];
            terms.moments[static_cast<std::size_t>(m - 1)] += q[i] * power;
        }
    }
    if (sum > 0.0)
        terms.log_z = top + std::log(sum);
    return terms;
}

/// From the eigendecomposition A = V diag(a) V^dag: Tr(W f(A)) = sum_k q_k f(a_k) with the
/// weights q_k = <k| V^dag W V |k> >= 0.
BlockTerms eigen_terms(const SparseOperator& A, const std::vector<double>& w, double lambda,
                       int m_max) {
    const HermitianEigen eigen = hermitian_eigen(A.dense());
    const std::size_t n = w.size();
    std::vector<double> q(n, 0.0);
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t r = 0; r < n; ++r)
            q[k] += w[r] * std::norm(eigen.vectors(r, k));
    return weighted_node_terms(eigen.values, q, lambda, m_max);
}

/// The rows of W that carry its weight, heaviest first: those whose weight together is below
/// 1e-17 e^{-2a} of the block's are left out (their share of Tr(W f(A)) is at most e^a times
/// their weight, the result at least e^{-a} times the block's; a >= lambda ||A||). The product
/// state's weights fall geometrically along a block, so at N = 200 a few dozen of up to 201 rows
/// are kept where gamma is nearly pure.
std::vector<std::size_t> weighty_rows(const std::vector<double>& w, double a) {
    std::vector<std::size_t> rows(w.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    std::sort(rows.begin(), rows.end(), [&](std::size_t x, std::size_t y) { return w[x] > w[y]; });
    double total = 0.0, dropped = 0.0;
    for (const double x : w)
        total += x;
    while (!rows.empty() && dropped + w[rows.back()] <= 1e-17 * std::exp(-2 * a) * total) {
        dropped += w[rows.back()];
        rows.pop_back();
    }
    return rows;
}

/// The power M after which the Taylor series of e^{lambda A} stops: with a >= lambda ||A|| its
/// remainder is at most a^(M+1)/(M+1)! e^a Tr W, and the sum at least e^{-a} Tr W; M is taken
/// where their ratio is below 1e-17 (and M >= m_max, for the moments).
int series_order(double a, int m_max) {
    int M = 0;
    for (double ratio = std::exp(2 * a) * a; M < m_max || ratio > 1e-17; ratio *= a / (M + 1))
        ++M;
    return M;
}

/// From the moments alone: with Y_k = A^k W^{1/2} (A Hermitian; W^{1/2}'s columns at the
/// weighty rows only), Tr(W A^(2k)) = <Y_k, Y_k> and Tr(W A^(2k+1)) = <Y_k, Y_{k+1}>
/// (Frobenius), one sparse product per two moments, and e^{lambda A} by its Taylor series to
/// the power M. No eigendecomposition: about (M/2) nonzeros(A) rows.size() multiply-adds instead
/// of ~10 n^3 operations; but its terms cancel by up to e^{2a}, so it serves where a <= 2.
BlockTerms series_terms(const SparseOperator& A, const std::vector<double>& w,
                        const std::vector<std::size_t>& rows, double lambda, int m_max, int M) {
    const std::size_t n = w.size(), R = rows.size();
    std::vector<double> moment(static_cast<std::size_t>(M) + 1, 0.0);
    DenseMatrix Y(n, R), next(n, R);
    for (std::size_t j = 0; j < R; ++j) {
        Y(rows[j], j) = std::sqrt(w[rows[j]]);
        moment[0] += w[rows[j]];
    }
    const auto frobenius = [n, R](const DenseMatrix& x, const DenseMatrix& y) {
        Complex sum = 0.0;
        for (std::size_t e = 0; e < n * R; ++e)
            sum += std::conj(x.data()[e]) * y.data()[e];
        return sum.real(); // real: Tr(W A^m) with Hermitian A and W
    };
    for (int k = 0; 2 * k + 1 <= M; ++k) {
        // next = A Y, row by row
        for (std::size_t i = 0; i < n; ++i) {
            Complex* out = next.data() + i * R;
            std::fill(out, out + R, Complex(0.0));
            for (const auto& [c, value] : A.row(i)) {
                const Complex* in = Y.data() + c * R;
                for (std::size_t j = 0; j < R; ++j)
                    out[j] += value * in[j];
            }
        }
        moment[static_cast<std::size_t>(2 * k + 1)] = frobenius(Y, next);
        if (2 * k + 2 <= M)
            moment[static_cast<std::size_t>(2 * k + 2)] = frobenius(next, next);
        std::swap(Y, next);
    }
    BlockTerms terms{-INFINITY,
                     std::vector<double>(moment.begin() + 1, moment.begin() + 1 + m_max)};
    double z = 0.0, factor = 1.0;
    for (int m = 0; m <= M; ++m) {
        z += factor * moment[static_cast<std::size_t>(m)];
        factor *= lambda / (m + 1);
    }
    if (z > 0.0)
        terms.log_z = std::log(z);
    return terms;
}

/// From Gauss quadrature of the spectral measures of A at the weighty rows (Lanczos from each,
/// then Golub-Welsch): <r|f(A)|r> = sum_i u_i^2 f(theta_i) with positive weights, so nothing
/// cancels however large lambda ||A|| (unlike the series), and no O(n^3) eigendecomposition.
/// With k steps the quadrature is exact for A^m, m < 2k, and for e^{lambda A} its error is at
/// most a^(2k)/(2k)! e^a (the Jacobi matrix's off-diagonal entries are at most ||A||), against
/// <r|e^{lambda A}|r> >= e^{-a}: k is taken where the ratio is below 1e-17 (at most n: the
/// Krylov space is then whole).
int lanczos_steps(double a, int m_max, std::size_t n) {
    int steps = std::max(4, m_max / 2 + 1); // 2k > m_max: the moments exactly
    while (steps < static_cast<int>(n) &&
           2 * steps * std::log(std::max(a, 1e-300)) + 2 * a - std::lgamma(2 * steps + 1.0) >
               std::log(1e-17))
        ++steps;
    return std::min(steps, static_cast<int>(n));
}

/// The Gauss quadrature of A's spectral measure at basis vector r, from `steps` Lanczos steps
/// (fewer where the Krylov space closes: the quadrature is then exact).
GaussQuadrature lanczos_quadrature(const CompressedRows& A, std::size_t r, int steps, double norm) {
    const std::size_t n = A.rows;
    std::vector<Complex> previous(n, 0.0), q(n, 0.0), next(n);
    q[r] = 1.0;
    std::vector<double> alpha, beta;
    for (int j = 0; j < steps; ++j) {
        double diagonal = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            Complex sum = 0.0;
            for (std::size_t e = A.start[i]; e < A.start[i + 1]; ++e)
                sum += A.value[e] * q[A.column[e]];
            next[i] = sum;
            diagonal += (std::conj(q[i]) * sum).real();
        }
        alpha.push_back(diagonal);
        if (j + 1 == steps)
            break;
        const double last = beta.empty() ? 0.0 : beta.back();
        double squared = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            next[i] -= diagonal * q[i] + last * previous[i];
            squared += std::norm(next[i]);
        }
        const double off = std::sqrt(squared);
        if (off <= 1e-13 * norm) // an invariant subspace: the quadrature is exact
            break;
        beta.push_back(off);
        std::swap(previous, q);
        for (std::size_t i = 0; i < n; ++i)
            q[i] = next[i] / off;
    }
    return gauss_quadrature(std::move(alpha), std::move(beta));
}

BlockTerms lanczos_terms(const SparseOperator& A, const std::vector<double>& w,
                         const std::vector<std::size_t>& rows, double lambda, int m_max,
                         double norm, int steps) {
    // Tr(W f(A)) = sum_r w_r <r|f(A)|r>: every row's nodes with its weights times w_r.
    const CompressedRows compressed(A);
    std::vector<double> nodes, q;
    for (const std::size_t r : rows) {
        const GaussQuadrature g = lanczos_quadrature(compressed, r, steps, norm);
        nodes.insert(nodes.end(), g.nodes.begin(), g.nodes.end());
        for (const double u : g.weights)
            q.push_back(w[r] * u);
    }
    return weighted_node_terms(nodes, q, lambda, m_max);
}

/// max_i sum_j |A_ij| >= ||A|| for Hermitian A.
double row_sum_norm(const SparseOperator& A) {
    double largest = 0.0;
    for (std::size_t i = 0; i < A.rows(); ++i) {
        double sum = 0.0;
        for (const auto& entry : A.row(i))
            sum += std::abs(entry.second);
        largest = std::max(largest, sum);
    }
    return largest;
}

} // namespace

PartitionFunction partition_function(MPI_Comm comm, const SchurWeylBlocks& blocks,
                                     const DenseMatrix& gamma, const DenseMatrix& X, double lambda,
                                     int m_max, PartitionMethod method) {
    if (blocks.N < 2)
        throw Error("partition_function: needs N >= 2");
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    // In the eigenbasis of gamma = U diag(p) U^dag, gamma^{(x)N} is diagonal on every block:
    // m_lambda pi_lambda(diag p) has the entries m_lambda prod_a p_a^{E_aa}. The trace is the
    // same with A built from X' = (U (x) U)^dag X (U (x) U).
    const std::size_t d = blocks.d;
    const HermitianEigen g = hermitian_eigen(gamma);
    const DenseMatrix UU = kron(g.vectors, g.vectors); // (U (x) U)_{(ab),(ce)} = U_ac U_be
    const DenseMatrix X_rotated = adjoint(UU) * X * UU;
    std::vector<double> log_p(d);
    for (std::size_t a = 0; a < d; ++a) {
        if (!(g.values[a] > 0))
            throw Error("partition_function: gamma is not faithful");
        log_p[a] = std::log(g.values[a]);
    }
    std::vector<double> log_z, sums(static_cast<std::size_t>(m_max), 0.0);
    for (std::size_t l = static_cast<std::size_t>(rank); l < blocks.irreps.size();
         l += static_cast<std::size_t>(size)) {
        const SparseOperator A = fluctuation_operator(blocks, l, X_rotated);
        const std::size_t n = A.rows();
        std::vector<double> w(n, blocks.irreps[l].ln_multiplicity);
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t r = 0; r < n; ++r)
                for (const auto& [c, value] : blocks.E(l, a, a).row(r))
                    if (c == r)
                        w[r] += log_p[a] * value.real();
        for (double& x : w)
            x = std::exp(x);
        const double norm = row_sum_norm(A), a = lambda * norm;
        const std::vector<std::size_t> rows = weighty_rows(w, a);
        const int M = series_order(a, m_max), steps = lanczos_steps(a, m_max, n);
        // Whichever costs fewer operations: the eigendecomposition ~10 n^3; the series M/2
        // products of A with the weighty columns (where it is accurate); Lanczos per weighty
        // row `steps` products with A and the vector updates, and dstev's ~6 steps^3.
        const auto dim = static_cast<double>(n), R = static_cast<double>(rows.size()),
                   nonzeros = static_cast<double>(A.nonzeros()), k = static_cast<double>(steps);
        const double eigen_cost = 10 * dim * dim * dim,
                     series_cost = a <= 2.0 ? (M / 2 + 1) * (nonzeros + 2 * dim) * R : INFINITY,
                     lanczos_cost = R * (k * (nonzeros + 6 * dim) + 6 * k * k * k);
        PartitionMethod chosen = method;
        if (method == PartitionMethod::automatic)
            chosen = series_cost <= std::min(eigen_cost, lanczos_cost) ? PartitionMethod::series
                     : lanczos_cost < eigen_cost                       ? PartitionMethod::lanczos
                                                                       : PartitionMethod::eigen;
        const BlockTerms terms = chosen == PartitionMethod::series
                                     ? series_terms(A, w, rows, lambda, m_max, M)
                                 : chosen == PartitionMethod::lanczos
                                     ? lanczos_terms(A, w, rows, lambda, m_max, norm, steps)
                                     : eigen_terms(A, w, lambda, m_max);
        log_z.push_back(terms.log_z);
        for (int m = 0; m < m_max; ++m)
            sums[static_cast<std::size_t>(m)] += terms.moments[static_cast<std::size_t>(m)];
    }
    // ln sum_lambda z_lambda, shifted by the largest ln z_lambda over all ranks.
    double top = -INFINITY;
    for (const double x : log_z)
        top = std::max(top, x);
    MPI_Allreduce(MPI_IN_PLACE, &top, 1, MPI_DOUBLE, MPI_MAX, comm);
    double z = 0.0;
    for (const double x : log_z)
        if (x > -INFINITY)
            z += std::exp(x - top);
    MPI_Allreduce(MPI_IN_PLACE, &z, 1, MPI_DOUBLE, MPI_SUM, comm);
    MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                  comm);
    return {top + std::log(z), sums};
}

} // namespace qrem
