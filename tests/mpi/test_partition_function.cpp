// The proof's partition function Phi_N = ln Tr(gamma^{(x)N} e^{lambda A}) and the moments
// Tr(gamma^{(x)N} A^m), A = 1/(N-1) sum_{i != j} X_ij, from the Schur-Weyl blocks against the
// dense computation in the whole space (A and gamma^{(x)N} from Kronecker products, e^{lambda A}
// from its D x D eigendecomposition, A^m by products) for N <= 8 (d = 2) and N <= 6 (d = 3;
// N = 8 would be D = 6561), with X the fluctuation operator of random gamma and W and with a
// random Hermitian X without its symmetries; at 1-3 ranks (the blocks are shared round-robin).
#include "core/session.hpp"
#include "model/mean_field.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/partition_function.hpp"

#include "support/nbody_reference.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qrem;
using namespace testing_support;

namespace {

void compare(const DenseMatrix& gamma, const DenseMatrix& X, int N, double lambda) {
    const std::size_t d = gamma.rows();
    INFO("d = " << d << ", N = " << N);
    ref::Mat A = ref::zeros(1, 1);
    bool first = true;
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j)
            if (i != j) {
                const ref::Mat term = ref::embed_two(ref::from_dense(X), i, j, d, N);
                A = first ? term : ref::add(A, term);
                first = false;
            }
    const DenseMatrix A_dense = ref::to_dense(ref::scale(1.0 / (N - 1), A));
    const DenseMatrix product = ref::to_dense(ref::product_state(ref::from_dense(gamma), N));
    const DenseMatrix exponential =
        hermitian_function(A_dense, [lambda](double a) { return std::exp(lambda * a); });
    const double Phi = std::log(trace(product * exponential).real());
    const SchurWeylBlocks blocks = schur_weyl_blocks(d, N);
    for (const PartitionMethod method : {PartitionMethod::automatic, PartitionMethod::lanczos}) {
        INFO("method " << static_cast<int>(method));
        const PartitionFunction z =
            partition_function(Session::comm(), blocks, gamma, X, lambda, 4, method);
        // Phi is O(1): both sides are exact up to rounding in D = d^N dimensions.
        CHECK(z.log_value == Approx(Phi).margin(1e-12));
        DenseMatrix power = product;
        for (int m = 1; m <= 4; ++m) {
            power = power * A_dense;
            const double moment = trace(power).real();
            // Relative to ||A||^m <= (N ||X||)^m.
            CHECK(std::abs(z.moments[m - 1] - moment) <
                  1e-12 * std::pow(N * hermitian_op_norm(X), m));
        }
    }
}

} // namespace

TEST_CASE("partition function and moments: blocks against the dense computation") {
    for (const std::size_t d : {2, 3}) {
        const DenseMatrix gamma = random_density_matrix(d, 61 + static_cast<unsigned>(d));
        const DenseMatrix W = random_two_body(d, 62 + static_cast<unsigned>(d));
        const DenseMatrix X = fluctuation_operator(W, gamma);
        const DenseMatrix any = random_hermitian(d * d, 63 + static_cast<unsigned>(d));
        const int N_max = d == 2 ? 8 : 6;
        for (int N = 2; N <= N_max; ++N) {
            compare(gamma, X, N, 1.0 / (32 * hermitian_op_norm(X)));
            if (d == 2 || N <= 5) // the plain embedding of d = 3, N = 6 takes seconds
                compare(gamma, any, N, 0.7);
        }
    }
}

TEST_CASE("partition function: the first moment vanishes (Proposition 3.2, m = 1) at large N") {
    const DenseMatrix gamma = random_density_matrix(2, 71);
    const DenseMatrix X = fluctuation_operator(random_two_body(2, 72), gamma);
    const SchurWeylBlocks blocks = schur_weyl_blocks(2, 200);
    const PartitionFunction z =
        partition_function(Session::comm(), blocks, gamma, X, 1.0 / (32 * hermitian_op_norm(X)), 2);
    // Tr(gamma^{(x)N} A) = 0; rounding relative to ||A|| <= N ||X||.
    CHECK(std::abs(z.moments[0]) < 1e-11 * 200 * hermitian_op_norm(X));
    CHECK(z.moments[1] > 0);
    CHECK(z.log_value <= std::log(2.0));
}

TEST_CASE("partition function: Lanczos and the eigendecomposition agree where rows are left out") {
    // A nearly pure gamma: its product state's weights fall by 0.03/0.97 per step along a block,
    // so Lanczos keeps a few dozen of up to N + 1 rows; lambda from the proof (lambda ||A|| up
    // to N / 32 = 6) and a larger one (up to ~30), where the series would cancel to nothing.
    for (const auto& [d, N] : {std::pair<std::size_t, int>{2, 120}, {3, 15}}) {
        INFO("d = " << d << ", N = " << N);
        const DenseMatrix U =
            hermitian_eigen(random_hermitian(d, 91 + static_cast<unsigned>(d))).vectors;
        DenseMatrix p(d, d);
        p(0, 0) = 0.97;
        for (std::size_t a = 1; a < d; ++a)
            p(a, a) = 0.03 / static_cast<double>(d - 1);
        const DenseMatrix gamma = U * p * adjoint(U);
        const DenseMatrix X =
            fluctuation_operator(random_two_body(d, 92 + static_cast<unsigned>(d)), gamma);
        const SchurWeylBlocks blocks = schur_weyl_blocks(d, N);
        for (const double scale : {1.0, 5.0}) {
            INFO("lambda = " << scale << " / (32 ||X||)");
            const double lambda = scale / (32 * hermitian_op_norm(X));
            const PartitionFunction eigen = partition_function(Session::comm(), blocks, gamma, X,
                                                               lambda, 6, PartitionMethod::eigen);
            const PartitionFunction lanczos = partition_function(
                Session::comm(), blocks, gamma, X, lambda, 6, PartitionMethod::lanczos);
            // Phi is O(1) to O(10); both sum positive terms. Rounding in the eigenvectors and in
            // the Lanczos vectors, relative to Phi's scale.
            CHECK(lanczos.log_value == Approx(eigen.log_value).margin(1e-12));
            for (int m = 1; m <= 6; ++m)
                CHECK(std::abs(lanczos.moments[m - 1] - eigen.moments[m - 1]) <
                      1e-12 * std::pow(N * hermitian_op_norm(X), m));
        }
    }
}

TEST_CASE(
    "partition function: the series and the eigendecomposition agree beyond the dense sizes") {
    // Each method on every block, at sizes the dense computation cannot reach; lambda as in the
    // proof, where the series applies (lambda ||A|| <= N / 32 here).
    for (const auto& [d, N] : {std::pair<std::size_t, int>{2, 60}, {3, 14}, {4, 7}}) {
        INFO("d = " << d << ", N = " << N);
        const DenseMatrix gamma = random_density_matrix(d, 81 + static_cast<unsigned>(d));
        const DenseMatrix X =
            fluctuation_operator(random_two_body(d, 82 + static_cast<unsigned>(d)), gamma);
        const SchurWeylBlocks blocks = schur_weyl_blocks(d, N);
        const double lambda = 1.0 / (32 * hermitian_op_norm(X));
        const PartitionFunction eigen = partition_function(Session::comm(), blocks, gamma, X,
                                                           lambda, 6, PartitionMethod::eigen);
        const PartitionFunction series = partition_function(Session::comm(), blocks, gamma, X,
                                                            lambda, 6, PartitionMethod::series);
        // Rounding: Phi is O(1); the series' terms cancel by at most e^{2 lambda ||A||}.
        CHECK(series.log_value == Approx(eigen.log_value).margin(1e-12));
        CHECK(eigen.log_value <= std::log(2.0));
        for (int m = 1; m <= 6; ++m)
            CHECK(std::abs(series.moments[m - 1] - eigen.moments[m - 1]) <
                  1e-12 * std::pow(N * hermitian_op_norm(X), m));
    }
}
