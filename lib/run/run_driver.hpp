#pragma once
// run: the loop of `qrem run`, for any front end. Gamma_t (in the representation the study
// chose, lib/backends) and gamma_t go from output time to output time; at the quadrature nodes
// between them P(t) and ||X(t)|| are sampled (Simpson), at each output time the diagnostics
// are measured (S_vN on its schedule) and the results folder is rewritten atomically
// (timeseries.csv, gamma.csv, marginal.csv, results.h5, state files); checkpoints are written
// when due or on a stop signal, and at the end summary.json and entropy.png.
#include "core/phase_timer.hpp"
#include "dynamics/hartree_solver.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"
#include "io/results_file.hpp"
#include "run/nbody_diagnostics.hpp"
#include "run/study.hpp"
#include "run/time_series.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qrem {

/// How a run ended.
struct RunOutcome {
    enum class Ending {
        finished,         ///< at time.t_end; summary.json written
        stopped_in_setup, ///< by a stop signal before t = 0 (or before continuing): nothing new
        stopped,          ///< by a stop signal; a checkpoint written (nbody.evolve) or not
    };
    Ending ending = Ending::finished;
    int signal = 0;
    double t = 0.0; ///< where it stopped
};

/// The command that continues the run in `folder` from its checkpoint ("mpiexec -n R " first
/// on R > 1 ranks).
std::string restart_command(const std::string& folder);

/// The N-body columns worth a final and a largest value in summary.json (and the report).
std::vector<std::string> summary_columns(const TimeSeries& series, int k_max);

class RunDriver {
public:
    /// Builds Gamma_0 (with `restart`, only the operators: run() reads the state from the
    /// checkpoint) and gamma_0 (collective). The folder must exist and be the run's (locked);
    /// `version` goes into summary.json.
    RunDriver(const Study& study, std::string folder, bool restart, std::string version);
    ~RunDriver();
    RunDriver(const RunDriver&) = delete;
    RunDriver& operator=(const RunDriver&) = delete;

    /// Runs to time.t_end, or to the first stop signal (collective). Progress lines go to
    /// log::out(). Throws OutputError with how to go on when a file cannot be written.
    RunOutcome run();

    // What the run measured (after run()), for a report.
    const TimeSeries& series() const { return series_; }
    /// The N-body diagnostics; null with nbody.evolve = false.
    const NBodyDiagnostics* diagnostics() const { return diagnostics_.get(); }
    /// Warnings for the reader (also in summary.json's notes).
    const std::vector<std::string>& notes() const { return notes_; }
    double wall_seconds() const { return wall_seconds_; }
    double peak_bytes_per_rank() const { return peak_bytes_; }

private:
    void restore_from_checkpoint();
    void write_checkpoint_at(std::size_t done);
    void write_output_files(double t);
    Json summary_json(const std::map<std::string, double>& attempt_seconds);
    std::string in_folder(const std::string& name) const;

    const Study& study_;
    std::string folder_, version_;
    bool restart_;
    PhaseTimers timers_;
    double start_;
    double m0_;
    std::unique_ptr<NBodyRun> nbody_;
    std::unique_ptr<NBodyDiagnostics> diagnostics_;
    std::unique_ptr<HartreeSolver> hartree_;
    std::vector<double> times_;
    std::string physics_;

    TimeSeries series_;
    CsvTable gamma_table_{{"t", "a", "b", "re", "im"}};
    CsvTable marginal_table_{{"t", "a", "b", "re", "im"}};
    /// Torus model: the Husimi weights of gamma_t and Gamma^{N:1} on the phase-space grid.
    CsvTable husimi_table_{{"t", "q", "p", "gamma", "marginal"}};
    HartreeSample last_;
    double gamma_trace_error_ = 0.0, min_m0_ = INFINITY;
    std::vector<SavedState> saved_states_; ///< output.save_state_at written so far
    std::size_t first_ = 0;                ///< the first output time this attempt computes
    double last_checkpoint_ = 0.0;
    // The attempts before this one (a restart continues them) and their times, summed.
    int previous_attempts_ = 0;
    std::map<std::string, double> previous_seconds_;

    std::vector<std::string> notes_;
    double wall_seconds_ = 0.0, peak_bytes_ = 0.0;
};

} // namespace qrem
