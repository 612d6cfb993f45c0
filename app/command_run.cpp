// `qrem run`: evolve the configured model and write the results folder.
#include "commands.hpp"
#include "study.hpp"
#include "version.hpp"

#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/phase_timer.hpp"
#include "core/session.hpp"
#include "dynamics/hartree_solver.hpp"
#include "io/atomic_file.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"
#include "io/run_folder.hpp"
#include "model/initial_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const run_usage =
    R"(Usage: qrem run [--config FILE] [--key value ...] [-petsc_option ...]

Evolves the one-body Hartree(-Lindblad) state gamma_t of the configured model,
  d gamma/dt = -i[h + V^gamma, gamma] + sum_alpha D_{L_alpha}(gamma),
and writes, per output time, gamma_t, its smallest eigenvalue m_0(t), ||X(t)||_op and
invariants into the results folder: timeseries.csv, gamma.csv, summary.json, config.ini.
Without arguments it runs the default study (two-site Bose-Hubbard, site dephasing,
t in [0, 5]).
)";

std::string format(const char* fmt, double a) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, fmt, a);
    return buffer;
}

void write_on_root(const std::string& path, const std::string& content) {
    if (Session::rank() == 0)
        write_file_atomically(path, content);
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

} // namespace

int command_run(const std::vector<std::string>& args) {
    const auto study = load_study(args, run_usage, po::options_description("Run"));
    if (!study)
        return 0;
    const RunConfig& config = study->config;
    const OneBodyModel& model = study->model;
    log::set_quiet(config.output.quiet);
    PhaseTimers timers;
    const double start = MPI_Wtime();

    const std::string folder = prepare_run_folder(config.output, Session::comm());
    const auto in_folder = [&](const char* name) {
        return (std::filesystem::path(folder) / name).string();
    };
    write_on_root(in_folder("config.ini"), effective_config_ini(study->values));

    auto& out = log::out();
    out << "qrem run: model " << model.name << ", d = " << model.d << ", N = " << config.model.N
        << ", " << Session::size() << " rank(s)\n"
        << "jump operators:\n"
        << describe_jumps(model)
        << "gamma_0: m_0 = " << format("%.6g", smallest_eigenvalue(study->gamma0))
        << ", C_W <= 4||W||_op/m_0 = "
        << format("%.6g", 4 * hermitian_op_norm(model.W) / smallest_eigenvalue(study->gamma0))
        << "\n"
        << "results: " << folder << "\n\n";

    HartreeSolver solver(model, study->gamma0, config.hartree);
    CsvTable series({"t", "hartree_steps", "gamma_trace_error", "gamma_hermiticity_error", "m0",
                     "X_op", "hartree_energy"});
    CsvTable gamma_table({"t", "a", "b", "re", "im"});
    const auto times = config.time.output_times();
    HartreeSample first, last;
    double max_trace_error = 0, max_hermiticity_error = 0, min_m0 = INFINITY, max_X_op = 0,
           max_energy_drift = 0;

    for (const double t : times) {
        {
            ScopedPhase phase(timers, "hartree");
            solver.advance_to(t);
            last = solver.sample();
        }
        if (t == times.front())
            first = last;
        max_trace_error = std::max(max_trace_error, last.trace_error);
        max_hermiticity_error = std::max(max_hermiticity_error, last.hermiticity_error);
        min_m0 = std::min(min_m0, last.m0);
        max_X_op = std::max(max_X_op, last.X_op);
        max_energy_drift = std::max(max_energy_drift, std::abs(last.energy - first.energy));
        series.add_row({t, static_cast<double>(last.steps), last.trace_error,
                        last.hermiticity_error, last.m0, last.X_op, last.energy});
        for (std::size_t a = 0; a < model.d; ++a)
            for (std::size_t b = 0; b < model.d; ++b)
                gamma_table.add_row({t, static_cast<double>(a), static_cast<double>(b),
                                     last.gamma(a, b).real(), last.gamma(a, b).imag()});
        {
            // Rewritten whole at every output time: a killed run leaves complete files.
            ScopedPhase phase(timers, "output");
            write_on_root(in_folder("timeseries.csv"), series.to_string());
            write_on_root(in_folder("gamma.csv"), gamma_table.to_string());
        }
        const double elapsed = MPI_Wtime() - start;
        const double eta = t > 0 ? elapsed / t * (config.time.t_end - t) : 0.0;
        out << "  t = " << format("%8.4f", t) << "  m0 = " << format("%.6f", last.m0)
            << "  ||X||_op = " << format("%.6f", last.X_op)
            << "  E_H = " << format("%.10f", last.energy) << "  steps = " << last.steps << "  ["
            << format("%.1f", elapsed) << " s, ETA " << format("%.1f", eta) << " s]\n"
            << std::flush;
    }

    Json timings = Json::object();
    for (const auto& [phase, seconds] : timers.seconds())
        timings.set(phase, seconds);
    timings.set("total", MPI_Wtime() - start);
    const Json summary =
        Json::object()
            .set("qrem_version", version_string())
            .set("command", "run")
            .set("ranks", Session::size())
            .set("model", Json::object()
                              .set("type", model.name)
                              .set("d", static_cast<long>(model.d))
                              .set("N", config.model.N)
                              .set("closed", model.is_closed())
                              .set("jumps", jumps_json(model))
                              .set("all_jumps_normal", model.all_jumps_normal())
                              .set("W_op_norm", hermitian_op_norm(model.W)))
            .set("initial", Json::object()
                                .set("m0", first.m0)
                                .set("C_W_bound", 4 * hermitian_op_norm(model.W) / first.m0))
            .set("hartree", Json::object()
                                .set("integrator", "PETSc TS rk 8vr (options prefix -hartree_)")
                                .set("rtol", config.hartree.rtol)
                                .set("atol", config.hartree.atol)
                                .set("steps", last.steps))
            .set("final", Json::object()
                              .set("t", last.t)
                              .set("m0", last.m0)
                              .set("X_op", last.X_op)
                              .set("hartree_energy", last.energy))
            .set("extremes", Json::object()
                                 .set("max_gamma_trace_error", max_trace_error)
                                 .set("max_gamma_hermiticity_error", max_hermiticity_error)
                                 .set("min_m0", min_m0)
                                 .set("max_X_op", max_X_op)
                                 .set("max_hartree_energy_drift", max_energy_drift))
            .set("timings_seconds", timings)
            .set("peak_memory_bytes_rank0", static_cast<long>(peak_resident_bytes()))
            .set("files", Json::Array{"timeseries.csv", "gamma.csv", "summary.json", "config.ini"});
    write_on_root(in_folder("summary.json"), summary.dump());

    out << "\nsummary\n"
        << "  final t            " << last.t << "\n"
        << "  m0(t) min          " << format("%.6g", min_m0) << "\n"
        << "  ||X(t)||_op max    " << format("%.6g", max_X_op) << "\n"
        << "  |Tr gamma - 1| max " << format("%.3g", max_trace_error) << "\n"
        << "  Hartree energy drift max " << format("%.3g", max_energy_drift)
        << (model.is_closed() ? " (closed system: conserved)" : " (open system)") << "\n"
        << "  wall time          " << format("%.2f", MPI_Wtime() - start) << " s\n"
        << "results written to " << folder << "\n";
    return 0;
}

} // namespace qrem::app
