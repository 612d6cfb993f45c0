#pragma once
// The plain reference for dist_1: the transport linear program over all couplings pi(z, z')
// (n^2 variables, row and column sums fixed), solved by GLPK's simplex through LEMON's Lp.
#include <cstddef>
#include <functional>
#include <vector>

namespace qrem::test {

/// min sum pi(z, z') cost(z, z') over pi >= 0 with row sums mu and column sums nu.
double transport_by_linear_program(const std::vector<double>& mu, const std::vector<double>& nu,
                                   const std::function<double(std::size_t, std::size_t)>& cost);

} // namespace qrem::test
