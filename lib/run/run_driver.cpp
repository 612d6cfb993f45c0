#include "run/run_driver.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/petsc_options.hpp"
#include "core/session.hpp"
#include "core/stop_signal.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint.hpp"
#include "io/run_folder.hpp"
#include "io/state_file.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"
#include "nbody/nbody_operators.hpp"
#include "phase_space/torus_phase_space.hpp"
#include "run/plot.hpp"
#include "run/run_checkpoint.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

namespace qrem {
namespace {

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

/// The Husimi weights of gamma and of Gamma^{N:1} (nan without one) at every grid point.
void add_husimi_rows(CsvTable& table, double t, const TorusPhaseSpace& space,
                     const DenseMatrix& gamma, const DenseMatrix* marginal) {
    const std::vector<double> of_gamma = husimi_weights(space, gamma);
    const std::vector<double> of_marginal =
        marginal ? husimi_weights(space, *marginal)
                 : std::vector<double>(space.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t z = 0; z < space.size(); ++z)
        table.add_row({t, space.q[z / space.d], space.p[z % space.d], of_gamma[z], of_marginal[z]});
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

std::string restart_command(const std::string& folder) {
    return (Session::size() > 1 ? "mpiexec -n " + std::to_string(Session::size()) + " "
                                : std::string()) +
           "qrem run --restart --output.dir " + folder;
}

std::vector<std::string> summary_columns(const TimeSeries& series, int k_max) {
    std::vector<std::string> columns{"S_N", "S_vN", "leg_asymmetry", "production"};
    for (int k = 1; k <= k_max; ++k) {
        columns.push_back("S_" + std::to_string(k));
        columns.push_back("tr" + std::to_string(k));
    }
    for (const char* c : {"dist1_k1", "dist1_k2"})
        columns.emplace_back(c);
    for (const char* c :
         {"production_integral", "X_op_integral", "bound_aposteriori", "ln_bound_thm3",
          "trace_error", "hermiticity_error", "negative_eigenvalues", "m0", "X_op", "Phi_N",
          "moment_ratio_max", "gronwall_rate", "C_star"})
        columns.emplace_back(c);
    std::erase_if(columns, [&](const std::string& c) { return !series.has(c); });
    return columns;
}

RunDriver::RunDriver(const Study& study, std::string folder, bool restart, std::string version)
    : study_(study), folder_(std::move(folder)), version_(std::move(version)), restart_(restart),
      start_(MPI_Wtime()), m0_(smallest_eigenvalue(study.gamma0)),
      times_(study.config.time.output_times()), physics_(physics_config_text(study.values)) {
    if (study.backend) {
        nbody_ = std::make_unique<NBodyRun>(study, timers_, !restart);
        diagnostics_ = std::make_unique<NBodyDiagnostics>(study, m0_);
        // SIGTERM/SIGUSR1 stop the N-body integration at the end of a step (all ranks agree
        // after every step) and the run writes a checkpoint.
        nbody_->evolution().set_stop_request(
            [] { return stop_signal_received(Session::comm()) != 0; });
    }
    hartree_ = std::make_unique<HartreeSolver>(study.model, study.gamma0, study.config.hartree,
                                               study.config.hartree_limits);
    last_checkpoint_ = MPI_Wtime();
}

RunDriver::~RunDriver() = default;

std::string RunDriver::in_folder(const std::string& name) const {
    return (std::filesystem::path(folder_) / name).string();
}

void RunDriver::write_checkpoint_at(std::size_t done) {
    ScopedPhase phase(timers_, "checkpoint");
    RunCheckpoint c;
    c.output_index = done;
    c.output_time = times_[done];
    c.nbody = nbody_->evolution().position();
    c.hartree = hartree_->position();
    c.rhs_evaluations = nbody_->evolution().rhs_evaluations();
    c.gamma = hartree_->gamma();
    c.gamma_trace_error = gamma_trace_error_;
    c.min_m0 = min_m0_;
    // Recorded so that a restart with other integrator or solver options says so.
    c.petsc_options = petsc_options_text();
    c.attempts = previous_attempts_ + 1;
    // Equal on every rank, as the state's hash requires.
    std::map<std::string, double> seconds = slowest_rank_seconds(timers_, Session::comm());
    double& total = seconds["total"] = MPI_Wtime() - start_;
    MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_DOUBLE, MPI_MAX, Session::comm());
    for (const auto& [name, s] : seconds)
        c.seconds[name] = previous_seconds_[name] + s;
    c.diagnostics = diagnostics_->state();
    write_checkpoint(folder_, *nbody_->backend, to_run_state(c), physics_);
    last_checkpoint_ = MPI_Wtime();
}

void RunDriver::restore_from_checkpoint() {
    std::vector<std::string> warnings;
    RunCheckpoint c;
    {
        ScopedPhase phase(timers_, "checkpoint");
        c = run_checkpoint_from(read_checkpoint(folder_, *nbody_->backend, physics_, warnings),
                                study_.model.d);
    }
    // Changed PETSc options (-ts_*, ...) are allowed, but the results then come from two
    // integrators: said on stderr and recorded in summary.json.
    if (c.petsc_options)
        if (const std::string changes =
                petsc_option_changes(*c.petsc_options, petsc_options_text());
            !changes.empty())
            warnings.push_back("PETSc options differ from the checkpoint's: " + changes);
    // On stderr (also under output.quiet) and in summary.json: a skipped checkpoint means the
    // run went back further than its last checkpoint.
    for (const auto& w : warnings) {
        log::err() << "qrem run: warning: " << w << std::endl;
        notes_.push_back("restart: " + w);
    }
    // config.ini is rewritten only once the checkpoint proved to be of the same physics.
    write_on_root(in_folder("config.ini"), effective_config_ini(study_.values));
    const std::size_t done = c.output_index;
    agree_on_input(Session::comm(), [&] {
        if (done >= times_.size())
            throw InputError(
                "time.t_end",
                "the checkpoint is at output time t = " + format_number("%g", c.output_time) +
                    ", beyond time.t_end = " + format_number("%g", study_.config.time.t_end));
        // The same grid up to rounding: a run that ended at t_end = 0.3 holds exactly 0.3,
        // where a longer run's grid has 3 * 0.1 = 0.30000000000000004.
        if (std::abs(times_[done] - c.output_time) > 1e-9 * study_.config.time.dt_out)
            throw InputError("time.dt_out",
                             "the checkpoint's output time " + std::to_string(done) +
                                 " is t = " + format_number("%.17g", c.output_time) +
                                 ", this grid's is t = " + format_number("%.17g", times_[done]));
    });
    // The checkpoint's time is where Gamma and gamma are: the grid continues from it.
    times_[done] = c.output_time;
    nbody_->evolution().restore(c.nbody, c.rhs_evaluations);
    hartree_->restore(c.hartree, c.gamma);
    diagnostics_->restore(c.diagnostics);
    previous_attempts_ = c.attempts;
    previous_seconds_ = c.seconds;
    gamma_trace_error_ = c.gamma_trace_error;
    min_m0_ = c.min_m0;
    // The results up to the checkpoint's output time; later rows (written before the run
    // stopped) are computed again, not duplicated.
    const CsvTable earlier = rows_up_to(in_folder("timeseries.csv"), times_[done]);
    for (const auto& values : earlier.rows()) {
        NamedRow row;
        for (std::size_t j = 0; j < values.size(); ++j)
            row.emplace_back(earlier.columns()[j], values[j]);
        series_.add(row);
    }
    gamma_table_ = rows_up_to(in_folder("gamma.csv"), times_[done]);
    marginal_table_ = rows_up_to(in_folder("marginal.csv"), times_[done]);
    if (study_.phase_space && std::filesystem::exists(in_folder("husimi.csv")))
        husimi_table_ = rows_up_to(in_folder("husimi.csv"), times_[done]);
    first_ = done + 1;
    for (const double t : study_.config.output.save_state_at)
        if (t <= times_[done] && std::filesystem::exists(in_folder(state_file_name(t))))
            saved_states_.push_back({t, state_file_name(t)});
    log::out() << "restart: from the checkpoint at t = " << format_number("%.6g", c.nbody.t)
               << " (after output time " << format_number("%g", times_[done]) << ")\n"
               << std::flush;
}

void RunDriver::write_output_files(double t) {
    // Rewritten whole at every output time: a killed run leaves complete files. The disk must
    // hold each file twice for a moment (the old and the new one); results.h5 is smaller than
    // the CSVs.
    ScopedPhase phase(timers_, "output");
    const bool nbody = static_cast<bool>(nbody_);
    const std::string timeseries = series_.csv(), gammas = gamma_table_.to_string(),
                      marginals = nbody ? marginal_table_.to_string() : std::string(),
                      husimi = study_.phase_space ? husimi_table_.to_string() : std::string();
    require_disk_space(Session::comm(), in_folder("results.h5"),
                       2 * (timeseries.size() + gammas.size() + marginals.size() + husimi.size()));
    write_on_root(in_folder("timeseries.csv"), timeseries);
    write_on_root(in_folder("gamma.csv"), gammas);
    if (nbody)
        write_on_root(in_folder("marginal.csv"), marginals);
    if (study_.phase_space)
        write_on_root(in_folder("husimi.csv"), husimi);
    const auto& save = study_.config.output.save_state_at;
    if (nbody && std::find(save.begin(), save.end(), t) != save.end()) {
        save_state_file(*nbody_->backend, in_folder(state_file_name(t)));
        saved_states_.push_back({t, state_file_name(t)});
    }
    qrem::write_on_root(Session::comm(), [&] {
        write_results_file(in_folder("results.h5"), *series_.table(), gamma_table_,
                           nbody ? &marginal_table_ : nullptr, study_.model.d, saved_states_);
    });
}

RunOutcome RunDriver::run() {
    using Ending = RunOutcome::Ending;
    // A stop signal during the set-up (Gamma_0 and the operators can take minutes at large N):
    // there is nothing new to checkpoint yet.
    if (const int signal = stop_signal_received(Session::comm()); signal != 0)
        return {Ending::stopped_in_setup, signal, 0.0};
    if (restart_)
        restore_from_checkpoint();
    const RunConfig& config = study_.config;
    const double t_resumed = first_ > 0 ? times_[first_ - 1] : 0.0;
    // A full disk (or lost permission) ends the run with one line that says what is left and
    // how to go on.
    const auto how_to_go_on = [&] {
        return std::filesystem::exists(checkpoint_path(folder_))
                   ? "once there is room, continue from the last checkpoint with: " +
                         restart_command(folder_)
                   : std::string(nbody_ ? "there is no checkpoint yet"
                                        : "nbody.evolve = false keeps no checkpoint") +
                         ": once there is room, run the same command again with "
                         "--output.overwrite";
    };
    auto& out = log::out();
    try {
        for (std::size_t n = first_; n < times_.size(); ++n) {
            const double t = times_[n];
            if (nbody_ && n > 0 &&
                !diagnostics_->advance(*nbody_, *hartree_, times_[n - 1], t, timers_)) {
                write_checkpoint_at(n - 1);
                return {Ending::stopped, stop_signal_received(Session::comm()),
                        nbody_->evolution().time()};
            }
            // Every PETSc object has read its options by the end of the first interval (the TS
            // and its solvers, the spectrum's at t = 0): an option none read is a mistake.
            if (n == std::max<std::size_t>(first_, 1))
                refuse_unused_petsc_options();
            {
                ScopedPhase phase(timers_, "hartree");
                hartree_->advance_to(t);
                last_ = hartree_->sample();
            }
            NamedRow row{{"t", t}};
            if (nbody_) {
                const NamedRow measured = diagnostics_->measure(t, *nbody_, last_, timers_);
                row.insert(row.end(), measured.begin(), measured.end());
                add_matrix_rows(marginal_table_, t, diagnostics_->one_body_marginal());
            }
            gamma_trace_error_ = std::max(gamma_trace_error_, last_.trace_error);
            min_m0_ = std::min(min_m0_, last_.m0);
            row.insert(row.end(), {{"hartree_steps", static_cast<double>(last_.steps)},
                                   {"gamma_trace_error", last_.trace_error},
                                   {"gamma_hermiticity_error", last_.hermiticity_error},
                                   {"m0", last_.m0},
                                   {"X_op", last_.X_op},
                                   {"hartree_energy", last_.energy}});
            series_.add(row);
            add_matrix_rows(gamma_table_, t, last_.gamma);
            if (study_.phase_space)
                add_husimi_rows(husimi_table_, t, *study_.phase_space, last_.gamma,
                                nbody_ ? &diagnostics_->one_body_marginal() : nullptr);
            write_output_files(t);
            if (nbody_) {
                // Checkpoint on a stop signal, every checkpoint.every output times, or when
                // checkpoint.minutes have passed (rank 0's clock decides).
                const int signal = stop_signal_received(Session::comm());
                int due = signal != 0 || (config.checkpoint.every > 0 && n > 0 &&
                                          n % config.checkpoint.every == 0);
                if (config.checkpoint.minutes > 0 &&
                    MPI_Wtime() - last_checkpoint_ >= 60.0 * config.checkpoint.minutes)
                    due = 1;
                MPI_Bcast(&due, 1, MPI_INT, 0, Session::comm());
                if (due)
                    write_checkpoint_at(n);
                if (signal)
                    return {Ending::stopped, signal, nbody_->evolution().time()};
            } else if (const int signal = stop_signal_received(Session::comm()); signal != 0) {
                return {Ending::stopped, signal, t};
            }
            const double elapsed = MPI_Wtime() - start_;
            const double eta =
                t > t_resumed ? elapsed / (t - t_resumed) * (config.time.t_end - t) : 0.0;
            out << "  t = " << format_number("%7.3f", t);
            if (nbody_)
                out << "  S = " << format_number("%.3e", series_.last("S_N"))
                    << "  a-posteriori bound = "
                    << format_number("%.3e", series_.last("bound_aposteriori"))
                    << "  ||G1 - g||_1 = " << format_number("%.3e", series_.last("tr1"))
                    << (series_.last("violations") > 0 ? "  CHECK VIOLATED" : "");
            out << "  ||X|| = " << format_number("%.4f", last_.X_op) << "  ["
                << format_number("%.1f", elapsed) << " s, ETA " << format_number("%.1f", eta)
                << " s]\n"
                << std::flush;
        }
    } catch (const OutputError& e) {
        throw OutputError(std::string(e.what()) + "\n" + how_to_go_on());
    }
    // Per-phase times: the slowest rank's, since that is what the run waited for.
    std::map<std::string, double> attempt_seconds = slowest_rank_seconds(timers_, Session::comm());
    // Peak memory of every rank (a scaling report wants the spread), and the largest.
    if (!study_.model.all_jumps_normal())
        notes_.emplace_back("a jump operator is not normal: Theorem 3 and Corollary 1 are "
                            "reported but not checked");
    if (const auto& added = series_.columns_added_later(); !added.empty()) {
        std::string names;
        for (const auto& c : added)
            names += (names.empty() ? "" : ", ") + c;
        notes_.push_back("the rows before the restart (written by an earlier qrem) have no " +
                         names + " (nan there)");
    }
    if (diagnostics_)
        for (const auto& note : diagnostics_->notes())
            notes_.push_back(note);
    Json summary = summary_json(attempt_seconds);
    write_on_root(in_folder("summary.json"), summary.dump());
    // The new run is complete: the replaced one (output.overwrite) is no longer needed.
    if (Session::rank() == 0)
        remove_previous_run(folder_);
    return {Ending::finished, 0, times_.back()};
}

Json RunDriver::summary_json(const std::map<std::string, double>& attempt_seconds_so_far) {
    const RunConfig& config = study_.config;
    const OneBodyModel& model = study_.model;
    std::vector<double> peaks(static_cast<std::size_t>(Session::size()));
    const double own_peak = static_cast<double>(peak_resident_bytes());
    MPI_Allgather(&own_peak, 1, MPI_DOUBLE, peaks.data(), 1, MPI_DOUBLE, Session::comm());
    peak_bytes_ = *std::max_element(peaks.begin(), peaks.end());

    Json config_json = Json::object();
    for (const auto& [key, rendered] : effective_config(study_.values)) {
        Json::Array entries(rendered.begin(), rendered.end());
        config_json.set(key, rendered.size() == 1 ? Json(rendered.front()) : Json(entries));
    }
    Json summary =
        Json::object()
            .set("qrem_version", version_)
            .set("command", "run")
            .set("ranks", Session::size())
            .set("config", config_json)
            .set("petsc_options", petsc_options_text())
            .set("model", Json::object()
                              .set("type", model.name)
                              .set("d", static_cast<long>(model.d))
                              .set("N", config.model.N)
                              .set("closed", model.is_closed())
                              .set("jumps", jumps_json(model))
                              .set("all_jumps_normal", model.all_jumps_normal())
                              .set("W_op_norm", hermitian_op_norm(model.W)))
            .set("initial",
                 Json::object()
                     .set("m0", m0_)
                     .set("C_W_bound", fluctuation_constant_bound(model.W, m0_))
                     .set("nbody_state", study_.backend ? config.nbody_initial.kind : "none"))
            .set("hartree", Json::object()
                                .set("integrator", "PETSc TS rk 8vr (options prefix -hartree_)")
                                .set("rtol", config.hartree.rtol)
                                .set("atol", config.hartree.atol)
                                .set("steps", last_.steps)
                                .set("final_m0", last_.m0)
                                .set("final_X_op", last_.X_op)
                                .set("min_m0", min_m0_)
                                .set("max_X_op", series_.max("X_op"))
                                .set("max_gamma_trace_error", gamma_trace_error_));
    if (nbody_) {
        const StateEvolution& evolution = nbody_->evolution();
        summary.set("nbody",
                    Json::object()
                        .set("backend", study_.backend->name)
                        .set("backend_reason", study_.backend->reason)
                        .set("frame", nbody_->backend->frame())
                        .set("D", nbody_dimension(model.d, config.model.N))
                        .set("method", method_name(config.nbody.method))
                        .set("integrator", evolution.describe())
                        .set("rtol", config.nbody.rtol)
                        .set("atol", config.nbody.atol)
                        .set("steps", evolution.steps())
                        .set("rhs_evaluations", evolution.rhs_evaluations())
                        // Open systems do not conserve the energy: no drift to report.
                        .set("max_energy_drift", model.is_closed()
                                                     ? diagnostics_->max_energy_drift()
                                                     : std::numeric_limits<double>::quiet_NaN()));
        const auto& g = config.diagnostics;
        summary.set("diagnostics",
                    Json::object()
                        .set("spectrum", to_string(g.spectrum))
                        .set("spectra_computed", diagnostics_->spectra_computed())
                        .set("k_max", g.k_max)
                        .set("quadrature", "composite Simpson, node spacing <= " +
                                               format_number("%g", g.quadrature_step))
                        .set("S0", diagnostics_->S0()));
        Json final_values = Json::object(), max_values = Json::object();
        for (const auto& c : summary_columns(series_, g.k_max)) {
            final_values.set(c, series_.last(c));
            max_values.set(c, series_.max(c));
        }
        summary.set("final", final_values).set("max", max_values);
        summary.set("checks", checks_json(diagnostics_->checks()))
            .set("violations", diagnostics_->checks().violations());
    }

    PlotOutcome plot;
    if (config.output.plot && nbody_) {
        ScopedPhase phase(timers_, "output");
        if (Session::rank() == 0)
            plot = draw_entropy_plot(folder_, model.all_jumps_normal());
        if (!plot.drawn && Session::rank() == 0)
            notes_.push_back(plot.note);
    }
    // This attempt's times, and all attempts' together: an attempt that a signal stopped counts
    // up to its last checkpoint (the work after it was done again).
    std::map<std::string, double> attempt_seconds = attempt_seconds_so_far;
    wall_seconds_ = attempt_seconds["total"] = MPI_Wtime() - start_;
    Json timings = Json::object(), attempt_timings = Json::object();
    std::map<std::string, double> all_seconds = previous_seconds_;
    for (const auto& [phase, seconds] : attempt_seconds) {
        attempt_timings.set(phase, seconds);
        all_seconds[phase] += seconds;
    }
    for (const auto& [phase, seconds] : all_seconds)
        timings.set(phase, seconds);
    Json peak_growth = Json::object();
    for (const auto& [phase, bytes] : largest_over_ranks(timers_.peak_growth(), Session::comm()))
        peak_growth.set(phase, bytes);
    Json::Array files{"timeseries.csv", "gamma.csv"};
    if (nbody_)
        files.emplace_back("marginal.csv");
    files.insert(files.end(), {"results.h5", "summary.json", "config.ini"});
    for (const SavedState& state : saved_states_)
        files.emplace_back(state.file);
    if (plot.drawn)
        files.emplace_back("entropy.png");
    Json::Array notes(notes_.begin(), notes_.end());
    return summary.set("final_t", times_.back())
        .set("attempts", previous_attempts_ + 1)
        .set("timings_seconds", timings)
        .set("timings_seconds_last_attempt", attempt_timings)
        .set("peak_memory_bytes_per_rank", peak_bytes_)
        .set("peak_memory_bytes_by_rank", Json(peaks))
        .set("peak_memory_growth_bytes_by_phase", peak_growth)
        .set("notes", notes)
        .set("files", files);
}

} // namespace qrem
