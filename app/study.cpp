#include "study.hpp"

#include "core/collective.hpp"
#include "core/log.hpp"
#include "core/session.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"

#include <sstream>

namespace po = boost::program_options;

namespace qrem::app {

std::optional<Study> load_study(const std::vector<std::string>& args, const std::string& usage,
                                const po::options_description& extra) {
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
        study.gamma0 = initial_one_body_state(study.config.initial, study.model.h);
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

std::string describe_jumps(const OneBodyModel& model) {
    std::ostringstream out;
    if (model.jumps.empty())
        out << "  none (closed system: von Neumann / Hartree)\n";
    for (const auto& j : model.jumps)
        out << "  " << j.label << ": " << (j.is_normal ? "normal" : "NOT normal") << ", "
            << (j.is_diagonal ? "diagonal" : "not diagonal") << "\n";
    return out.str();
}

} // namespace qrem::app
