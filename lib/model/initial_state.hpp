#pragma once
// model: the initial one-body state gamma_0 (thermal, Toeplitz or from a file), checked
// faithful.
#include "linalg/dense_matrix.hpp"
#include "phase_space/torus_phase_space.hpp"

#include <optional>
#include <string>

namespace qrem {

/// gamma_0 = Op^T_hbar[mu] (paper (2.6)) on the torus model's phase space, mu = (1 - u) x the
/// Gaussian of centre (q, p) and widths (width_q, width_p) + u x the uniform measure. The
/// uniform part (Op^T of it is 1/d) keeps gamma_0 faithful, m_0 >= u/d: the heavy tail the
/// paper's Remark 2 asks of Theorem 2's initial data.
struct ToeplitzSpec {
    double q = 0.5;
    double p = 0.0;
    double width_q = 0.1;
    double width_p = 0.5;
    double uniform = 1e-6;
};

struct InitialStateSpec {
    double beta = 1.0;            ///< inverse temperature of gamma_0 = exp(-beta h_0)/Z
    double tilt = 0.3;            ///< h_0 = h + tilt sum_k k|k><k|
    std::string gamma_file;       ///< if set, gamma_0 is read from this file instead
    std::string type = "thermal"; ///< "thermal" (or the file above) or "toeplitz"
    ToeplitzSpec toeplitz;
};

/// exp(-beta (h + tilt sum_k k|k><k|)) / Z.
DenseMatrix thermal_state(const DenseMatrix& h, double beta, double tilt);

/// The Toeplitz state of `spec` on `space`; throws InputError naming the initial.toeplitz key
/// of a bad value.
DenseMatrix toeplitz_state(const ToeplitzSpec& spec, const TorusPhaseSpace& space);

/// gamma_0 from the spec; throws InputError unless Hermitian, trace one and positive definite
/// (faithful, so that S(Gamma, gamma^{(x)N}) is finite). `phase_space` is the model's (torus
/// only); type "toeplitz" needs it.
DenseMatrix initial_one_body_state(const InitialStateSpec& spec, const DenseMatrix& h,
                                   const std::optional<TorusPhaseSpace>& phase_space = {});

/// Eigenvalues of a trace-one d x d matrix at or below 100 d eps are rounding noise: gamma_0
/// must have m_0 above this to count as faithful (a computed zero can come out as +1e-17).
double faithfulness_floor(std::size_t d);

/// Smallest eigenvalue of a Hermitian matrix (m_0 of Theorem 3 for gamma_0).
double smallest_eigenvalue(const DenseMatrix& gamma);

} // namespace qrem
