#include "support/transport_reference.hpp"

#include <lemon/lp.h>

#include <stdexcept>

namespace qrem::test {

double transport_by_linear_program(const std::vector<double>& mu, const std::vector<double>& nu,
                                   const std::function<double(std::size_t, std::size_t)>& cost) {
    const std::size_t n = mu.size();
    lemon::Lp lp;
    lp.messageLevel(lemon::Lp::MESSAGE_NOTHING);
    std::vector<lemon::Lp::Col> pi(n * n);
    lemon::Lp::Expr objective;
    for (std::size_t i = 0; i < n * n; ++i) {
        pi[i] = lp.addCol();
        lp.colLowerBound(pi[i], 0.0);
        objective += cost(i / n, i % n) * pi[i];
    }
    for (std::size_t z = 0; z < n; ++z) {
        lemon::Lp::Expr row, column;
        for (std::size_t w = 0; w < n; ++w) {
            row += pi[z * n + w];
            column += pi[w * n + z];
        }
        lp.addRow(row == mu[z]);
        lp.addRow(column == nu[z]);
    }
    lp.obj(objective);
    lp.min();
    if (lp.solve() != lemon::Lp::SOLVED || lp.primalType() != lemon::Lp::OPTIMAL)
        throw std::runtime_error("transport_by_linear_program: GLPK found no optimum");
    return lp.primal();
}

} // namespace qrem::test
