#pragma once
// io: qrem's physics configuration. Every key can be set in an INI file (section = prefix:
// [model.bose_hubbard] J = 2 sets model.bose_hubbard.J) and overridden on the command line
// (--model.bose_hubbard.J 2). Solver tuning stays in PETSc's options database (-ts_*, -eps_*).
// Only the settings headers of the layers below: no solver, PETSc or ScaLAPACK header.
#include "diagnostics/diagnostics_settings.hpp"
#include "dynamics/integration_settings.hpp"
#include "model/initial_state.hpp"
#include "model/model_spec.hpp"

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace qrem {

struct TimeGrid {
    double t_end = 5.0;
    double dt_out = 0.1;
    /// 0, dt_out, 2 dt_out, ... (k * dt_out, not accumulated), ending exactly at t_end.
    std::vector<double> output_times() const;
};

struct OutputSpec {
    std::string dir;                 ///< empty: a new folder qrem-runs/<timestamp>
    bool overwrite = false;          ///< allow writing into a folder that holds a finished run
    bool quiet = false;              ///< no progress lines
    double progress_interval = 10.0; ///< wall seconds between progress lines within an interval
    bool plot = true;                ///< draw entropy.png (scripts/plot_entropy.py)
    /// Output times at which Gamma_t is written to state_t=<t>.h5 (output.save_state_at),
    /// each one of time.output_times(), increasing.
    std::vector<double> save_state_at = {};
};

/// When a run writes checkpoints (besides on SIGTERM/SIGUSR1, which always write one).
struct CheckpointSpec {
    int every = 0; ///< every this many output times; 0: not by count
    double minutes =
        30.0; ///< at the first output time this many wall minutes after the last; 0: not by time
};

/// What is measured at each output time (see docs/outputs.md).
struct DiagnosticsSpec {
    int k_max = 2; ///< marginals Gamma^{N:k}, k = 1..k_max
    SpectrumMethod spectrum = SpectrumMethod::scalapack;
    /// Closed systems conserve S_vN(Gamma_t): it is computed at t = 0 only, and recomputed (and
    /// checked) every this many output times; 0: never.
    int svn_recheck_every = 0;
    /// Largest spacing of the quadrature nodes (composite Simpson) of int P dt and int ||X|| dt.
    double quadrature_step = 0.01;
    /// Simpson sub-intervals of an output interval of length dt: a multiple of 4 (for the error
    /// estimate), spacing <= quadrature_step.
    int quadrature_intervals(double dt) const;
    CheckTolerances tolerances;
    /// Torus model: dist_1 of the Husimi transforms of Gamma^{N:2} and gamma^{(x)2} on this many
    /// cells per phase-space axis and particle (column dist1_k2); 0: not computed.
    int dist1_k2_cells = 0;
};

/// How Gamma_0 is made (see initial.nbody_state).
struct NBodyInitialSpec {
    std::string kind = "product"; ///< product, perturbed, gibbs, file
    double epsilon = 0.1;
    std::string Gamma_file;
};

/// run.*: admission of a run before it allocates.
struct RunSpec {
    double memory_per_rank_gib = 0.0; ///< run.memory_per_rank; 0: from the machine
    bool force = false;               ///< run.force: skip the memory check
};

struct RunConfig {
    ModelSpec model;
    InitialStateSpec initial;
    NBodyInitialSpec nbody_initial;
    TimeGrid time;
    HartreeTolerances hartree;
    bool evolve_nbody = true;
    std::string backend = "auto"; ///< nbody.backend
    std::string frame = "auto";   ///< nbody.frame
    NBodyIntegration nbody;
    StepLimits hartree_limits, nbody_limits; ///< hartree.* and nbody.* stall limits
    DiagnosticsSpec diagnostics;
    OutputSpec output;
    CheckpointSpec checkpoint;
    RunSpec run;
};

/// Descriptions of every config key, grouped for --help.
boost::program_options::options_description config_options();

/// Parses qrem's own command-line tokens (PETSc's are removed beforehand) with `extra`
/// options (e.g. --help) besides the config keys; reads --config FILE if given. Command-line
/// values override the file's. Throws InputError naming the offending option or key.
boost::program_options::variables_map
parse_config_arguments(const std::vector<std::string>& args,
                       const boost::program_options::options_description& extra);
/// The same for another command's `keys` (in place of the run's config_options()).
boost::program_options::variables_map
parse_config_arguments(const std::vector<std::string>& args,
                       const boost::program_options::options_description& extra,
                       const boost::program_options::options_description& keys);

/// The typed configuration; throws InputError naming the field for invalid values.
RunConfig run_config_from(const boost::program_options::variables_map& values);

/// Every config key with its effective value(s) as text, in the order of config_options().
std::vector<std::pair<std::string, std::vector<std::string>>>
effective_config(const boost::program_options::variables_map& values);

/// The keys that fix a run's results ("key = value" lines): all but output.*, checkpoint.*, run.*,
/// time.t_end (a restarted run may go further) and the integrators' stall limits
/// (*.min_step_ratio, *.max_steps_per_output). A checkpoint belongs to one such text.
std::string physics_config_text(const boost::program_options::variables_map& values);

/// Every config key with its effective value, as an INI file that `--config` reads back.
std::string effective_config_ini(const boost::program_options::variables_map& values);

} // namespace qrem
