#include "run/study.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/session.hpp"
#include "dynamics/gibbs_state.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"
#include "state/density_matrix_io.hpp"
#include "state/initial_states.hpp"

#include <filesystem>
#include <sstream>

namespace po = boost::program_options;

namespace qrem {

std::optional<Study> load_study(const std::vector<std::string>& args, const std::string& usage,
                                const po::options_description& extra, bool nbody_space) {
    po::options_description with_help(extra);
    with_help.add_options()("help,h", "print this help");
    Study study;
    bool help = false;
    agree_on_input(Session::comm(), [&] {
        study.values = parse_config_arguments(args, with_help);
        help = study.values.count("help") > 0;
        if (help)
            return;
        study.config = run_config_from(study.values);
        study.model = build_model(study.config.model);
        study.phase_space = model_phase_space(study.config.model);
        study.gamma0 =
            initial_one_body_state(study.config.initial, study.model.h, study.phase_space);
        if (nbody_space && study.config.evolve_nbody) {
            study.backend = choose_study_backend(study.config, study.model.d);
            if (study.backend->name == "dense")
                study.space.emplace(study.model.d, study.config.model.N);
            const auto& file = study.config.nbody_initial.Gamma_file;
            if (study.config.nbody_initial.kind == "file")
                check_hdf5_file(file, "initial.Gamma_file");
        }
    });
    if (help) {
        po::options_description config_file("Config file");
        config_file.add_options()("config", po::value<std::string>(),
                                  "INI file of config keys ([section] key = value)");
        log::out()
            << usage << "\n"
            << with_help << "\n"
            << config_file << "\n"
            << config_options()
            << "\nEvery option that starts with a single dash (-ts_type, -eps_type, -log_view, "
               "-hartree_ts_monitor, ...)\ngoes to PETSc's options database untouched.\n";
        return std::nullopt;
    }
    return study;
}

BackendChoice choose_study_backend(const RunConfig& config, std::size_t d) {
    const NBodyInitialSpec& initial = config.nbody_initial;
    return choose_backend(config.backend, d, initial.kind,
                          initial.kind == "file" && file_holds_blocks(initial.Gamma_file));
}

InitialNBodyState initial_nbody_state(const Study& study) {
    const NBodyInitialSpec& spec = study.config.nbody_initial;
    return {spec.kind,
            study.gamma0,
            spec.epsilon,
            study.config.initial.beta,
            study.config.initial.tilt,
            spec.Gamma_file};
}

BackendSettings backend_settings(const Study& study) {
    return {study.config.backend,
            study.config.nbody,
            study.config.nbody_limits,
            to_string(study.config.diagnostics.spectrum),
            study.config.frame,
            !study.config.output.save_state_at.empty() ||
                study.config.nbody_initial.kind == "file"};
}

std::string describe_jumps(const OneBodyModel& model) {
    std::ostringstream out;
    if (model.jumps.empty())
        out << "  none (closed system: von Neumann / Hartree)\n";
    for (const auto& j : model.jumps)
        out << "  " << j.label << ": " << (j.is_normal ? "normal" : "NOT normal") << ", "
            << (j.is_diagonal ? "diagonal" : "not diagonal") << "\n";
    return out.str();
}

} // namespace qrem
