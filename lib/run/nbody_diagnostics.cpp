#include "run/nbody_diagnostics.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/session.hpp"
#include "diagnostics/production.hpp"
#include "diagnostics/spectrum.hpp"
#include "model/initial_state.hpp"
#include "model/mean_field.hpp"
#include "nbody/nbody_operators.hpp"
#include "phase_space/husimi_distance.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/partition_function.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrem {
namespace {

/// X(t) of gamma_t, or NaN entries when gamma_t is not faithful (log gamma undefined).
DenseMatrix fluctuation_or_nan(const OneBodyModel& model, const HartreeSample& sample) {
    if (sample.m0 > faithfulness_floor(model.d))
        return fluctuation_operator(model.W, sample.gamma);
    DenseMatrix X(model.d * model.d, model.d * model.d);
    for (std::size_t i = 0; i < X.size(); ++i)
        X.data()[i] = std::numeric_limits<double>::quiet_NaN();
    return X;
}

} // namespace

NBodyRun::NBodyRun(const Study& study, PhaseTimers& timers, bool initial_state) {
    ScopedPhase phase(timers, initial_state ? "initial_state" : "assembly");
    backend = make_backend(Session::comm(), *study.backend, study.model, study.config.model.N,
                           backend_settings(study), initial_nbody_state(study), initial_state);
    if (backend->name() == "symmetric" && !study.config.output.quiet)
        log::out() << "frame: " << backend->frame() << "\n";
    if (!study.config.output.quiet)
        backend->evolution().report_progress_every(study.config.output.progress_interval,
                                                   study.config.time.t_end);
}

NBodyDiagnostics::NBodyDiagnostics(const Study& study, double m0)
    : study_(study), settings_(study.config.diagnostics),
      budget_(study.config.model.N, fluctuation_constant_bound(study.model.W, m0),
              study.model.is_closed(), study.model.all_jumps_normal(), settings_.tolerances) {}

bool NBodyDiagnostics::advance(NBodyRun& nbody, HartreeSolver& hartree, double t_previous, double t,
                               PhaseTimers& timers) {
    const int q = settings_.quadrature_intervals(t - t_previous);
    h_ = (t - t_previous) / q;
    // A run restarted from a checkpoint inside this interval has sampled its first nodes.
    if (nbody.evolution().time() == t_previous) {
        s_.X_op_nodes.assign(1, s_.X_op_previous);
        s_.production_nodes.assign(1, s_.production_previous);
    }
    std::vector<double> nodes;
    for (int j = static_cast<int>(s_.X_op_nodes.size()); j < q; ++j)
        nodes.push_back(t_previous + j * h_);
    const auto observe = [&](double node, const PairMarginals& pairs) {
        // Hartree is cheap (d x d): it simply stops at every node.
        hartree.advance_to(node);
        const HartreeSample sample = hartree.sample();
        s_.X_op_nodes.push_back(sample.X_op);
        s_.production_nodes.push_back(
            entropy_production(pairs, fluctuation_or_nan(study_.model, sample)));
    };
    {
        ScopedPhase phase(timers, "evolution");
        if (!nbody.backend->advance_to(t, nodes, observe))
            return false;
    }
    ScopedPhase phase(timers, "hartree");
    hartree.advance_to(t);
    s_.X_op_nodes.push_back(hartree.sample().X_op);
    return true;
}

NBodyDiagnostics::State NBodyDiagnostics::state() const {
    State state = s_;
    state.budget = budget_.state();
    return state;
}

void NBodyDiagnostics::restore(const State& state) {
    budget_.restore(state.budget);
    s_ = state;
}

NamedRow NBodyDiagnostics::measure(double t, NBodyRun& nbody, const HartreeSample& sample,
                                   PhaseTimers& timers) {
    const bool first = !s_.started;
    s_.started = true;
    NamedRow row;
    {
        ScopedPhase phase(timers, "invariants");
        const double energy = nbody.backend->energy();
        if (first)
            s_.energy0 = energy;
        s_.max_energy_drift = std::max(s_.max_energy_drift, std::abs(energy - s_.energy0));
        row = {{"nbody_steps", static_cast<double>(nbody.evolution().steps())},
               {"rhs_evaluations", static_cast<double>(nbody.evolution().rhs_evaluations())},
               {"trace_error", std::abs(nbody.backend->trace() - 1.0)},
               {"hermiticity_error", nbody.backend->hermiticity_error()},
               {"energy", energy}};
    }
    const int spectrum_violations = update_spectrum(t, nbody, first, timers);

    const DenseMatrix X = fluctuation_or_nan(study_.model, sample);
    MeanFieldComparison c;
    double trace_distance = 0.0;
    {
        ScopedPhase phase(timers, "marginals");
        const NBodyBackend& Gamma = *nbody.backend;
        c = compare_with_mean_field(
            Gamma.pair_marginals(), [&](int k) { return Gamma.marginal(k); }, s_.spectrum,
            sample.gamma, X, settings_.k_max);
        trace_distance = sample.m0 > faithfulness_floor(study_.model.d)
                             ? Gamma.trace_distance_to_product(sample.gamma)
                             : std::numeric_limits<double>::quiet_NaN();
    }
    if (!c.S_N.infinite_because.empty() && s_.infinite_note.empty()) {
        s_.infinite_note =
            "S = +inf from t = " + format_number("%g", t) + ": " + c.S_N.infinite_because;
        log::out() << "note: " << s_.infinite_note << "\n";
    }
    one_body_marginal_ = c.marginals.front().marginal;
    s_.production_nodes.push_back(c.production);
    production_stopped_ = production_stopped_ || std::isnan(c.production);
    const double production_error = first ? 0.0 : simpson_error(s_.production_nodes, h_);
    const BoundsAtTime b = first
                               ? budget_.record(t, c, 0.0, 0.0)
                               : budget_.record(t, c, simpson(s_.X_op_nodes, h_),
                                                simpson(s_.production_nodes, h_), production_error);
    s_.X_op_previous = sample.X_op;
    s_.production_previous = c.production;

    row.insert(row.end(),
               {{"S_N", c.S_N.value},
                {"S_vN", s_.spectrum.entropy},
                {"min_eigenvalue", s_.spectrum.min_eigenvalue},
                {"negative_eigenvalues", static_cast<double>(s_.spectrum.negative_count)},
                {"leg_asymmetry", c.leg_asymmetry},
                {"trN", trace_distance}});
    for (const auto& m : c.marginals) {
        const std::string k = std::to_string(m.k);
        row.insert(row.end(), {{"S_" + k, m.relative_entropy.value}, {"tr" + k, m.trace_distance}});
    }
    if (study_.phase_space)
        add_husimi_columns(c, sample.gamma, row, timers);
    row.insert(row.end(), {{"production", c.production},
                           {"production_integral", b.production_integral},
                           {"production_residual", b.production_residual},
                           {"production_quadrature_error", b.production_quadrature_error},
                           {"X_op_integral", b.X_op_integral},
                           {"bound_thm3", b.bound_theorem3},
                           {"ln_bound_thm3", b.ln_bound_theorem3},
                           {"bound_aposteriori", b.bound_aposteriori}});
    for (std::size_t k = 0; k < b.corollary1.size(); ++k)
        row.emplace_back("bound_cor1_k" + std::to_string(k + 1), b.corollary1[k]);
    const int proof_violations = add_proof_columns(t, nbody, sample, X, c.S_N.value, c.production,
                                                   b.X_op_integral, row, timers);
    row.emplace_back("violations", b.violations + spectrum_violations + proof_violations);
    return row;
}

void NBodyDiagnostics::add_husimi_columns(const MeanFieldComparison& c, const DenseMatrix& gamma,
                                          NamedRow& row, PhaseTimers& timers) const {
    ScopedPhase phase(timers, "husimi");
    // Theorem 2's distance: the marginals' Husimi transforms against gamma_t^{(x)k}'s.
    row.emplace_back("dist1_k1",
                     husimi_distance(*study_.phase_space, c.marginals.front().marginal, gamma));
    if (settings_.dist1_k2_cells > 0)
        row.emplace_back("dist1_k2",
                         husimi_distance_two_body(
                             *study_.phase_space, c.marginals.at(1).marginal, kron(gamma, gamma),
                             static_cast<std::size_t>(settings_.dist1_k2_cells)));
}

int NBodyDiagnostics::add_proof_columns(double t, NBodyRun& nbody, const HartreeSample& sample,
                                        const DenseMatrix& X, double S, double production,
                                        double X_op_integral, NamedRow& row, PhaseTimers& timers) {
    // The proof of Theorems 1 and 3 (Section 3.4, Section 9) with the admissible C_0 = 8:
    // lambda_t = 1/(4 C_0 ||X||), Tr(gamma^{(x)N} A^m) <= (2 C_0 ||X||)^m m!, hence Phi_N <= ln 2,
    // and by Lemma 1 P <= (S + Phi_N)/lambda <= 4 C_0 ||X|| (S + ln 2).
    constexpr double C0 = 8.0;
    constexpr int m_max = 6;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double X_op = sample.X_op;
    const bool faithful = sample.m0 > faithfulness_floor(study_.model.d);
    double Phi = nan, slack = nan, ratio = nan;
    std::vector<double> moments(m_max, nan);
    if (faithful && X_op == 0.0) {
        Phi = 0.0; // A = 0
        ratio = 0.0;
        std::fill(moments.begin(), moments.end(), 0.0);
    } else if (faithful && !nbody.backend->blocks() && study_.model.d > schur_weyl_max_d) {
        // The dense backend computes these on blocks of its own, which are not built beyond
        // schur_weyl_max_d: the columns stay nan (notes() says so).
        blocks_unavailable_ = true;
    } else if (faithful) {
        ScopedPhase phase(timers, "partition_function");
        const SchurWeylBlocks* blocks = nbody.backend->blocks();
        if (!blocks) {
            if (!own_blocks_)
                own_blocks_ = std::make_unique<SchurWeylBlocks>(
                    schur_weyl_blocks(study_.model.d, study_.config.model.N));
            blocks = own_blocks_.get();
        }
        const double lambda = 1.0 / (4 * C0 * X_op);
        const PartitionFunction z =
            partition_function(Session::comm(), *blocks, sample.gamma, X, lambda, m_max);
        Phi = z.log_value;
        moments = z.moments;
        slack = (S + Phi) / lambda - production;
        ratio = 0.0;
        for (int m = 1; m <= m_max; ++m)
            ratio =
                std::max(ratio, std::abs(moments[m - 1]) /
                                    std::exp(m * std::log(2 * C0 * X_op) + std::lgamma(m + 1.0)));
    }
    row.emplace_back("Phi_N", Phi);
    row.emplace_back("lemma1_slack", slack);
    for (int m = 1; m <= m_max; ++m)
        row.emplace_back("moment_" + std::to_string(m), moments[m - 1]);
    row.emplace_back("moment_ratio_max", ratio);
    const double ln2 = std::log(2.0);
    row.emplace_back("gronwall_rate", production / (S + ln2));
    row.emplace_back("gronwall_rate_bound", 4 * C0 * X_op);
    row.emplace_back("C_star", X_op_integral > 0
                                   ? std::log((S + ln2) / (budget_.S0() + ln2)) / X_op_integral
                                   : nan);
    const double tolerance = settings_.tolerances.inequality;
    int violations = 0;
    violations += budget_.record_check("partition_function", t, Phi - ln2, tolerance) ? 1 : 0;
    violations += budget_.record_check("moments", t, ratio - 1.0, tolerance) ? 1 : 0;
    violations += budget_.record_check("lemma1", t, -slack, tolerance) ? 1 : 0;
    return violations;
}

std::vector<std::string> NBodyDiagnostics::notes() const {
    std::vector<std::string> notes;
    if (!s_.infinite_note.empty())
        notes.push_back(s_.infinite_note);
    if (blocks_unavailable_)
        notes.push_back("Phi_N, the moments, lemma1_slack and the Gronwall columns are nan: they "
                        "are computed on the Schur-Weyl blocks, which qrem builds for d <= " +
                        std::to_string(schur_weyl_max_d) +
                        " only (this model has d = " + std::to_string(study_.model.d) + ")");
    if (production_stopped_)
        notes.push_back("P(t) is undefined from the time gamma_t stopped being faithful: the "
                        "production integral and its check stop there");
    if (s_.negative_spectra > 0)
        notes.push_back("Gamma_t had eigenvalues below -1e-12 at " +
                        std::to_string(s_.negative_spectra) + " output time(s), down to " +
                        format_number("%.3e", s_.min_eigenvalue) +
                        ": tighten the N-body tolerances (nbody.rtol, nbody.atol)");
    return notes;
}

int NBodyDiagnostics::update_spectrum(double t, NBodyRun& nbody, bool first, PhaseTimers& timers) {
    const bool closed = study_.model.is_closed();
    const int recheck = settings_.svn_recheck_every;
    const long index = s_.index++;
    if (closed && !first && !(recheck > 0 && index % recheck == 0))
        return 0;
    ScopedPhase phase(timers, "spectrum");
    const SpectrumEntropy now = nbody.backend->spectrum_entropy();
    ++s_.spectra_computed;
    s_.min_eigenvalue = std::min(s_.min_eigenvalue, now.min_eigenvalue);
    if (now.negative_count > 0 && s_.negative_spectra++ == 0)
        log::out() << "warning: at t = " << format_number("%g", t) << " Gamma_t has "
                   << now.negative_count << " eigenvalue(s) below -1e-12 (smallest "
                   << format_number("%.3e", now.min_eigenvalue)
                   << "): tighten nbody.rtol / nbody.atol\n";
    if (!(closed && !first)) {
        s_.spectrum = now;
        return 0;
    }
    // A recheck: S_vN(0) stays the entropy of record, the health figures are the new ones.
    s_.spectrum.min_eigenvalue = now.min_eigenvalue;
    s_.spectrum.negative_count = now.negative_count;
    return budget_.record_check("svn_conservation", t, std::abs(now.entropy - s_.spectrum.entropy),
                                settings_.tolerances.production)
               ? 1
               : 0;
}

} // namespace qrem
