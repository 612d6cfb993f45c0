#pragma once
// run: what `run` and `info` share: parse the config, build the model and gamma_0, with
// every rank agreeing before an input error is raised.
#include "backends/nbody_backend.hpp"
#include "io/config.hpp"
#include "model/one_body_model.hpp"
#include "nbody/nbody_space.hpp"
#include "phase_space/torus_phase_space.hpp"
#include "state/density_matrix.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace qrem {

struct Study {
    boost::program_options::variables_map values;
    RunConfig config;
    OneBodyModel model;
    DenseMatrix gamma0;
    /// The representation of Gamma and why, when nbody.evolve (see choose_backend).
    std::optional<BackendChoice> backend;
    std::optional<NBodySpace> space; ///< set for the dense backend (checked against PetscInt)
    /// The torus model's phase space (Husimi transforms, dist_1); none for other models.
    std::optional<TorusPhaseSpace> phase_space;
};

/// Parses `args`; prints `usage` and the options and returns nothing if --help was given.
/// With `nbody_space`, N-body sizes this PETSc cannot index are input errors (`run`);
/// without, they are left for the caller to report (`info`).
std::optional<Study> load_study(const std::vector<std::string>& args, const std::string& usage,
                                const boost::program_options::options_description& extra,
                                bool nbody_space);

/// The backend for `config` (choose_backend, with a file Gamma_0's representation read from
/// the file).
BackendChoice choose_study_backend(const RunConfig& config, std::size_t d);

/// Gamma_0 as configured by initial.nbody_state.
InitialNBodyState initial_nbody_state(const Study& study);
/// The backend's settings as configured (nbody.*, diagnostics.spectrum).
BackendSettings backend_settings(const Study& study);

/// One line per jump operator: label, normal or not, diagonal or not.
std::string describe_jumps(const OneBodyModel& model);

} // namespace qrem
