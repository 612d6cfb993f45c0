#include "run/run_checkpoint.hpp"

#include "core/error.hpp"

namespace qrem {
namespace {

const std::string seconds_prefix = "seconds.";
const std::string check_prefix = "check.";

std::vector<double> position_numbers(const StepperPosition& p) {
    return {p.t, static_cast<double>(p.steps), p.dt};
}

const std::vector<double>& numbers(const RunState& state, const std::string& key,
                                   std::size_t size) {
    const auto it = state.numbers.find(key);
    if (it == state.numbers.end())
        throw Error("checkpoint: no entry '" + key + "'");
    if (size > 0 && it->second.size() != size)
        throw Error("checkpoint: entry '" + key + "' has " + std::to_string(it->second.size()) +
                    " values, expected " + std::to_string(size));
    return it->second;
}

StepperPosition position_from(const RunState& state, const std::string& key) {
    const auto& v = numbers(state, key, 3);
    return {v[0], static_cast<long>(v[1]), v[2]};
}

} // namespace

RunState to_run_state(const RunCheckpoint& c) {
    RunState s;
    s.numbers["output"] = {static_cast<double>(c.output_index), c.output_time};
    s.numbers["nbody_position"] = position_numbers(c.nbody);
    s.numbers["hartree_position"] = position_numbers(c.hartree);
    s.numbers["rhs_evaluations"] = {static_cast<double>(c.rhs_evaluations)};
    std::vector<double>& gamma = s.numbers["gamma"];
    for (std::size_t i = 0; i < c.gamma.size(); ++i)
        gamma.insert(gamma.end(), {c.gamma.data()[i].real(), c.gamma.data()[i].imag()});
    s.numbers["gamma_extremes"] = {c.gamma_trace_error, c.min_m0};
    s.numbers["attempts"] = {static_cast<double>(c.attempts)};
    for (const auto& [phase, seconds] : c.seconds)
        s.numbers[seconds_prefix + phase] = {seconds};
    if (c.petsc_options)
        s.texts["petsc_options"] = *c.petsc_options;

    const NBodyDiagnostics::State& d = c.diagnostics;
    const EntropyBudget::State& b = d.budget;
    s.numbers["budget"] = {b.started ? 1.0 : 0.0, b.S0, b.previous_S, b.X_op_integral,
                           b.production_integral};
    for (const auto& [name, e] : b.checks)
        s.numbers[check_prefix + name] = {e.tolerance, e.max_excess, e.at_t,
                                          static_cast<double>(e.evaluations),
                                          static_cast<double>(e.violations)};
    s.numbers["diagnostics"] = {d.started ? 1.0 : 0.0,
                                static_cast<double>(d.index),
                                static_cast<double>(d.spectra_computed),
                                static_cast<double>(d.negative_spectra),
                                d.min_eigenvalue,
                                d.energy0,
                                d.max_energy_drift,
                                d.X_op_previous,
                                d.production_previous,
                                d.spectrum.entropy,
                                d.spectrum.min_eigenvalue,
                                static_cast<double>(d.spectrum.negative_count)};
    s.numbers["X_op_nodes"] = d.X_op_nodes;
    s.numbers["production_nodes"] = d.production_nodes;
    s.texts["infinite_note"] = d.infinite_note;
    return s;
}

RunCheckpoint run_checkpoint_from(const RunState& s, std::size_t d) {
    RunCheckpoint c;
    const auto& output = numbers(s, "output", 2);
    c.output_index = static_cast<std::size_t>(output[0]);
    c.output_time = output[1];
    c.nbody = position_from(s, "nbody_position");
    c.hartree = position_from(s, "hartree_position");
    c.rhs_evaluations = static_cast<long>(numbers(s, "rhs_evaluations", 1)[0]);
    const auto& gamma = numbers(s, "gamma", 2 * d * d);
    c.gamma = DenseMatrix(d, d);
    for (std::size_t i = 0; i < c.gamma.size(); ++i)
        c.gamma.data()[i] = Complex(gamma[2 * i], gamma[2 * i + 1]);
    const auto& extremes = numbers(s, "gamma_extremes", 2);
    c.gamma_trace_error = extremes[0];
    c.min_m0 = extremes[1];
    // Checkpoints of qrem before 2026-12 hold no attempts, times or PETSc options: one attempt.
    c.attempts = s.numbers.count("attempts") ? static_cast<int>(numbers(s, "attempts", 1)[0]) : 1;
    for (const auto& [key, values] : s.numbers)
        if (key.starts_with(seconds_prefix) && values.size() == 1)
            c.seconds[key.substr(seconds_prefix.size())] = values[0];
    // io/checkpoint stores an empty text as " ".
    if (const auto it = s.texts.find("petsc_options"); it != s.texts.end())
        c.petsc_options = it->second == " " ? "" : it->second;

    NBodyDiagnostics::State& g = c.diagnostics;
    const auto& budget = numbers(s, "budget", 5);
    g.budget = {budget[0] != 0.0, budget[1], budget[2], budget[3], budget[4], {}};
    for (const auto& [key, v] : s.numbers)
        if (key.starts_with(check_prefix) && v.size() == 5)
            g.budget.checks[key.substr(check_prefix.size())] = {
                v[0], v[1], v[2], static_cast<long>(v[3]), static_cast<long>(v[4])};
    const auto& v = numbers(s, "diagnostics", 12);
    g.started = v[0] != 0.0;
    g.index = static_cast<long>(v[1]);
    g.spectra_computed = static_cast<long>(v[2]);
    g.negative_spectra = static_cast<long>(v[3]);
    g.min_eigenvalue = v[4];
    g.energy0 = v[5];
    g.max_energy_drift = v[6];
    g.X_op_previous = v[7];
    g.production_previous = v[8];
    g.spectrum = {v[9], v[10], static_cast<long>(v[11])};
    g.X_op_nodes = numbers(s, "X_op_nodes", 0);
    g.production_nodes = numbers(s, "production_nodes", 0);
    const auto note = s.texts.find("infinite_note");
    g.infinite_note = note == s.texts.end() || note->second == " " ? "" : note->second;
    return c;
}

} // namespace qrem
