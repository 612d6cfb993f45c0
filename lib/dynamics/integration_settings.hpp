#pragma once
// dynamics: the integrators' settings as the configuration gives them (hartree.*, nbody.*),
// without the solvers themselves: io reads them, dynamics uses them.
#include <string>

namespace qrem {

/// When an integration between two requested times (one integrate_to call, e.g. one output
/// interval) counts as stalled: an accepted step shorter than min_step_ratio x the interval
/// (and never shorter than a few ulps of t), or more than max_steps accepted steps.
struct StepLimits {
    double min_step_ratio = 1e-9;
    long max_steps = 100000;
};

/// hartree.rtol, hartree.atol.
struct HartreeTolerances {
    double rtol = 1e-12;
    double atol = 1e-12;
};

enum class NBodyMethod {
    dormand_prince, ///< qrem's Dormand-Prince 5(4), one pass over memory per combination
    krylov,         ///< exp(tau L) by Arnoldi: steps not limited by the generator's stiffness
    runge_kutta,    ///< PETSc TS (explicit RK by default; any -ts_type for experiments)
};

/// nbody.method, nbody.rtol, nbody.atol, nbody.krylov_dimension.
struct NBodyIntegration {
    double rtol = 1e-10;
    double atol = 1e-12;
    NBodyMethod method = NBodyMethod::dormand_prince;
    int krylov_dimension = 30;
};

/// The name of the method in config.ini ("dormand-prince", "krylov", "runge-kutta"); and back, or
/// throws InputError (nbody.method).
const char* method_name(NBodyMethod method);
NBodyMethod parse_method(const std::string& name);

/// Whether the method forms the state at quadrature nodes in a vector of its own when the caller
/// samples them linearly (StateEvolution::advance_to with a LinearSample): all but
/// dormand_prince, which combines samples of its stages.
inline bool forms_state_at_nodes(NBodyMethod method) {
    return method != NBodyMethod::dormand_prince;
}

} // namespace qrem
