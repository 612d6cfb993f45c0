// `qrem run`: evolve Gamma_t and gamma_t to the same output times and write the results folder.
#include "commands.hpp"
#include "study.hpp"
#include "version.hpp"

#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/phase_timer.hpp"
#include "core/session.hpp"
#include "dynamics/hartree_solver.hpp"
#include "dynamics/nbody_solver.hpp"
#include "io/atomic_file.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"
#include "io/run_folder.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"
#include "nbody/nbody_operators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const run_usage =
    R"(Usage: qrem run [--config FILE] [--key value ...] [-petsc_option ...]

Evolves the exact N-body state Gamma_t (Lindblad, or von Neumann without jump operators),
distributed over the MPI ranks, and the Hartree(-Lindblad) state gamma_t to the same output
times, and writes per output time the invariants of Gamma_t (trace, Hermiticity, energy),
its one-body marginal Gamma^{N:1} and ||Gamma^{N:1} - gamma_t||_1, and gamma_t with m_0(t)
and ||X(t)||_op, into the results folder: timeseries.csv, gamma.csv, marginal.csv,
summary.json, config.ini. Without arguments it runs the default study (two-site
Bose-Hubbard, N = 8, site dephasing, t in [0, 5]).
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

/// The N-body part of a run: Gamma_t, its solver and H_N for the energy.
struct NBodyRun {
    DensityMatrix Gamma;
    MatHandle H;
    std::unique_ptr<NBodySolver> solver;

    NBodyRun(const Study& study, PhaseTimers& timers) : Gamma(Session::comm(), *study.space) {
        {
            ScopedPhase phase(timers, "assembly");
            H = assemble_hamiltonian(Session::comm(), *study.space, study.model);
            solver = std::make_unique<NBodySolver>(Gamma, study.model, study.config.nbody);
            if (!study.config.output.quiet)
                solver->report_progress_every(study.config.output.progress_interval);
        }
        ScopedPhase phase(timers, "initial_state");
        make_initial_nbody_state(Gamma, study);
    }
};

/// Largest value seen of each quantity.
struct Extremes {
    double trace_error = 0, hermiticity_error = 0, energy_drift = 0, marginal_distance = 0;
    double gamma_trace_error = 0, min_m0 = INFINITY, max_X_op = 0;
};

} // namespace

int command_run(const std::vector<std::string>& args) {
    const auto study = load_study(args, run_usage, po::options_description("Run"), true);
    if (!study)
        return 0;
    const RunConfig& config = study->config;
    const OneBodyModel& model = study->model;
    const int N = config.model.N;
    log::set_quiet(config.output.quiet);
    PhaseTimers timers;
    const double start = MPI_Wtime();

    const std::string folder = prepare_run_folder(config.output, Session::comm());
    const auto in_folder = [&](const char* name) {
        return (std::filesystem::path(folder) / name).string();
    };
    write_on_root(in_folder("config.ini"), effective_config_ini(study->values));

    const double m0 = smallest_eigenvalue(study->gamma0);
    auto& out = log::out();
    out << "qrem run: model " << model.name << ", d = " << model.d << ", N = " << N;
    if (study->space)
        out << ", D = " << study->space->D();
    out << ", " << Session::size() << " rank(s)\n"
        << "jump operators:\n"
        << describe_jumps(model) << "gamma_0: m_0 = " << format("%.6g", m0)
        << ", C_W <= 4||W||_op/m_0 = " << format("%.6g", fluctuation_constant_bound(model.W, m0))
        << "\n"
        << "Gamma_0: "
        << (study->space ? config.nbody_initial.kind : "not evolved (nbody.evolve = false)") << "\n"
        << "results: " << folder << "\n\n"
        << std::flush;

    std::unique_ptr<NBodyRun> nbody;
    if (study->space)
        nbody = std::make_unique<NBodyRun>(*study, timers);
    HartreeSolver hartree(model, study->gamma0, config.hartree);

    std::vector<std::string> columns{"t"};
    if (nbody)
        columns.insert(columns.end(), {"nbody_steps", "rhs_evaluations", "trace_error",
                                       "hermiticity_error", "energy", "marginal1_trace_distance"});
    columns.insert(columns.end(), {"hartree_steps", "gamma_trace_error", "gamma_hermiticity_error",
                                   "m0", "X_op", "hartree_energy"});
    CsvTable series(columns);
    CsvTable gamma_table({"t", "a", "b", "re", "im"});
    CsvTable marginal_table({"t", "a", "b", "re", "im"});
    Extremes extremes;
    double energy0 = 0.0;
    HartreeSample last;
    std::vector<double> row;

    const auto times = config.time.output_times();
    for (const double t : times) {
        row.assign(1, t);
        double trace_error = 0.0, distance = 0.0;
        {
            ScopedPhase phase(timers, "hartree");
            hartree.advance_to(t);
            last = hartree.sample();
        }
        if (nbody) {
            {
                ScopedPhase phase(timers, "evolution");
                nbody->solver->advance_to(t);
            }
            ScopedPhase phase(timers, "diagnostics");
            trace_error = std::abs(nbody->Gamma.trace() - 1.0);
            const double hermiticity_error = nbody->Gamma.hermiticity_error();
            const double energy = nbody->Gamma.expectation(nbody->H).real();
            if (t == times.front())
                energy0 = energy;
            const DenseMatrix marginal = nbody->Gamma.marginal(1);
            distance = hermitian_trace_norm(hermitian_part(marginal) - last.gamma);
            extremes.trace_error = std::max(extremes.trace_error, trace_error);
            extremes.hermiticity_error = std::max(extremes.hermiticity_error, hermiticity_error);
            extremes.energy_drift = std::max(extremes.energy_drift, std::abs(energy - energy0));
            extremes.marginal_distance = std::max(extremes.marginal_distance, distance);
            row.insert(row.end(), {static_cast<double>(nbody->solver->steps()),
                                   static_cast<double>(nbody->solver->rhs_evaluations()),
                                   trace_error, hermiticity_error, energy, distance});
            add_matrix_rows(marginal_table, t, marginal);
        }
        extremes.gamma_trace_error = std::max(extremes.gamma_trace_error, last.trace_error);
        extremes.min_m0 = std::min(extremes.min_m0, last.m0);
        extremes.max_X_op = std::max(extremes.max_X_op, last.X_op);
        row.insert(row.end(), {static_cast<double>(last.steps), last.trace_error,
                               last.hermiticity_error, last.m0, last.X_op, last.energy});
        series.add_row(row);
        add_matrix_rows(gamma_table, t, last.gamma);
        {
            // Rewritten whole at every output time: a killed run leaves complete files.
            ScopedPhase phase(timers, "output");
            write_on_root(in_folder("timeseries.csv"), series.to_string());
            write_on_root(in_folder("gamma.csv"), gamma_table.to_string());
            if (nbody)
                write_on_root(in_folder("marginal.csv"), marginal_table.to_string());
        }
        const double elapsed = MPI_Wtime() - start;
        const double eta = t > 0 ? elapsed / t * (config.time.t_end - t) : 0.0;
        out << "  t = " << format("%8.4f", t);
        if (nbody)
            out << "  ||G1 - g||_1 = " << format("%.3e", distance)
                << "  |Tr G - 1| = " << format("%.1e", trace_error)
                << "  steps = " << nbody->solver->steps();
        out << "  m0 = " << format("%.5f", last.m0) << "  ||X|| = " << format("%.4f", last.X_op)
            << "  [" << format("%.1f", elapsed) << " s, ETA " << format("%.1f", eta) << " s]\n"
            << std::flush;
    }

    // Per-phase times: the slowest rank's, since that is what the run waited for.
    Json timings = Json::object();
    for (const auto& [phase, seconds] : timers.seconds()) {
        double slowest = seconds;
        MPI_Allreduce(MPI_IN_PLACE, &slowest, 1, MPI_DOUBLE, MPI_MAX, Session::comm());
        timings.set(phase, slowest);
    }
    const double wall = MPI_Wtime() - start;
    timings.set("total", wall);
    double peak = static_cast<double>(peak_resident_bytes());
    MPI_Allreduce(MPI_IN_PLACE, &peak, 1, MPI_DOUBLE, MPI_MAX, Session::comm());

    Json summary =
        Json::object()
            .set("qrem_version", version_string())
            .set("command", "run")
            .set("ranks", Session::size())
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
                     .set("nbody_state", study->space ? config.nbody_initial.kind : "none"))
            .set("hartree", Json::object()
                                .set("integrator", "PETSc TS rk 8vr (options prefix -hartree_)")
                                .set("rtol", config.hartree.rtol)
                                .set("atol", config.hartree.atol)
                                .set("steps", last.steps)
                                .set("final_m0", last.m0)
                                .set("final_X_op", last.X_op)
                                .set("min_m0", extremes.min_m0)
                                .set("max_X_op", extremes.max_X_op)
                                .set("max_gamma_trace_error", extremes.gamma_trace_error));
    if (nbody)
        summary.set("nbody",
                    Json::object()
                        .set("D", static_cast<long>(study->space->D()))
                        .set("integrator", "PETSc TS (default rk 5dp; -ts_* options apply)")
                        .set("rtol", config.nbody.rtol)
                        .set("atol", config.nbody.atol)
                        .set("steps", nbody->solver->steps())
                        .set("rhs_evaluations", nbody->solver->rhs_evaluations())
                        .set("max_trace_error", extremes.trace_error)
                        .set("max_hermiticity_error", extremes.hermiticity_error)
                        .set("max_energy_drift", extremes.energy_drift)
                        .set("max_marginal1_trace_distance", extremes.marginal_distance));
    summary.set("final_t", times.back())
        .set("timings_seconds", timings)
        .set("peak_memory_bytes_per_rank", peak)
        .set("files",
             nbody ? Json::Array{"timeseries.csv", "gamma.csv", "marginal.csv", "summary.json",
                                 "config.ini"}
                   : Json::Array{"timeseries.csv", "gamma.csv", "summary.json", "config.ini"});
    write_on_root(in_folder("summary.json"), summary.dump());

    out << "\nsummary\n";
    if (nbody)
        out << "  ||Gamma^{N:1} - gamma_t||_1 max  " << format("%.4e", extremes.marginal_distance)
            << "\n"
            << "  |Tr Gamma - 1| max              " << format("%.2e", extremes.trace_error) << "\n"
            << "  Hermiticity error max           " << format("%.2e", extremes.hermiticity_error)
            << "\n"
            << "  energy drift max                " << format("%.2e", extremes.energy_drift)
            << (model.is_closed() ? " (closed: conserved up to the tolerance)" : " (open system)")
            << "\n"
            << "  N-body steps, RHS evaluations   " << nbody->solver->steps() << ", "
            << nbody->solver->rhs_evaluations() << "\n";
    out << "  m0(t) min, ||X(t)||_op max      " << format("%.6g", extremes.min_m0) << ", "
        << format("%.6g", extremes.max_X_op) << "\n"
        << "  wall time                       " << format("%.2f", wall)
        << " s, peak memory per rank " << format("%.0f", peak / 1048576.0) << " MiB\n"
        << "results written to " << folder << "\n";
    return 0;
}

} // namespace qrem::app
