// `qrem run`: evolve Gamma_t and gamma_t to the same output times, compare them with the
// paper's diagnostics and bounds, and write the results folder.
#include "commands.hpp"
#include "memory_estimate.hpp"
#include "nbody_diagnostics.hpp"
#include "plot.hpp"
#include "study.hpp"
#include "time_series.hpp"
#include "version.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/petsc_options.hpp"
#include "core/phase_timer.hpp"
#include "core/session.hpp"
#include "core/stop_signal.hpp"
#include "diagnostics/entropy_budget.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "diagnostics/spectrum.hpp"
#include "dynamics/hartree_solver.hpp"
#include "dynamics/nbody_solver.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"
#include "io/results_file.hpp"
#include "io/run_folder.hpp"
#include "io/state_file.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"
#include "nbody/nbody_operators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>

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

/// `content` into `path` by rank 0; OutputError on every rank if that fails (collective).
void write_on_root(const std::string& path, const std::string& content) {
    qrem::write_on_root(Session::comm(), [&] { write_file_atomically(path, content); });
}

void add_matrix_rows(CsvTable& table, double t, const DenseMatrix& m) {
    for (std::size_t a = 0; a < m.rows(); ++a)
        for (std::size_t b = 0; b < m.cols(); ++b)
            table.add_row({t, static_cast<double>(a), static_cast<double>(b), m(a, b).real(),
                           m(a, b).imag()});
}

Json jumps_json(const OneBodyModel& model) {
    Json::Array jumps;
    for (const auto& j : model.jumps)
        jumps.push_back(Json::object()
                            .set("label", j.label)
                            .set("normal", j.is_normal)
                            .set("diagonal", j.is_diagonal));
    return jumps;
}

Json checks_json(const CheckLedger& ledger) {
    Json checks = Json::object();
    for (const auto& [name, e] : ledger.entries())
        checks.set(name, Json::object()
                             .set("tolerance", e.tolerance)
                             .set("max_excess", e.max_excess)
                             .set("at_t", e.at_t)
                             .set("evaluations", e.evaluations)
                             .set("violations", e.violations));
    return checks;
}

/// The N-body columns worth a final and a largest value in summary.json.
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

std::vector<std::string> summary_columns(const TimeSeries& series, int k_max) {
    std::vector<std::string> columns{"S_N", "S_vN", "leg_asymmetry", "production"};
    for (int k = 1; k <= k_max; ++k) {
        columns.push_back("S_" + std::to_string(k));
        columns.push_back("tr" + std::to_string(k));
    }
    for (const char* c :
         {"production_integral", "X_op_integral", "bound_aposteriori", "ln_bound_thm3",
          "trace_error", "hermiticity_error", "negative_eigenvalues", "m0", "X_op"})
        columns.emplace_back(c);
    std::erase_if(columns, [&](const std::string& c) { return !series.has(c); });
    return columns;
}

/// qrem's exit status after a stop signal, once the checkpoint is written (EX_TEMPFAIL: "try
/// again"); the job templates requeue on it.
constexpr int stopped_status = 75;

/// The command that continues the run in `folder` from its checkpoint.
std::string restart_command(const std::string& folder) {
    return (Session::size() > 1 ? "mpiexec -n " + std::to_string(Session::size()) + " "
                                : std::string()) +
           "qrem run --restart --output.dir " + folder;
}

/// The rows of a results folder's CSV file up to time t_last (a restart continues after them).
CsvTable rows_up_to(const std::string& path, double t_last) {
    std::ifstream in(path);
    agree_on_input(Session::comm(), [&] {
        if (!in)
            throw InputError("restart", "cannot read '" + path + "' of the run to continue");
    });
    const CsvTable all = CsvTable::parse(std::string(std::istreambuf_iterator<char>(in), {}), path);
    CsvTable kept(all.columns());
    for (const auto& row : all.rows())
        if (row.front() <= t_last)
            kept.add_row(row);
    return kept;
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
    PhaseTimers timers;
    const double start = MPI_Wtime();

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
    const auto in_folder = [&](const std::string& name) {
        return (std::filesystem::path(folder) / name).string();
    };
    // A restart rewrites config.ini only once its checkpoint proved to be of the same physics.
    if (!restart)
        write_on_root(in_folder("config.ini"), effective_config_ini(study->values));

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

    std::unique_ptr<NBodyRun> nbody;
    std::unique_ptr<NBodyDiagnostics> diagnostics;
    if (study->backend) {
        nbody = std::make_unique<NBodyRun>(*study, timers, !restart);
        diagnostics = std::make_unique<NBodyDiagnostics>(*study, m0);
        // SIGTERM/SIGUSR1 stop the N-body integration at the end of a step (all ranks agree
        // after every step) and the run writes a checkpoint.
        nbody->evolution().set_stop_request(
            [] { return stop_signal_received(Session::comm()) != 0; });
    }
    HartreeSolver hartree(model, study->gamma0, config.hartree, config.hartree_limits);
    // A stop signal during the set-up (Gamma_0 and the operators can take minutes at large N):
    // there is nothing new to checkpoint yet.
    if (const int signal = stop_signal_received(Session::comm()); signal != 0) {
        log::err() << "qrem run: stopped by signal " << signal << " during the set-up, before "
                   << (restart ? "continuing; the checkpoint in " + folder +
                                     " is unchanged\ncontinue with: " + restart_command(folder)
                               : "t = 0; nothing was computed: run the same command again")
                   << std::endl;
        return stopped_status;
    }

    TimeSeries series;
    CsvTable gamma_table({"t", "a", "b", "re", "im"});
    CsvTable marginal_table({"t", "a", "b", "re", "im"});
    HartreeSample last;
    double gamma_trace_error = 0.0, min_m0 = INFINITY;

    const auto times = config.time.output_times();
    std::vector<SavedState> saved_states; ///< output.save_state_at written so far
    const std::string physics = physics_config_text(study->values);
    double last_checkpoint = MPI_Wtime();
    // The attempts before this one (a restart continues them) and their times, summed.
    struct {
        int attempts = 0;
        std::map<std::string, double> seconds;
    } previous_attempts;
    const std::string seconds_key = "seconds."; // checkpoint numbers "seconds.<phase>"
    // Everything besides Gamma that a restart needs, as of output time index `done` (or inside
    // the interval after it, when a stop signal ended the integration there).
    const auto write_run_checkpoint = [&](std::size_t done) {
        ScopedPhase phase(timers, "checkpoint");
        RunState state = diagnostics->state();
        const StepperPosition p = nbody->evolution().position(), q = hartree.position();
        state.numbers["nbody_position"] = {p.t, static_cast<double>(p.steps), p.dt};
        state.numbers["rhs_evaluations"] = {
            static_cast<double>(nbody->evolution().rhs_evaluations())};
        state.numbers["hartree_position"] = {q.t, static_cast<double>(q.steps), q.dt};
        std::vector<double>& gamma = state.numbers["gamma"];
        const DenseMatrix g = hartree.gamma();
        for (std::size_t i = 0; i < g.size(); ++i)
            gamma.insert(gamma.end(), {g.data()[i].real(), g.data()[i].imag()});
        state.numbers["gamma_extremes"] = {gamma_trace_error, min_m0};
        state.numbers["output"] = {static_cast<double>(done), times[done]};
        // Recorded so that a restart with other integrator or solver options says so.
        state.texts["petsc_options"] = petsc_options_text();
        state.numbers["attempts"] = {static_cast<double>(previous_attempts.attempts + 1)};
        // Equal on every rank, as the state's hash requires.
        std::map<std::string, double> seconds = slowest_rank_seconds(timers, Session::comm());
        double& total = seconds["total"] = MPI_Wtime() - start;
        MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_DOUBLE, MPI_MAX, Session::comm());
        for (const auto& [name, s] : seconds)
            state.numbers[seconds_key + name] = {previous_attempts.seconds[name] + s};
        write_checkpoint(folder, *nbody->backend, state, physics);
        last_checkpoint = MPI_Wtime();
    };
    const auto stopped = [&](int signal) {
        // On stderr: quiet batch runs must still say why they ended.
        log::err() << "qrem run: stopped by signal " << signal
                   << " at t = " << format_number("%.6g", nbody->evolution().time())
                   << "; checkpoint written to " << checkpoint_path(folder)
                   << "\ncontinue with: " << restart_command(folder) << std::endl;
        return stopped_status;
    };

    std::size_t first = 0;
    std::vector<std::string> restart_warnings;
    if (restart) {
        std::vector<std::string> warnings;
        RunState state;
        {
            ScopedPhase phase(timers, "checkpoint");
            state = read_checkpoint(folder, *nbody->backend, physics, warnings);
        }
        // On stderr (also under output.quiet) and in summary.json: a skipped checkpoint means
        // the run went back further than its last checkpoint.
        // Changed PETSc options (-ts_*, ...) are allowed, but the results then come from two
        // integrators: said on stderr and recorded in summary.json.
        if (const auto it = state.texts.find("petsc_options"); it != state.texts.end())
            if (const std::string changes = petsc_option_changes(it->second, petsc_options_text());
                !changes.empty())
                warnings.push_back("PETSc options differ from the checkpoint's: " + changes);
        for (const auto& w : warnings) {
            log::err() << "qrem run: warning: " << w << std::endl;
            restart_warnings.push_back(w);
        }
        write_on_root(in_folder("config.ini"), effective_config_ini(study->values));
        const auto& output = state.numbers.at("output");
        const auto done = static_cast<std::size_t>(output.at(0));
        agree_on_input(Session::comm(), [&] {
            if (done >= times.size() || times[done] != output.at(1))
                throw InputError(
                    "time.t_end",
                    "the checkpoint is at output time t = " + format_number("%g", output.at(1)) +
                        ", beyond time.t_end = " + format_number("%g", config.time.t_end));
        });
        const auto& p = state.numbers.at("nbody_position");
        nbody->evolution().restore({p.at(0), static_cast<long>(p.at(1)), p.at(2)},
                                   static_cast<long>(state.number("rhs_evaluations")));
        const auto& q = state.numbers.at("hartree_position");
        const auto& values = state.numbers.at("gamma");
        DenseMatrix g(model.d, model.d);
        for (std::size_t i = 0; i < g.size(); ++i)
            g.data()[i] = Complex(values.at(2 * i), values.at(2 * i + 1));
        hartree.restore({q.at(0), static_cast<long>(q.at(1)), q.at(2)}, g);
        diagnostics->restore(state);
        // Checkpoints of qrem before 2026-12 hold no attempts: counted as one.
        previous_attempts.attempts =
            state.numbers.count("attempts") ? static_cast<int>(state.number("attempts")) : 1;
        for (const auto& [key, numbers] : state.numbers)
            if (key.rfind(seconds_key, 0) == 0 && numbers.size() == 1)
                previous_attempts.seconds[key.substr(seconds_key.size())] = numbers[0];
        gamma_trace_error = state.numbers.at("gamma_extremes").at(0);
        min_m0 = state.numbers.at("gamma_extremes").at(1);
        // The results up to the checkpoint's output time; later rows (written before the run
        // stopped) are computed again, not duplicated.
        const CsvTable earlier = rows_up_to(in_folder("timeseries.csv"), times[done]);
        for (const auto& values_row : earlier.rows()) {
            NamedRow row;
            for (std::size_t j = 0; j < values_row.size(); ++j)
                row.emplace_back(earlier.columns()[j], values_row[j]);
            series.add(row);
        }
        gamma_table = rows_up_to(in_folder("gamma.csv"), times[done]);
        marginal_table = rows_up_to(in_folder("marginal.csv"), times[done]);
        first = done + 1;
        for (const double t : config.output.save_state_at)
            if (t <= times[done] && std::filesystem::exists(in_folder(state_file_name(t))))
                saved_states.push_back({t, state_file_name(t)});
        out << "restart: from the checkpoint at t = " << format_number("%.6g", p.at(0))
            << " (after output time " << format_number("%g", times[done]) << ")\n"
            << std::flush;
    }
    const double t_resumed = first > 0 ? times[first - 1] : 0.0;

    // A full disk (or lost permission) ends the run with one line that says what is left and
    // how to go on.
    const auto how_to_go_on = [&] {
        return std::filesystem::exists(checkpoint_path(folder))
                   ? "once there is room, continue from the last checkpoint with: " +
                         restart_command(folder)
                   : std::string(nbody ? "there is no checkpoint yet"
                                       : "nbody.evolve = false keeps no checkpoint") +
                         ": once there is room, run the same command again with "
                         "--output.overwrite";
    };
    try {
        for (std::size_t n = first; n < times.size(); ++n) {
            const double t = times[n];
            if (nbody && n > 0 && !diagnostics->advance(*nbody, hartree, times[n - 1], t, timers)) {
                write_run_checkpoint(n - 1);
                return stopped(stop_signal_received(Session::comm()));
            }
            // Every PETSc object has read its options by the end of the first interval (the TS
            // and its solvers, the spectrum's at t = 0): an option none read is a mistake.
            if (n == std::max<std::size_t>(first, 1))
                refuse_unused_petsc_options();
            {
                ScopedPhase phase(timers, "hartree");
                hartree.advance_to(t);
                last = hartree.sample();
            }
            NamedRow row{{"t", t}};
            if (nbody) {
                const NamedRow measured = diagnostics->measure(t, *nbody, last, timers);
                row.insert(row.end(), measured.begin(), measured.end());
                add_matrix_rows(marginal_table, t, diagnostics->one_body_marginal());
            }
            gamma_trace_error = std::max(gamma_trace_error, last.trace_error);
            min_m0 = std::min(min_m0, last.m0);
            row.insert(row.end(), {{"hartree_steps", static_cast<double>(last.steps)},
                                   {"gamma_trace_error", last.trace_error},
                                   {"gamma_hermiticity_error", last.hermiticity_error},
                                   {"m0", last.m0},
                                   {"X_op", last.X_op},
                                   {"hartree_energy", last.energy}});
            series.add(row);
            add_matrix_rows(gamma_table, t, last.gamma);
            {
                // Rewritten whole at every output time: a killed run leaves complete files. The
                // disk must hold each file twice for a moment (the old and the new one); results.h5
                // is smaller than the CSVs.
                ScopedPhase phase(timers, "output");
                const std::string timeseries = series.csv(), gammas = gamma_table.to_string(),
                                  marginals = nbody ? marginal_table.to_string() : std::string();
                require_disk_space(Session::comm(), in_folder("results.h5"),
                                   2 * (timeseries.size() + gammas.size() + marginals.size()));
                write_on_root(in_folder("timeseries.csv"), timeseries);
                write_on_root(in_folder("gamma.csv"), gammas);
                if (nbody)
                    write_on_root(in_folder("marginal.csv"), marginals);
                const auto& save = config.output.save_state_at;
                if (nbody && std::find(save.begin(), save.end(), t) != save.end()) {
                    save_state_file(*nbody->backend, in_folder(state_file_name(t)));
                    saved_states.push_back({t, state_file_name(t)});
                }
                qrem::write_on_root(Session::comm(), [&] {
                    write_results_file(in_folder("results.h5"), *series.table(), gamma_table,
                                       nbody ? &marginal_table : nullptr, model.d, saved_states);
                });
            }
            if (nbody) {
                // Checkpoint on a stop signal, every checkpoint.every output times, or when
                // checkpoint.minutes have passed (rank 0's clock decides).
                const int signal = stop_signal_received(Session::comm());
                int due = signal != 0 || (config.checkpoint.every > 0 && n > 0 &&
                                          n % config.checkpoint.every == 0);
                if (config.checkpoint.minutes > 0 &&
                    MPI_Wtime() - last_checkpoint >= 60.0 * config.checkpoint.minutes)
                    due = 1;
                MPI_Bcast(&due, 1, MPI_INT, 0, Session::comm());
                if (due)
                    write_run_checkpoint(n);
                if (signal)
                    return stopped(signal);
            } else if (const int signal = stop_signal_received(Session::comm()); signal != 0) {
                log::err() << "qrem run: stopped by signal " << signal
                           << " at t = " << format_number("%.6g", t)
                           << "; the rows up to there are in " << folder
                           << " (nbody.evolve = false runs keep no checkpoint: run the same "
                              "command again to redo it)"
                           << std::endl;
                return stopped_status;
            }
            const double elapsed = MPI_Wtime() - start;
            const double eta =
                t > t_resumed ? elapsed / (t - t_resumed) * (config.time.t_end - t) : 0.0;
            out << "  t = " << format_number("%7.3f", t);
            if (nbody)
                out << "  S = " << format_number("%.3e", series.last("S_N"))
                    << "  a-posteriori bound = "
                    << format_number("%.3e", series.last("bound_aposteriori"))
                    << "  ||G1 - g||_1 = " << format_number("%.3e", series.last("tr1"))
                    << (series.last("violations") > 0 ? "  CHECK VIOLATED" : "");
            out << "  ||X|| = " << format_number("%.4f", last.X_op) << "  ["
                << format_number("%.1f", elapsed) << " s, ETA " << format_number("%.1f", eta)
                << " s]\n"
                << std::flush;
        }

    } catch (const OutputError& e) {
        throw OutputError(std::string(e.what()) + "\n" + how_to_go_on());
    }
    // Per-phase times: the slowest rank's, since that is what the run waited for.
    std::map<std::string, double> attempt_seconds = slowest_rank_seconds(timers, Session::comm());
    // Peak memory of every rank (a scaling report wants the spread), and the largest.
    std::vector<double> peaks(static_cast<std::size_t>(Session::size()));
    const double own_peak = static_cast<double>(peak_resident_bytes());
    MPI_Allgather(&own_peak, 1, MPI_DOUBLE, peaks.data(), 1, MPI_DOUBLE, Session::comm());
    const double peak = *std::max_element(peaks.begin(), peaks.end());

    Json::Array notes;
    for (const auto& w : restart_warnings)
        notes.emplace_back("restart: " + w);
    if (!model.all_jumps_normal())
        notes.emplace_back("a jump operator is not normal: Theorem 3 and Corollary 1 are reported "
                           "but not checked");
    if (diagnostics)
        for (const auto& note : diagnostics->notes())
            notes.emplace_back(note);

    Json config_json = Json::object();
    for (const auto& [key, rendered] : effective_config(study->values)) {
        Json::Array entries(rendered.begin(), rendered.end());
        config_json.set(key, rendered.size() == 1 ? Json(rendered.front()) : Json(entries));
    }
    Json summary =
        Json::object()
            .set("qrem_version", version_string())
            .set("command", "run")
            .set("ranks", Session::size())
            .set("config", config_json)
            .set("petsc_options", petsc_options_text())
            .set("model", Json::object()
                              .set("type", model.name)
                              .set("d", static_cast<long>(model.d))
                              .set("N", N)
                              .set("closed", model.is_closed())
                              .set("jumps", jumps_json(model))
                              .set("all_jumps_normal", model.all_jumps_normal())
                              .set("W_op_norm", hermitian_op_norm(model.W)))
            .set("initial",
                 Json::object()
                     .set("m0", m0)
                     .set("C_W_bound", fluctuation_constant_bound(model.W, m0))
                     .set("nbody_state", study->backend ? config.nbody_initial.kind : "none"))
            .set("hartree", Json::object()
                                .set("integrator", "PETSc TS rk 8vr (options prefix -hartree_)")
                                .set("rtol", config.hartree.rtol)
                                .set("atol", config.hartree.atol)
                                .set("steps", last.steps)
                                .set("final_m0", last.m0)
                                .set("final_X_op", last.X_op)
                                .set("min_m0", min_m0)
                                .set("max_X_op", series.max("X_op"))
                                .set("max_gamma_trace_error", gamma_trace_error));
    if (nbody) {
        summary.set("nbody",
                    Json::object()
                        .set("backend", study->backend->name)
                        .set("backend_reason", study->backend->reason)
                        .set("D", nbody_dimension(model.d, N))
                        .set("method", method_name(config.nbody.method))
                        .set("integrator", nbody->evolution().describe())
                        .set("rtol", config.nbody.rtol)
                        .set("atol", config.nbody.atol)
                        .set("steps", nbody->evolution().steps())
                        .set("rhs_evaluations", nbody->evolution().rhs_evaluations())
                        // Open systems do not conserve the energy: no drift to report.
                        .set("max_energy_drift", model.is_closed()
                                                     ? diagnostics->max_energy_drift()
                                                     : std::numeric_limits<double>::quiet_NaN()));
        const auto& g = config.diagnostics;
        summary.set("diagnostics",
                    Json::object()
                        .set("spectrum", to_string(g.spectrum))
                        .set("spectra_computed", diagnostics->spectra_computed())
                        .set("k_max", g.k_max)
                        .set("quadrature", "composite Simpson, node spacing <= " +
                                               format_number("%g", g.quadrature_step))
                        .set("S0", diagnostics->S0()));
        Json final_values = Json::object(), max_values = Json::object();
        for (const auto& c : summary_columns(series, k_max)) {
            final_values.set(c, series.last(c));
            max_values.set(c, series.max(c));
        }
        summary.set("final", final_values).set("max", max_values);
        summary.set("checks", checks_json(diagnostics->checks()))
            .set("violations", diagnostics->checks().violations());
    }

    PlotOutcome plot;
    if (config.output.plot && nbody) {
        ScopedPhase phase(timers, "output");
        if (Session::rank() == 0)
            plot = draw_entropy_plot(folder, model.all_jumps_normal());
        if (!plot.drawn && Session::rank() == 0)
            notes.emplace_back(plot.note);
    }
    // This attempt's times, and all attempts' together: an attempt that a signal stopped counts
    // up to its last checkpoint (the work after it was done again).
    attempt_seconds["total"] = MPI_Wtime() - start;
    Json timings = Json::object(), attempt_timings = Json::object();
    for (const auto& [phase, seconds] : attempt_seconds) {
        attempt_timings.set(phase, seconds);
        previous_attempts.seconds[phase] += seconds;
    }
    for (const auto& [phase, seconds] : previous_attempts.seconds)
        timings.set(phase, seconds);
    Json::Array files{"timeseries.csv", "gamma.csv"};
    if (nbody)
        files.emplace_back("marginal.csv");
    files.insert(files.end(), {"results.h5", "summary.json", "config.ini"});
    for (const SavedState& state : saved_states)
        files.emplace_back(state.file);
    if (plot.drawn)
        files.emplace_back("entropy.png");
    summary.set("final_t", times.back())
        .set("attempts", previous_attempts.attempts + 1)
        .set("timings_seconds", timings)
        .set("timings_seconds_last_attempt", attempt_timings)
        .set("peak_memory_bytes_per_rank", peak)
        .set("peak_memory_bytes_by_rank", Json(peaks))
        .set("notes", notes)
        .set("files", files);
    write_on_root(in_folder("summary.json"), summary.dump());
    // The new run is complete: the replaced one (output.overwrite) is no longer needed.
    if (Session::rank() == 0)
        remove_previous_run(folder);

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
    for (const auto& note : notes)
        (config.output.quiet ? log::err() : out) << "note: " << note.dump(0) << "\n";
    out << "wall time " << format_number("%.2f", attempt_seconds["total"])
        << " s, peak memory per rank " << format_number("%.0f", peak / 1048576.0) << " MiB\n"
        << "results written to " << folder << "\n";
    return 0;
}

} // namespace qrem::app
