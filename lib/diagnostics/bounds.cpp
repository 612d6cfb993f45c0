#include "diagnostics/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qrem {

double theorem3_log_bound(double S0, double C_W, double t) {
    return 32.0 * C_W * t + std::log(S0 + std::numbers::ln2);
}

double aposteriori_bound(double S0, double X_op_integral) {
    return (S0 + std::numbers::ln2) * std::exp(32.0 * X_op_integral) - std::numbers::ln2;
}

double corollary1_bound(int k, int N, double B) {
    return std::sqrt(2.0 * k * std::max(B, 0.0) / N);
}

} // namespace qrem
