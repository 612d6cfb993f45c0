// `qrem run`: evolve Gamma_t and gamma_t to the same output times, compare them with the
// paper's diagnostics and bounds, and write the results folder. The loop itself is
// lib/run's RunDriver; this file wires the command line to it and reports.
#include "commands.hpp"
#include "version.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/session.hpp"
#include "core/stop_signal.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint.hpp"
#include "io/json_writer.hpp"
#include "io/run_folder.hpp"
#include "model/mean_field.hpp"
#include "run/memory_estimate.hpp"
#include "run/run_driver.hpp"
#include "run/study.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const run_usage =
    R"(Usage: qrem run [--config FILE] [--key value ...] [-petsc_option ...]

Evolves the exact N-body state Gamma_t (Lindblad, or von Neumann without jump operators),
distributed over the MPI ranks, and the Hartree(-Lindblad) state gamma_t to the same output
times, and writes per output time S(Gamma_t, gamma_t^(x)N), the marginals Gamma^{N:k} against
gamma_t^(x)k (trace distance and relative entropy), the entropy production P(t), ||X(t)||_op,
m_0(t), the bounds of Theorem 3, its a posteriori form and Corollary 1, and the checks of
Pinsker's inequality, subadditivity and the production identity, into the results folder:
timeseries.csv, gamma.csv, marginal.csv, summary.json, config.ini and entropy.png.
Without arguments it runs one run of the default model (two-site Bose-Hubbard, N = 64, site
dephasing, t in [0, 5]; on the symmetric backend). Columns and files: docs/outputs.md.
)";

/// With --restart and --output.dir DIR but no --config, DIR/config.ini (the run's effective
/// configuration) is the base: the run continues as configured, and the command line can only
/// extend time.t_end or change output.* and checkpoint.* keys (the checkpoint refuses any other
/// difference, naming the key). Without this, defaults filled the keys not repeated on the
/// command line and a restart ended at the default time.t_end without a word.
std::vector<std::string> with_restart_config(const std::vector<std::string>& args) {
    bool restart = false;
    std::string dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--restart")
            restart = true;
        else if (a == "--config" || a.rfind("--config=", 0) == 0)
            return args;
        else if (a == "--output.dir" && i + 1 < args.size())
            dir = args[i + 1];
        else if (a.rfind("--output.dir=", 0) == 0)
            dir = a.substr(std::string("--output.dir=").size());
    }
    const std::filesystem::path ini = std::filesystem::path(dir) / "config.ini";
    if (!restart || dir.empty() || !std::filesystem::is_regular_file(ini))
        return args;
    std::vector<std::string> with = {"--config", ini.string()};
    with.insert(with.end(), args.begin(), args.end());
    return with;
}

/// qrem's exit status after a stop signal, once the checkpoint is written (EX_TEMPFAIL: "try
/// again"); the job templates requeue on it.
constexpr int stopped_status = 75;

/// The table of final and largest values, the checks and the notes of a finished run.
void print_summary(const RunDriver& driver, int k_max, bool quiet, const std::string& folder) {
    auto& out = log::out();
    const TimeSeries& series = driver.series();
    const NBodyDiagnostics* diagnostics = driver.diagnostics();
    const bool nbody = diagnostics != nullptr;
    out << "\nsummary                               at t_end       max over t\n";
    const auto line = [&](const std::string& label, const std::string& column,
                          bool minimum = false) {
        if (!series.has(column))
            return;
        char text[160];
        std::snprintf(text, sizeof text, "  %-34s %-14.4e %.4e%s\n", label.c_str(),
                      series.last(column), minimum ? series.min(column) : series.max(column),
                      minimum ? " (min over t)" : "");
        out << text;
    };
    if (nbody) {
        line("S(Gamma, gamma^(x)N)", "S_N");
        for (int k = 1; k <= k_max; ++k) {
            line("S(Gamma^{N:" + std::to_string(k) + "}, gamma^(x)" + std::to_string(k) + ")",
                 "S_" + std::to_string(k));
            line("||Gamma^{N:" + std::to_string(k) + "} - gamma^(x)" + std::to_string(k) + "||_1",
                 "tr" + std::to_string(k));
        }
        line("dist_1 of Husimi transforms, k = 1", "dist1_k1"); // torus model only
        line("dist_1 of Husimi transforms, k = 2", "dist1_k2");
        line("entropy production P(t)", "production");
        line("a posteriori bound on S", "bound_aposteriori");
        line("Theorem 3 bound on S (its ln)", "ln_bound_thm3");
        line("|Tr Gamma - 1|", "trace_error");
        line("leg asymmetry of Gamma^{(j)}", "leg_asymmetry");
    }
    line("m_0(t)", "m0", true); // Theorem 3 uses the smallest
    line("||X(t)||_op", "X_op");
    if (diagnostics) {
        out << "checks (lhs - rhs of each inequality; violated above the tolerance)\n";
        for (const auto& [name, e] : diagnostics->checks().entries()) {
            const std::string status =
                e.violations ? "VIOLATED " + std::to_string(e.violations) + "x" : "ok";
            char text[160];
            std::snprintf(text, sizeof text, "  %-34s max %-+11.3e at t = %-8.4g tol %.0e  %s\n",
                          name.c_str(), e.max_excess, e.at_t, e.tolerance, status.c_str());
            out << text;
        }
    }
    // Notes are warnings: on stderr where output.quiet silences the rest.
    for (const auto& note : driver.notes())
        (quiet ? log::err() : out) << "note: " << Json(note).dump(0) << "\n";
    out << "wall time " << format_number("%.2f", driver.wall_seconds())
        << " s, peak memory per rank "
        << format_number("%.0f", driver.peak_bytes_per_rank() / 1048576.0) << " MiB\n"
        << "results written to " << folder << "\n";
}

} // namespace

int command_run(const std::vector<std::string>& args) {
    // From the start, before any expensive set-up: SIGTERM/SIGUSR1 (a job's time limit) only
    // record that they arrived, and the run stops at its next check with status 75.
    install_stop_signal_handlers();
    po::options_description run_options("Run");
    run_options.add_options()(
        "restart", po::bool_switch(),
        "continue the run in --output.dir from its checkpoint, as configured in its config.ini "
        "(time.t_end may be larger; output.* and checkpoint.* keys may change)");
    const auto study = load_study(with_restart_config(args), run_usage, run_options, true);
    if (!study)
        return 0;
    const bool restart = study->values["restart"].as<bool>();
    const RunConfig& config = study->config;
    const OneBodyModel& model = study->model;
    const int N = config.model.N;
    const int k_max = config.diagnostics.k_max;
    agree_on_input(Session::comm(), [&] {
        if (std::pow(static_cast<double>(model.d), k_max) > 1024)
            throw InputError("diagnostics.k_max", "d^k_max = " + std::to_string(model.d) + "^" +
                                                      std::to_string(k_max) +
                                                      " exceeds 1024 (dense marginals)");
    });
    log::set_quiet(config.output.quiet);
    agree_on_input(Session::comm(), [&] {
        if (restart && config.output.dir.empty())
            throw InputError("restart", "needs --output.dir, the folder of the run to continue");
        if (restart && !study->backend)
            throw InputError("restart", "only runs that evolve Gamma (nbody.evolve = true) have "
                                        "checkpoints");
    });
    // Before the folder and any large allocation: a run that cannot fit is refused, not
    // killed by the kernel minutes later without a word.
    admit_memory(*study);
    // The folder belongs to this run until it ends (qrem.lock): a second run on it is refused.
    RunFolder run_folder;
    if (restart) {
        agree_on_input(Session::comm(), [&] {
            if (!std::filesystem::is_directory(config.output.dir))
                throw InputError("restart", "no folder '" + config.output.dir + "' to continue");
        });
        run_folder = {config.output.dir, RunFolderLock(Session::comm(), config.output.dir)};
    } else {
        run_folder = prepare_run_folder(config.output, Session::comm());
    }
    const std::string folder = run_folder.path;
    // A restart rewrites config.ini only once its checkpoint proved to be of the same physics.
    if (!restart)
        qrem::write_on_root(Session::comm(), [&] {
            write_file_atomically((std::filesystem::path(folder) / "config.ini").string(),
                                  effective_config_ini(study->values));
        });

    const double m0 = smallest_eigenvalue(study->gamma0);
    auto& out = log::out();
    out << "qrem run: model " << model.name << ", d = " << model.d << ", N = " << N;
    if (study->space)
        out << ", D = " << study->space->D();
    if (study->backend)
        out << ", backend " << study->backend->name;
    out << ", " << Session::size() << " rank(s)\n"
        << "jump operators:\n"
        << describe_jumps(model) << "gamma_0: m_0 = " << format_number("%.6g", m0)
        << ", C_W <= 4||W||_op/m_0 = "
        << format_number("%.6g", fluctuation_constant_bound(model.W, m0)) << "\n"
        << "Gamma_0: "
        << (study->backend ? config.nbody_initial.kind : "not evolved (nbody.evolve = false)")
        << "\n";
    if (study->backend)
        out << "backend: " << study->backend->name << " (" << study->backend->reason << ")\n";
    out << "results: " << folder << "\n\n" << std::flush;
    if (!model.all_jumps_normal())
        out << "note: a jump operator is not normal: Theorem 3's bounds are reported, not "
               "checked\n";

    RunDriver driver(*study, folder, restart, version_string());
    const RunOutcome outcome = driver.run();
    switch (outcome.ending) {
    case RunOutcome::Ending::finished:
        break;
    case RunOutcome::Ending::stopped_in_setup:
        log::err() << "qrem run: stopped by signal " << outcome.signal
                   << " during the set-up, before "
                   << (restart ? "continuing; the checkpoint in " + folder +
                                     " is unchanged\ncontinue with: " + restart_command(folder)
                               : "t = 0; nothing was computed: run the same command again")
                   << std::endl;
        return stopped_status;
    case RunOutcome::Ending::stopped:
        // On stderr: quiet batch runs must still say why they ended.
        log::err() << "qrem run: stopped by signal " << outcome.signal
                   << " at t = " << format_number("%.6g", outcome.t)
                   << (study->backend ? "; checkpoint written to " + checkpoint_path(folder) +
                                            "\ncontinue with: " + restart_command(folder)
                                      : "; the rows up to there are in " + folder +
                                            " (nbody.evolve = false runs keep no checkpoint: "
                                            "run the same command again to redo it)")
                   << std::endl;
        return stopped_status;
    }
    print_summary(driver, k_max, config.output.quiet, folder);
    return 0;
}

} // namespace qrem::app
