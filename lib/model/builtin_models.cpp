#include "model/builtin_models.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "model/jump_operators.hpp"
#include "model/matrix_file.hpp"
#include "model/validation.hpp"

#include <cmath>
#include <numbers>
#include <set>
#include <utility>

namespace qrem {
namespace {

void require_positive(int value, int minimum, const std::string& field) {
    if (value < minimum)
        throw InputError(field, "must be at least " + std::to_string(minimum) + ", got " +
                                    std::to_string(value));
}

/// The one-body dimension d a model may have: W is a dense d^2 x d^2 matrix, 1 GiB at d = 90
/// (the limit of model matrix files too); checked before anything of size d is allocated.
void require_dimension(std::size_t d, const std::string& field) {
    constexpr std::size_t largest = 90;
    if (d > largest)
        throw InputError(field, "gives d = " + std::to_string(d) + " one-body levels, more than " +
                                    std::to_string(largest) +
                                    " (W is a dense d^2 x d^2 matrix: 1 GiB at d = 90)");
}

/// Spin-s operators for d = 2s + 1 levels, level k having S_z = s - k.
struct SpinOperators {
    DenseMatrix x, y, z;
};

SpinOperators spin_operators(std::size_t d) {
    const double s = 0.5 * static_cast<double>(d - 1);
    SpinOperators S{DenseMatrix(d, d), DenseMatrix(d, d), DenseMatrix(d, d)};
    DenseMatrix raise(d, d); // S_+ |m> = sqrt(s(s+1) - m(m+1)) |m+1>, level k-1 has m+1
    for (std::size_t k = 0; k < d; ++k) {
        const double m = s - static_cast<double>(k);
        S.z(k, k) = m;
        if (k > 0)
            raise(k - 1, k) = std::sqrt(s * (s + 1) - m * (m + 1));
    }
    const DenseMatrix lower = adjoint(raise);
    S.x = 0.5 * (raise + lower);
    S.y = Complex(0.0, -0.5) * (raise - lower);
    return S;
}

DenseMatrix on_site_interaction(std::size_t d, double strength) {
    DenseMatrix W(d * d, d * d);
    for (std::size_t k = 0; k < d; ++k)
        W(k * d + k, k * d + k) = strength;
    return W;
}

} // namespace

OneBodyModel bose_hubbard_model(const BoseHubbardParams& p) {
    if (p.dimension != 1 && p.dimension != 2)
        throw InputError("model.bose_hubbard.dimension",
                         "must be 1 or 2, got " + std::to_string(p.dimension));
    require_positive(p.sites, 1, "model.bose_hubbard.sites");
    const std::size_t L = static_cast<std::size_t>(p.sites);
    const std::size_t d = p.dimension == 1 ? L : L * L;
    require_dimension(d, "model.bose_hubbard.sites");

    // Bonds of the simple periodic graph, each counted once (two sites: one bond).
    std::set<std::pair<std::size_t, std::size_t>> bonds;
    auto site = [&](std::size_t x, std::size_t y) { return x + L * y; };
    const std::size_t ny = p.dimension == 1 ? 1 : L;
    for (std::size_t y = 0; y < ny; ++y)
        for (std::size_t x = 0; x < L; ++x) {
            const std::size_t k = site(x, y);
            std::vector<std::size_t> neighbours{site((x + 1) % L, y)};
            if (p.dimension == 2)
                neighbours.push_back(site(x, (y + 1) % L));
            for (std::size_t n : neighbours)
                if (n != k)
                    bonds.insert({std::min(k, n), std::max(k, n)});
        }
    OneBodyModel m;
    m.name = "bose-hubbard";
    m.d = d;
    m.h = DenseMatrix(d, d);
    for (auto [a, b] : bonds) { // graph Laplacian: degree on the diagonal, -1 per bond
        m.h(a, a) += p.J;
        m.h(b, b) += p.J;
        m.h(a, b) -= p.J;
        m.h(b, a) -= p.J;
    }
    m.W = on_site_interaction(d, p.U);
    return m;
}

OneBodyModel torus_model(const TorusParams& p) {
    require_positive(p.points, 3, "model.torus.points");
    if (!(p.hbar > 0))
        throw InputError("model.torus.hbar", "must be positive, got " + sci(p.hbar));
    if (p.potential != "cos" && p.potential != "gaussian")
        throw InputError("model.torus.potential",
                         "must be 'cos' or 'gaussian', got '" + p.potential + "'");
    if (p.potential == "gaussian" && !(p.width > 0))
        throw InputError("model.torus.width", "must be positive, got " + sci(p.width));
    const std::size_t d = static_cast<std::size_t>(p.points);
    require_dimension(d, "model.torus.points");
    const double dx = 1.0 / static_cast<double>(d);
    const double kinetic = p.semiclassical ? p.hbar : p.hbar * p.hbar;
    const double c = kinetic / (dx * dx);

    OneBodyModel m;
    m.name = "torus";
    m.d = d;
    m.h = DenseMatrix(d, d);
    for (std::size_t a = 0; a < d; ++a) {
        m.h(a, a) += 2.0 * c;
        m.h(a, (a + 1) % d) -= c;
        m.h(a, (a + d - 1) % d) -= c;
    }
    auto potential = [&](double x) {
        const double periodic = x - std::round(x); // in [-1/2, 1/2]
        const double v = p.potential == "cos"
                             ? std::cos(2.0 * std::numbers::pi * x)
                             : std::exp(-periodic * periodic / (2.0 * p.width * p.width));
        return p.amplitude * v / (p.semiclassical ? p.hbar : 1.0);
    };
    m.W = DenseMatrix(d * d, d * d);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            m.W(a * d + b, a * d + b) =
                potential(static_cast<double>(a) * dx - static_cast<double>(b) * dx);
    return m;
}

std::optional<TorusPhaseSpace> model_phase_space(const ModelSpec& spec) {
    if (spec.type != "torus")
        return std::nullopt;
    return TorusPhaseSpace(static_cast<std::size_t>(spec.torus.points), spec.torus.hbar);
}

OneBodyModel qudit_model(const QuditParams& p) {
    require_positive(p.levels, 2, "model.qudit.levels");
    const std::size_t d = static_cast<std::size_t>(p.levels);
    require_dimension(d, "model.qudit.levels");
    const SpinOperators S = spin_operators(d);
    OneBodyModel m;
    m.name = "qudit";
    m.d = d;
    m.h = p.field_z * S.z + Complex(p.field_x) * S.x;
    const double g = p.coupling_strength;
    if (p.coupling == "ising")
        m.W = g * kron(S.z, S.z);
    else if (p.coupling == "heisenberg")
        m.W = g * (kron(S.x, S.x) + kron(S.y, S.y) + kron(S.z, S.z));
    else if (p.coupling == "on-site")
        m.W = on_site_interaction(d, g);
    else
        throw InputError("model.qudit.coupling",
                         "must be 'ising', 'heisenberg' or 'on-site', got '" + p.coupling + "'");
    return m;
}

OneBodyModel file_model(const FileModelParams& p) {
    if (p.h_file.empty())
        throw InputError("model.file.h", "is required for model.type = file");
    if (p.W_file.empty())
        throw InputError("model.file.W", "is required for model.type = file");
    OneBodyModel m;
    m.name = "file";
    m.h = read_matrix_file(p.h_file, "model.file.h");
    m.W = read_matrix_file(p.W_file, "model.file.W");
    m.d = m.h.rows();
    return m;
}

OneBodyModel build_model(const ModelSpec& spec) {
    OneBodyModel m;
    if (spec.type == "bose-hubbard")
        m = bose_hubbard_model(spec.bose_hubbard);
    else if (spec.type == "torus")
        m = torus_model(spec.torus);
    else if (spec.type == "qudit")
        m = qudit_model(spec.qudit);
    else if (spec.type == "file")
        m = file_model(spec.file);
    else
        throw InputError("model.type", "must be one of bose-hubbard, torus, qudit, file; got '" +
                                           spec.type + "'");
    if (spec.type == "file")
        validate_one_body_data(m, "model.file.h", "model.file.W");
    else
        validate_one_body_data(m, "model.h", "model.W");
    for (std::size_t i = 0; i < spec.jumps.size(); ++i)
        for (auto& j : make_jump_operators(spec.jumps[i], m.d, "lindblad.jump"))
            m.jumps.push_back(std::move(j));
    validate_particle_number(spec.N, "model.N");
    return m;
}

} // namespace qrem
