#include "symmetric/partition_function.hpp"

#include "core/error.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

#include <algorithm>
#include <cmath>

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

/// From the eigendecomposition A = V diag(a) V^dag: Tr(W f(A)) = sum_k q_k f(a_k) with the
/// weights q_k = <k| V^dag W V |k> >= 0.
BlockTerms eigen_terms(const SparseOperator& A, const std::vector<double>& w, double lambda,
                       int m_max) {
    const HermitianEigen eigen = hermitian_eigen(A.dense());
    const std::size_t n = w.size();
    std::vector<double> q(n, 0.0);
    double top = -INFINITY;
    for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t r = 0; r < n; ++r)
            q[k] += w[r] * std::norm(eigen.vectors(r, k));
        top = std::max(top, lambda * eigen.values[k]);
    }
    BlockTerms terms{-INFINITY, std::vector<double>(static_cast<std::size_t>(m_max), 0.0)};
    double sum = 0.0; // shifted by the largest lambda a_k, against overflow at large N
    for (std::size_t k = 0; k < n; ++k) {
        sum += q[k] * std::exp(lambda * eigen.values[k] - top);
        double power = 1.0;
        for (int m = 1; m <= m_max; ++m) {
            power *= eigen.values[k];
            terms.moments[static_cast<std::size_t>(m - 1)] += q[k] * power;
        }
    }
    if (sum > 0.0)
        terms.log_z = top + std::log(sum);
    return terms;
}

/// From the moments alone: with Y_k = A^k W^{1/2} (A Hermitian), Tr(W A^(2k)) = <Y_k, Y_k> and
/// Tr(W A^(2k+1)) = <Y_k, Y_{k+1}> (Frobenius), one sparse product per two moments, and
/// e^{lambda A} by its Taylor series. With a >= lambda ||A|| the series' remainder after the
/// power M is at most a^(M+1)/(M+1)! e^a Tr W, and the sum at least e^{-a} Tr W: M is taken
/// where their ratio is below 1e-17. No eigendecomposition: about (M/2) nonzeros(A) n
/// multiply-adds instead of ~10 n^3 operations.
BlockTerms series_terms(const SparseOperator& A, const std::vector<double>& w, double lambda,
                        int m_max, double a) {
    int M = 0;
    for (double ratio = std::exp(2 * a) * a; M < m_max || ratio > 1e-17; ratio *= a / (M + 1))
        ++M;
    const std::size_t n = w.size();
    std::vector<double> moment(static_cast<std::size_t>(M) + 1, 0.0);
    DenseMatrix Y(n, n), next(n, n);
    for (std::size_t r = 0; r < n; ++r) {
        Y(r, r) = std::sqrt(w[r]);
        moment[0] += w[r];
    }
    const auto frobenius = [n](const DenseMatrix& x, const DenseMatrix& y) {
        Complex sum = 0.0;
        for (std::size_t e = 0; e < n * n; ++e)
            sum += std::conj(x.data()[e]) * y.data()[e];
        return sum.real(); // real: Tr(W A^m) with Hermitian A and W
    };
    for (int k = 0; 2 * k + 1 <= M; ++k) {
        // next = A Y, row by row
        for (std::size_t i = 0; i < n; ++i) {
            Complex* out = next.data() + i * n;
            std::fill(out, out + n, Complex(0.0));
            for (const auto& [c, value] : A.row(i)) {
                const Complex* in = Y.data() + c * n;
                for (std::size_t j = 0; j < n; ++j)
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
        const double a = lambda * row_sum_norm(A);
        const bool series = method == PartitionMethod::series ||
                            (method == PartitionMethod::automatic && a <= series_limit);
        const BlockTerms terms =
            series ? series_terms(A, w, lambda, m_max, a) : eigen_terms(A, w, lambda, m_max);
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
