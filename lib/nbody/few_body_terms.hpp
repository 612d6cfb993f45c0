#pragma once
// nbody: few-body operators on (C^d)^{(x)N}, sum_j A_j + pair_factor sum_{i<j} B_ij, as the list
// of their entries on given legs (terms): the one description that the MPIAIJ assembly, the
// right-hand side and the Gibbs flow all build on.
#include "linalg/dense_matrix.hpp"
#include "nbody/nbody_space.hpp"

#include <array>
#include <map>
#include <vector>

namespace qrem {

/// A sum of few-body terms: sum_j A_j over every leg (one_body, d x d) plus
/// pair_factor * sum_{i<j} B_ij over every pair (two_body, d^2 x d^2, pair index a*d + c).
/// An empty matrix leaves its part out.
struct FewBodySum {
    DenseMatrix one_body;
    DenseMatrix two_body;
    double pair_factor = 1.0;
};

/// One entry of a few-body operator on given legs: rows whose digits on `leg` are `from` map to
/// the row with digits `to`, times `value` (the two-body pair factor included).
struct FewBodyTerm {
    int legs = 1;             ///< 1 or 2
    std::array<int, 2> leg{}; ///< leg[0] < leg[1] when two
    std::array<std::size_t, 2> from{}, to{};
    Complex value = 0.0;

    bool changes(int k) const {
        return from[static_cast<std::size_t>(k)] != to[static_cast<std::size_t>(k)];
    }
    bool is_diagonal() const { return !changes(0) && (legs == 1 || !changes(1)); }
    /// Whether row r carries the digits `from` on the term's legs.
    bool acts_on(const NBodySpace& space, std::int64_t r) const;
    /// The column of row r's entry (r with the digits `to`); r must satisfy acts_on.
    std::int64_t target(const NBodySpace& space, std::int64_t r) const;
};

/// Every nonzero entry of the sum as a term: per leg the d x d entries of one_body, per pair
/// i < j the d^2 x d^2 entries of two_body times pair_factor.
std::vector<FewBodyTerm> few_body_terms(const NBodySpace& space, const FewBodySum& sum);

/// The nonzeros of row r of the operator made of `terms` (column -> value, duplicates merged),
/// added to `row`.
void few_body_row(const NBodySpace& space, const std::vector<FewBodyTerm>& terms, std::int64_t r,
                  std::map<std::int64_t, Complex>& row);

} // namespace qrem
