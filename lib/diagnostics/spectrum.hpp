#pragma once
// diagnostics: the spectrum of the distributed N-body density matrix Gamma, eigenvalues only
// (S_vN needs nothing else). Default: ScaLAPACK values-only on a 2D block-cyclic copy of Gamma;
// SLEPc's EPS is selectable (options prefix "spectrum_", e.g. -spectrum_eps_type).
#include "diagnostics/diagnostics_settings.hpp"
#include "state/density_matrix.hpp"

#include <string>
#include <vector>

namespace qrem {

/// Whether eigenvalues(Gamma, scalapack) solves with ELPA instead of pzheev: from D = 4096 on
/// two or more ranks (where it was faster; it holds about two more Gamma-sized blocks).
bool spectrum_uses_elpa(double D, int ranks);

/// All D eigenvalues of the Hermitian matrix Gamma, ascending, identical on every rank
/// (collective). Gamma is not modified.
std::vector<double> eigenvalues(const DensityMatrix& Gamma, SpectrumMethod method);

/// The spectrum of gamma^(x)N from that of gamma (the d^N products of N of its eigenvalues),
/// ascending: a product state's, without the D x D eigensolve.
std::vector<double> product_spectrum(const std::vector<double>& gamma_eigenvalues, int N);

} // namespace qrem
