#pragma once
// diagnostics: the settings of the measurements as the configuration gives them
// (diagnostics.*), without the solvers behind them: io reads them, diagnostics uses them.
#include <string>

namespace qrem {

enum class SpectrumMethod { scalapack, slepc };

/// "scalapack" or "slepc"; throws InputError(field, ...) otherwise.
SpectrumMethod parse_spectrum_method(const std::string& name, const std::string& field);
std::string to_string(SpectrumMethod method);

struct CheckTolerances {
    /// Pinsker, subadditivity, Corollary 1 and the bounds, compared as entropies (Pinsker and
    /// Corollary 1 squared: ||.||_1^2 <= 2 S): both sides are computed to rounding.
    double inequality = 1e-10;
    /// Production identity: S(t) comes from the integrated Gamma_t, gamma_t, int P from a
    /// quadrature, so the identity holds to the integrators' tolerances.
    double production = 1e-6;
};

} // namespace qrem
