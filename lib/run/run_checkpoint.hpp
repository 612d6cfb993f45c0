#pragma once
// run: everything a run needs to continue besides Gamma, as one typed record, and its form in
// checkpoint.h5 (io/checkpoint's named numbers and texts; the names are those of every earlier
// qrem version, so their checkpoints still read).
#include "dynamics/rk_integrator.hpp"
#include "io/checkpoint.hpp"
#include "linalg/dense_matrix.hpp"
#include "run/nbody_diagnostics.hpp"

#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace qrem {

struct RunCheckpoint {
    std::size_t output_index = 0; ///< the last output time whose row is written
    double output_time = 0.0;     ///< its time
    /// The integrators' positions: at output_time, or inside the interval after it when a stop
    /// signal ended the N-body integration there.
    StepperPosition nbody, hartree;
    long rhs_evaluations = 0;
    DenseMatrix gamma; ///< gamma_t at hartree.t
    /// Over the output times so far: the largest |Tr gamma_t - 1|, the smallest m_0(t).
    double gamma_trace_error = 0.0, min_m0 = INFINITY;
    int attempts = 1;                         ///< attempts so far, the one that wrote it included
    std::map<std::string, double> seconds;    ///< per phase, summed over those attempts
    std::optional<std::string> petsc_options; ///< as petsc_options_text(); none if unrecorded
    NBodyDiagnostics::State diagnostics;
};

RunState to_run_state(const RunCheckpoint& checkpoint);
/// The record of a checkpoint of a run with one-body dimension d; throws qrem::Error naming a
/// missing or malformed entry.
RunCheckpoint run_checkpoint_from(const RunState& state, std::size_t d);

} // namespace qrem
