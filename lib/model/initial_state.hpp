#pragma once
// model: the initial one-body state gamma_0 (thermal or from a file), checked faithful.
#include "linalg/dense_matrix.hpp"

#include <string>

namespace qrem {

struct InitialStateSpec {
    double beta = 1.0;      ///< inverse temperature of gamma_0 = exp(-beta h_0)/Z
    double tilt = 0.3;      ///< h_0 = h + tilt sum_k k|k><k|
    std::string gamma_file; ///< if set, gamma_0 is read from this file instead
};

/// exp(-beta (h + tilt sum_k k|k><k|)) / Z.
DenseMatrix thermal_state(const DenseMatrix& h, double beta, double tilt);

/// gamma_0 from the spec; throws InputError unless Hermitian, trace one and positive definite
/// (faithful, so that S(Gamma, gamma^{(x)N}) is finite).
DenseMatrix initial_one_body_state(const InitialStateSpec& spec, const DenseMatrix& h);

/// Eigenvalues of a trace-one d x d matrix at or below 100 d eps are rounding noise: gamma_0
/// must have m_0 above this to count as faithful (a computed zero can come out as +1e-17).
double faithfulness_floor(std::size_t d);

/// Smallest eigenvalue of a Hermitian matrix (m_0 of Theorem 3 for gamma_0).
double smallest_eigenvalue(const DenseMatrix& gamma);

} // namespace qrem
