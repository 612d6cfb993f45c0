#include "model/validation.hpp"

#include "core/error.hpp"
#include "core/format.hpp"

namespace qrem {
namespace {

double tolerance_for(const DenseMatrix& a) {
    return 1e-12 * std::max(1.0, max_abs(a));
}

} // namespace

double exchange_asymmetry(const DenseMatrix& W, std::size_t d) {
    double worst = 0.0;
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t c = 0; c < d; ++c)
            for (std::size_t b = 0; b < d; ++b)
                for (std::size_t e = 0; e < d; ++e)
                    worst = std::max(worst,
                                     std::abs(W(a * d + c, b * d + e) - W(c * d + a, e * d + b)));
    return worst;
}

void validate_one_body_data(const OneBodyModel& m, const std::string& h_field,
                            const std::string& W_field) {
    if (!m.h.is_square() || m.h.rows() == 0)
        throw InputError(h_field, "must be a non-empty square matrix, got " +
                                      std::to_string(m.h.rows()) + "x" +
                                      std::to_string(m.h.cols()));
    const double h_error = hermiticity_error(m.h);
    if (h_error > tolerance_for(m.h))
        throw InputError(h_field, "is not Hermitian: max |h_ab - conj(h_ba)| = " + sci(h_error) +
                                      " (tolerance " + sci(tolerance_for(m.h)) + ")");
    const std::size_t d = m.h.rows();
    if (m.W.rows() != d * d || m.W.cols() != d * d)
        throw InputError(W_field, "must be d^2 x d^2 = " + std::to_string(d * d) + "x" +
                                      std::to_string(d * d) + " for d = " + std::to_string(d) +
                                      ", got " + std::to_string(m.W.rows()) + "x" +
                                      std::to_string(m.W.cols()));
    const double W_error = hermiticity_error(m.W);
    if (W_error > tolerance_for(m.W))
        throw InputError(W_field, "is not Hermitian: max |W_ij - conj(W_ji)| = " + sci(W_error) +
                                      " (tolerance " + sci(tolerance_for(m.W)) + ")");
    const double asymmetry = exchange_asymmetry(m.W, d);
    if (asymmetry > tolerance_for(m.W))
        throw InputError(W_field,
                         "is not exchange-symmetric: max |(SWS - W)_ij| = " + sci(asymmetry) +
                             " (tolerance " + sci(tolerance_for(m.W)) + "; pair index is a*d + c)");
}

void validate_particle_number(int N, const std::string& field) {
    if (N < 2)
        throw InputError(field, "must be at least 2 (H_N has the factor 1/(N-1)), got " +
                                    std::to_string(N));
}

} // namespace qrem
