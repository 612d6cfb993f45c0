#include "model/jump_operators.hpp"

#include "core/error.hpp"
#include "model/matrix_file.hpp"

#include <cmath>
#include <sstream>

namespace qrem {
namespace {

constexpr double max_jump_rate = 1e8;

} // namespace

std::vector<JumpOperator> site_dephasing(std::size_t d, double kappa) {
    std::vector<JumpOperator> jumps;
    for (std::size_t k = 0; k < d; ++k) {
        DenseMatrix L(d, d);
        L(k, k) = std::sqrt(kappa);
        jumps.push_back(make_jump_operator("site-dephasing[" + std::to_string(k) + "]", L));
    }
    return jumps;
}

JumpOperator weighted_number_operator(std::size_t d, double kappa, std::vector<double> weights) {
    if (weights.empty())
        for (std::size_t k = 0; k < d; ++k)
            weights.push_back(static_cast<double>(k));
    DenseMatrix L(d, d);
    for (std::size_t k = 0; k < d; ++k)
        L(k, k) = std::sqrt(kappa) * weights[k];
    return make_jump_operator("number", L);
}

JumpOperator amplitude_damping(std::size_t d, double kappa) {
    DenseMatrix L(d, d);
    for (std::size_t k = 1; k < d; ++k)
        L(k - 1, k) = std::sqrt(kappa * static_cast<double>(k));
    return make_jump_operator("amplitude-damping", L);
}

JumpSpec parse_jump_spec(const std::string& text, const std::string& field) {
    JumpSpec spec;
    spec.text = text;
    std::istringstream in(text);
    const std::string usage =
        "expected 'site-dephasing RATE', 'number RATE [w0,w1,...]', 'amplitude-damping RATE' "
        "or 'matrix FILE [RATE]', got '" +
        text + "'";
    const auto parse_rate = [&](const std::string& rate) {
        try {
            std::size_t used = 0;
            spec.rate = std::stod(rate, &used);
            if (used != rate.size())
                throw std::invalid_argument(rate);
        } catch (const std::exception&) {
            throw InputError(field, "rate '" + rate + "' is not a number in '" + text + "'");
        }
        if (!(spec.rate >= 0) || !std::isfinite(spec.rate))
            throw InputError(field, "rate must be >= 0, got " + rate + " in '" + text + "'");
        // Beyond this the relaxation times are far below any output interval and the
        // generator's entries (rate x N x ||L||^2) lose the Hamiltonian's digits.
        if (spec.rate > max_jump_rate)
            throw InputError(field, "rate must be at most 1e8, got " + rate + " in '" + text + "'");
    };
    if (!(in >> spec.kind))
        throw InputError(field, usage);
    if (spec.kind == "matrix") {
        if (!(in >> spec.file))
            throw InputError(field, usage);
        // L = sqrt(RATE) x the file's matrix, as the presets scale theirs; RATE defaults to 1.
        std::string rate;
        spec.rate = 1.0;
        if (in >> rate)
            parse_rate(rate);
    } else if (spec.kind == "site-dephasing" || spec.kind == "number" ||
               spec.kind == "amplitude-damping") {
        std::string rate;
        if (!(in >> rate))
            throw InputError(field, usage);
        parse_rate(rate);
        std::string weights;
        if (spec.kind == "number" && in >> weights) {
            std::istringstream w(weights);
            std::string item;
            while (std::getline(w, item, ','))
                try {
                    spec.weights.push_back(std::stod(item));
                } catch (const std::exception&) {
                    throw InputError(field,
                                     "weight '" + item + "' is not a number in '" + text + "'");
                }
        }
    } else {
        throw InputError(field, usage);
    }
    std::string extra;
    if (in >> extra)
        throw InputError(field, "unexpected '" + extra + "' in '" + text + "'; " + usage);
    return spec;
}

std::vector<JumpOperator> make_jump_operators(const JumpSpec& spec, std::size_t d,
                                              const std::string& field) {
    if (spec.kind == "site-dephasing")
        return site_dephasing(d, spec.rate);
    if (spec.kind == "number") {
        if (!spec.weights.empty() && spec.weights.size() != d)
            throw InputError(field,
                             "'" + spec.text + "' gives " + std::to_string(spec.weights.size()) +
                                 " weights, the one-body space has d = " + std::to_string(d));
        return {weighted_number_operator(d, spec.rate, spec.weights)};
    }
    if (spec.kind == "amplitude-damping")
        return {amplitude_damping(d, spec.rate)};
    if (spec.kind == "matrix") {
        DenseMatrix L = read_matrix_file(spec.file, field);
        if (L.rows() != d || L.cols() != d)
            throw InputError(field, "'" + spec.file + "' is " + std::to_string(L.rows()) + "x" +
                                        std::to_string(L.cols()) + ", expected d x d = " +
                                        std::to_string(d) + "x" + std::to_string(d));
        if (spec.rate != 1.0)
            L *= std::sqrt(spec.rate);
        return {make_jump_operator("matrix:" + spec.file, std::move(L))};
    }
    throw InputError(field, "unknown jump operator kind '" + spec.kind + "'");
}

} // namespace qrem
