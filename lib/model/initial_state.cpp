#include "model/initial_state.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "model/matrix_file.hpp"

#include <cmath>
#include <limits>

namespace qrem {
namespace {

std::string sci6(double x) {
    return sci(x, 6);
}
} // namespace

DenseMatrix thermal_state(const DenseMatrix& h, double beta, double tilt) {
    DenseMatrix h0 = h;
    for (std::size_t k = 0; k < h0.rows(); ++k)
        h0(k, k) += tilt * static_cast<double>(k);
    const double lowest = hermitian_eigenvalues(h0).front();
    // Shift by the ground energy so the largest weight is exactly 1 (no overflow).
    DenseMatrix gamma =
        hermitian_function(h0, [&](double e) { return std::exp(-beta * (e - lowest)); });
    gamma *= 1.0 / trace(gamma).real();
    return hermitian_part(gamma);
}

double faithfulness_floor(std::size_t d) {
    return 100.0 * static_cast<double>(d) * std::numeric_limits<double>::epsilon();
}

double smallest_eigenvalue(const DenseMatrix& gamma) {
    return hermitian_eigenvalues(gamma).front();
}

DenseMatrix toeplitz_state(const ToeplitzSpec& spec, const TorusPhaseSpace& space) {
    auto positive = [](double x, const char* key) {
        if (!(x > 0) || !std::isfinite(x))
            throw InputError(key, "must be positive and finite, got " + sci6(x));
    };
    positive(spec.width_q, "initial.toeplitz.width_q");
    positive(spec.width_p, "initial.toeplitz.width_p");
    if (!std::isfinite(spec.q))
        throw InputError("initial.toeplitz.q", "must be finite, got " + sci6(spec.q));
    if (!std::isfinite(spec.p))
        throw InputError("initial.toeplitz.p", "must be finite, got " + sci6(spec.p));
    if (!(spec.uniform >= 0 && spec.uniform <= 1))
        throw InputError("initial.toeplitz.uniform",
                         "must lie in [0, 1], got " + sci6(spec.uniform));
    std::vector<double> mu =
        gaussian_phase_space_density(space, spec.q, spec.p, spec.width_q, spec.width_p);
    for (double& w : mu)
        w = (1.0 - spec.uniform) * w + spec.uniform / static_cast<double>(mu.size());
    return toeplitz_operator(space, mu);
}

DenseMatrix initial_one_body_state(const InitialStateSpec& spec, const DenseMatrix& h,
                                   const std::optional<TorusPhaseSpace>& phase_space) {
    const std::size_t d = h.rows();
    DenseMatrix gamma;
    std::string field;
    if (!spec.gamma_file.empty()) {
        field = "initial.gamma_file";
        if (spec.type == "toeplitz")
            throw InputError(field, "gamma_0 comes from initial.type = toeplitz; give one of the "
                                    "two");
        gamma = read_matrix_file(spec.gamma_file, field);
        if (gamma.rows() != d || gamma.cols() != d)
            throw InputError(field, "gamma_0 is " + std::to_string(gamma.rows()) + "x" +
                                        std::to_string(gamma.cols()) + ", expected d x d = " +
                                        std::to_string(d) + "x" + std::to_string(d));
        const double herm = hermiticity_error(gamma);
        if (herm > 1e-12)
            throw InputError(field,
                             "gamma_0 is not Hermitian: max |g_ab - conj(g_ba)| = " + sci6(herm));
        const double tr = trace(gamma).real();
        if (std::abs(tr - 1.0) > 1e-10)
            throw InputError(field, "gamma_0 must have trace 1, got " + sci6(tr));
        gamma = hermitian_part(gamma);
    } else if (spec.type == "toeplitz") {
        field = "initial.type";
        if (!phase_space)
            throw InputError(field, "toeplitz needs a phase space: model.type = torus");
        gamma = toeplitz_state(spec.toeplitz, *phase_space);
        field = "initial.toeplitz.uniform";
    } else if (spec.type != "thermal") {
        throw InputError("initial.type", "must be thermal or toeplitz, got '" + spec.type + "'");
    } else {
        if (!std::isfinite(spec.beta) || spec.beta < 0)
            throw InputError("initial.beta", "must be finite and >= 0, got " + sci6(spec.beta));
        field = "initial.beta";
        gamma = thermal_state(h, spec.beta, spec.tilt);
    }
    const double m0 = smallest_eigenvalue(gamma);
    const double floor = faithfulness_floor(d);
    if (!(m0 > floor))
        throw InputError(field, "gamma_0 is not faithful: smallest eigenvalue m_0 = " + sci6(m0) +
                                    " is not above the rounding level " + sci6(floor) +
                                    ", so S(Gamma, gamma^(x)N) is infinite or meaningless (" +
                                    (spec.type == "toeplitz" && spec.gamma_file.empty()
                                         ? "raise initial.toeplitz.uniform"
                                         : "lower beta or give a full-rank gamma_0") +
                                    ")");
    return gamma;
}

} // namespace qrem
