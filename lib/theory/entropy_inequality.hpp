#pragma once
// theory: Lemma 1 (the entropy inequality behind the Gronwall argument) measured on given
// matrices: for rho a density matrix, sigma faithful, A Hermitian and lambda > 0,
//   Tr(rho A) <= S(rho, sigma)/lambda + ln Tr(sigma e^{lambda A})/lambda,
// through its two steps: (3.5) with Z = Tr e^{ln sigma + lambda A} (the Gibbs variational
// principle: equality at rho = e^{ln sigma + lambda A}/Z), then Golden-Thompson, ln Z <=
// ln Tr(sigma e^{lambda A}) (equality when sigma and A commute).
#include "linalg/dense_matrix.hpp"

namespace qrem {

/// S(rho, sigma) = Tr rho (ln rho - ln sigma), sigma faithful (0 ln 0 = 0).
double relative_entropy(const DenseMatrix& rho, const DenseMatrix& sigma);

struct EntropyInequality {
    double lambda = 0.0;
    double lhs = 0.0;       ///< Tr(rho A)
    double gibbs_rhs = 0.0; ///< (S(rho, sigma) + ln Z)/lambda, (3.5)
    double rhs = 0.0;       ///< (S(rho, sigma) + ln Tr(sigma e^{lambda A}))/lambda, Lemma 1
    double slack() const { return rhs - lhs; }
    double gibbs_slack() const { return gibbs_rhs - lhs; }
    /// ln Tr(sigma e^{lambda A}) - ln Z >= 0 (Golden-Thompson), divided by lambda.
    double golden_thompson_gap() const { return rhs - gibbs_rhs; }
};

EntropyInequality entropy_inequality(const DenseMatrix& rho, const DenseMatrix& sigma,
                                     const DenseMatrix& A, double lambda);

/// The equality case of (3.5): omega = e^{ln sigma + lambda A}/Z.
DenseMatrix gibbs_variational_state(const DenseMatrix& sigma, const DenseMatrix& A, double lambda);

} // namespace qrem
