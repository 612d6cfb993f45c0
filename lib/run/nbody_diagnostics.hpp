#pragma once
// run: the N-body part of `qrem run`: Gamma_t with its solver, and what is measured on it at
// each output time (invariants, the comparison with gamma_t^{(x)N}, the bounds and checks).
#include "run/study.hpp"
#include "run/time_series.hpp"

#include "backends/nbody_backend.hpp"
#include "core/phase_timer.hpp"
#include "diagnostics/entropy_budget.hpp"
#include "diagnostics/mean_field_comparison.hpp"
#include "dynamics/hartree_solver.hpp"
#include "representation/schur_weyl.hpp"

#include <memory>
#include <string>
#include <vector>

namespace qrem {

/// Gamma_t in the representation the study chose (study.backend), with its evolution.
struct NBodyRun {
    std::unique_ptr<NBodyBackend> backend;

    /// Without `initial_state`, Gamma is left zero (a restart reads it from a checkpoint).
    NBodyRun(const Study& study, PhaseTimers& timers, bool initial_state = true);
    StateEvolution& evolution() { return backend->evolution(); }
};

/// Everything of one output time that goes beyond the Hartree state: Gamma_t's invariants and
/// its comparison with gamma_t, the bounds and checks.
class NBodyDiagnostics {
public:
    NBodyDiagnostics(const Study& study, double m0);

    /// Advances Gamma_t and gamma_t from the previous output time to t. At the quadrature nodes
    /// in between, ||X|| and P are sampled for Simpson's rule; Gamma there comes from the
    /// integrator's dense output, so the nodes add no N-body steps. Returns false if a stop
    /// request ended the N-body integration early (state() then holds the nodes sampled so far,
    /// and a restarted run calls advance for the same interval again).
    bool advance(NBodyRun& nbody, HartreeSolver& hartree, double t_previous, double t,
                 PhaseTimers& timers);

    /// The columns of output time t (Gamma_t and gamma_t = `sample` already at t).
    NamedRow measure(double t, NBodyRun& nbody, const HartreeSample& sample, PhaseTimers& timers);

    /// Gamma^{N:1} at the last output time measured.
    const DenseMatrix& one_body_marginal() const { return one_body_marginal_; }
    const CheckLedger& checks() const { return budget_.checks(); }
    double S0() const { return budget_.S0(); }
    double max_energy_drift() const { return s_.max_energy_drift; }
    long spectra_computed() const { return s_.spectra_computed; }
    /// What a reader of the results must know: infinite S, negative eigenvalues.
    std::vector<std::string> notes() const;

    /// Everything needed to continue after a restart, and putting it back.
    struct State {
        EntropyBudget::State budget;
        bool started = false;
        long index = 0, spectra_computed = 0, negative_spectra = 0;
        double min_eigenvalue = INFINITY;
        double energy0 = 0.0, max_energy_drift = 0.0;
        double X_op_previous = 0.0, production_previous = 0.0;
        SpectrumEntropy spectrum;
        /// The quadrature nodes of the current output interval sampled so far.
        std::vector<double> X_op_nodes, production_nodes;
        std::string infinite_note;
    };
    State state() const;
    void restore(const State& state);

private:
    /// The proof's partition function, moments, Lemma 1 and Gronwall rate at output time t
    /// (columns Phi_N, lemma1_slack, moment_m, moment_ratio_max, gronwall_rate(_bound),
    /// C_star); returns the violations of their checks.
    int add_proof_columns(double t, NBodyRun& nbody, const HartreeSample& sample,
                          const DenseMatrix& X, double S, double production, double X_op_integral,
                          NamedRow& row, PhaseTimers& timers);
    /// Torus model: dist_1 between the Husimi transforms of Gamma^{N:k} and gamma_t^{(x)k}
    /// (columns dist1_k1, and dist1_k2 when diagnostics.dist1_k2_cells is set).
    void add_husimi_columns(const MeanFieldComparison& c, const DenseMatrix& gamma, NamedRow& row,
                            PhaseTimers& timers) const;
    /// Computes the spectrum if due; returns the violations of its check (0 or 1).
    int update_spectrum(double t, NBodyRun& nbody, bool first, PhaseTimers& timers);

    const Study& study_;
    const DiagnosticsSpec& settings_;
    EntropyBudget budget_;
    State s_; ///< all but its budget, which budget_ keeps
    double h_ = 0.0;
    DenseMatrix one_body_marginal_;
    bool production_stopped_ = false;
    bool blocks_unavailable_ = false; ///< d too large for the proof's columns (dense backend)
    /// The blocks of the partition function when the backend has none (dense).
    std::unique_ptr<SchurWeylBlocks> own_blocks_;
};

} // namespace qrem
