#include "model/one_body_model.hpp"

#include <algorithm>

namespace qrem {

bool OneBodyModel::all_jumps_normal() const {
    return std::all_of(jumps.begin(), jumps.end(),
                       [](const JumpOperator& j) { return j.is_normal; });
}

JumpOperator make_jump_operator(std::string label, DenseMatrix L) {
    JumpOperator j;
    j.label = std::move(label);
    const double scale = std::max(1.0, max_abs(L));
    const double tolerance = 1e-12 * scale * scale;
    j.is_normal = max_abs(L * adjoint(L) - adjoint(L) * L) <= tolerance;
    j.is_diagonal = true;
    for (std::size_t a = 0; a < L.rows(); ++a)
        for (std::size_t b = 0; b < L.cols(); ++b)
            if (a != b && L(a, b) != Complex(0.0))
                j.is_diagonal = false;
    j.L = std::move(L);
    return j;
}

} // namespace qrem
