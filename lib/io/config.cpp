#include "io/config.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/input_file.hpp"
#include "io/csv_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace po = boost::program_options;

namespace qrem {

std::vector<double> TimeGrid::output_times() const {
    std::vector<double> times;
    const double steps = t_end / dt_out;
    const auto n = static_cast<long>(std::floor(steps + 1e-9));
    for (long k = 0; k <= n; ++k)
        times.push_back(static_cast<double>(k) * dt_out);
    if (t_end - times.back() > 1e-9 * dt_out)
        times.push_back(t_end);
    else
        times.back() = t_end;
    return times;
}

po::options_description config_options() {
    // clang-format off
    po::options_description model("Model");
    model.add_options()
        ("model.type", po::value<std::string>()->default_value("bose-hubbard"),
         "one-body model: bose-hubbard, torus, qudit, file")
        ("model.N", po::value<int>()->default_value(64), "number of particles N (>= 2)");

    po::options_description bh("Bose-Hubbard (model.type = bose-hubbard)");
    bh.add_options()
        ("model.bose_hubbard.dimension", po::value<int>()->default_value(1), "lattice dimension, 1 or 2")
        ("model.bose_hubbard.sites", po::value<int>()->default_value(2), "sites per dimension (periodic)")
        ("model.bose_hubbard.J", po::value<double>()->default_value(1.0, "1"), "hopping: h = J x graph Laplacian")
        ("model.bose_hubbard.U", po::value<double>()->default_value(1.0, "1"), "on-site interaction: W = U sum_k |kk><kk|");

    po::options_description torus("Torus (model.type = torus)");
    torus.add_options()
        ("model.torus.points", po::value<int>()->default_value(16), "grid points d on the unit circle (>= 3)")
        ("model.torus.hbar", po::value<double>()->default_value(1.0, "1"), "Planck constant")
        ("model.torus.potential", po::value<std::string>()->default_value("cos"),
         "V: cos (A cos 2 pi x) or gaussian (A exp(-x^2/2w^2))")
        ("model.torus.amplitude", po::value<double>()->default_value(1.0, "1"), "amplitude A of V")
        ("model.torus.width", po::value<double>()->default_value(0.1, "0.1"), "width w of the Gaussian V")
        ("model.torus.semiclassical", po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
         "paper §8 scaling: h = -hbar Laplacian, V = Phi/hbar");

    po::options_description qudit("Qudit (model.type = qudit)");
    qudit.add_options()
        ("model.qudit.levels", po::value<int>()->default_value(2), "levels d (spin (d-1)/2)")
        ("model.qudit.coupling", po::value<std::string>()->default_value("heisenberg"), "W: ising, heisenberg or on-site")
        ("model.qudit.coupling_strength", po::value<double>()->default_value(1.0, "1"), "coupling strength g")
        ("model.qudit.field_z", po::value<double>()->default_value(0.5, "0.5"), "h = field_z S_z + field_x S_x")
        ("model.qudit.field_x", po::value<double>()->default_value(1.0, "1"), "see field_z");

    po::options_description file("File model (model.type = file)");
    file.add_options()
        ("model.file.h", po::value<std::string>()->default_value(""), "h (d x d): Matrix Market (.mtx) or plain text")
        ("model.file.W", po::value<std::string>()->default_value(""), "W (d^2 x d^2, pair index a*d + c)");

    po::options_description lindblad("Lindblad");
    lindblad.add_options()
        ("lindblad.jump", po::value<std::vector<std::string>>()->composing()
             ->default_value({"site-dephasing 0.5"}, "site-dephasing 0.5"),
         "jump operators, repeatable: 'site-dephasing RATE', 'number RATE [w0,w1,..]', "
         "'amplitude-damping RATE', 'matrix FILE [RATE]', or 'none' (closed system)");

    po::options_description initial("Initial state");
    initial.add_options()
        ("initial.beta", po::value<double>()->default_value(1.0, "1"), "gamma_0 = exp(-beta h_0)/Z")
        ("initial.tilt", po::value<double>()->default_value(0.3, "0.3"), "h_0 = h + tilt sum_k k|k><k|")
        ("initial.gamma_file", po::value<std::string>()->default_value(""), "read gamma_0 from this file instead")
        ("initial.type", po::value<std::string>()->default_value("thermal"),
         "gamma_0: thermal (exp(-beta h_0)/Z, or initial.gamma_file) or toeplitz (Op^T_hbar[mu] "
         "on the torus model's phase space, paper (2.6))")
        ("initial.toeplitz.q", po::value<double>()->default_value(0.5, "0.5"), "centre q of mu's Gaussian (on the unit circle)")
        ("initial.toeplitz.p", po::value<double>()->default_value(0.0, "0"), "centre p of mu's Gaussian")
        ("initial.toeplitz.width_q", po::value<double>()->default_value(0.1, "0.1"), "width of mu in q (periodic distance)")
        ("initial.toeplitz.width_p", po::value<double>()->default_value(0.5, "0.5"), "width of mu in p")
        ("initial.toeplitz.uniform", po::value<double>()->default_value(1e-6, "1e-6"),
         "weight u of the uniform measure in mu (gamma_0 >= u/d: faithful, the paper's Remark 2)")
        ("initial.nbody_state", po::value<std::string>()->default_value("product"),
         "Gamma_0: product (gamma_0^(x)N), perturbed ((1-eps) gamma_0^(x)N + eps (1/d)^(x)N), "
         "gibbs (exp(-beta(H_N + tilt sum_j n_j))/Z) or file")
        ("initial.epsilon", po::value<double>()->default_value(0.1, "0.1"), "eps of the perturbed state, in [0, 1]")
        ("initial.Gamma_file", po::value<std::string>()->default_value(""),
         "HDF5 file of Gamma_0 (initial.nbody_state = file)");

    po::options_description time("Time");
    time.add_options()
        ("time.t_end", po::value<double>()->default_value(5.0, "5"), "final time")
        ("time.dt_out", po::value<double>()->default_value(0.1, "0.1"), "spacing of output times");

    po::options_description hartree("Hartree solver (PETSc TS, prefix -hartree_)");
    hartree.add_options()
        ("hartree.rtol", po::value<double>()->default_value(1e-12, "1e-12"), "relative tolerance")
        ("hartree.atol", po::value<double>()->default_value(1e-12, "1e-12"), "absolute tolerance")
        ("hartree.min_step_ratio", po::value<double>()->default_value(1e-9, "1e-9"),
         "stop with an error (exit 3) when a step is shorter than this x the output interval")
        ("hartree.max_steps_per_output", po::value<int>()->default_value(100000),
         "stop with an error (exit 3) after this many steps within one output interval");

    po::options_description nbody("N-body solver (PETSc TS, no prefix: -ts_type, -ts_rk_type, ...)");
    nbody.add_options()
        ("nbody.evolve", po::value<bool>()->default_value(true, "true"), "evolve Gamma_t (false: Hartree only)")
        ("nbody.backend", po::value<std::string>()->default_value("auto"),
         "representation of Gamma: dense (D x D, any state), symmetric (Schur-Weyl blocks, "
         "permutation-invariant states, d <= 8, large N) or auto (symmetric for d <= 4 where it applies)")
        ("nbody.method", po::value<std::string>()->default_value("dormand-prince"),
         "dormand-prince (adaptive Dormand-Prince 5(4), each vector combination one pass over "
         "memory), krylov (exp(tau L) by Arnoldi: steps not limited by stiffness, for strong "
         "dissipation) or "
         "runge-kutta (PETSc TS: Dormand-Prince 5(4) unless -ts_type/-ts_rk_type say otherwise)")
        ("nbody.rtol", po::value<double>()->default_value(1e-10, "1e-10"),
         "relative tolerance (krylov: local error per step in the 2-norm of the state)")
        ("nbody.atol", po::value<double>()->default_value(1e-12, "1e-12"), "absolute tolerance")
        ("nbody.krylov_dimension", po::value<int>()->default_value(30),
         "krylov: largest Krylov space per step (memory: this + 1 state-sized vectors)")
        ("nbody.min_step_ratio", po::value<double>()->default_value(1e-9, "1e-9"),
         "stop with an error (exit 3) when a step is shorter than this x the output interval "
         "(also the Gibbs state's imaginary-time pieces)")
        ("nbody.max_steps_per_output", po::value<int>()->default_value(100000),
         "stop with an error (exit 3) after this many steps within one output interval")
        ("nbody.frame", po::value<std::string>()->default_value("auto"),
         "symmetric backend: interaction (integrate in the interaction picture of h: steps not "
         "bound by N times h's spread), lab, or auto (interaction unless nbody.method = krylov, "
         "or h is not diagonal and d > 2 or states are saved or read)");

    po::options_description diagnostics("Diagnostics (at every output time)");
    diagnostics.add_options()
        ("diagnostics.k_max", po::value<int>()->default_value(2),
         "marginals Gamma^{N:k} for k = 1..k_max (1 <= k_max <= N, d^k_max <= 1024)")
        ("diagnostics.spectrum", po::value<std::string>()->default_value("scalapack"),
         "eigenvalues of Gamma: scalapack (values only) or slepc (EPS, prefix -spectrum_)")
        ("diagnostics.svn_recheck_every", po::value<int>()->default_value(0),
         "closed systems: S_vN is conserved and computed once; recompute and check it every "
         "this many output times (0: never)")
        ("diagnostics.quadrature_step", po::value<double>()->default_value(0.01, "0.01"),
         "largest spacing of the Simpson nodes of int P dt and int ||X||_op dt between output "
         "times (Gamma_t is sampled there)")
        ("diagnostics.tolerance", po::value<double>()->default_value(1e-10, "1e-10"),
         "tolerance of the Pinsker, subadditivity, Corollary 1 and bound checks (on entropies; "
         "trace distances enter squared)")
        ("diagnostics.production_tolerance", po::value<double>()->default_value(1e-6, "1e-6"),
         "tolerance of the production identity S(t_n+1) - S(t_n) = int P dt")
        ("diagnostics.dist1_k2_cells", po::value<int>()->default_value(0),
         "torus model: dist_1 of the two-body Husimi transforms (column dist1_k2) on this many "
         "cells per axis and particle (cells^4 points; 0: off; needs k_max >= 2)");

    po::options_description output("Output");
    output.add_options()
        ("output.dir", po::value<std::string>()->default_value(""),
         "results folder (default: a new qrem-runs/<timestamp>)")
        ("output.overwrite", po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
         "write into a folder that already holds a finished run")
        ("output.quiet", po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
         "no progress lines")
        ("output.progress_interval", po::value<double>()->default_value(10.0, "10"),
         "seconds of wall time between progress lines within an output interval (0: none)")
        ("output.plot", po::value<bool>()->default_value(true, "true")->implicit_value(true, "true"),
         "draw entropy.png with Debian's matplotlib (the run succeeds without it)")
        ("output.save_state_at", po::value<std::string>()->default_value(""),
         "output times (separated by commas or spaces) at which Gamma_t is written to "
         "state_t=<t>.h5 (dense backend: usable as initial.Gamma_file)");

    po::options_description checkpoint("Checkpoints (qrem run --restart; SIGTERM/SIGUSR1 always write one)");
    checkpoint.add_options()
        ("checkpoint.every", po::value<int>()->default_value(0),
         "write a checkpoint every this many output times (0: not by count)")
        ("checkpoint.minutes", po::value<double>()->default_value(30.0, "30"),
         "write a checkpoint at the first output time this many wall minutes after the last "
         "(0: not by time)");

    po::options_description run("Admission (qrem run refuses a run whose memory estimate does not fit)");
    run.add_options()
        ("run.memory_per_rank", po::value<double>()->default_value(0.0, "0"),
         "GiB each rank may use (clusters: the job's memory per task); 0: this machine's "
         "available memory shared by its ranks")
        ("run.force", po::value<bool>()->default_value(false, "false")->implicit_value(true, "true"),
         "run even where the memory estimate (qrem info) says it does not fit");
    // clang-format on

    po::options_description all;
    all.add(model)
        .add(bh)
        .add(torus)
        .add(qudit)
        .add(file)
        .add(lindblad)
        .add(initial)
        .add(time)
        .add(hartree)
        .add(nbody)
        .add(diagnostics)
        .add(output)
        .add(checkpoint)
        .add(run);
    return all;
}

namespace {

/// The keys whose values are file paths (and lindblad.jump's 'matrix FILE [RATE]').
const std::vector<std::string>& path_keys() {
    static const std::vector<std::string> keys = {"model.file.h", "model.file.W",
                                                  "initial.gamma_file", "initial.Gamma_file"};
    return keys;
}

/// `path` resolved against `base` when relative ("" stays "").
std::string resolve_path(const std::string& path, const std::filesystem::path& base) {
    if (path.empty() || std::filesystem::path(path).is_absolute())
        return path;
    return (base / path).lexically_normal().string();
}

/// A 'matrix FILE [RATE]' jump entry with FILE resolved against `base`; other entries as they
/// are.
std::string resolve_jump_path(const std::string& entry, const std::filesystem::path& base) {
    std::istringstream in(entry);
    std::string kind, file;
    if (!(in >> kind) || kind != "matrix" || !(in >> file))
        return entry;
    std::string rest;
    std::getline(in, rest);
    return kind + " " + resolve_path(file, base) + rest;
}

/// Paths written in a config file are relative to that file, not to the working directory.
void resolve_paths_from_file(po::variables_map& from_file, const std::filesystem::path& base) {
    auto& values = static_cast<std::map<std::string, po::variable_value>&>(from_file);
    for (const auto& key : path_keys())
        if (const auto it = values.find(key); it != values.end() && !it->second.defaulted())
            it->second = po::variable_value(
                boost::any(resolve_path(it->second.as<std::string>(), base)), false);
    if (const auto it = values.find("lindblad.jump");
        it != values.end() && !it->second.defaulted()) {
        auto entries = it->second.as<std::vector<std::string>>();
        for (auto& e : entries)
            e = resolve_jump_path(e, base);
        it->second = po::variable_value(boost::any(entries), false);
    }
}

} // namespace

po::variables_map parse_config_arguments(const std::vector<std::string>& args,
                                         const po::options_description& extra) {
    return parse_config_arguments(args, extra, config_options());
}

po::variables_map parse_config_arguments(const std::vector<std::string>& args,
                                         const po::options_description& extra,
                                         const po::options_description& keys) {
    po::options_description config_file("Config file");
    config_file.add_options()("config", po::value<std::string>(), "INI file of config keys");
    po::options_description cli;
    cli.add(extra).add(config_file).add(keys);
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(cli).run(), values);
        if (values.count("config")) {
            const std::string path = values["config"].as<std::string>();
            // A config of more than 1 MiB is a mistake (e.g. /dev/zero, a data file).
            std::ifstream in = open_input_file(path, "config", std::uintmax_t{1} << 20);
            po::variables_map from_file;
            po::store(po::parse_config_file(in, keys), from_file);
            resolve_paths_from_file(from_file, std::filesystem::path(path).parent_path());
            // A key given on the command line replaces the file's value (lists included).
            auto& merged = static_cast<std::map<std::string, po::variable_value>&>(values);
            for (const auto& [key, value] : from_file)
                if (!values.count(key) || values[key].defaulted())
                    merged[key] = value;
        }
        po::notify(values);
    } catch (const po::error& e) {
        std::string option = "command line";
        if (const auto* with_name = dynamic_cast<const po::error_with_option_name*>(&e))
            if (!with_name->get_option_name().empty())
                option = with_name->get_option_name();
        while (!option.empty() && option.front() == '-')
            option.erase(option.begin());
        throw InputError(option, e.what());
    }
    return values;
}

namespace {

template <typename T> T get(const po::variables_map& v, const std::string& key) {
    return v[key].as<T>();
}

void require(bool ok, const std::string& field, const std::string& violation) {
    if (!ok)
        throw InputError(field, violation);
}

/// The stall limits of an integrator from `section`.min_step_ratio and .max_steps_per_output.
StepLimits step_limits(const po::variables_map& v, const std::string& section) {
    const StepLimits limits{get<double>(v, section + ".min_step_ratio"),
                            get<int>(v, section + ".max_steps_per_output")};
    require(std::isfinite(limits.min_step_ratio) && limits.min_step_ratio >= 0 &&
                limits.min_step_ratio < 1,
            section + ".min_step_ratio", "must lie in [0, 1), got " + sci(limits.min_step_ratio));
    require(limits.max_steps >= 1, section + ".max_steps_per_output",
            "must be >= 1, got " + std::to_string(limits.max_steps));
    return limits;
}

} // namespace

RunConfig run_config_from(const po::variables_map& v) {
    // Every number first: NaN and infinities pass most range checks below unnoticed (NaN fails
    // every comparison; a later key's check would be blamed).
    for (const auto& [key, value] : v)
        if (const auto* x = boost::any_cast<double>(&value.value()))
            require(std::isfinite(*x), key, "must be a finite number, got " + sci(*x));
    RunConfig c;
    ModelSpec& m = c.model;
    m.type = get<std::string>(v, "model.type");
    m.N = get<int>(v, "model.N");
    m.bose_hubbard = {
        get<int>(v, "model.bose_hubbard.dimension"), get<int>(v, "model.bose_hubbard.sites"),
        get<double>(v, "model.bose_hubbard.J"), get<double>(v, "model.bose_hubbard.U")};
    m.torus = {get<int>(v, "model.torus.points"),
               get<double>(v, "model.torus.hbar"),
               get<std::string>(v, "model.torus.potential"),
               get<double>(v, "model.torus.amplitude"),
               get<double>(v, "model.torus.width"),
               get<bool>(v, "model.torus.semiclassical")};
    m.qudit = {get<int>(v, "model.qudit.levels"), get<std::string>(v, "model.qudit.coupling"),
               get<double>(v, "model.qudit.coupling_strength"),
               get<double>(v, "model.qudit.field_z"), get<double>(v, "model.qudit.field_x")};
    m.file = {get<std::string>(v, "model.file.h"), get<std::string>(v, "model.file.W")};
    for (const auto& text : get<std::vector<std::string>>(v, "lindblad.jump"))
        if (text != "none")
            m.jumps.push_back(parse_jump_spec(text, "lindblad.jump"));

    c.initial = {get<double>(v, "initial.beta"), get<double>(v, "initial.tilt"),
                 get<std::string>(v, "initial.gamma_file"), get<std::string>(v, "initial.type"),
                 {get<double>(v, "initial.toeplitz.q"), get<double>(v, "initial.toeplitz.p"),
                  get<double>(v, "initial.toeplitz.width_q"),
                  get<double>(v, "initial.toeplitz.width_p"),
                  get<double>(v, "initial.toeplitz.uniform")}};
    // initial.type is checked where gamma_0 is made (initial_one_body_state).
    c.nbody_initial = {get<std::string>(v, "initial.nbody_state"),
                       get<double>(v, "initial.epsilon"),
                       get<std::string>(v, "initial.Gamma_file")};
    const auto& kind = c.nbody_initial.kind;
    require(kind == "product" || kind == "perturbed" || kind == "gibbs" || kind == "file",
            "initial.nbody_state", "must be product, perturbed, gibbs or file; got '" + kind + "'");
    require(c.nbody_initial.epsilon >= 0 && c.nbody_initial.epsilon <= 1, "initial.epsilon",
            "must lie in [0, 1], got " + sci(c.nbody_initial.epsilon));
    require(kind != "file" || !c.nbody_initial.Gamma_file.empty(), "initial.Gamma_file",
            "is required for initial.nbody_state = file");
    c.evolve_nbody = get<bool>(v, "nbody.evolve");
    c.backend = get<std::string>(v, "nbody.backend");
    c.frame = get<std::string>(v, "nbody.frame");
    require(c.frame == "auto" || c.frame == "lab" || c.frame == "interaction", "nbody.frame",
            "must be auto, lab or interaction, got '" + c.frame + "'");
    require(c.backend == "auto" || c.backend == "dense" || c.backend == "symmetric",
            "nbody.backend", "must be auto, dense or symmetric, got '" + c.backend + "'");
    c.nbody = {get<double>(v, "nbody.rtol"), get<double>(v, "nbody.atol"),
               parse_method(get<std::string>(v, "nbody.method")),
               get<int>(v, "nbody.krylov_dimension")};
    require(c.nbody.krylov_dimension >= 2 && c.nbody.krylov_dimension <= 200,
            "nbody.krylov_dimension",
            "must lie in [2, 200], got " + std::to_string(c.nbody.krylov_dimension));
    c.nbody_limits = step_limits(v, "nbody");
    require(c.nbody.rtol > 0 && c.nbody.rtol < 1, "nbody.rtol",
            "must lie in (0, 1), got " + sci(c.nbody.rtol));
    require(c.nbody.atol > 0 && c.nbody.atol < 1, "nbody.atol",
            "must lie in (0, 1), got " + sci(c.nbody.atol));

    c.time = {get<double>(v, "time.t_end"), get<double>(v, "time.dt_out")};
    require(std::isfinite(c.time.t_end) && c.time.t_end > 0, "time.t_end",
            "must be positive, got " + sci(c.time.t_end));
    require(std::isfinite(c.time.dt_out) && c.time.dt_out > 0, "time.dt_out",
            "must be positive, got " + sci(c.time.dt_out));
    require(c.time.t_end / c.time.dt_out <= 1e6, "time.dt_out",
            "gives more than 10^6 output times up to time.t_end = " + sci(c.time.t_end));

    c.hartree = {get<double>(v, "hartree.rtol"), get<double>(v, "hartree.atol")};
    c.hartree_limits = step_limits(v, "hartree");
    require(c.hartree.rtol > 0 && c.hartree.rtol < 1, "hartree.rtol",
            "must lie in (0, 1), got " + sci(c.hartree.rtol));
    require(c.hartree.atol > 0 && c.hartree.atol < 1, "hartree.atol",
            "must lie in (0, 1), got " + sci(c.hartree.atol));

    c.output = {get<std::string>(v, "output.dir"), get<bool>(v, "output.overwrite"),
                get<bool>(v, "output.quiet"), get<double>(v, "output.progress_interval"),
                get<bool>(v, "output.plot")};
    require(c.output.progress_interval >= 0, "output.progress_interval",
            "must be >= 0, got " + sci(c.output.progress_interval));
    {
        std::string text = get<std::string>(v, "output.save_state_at");
        std::replace(text.begin(), text.end(), ',', ' ');
        std::istringstream words(text);
        const std::vector<double> times = c.time.output_times();
        for (std::string word; words >> word;) {
            char* end = nullptr;
            const double t = std::strtod(word.c_str(), &end);
            require(end && *end == '\0' && std::isfinite(t), "output.save_state_at",
                    "'" + word + "' is not a number");
            // The output time it names, within rounding of k * dt_out.
            const auto match = std::find_if(times.begin(), times.end(), [&](double s) {
                return std::abs(s - t) <= 1e-9 * std::max(1.0, std::abs(s));
            });
            require(match != times.end(), "output.save_state_at",
                    word + " is not an output time (multiples of time.dt_out = " +
                        sci(c.time.dt_out) + " up to time.t_end = " + sci(c.time.t_end) + ")");
            c.output.save_state_at.push_back(*match);
        }
        std::sort(c.output.save_state_at.begin(), c.output.save_state_at.end());
        c.output.save_state_at.erase(
            std::unique(c.output.save_state_at.begin(), c.output.save_state_at.end()),
            c.output.save_state_at.end());
    }

    c.run = {get<double>(v, "run.memory_per_rank"), get<bool>(v, "run.force")};
    require(c.run.memory_per_rank_gib >= 0, "run.memory_per_rank",
            "must be >= 0 (GiB), got " + sci(c.run.memory_per_rank_gib));
    c.checkpoint = {get<int>(v, "checkpoint.every"), get<double>(v, "checkpoint.minutes")};
    require(c.checkpoint.every >= 0, "checkpoint.every",
            "must be >= 0, got " + std::to_string(c.checkpoint.every));
    require(std::isfinite(c.checkpoint.minutes) && c.checkpoint.minutes >= 0, "checkpoint.minutes",
            "must be >= 0, got " + sci(c.checkpoint.minutes));

    auto& g = c.diagnostics;
    g.k_max = get<int>(v, "diagnostics.k_max");
    // (model.N itself is checked with the model; an invalid N is reported as such.)
    require(g.k_max >= 1 && (c.model.N < 2 || g.k_max <= c.model.N), "diagnostics.k_max",
            "must lie in 1..model.N = " + std::to_string(c.model.N) + ", got " +
                std::to_string(g.k_max));
    g.spectrum =
        parse_spectrum_method(get<std::string>(v, "diagnostics.spectrum"), "diagnostics.spectrum");
    g.svn_recheck_every = get<int>(v, "diagnostics.svn_recheck_every");
    require(g.svn_recheck_every >= 0, "diagnostics.svn_recheck_every",
            "must be >= 0, got " + std::to_string(g.svn_recheck_every));
    g.quadrature_step = get<double>(v, "diagnostics.quadrature_step");
    require(std::isfinite(g.quadrature_step) && g.quadrature_step > 0,
            "diagnostics.quadrature_step", "must be positive, got " + sci(g.quadrature_step));
    require(c.time.dt_out / g.quadrature_step <= 1e4, "diagnostics.quadrature_step",
            "gives more than 10^4 quadrature nodes per output interval (time.dt_out = " +
                sci(c.time.dt_out) + ")");
    g.tolerances = {get<double>(v, "diagnostics.tolerance"),
                    get<double>(v, "diagnostics.production_tolerance")};
    require(g.tolerances.inequality > 0, "diagnostics.tolerance",
            "must be positive, got " + sci(g.tolerances.inequality));
    require(g.tolerances.production > 0, "diagnostics.production_tolerance",
            "must be positive, got " + sci(g.tolerances.production));
    g.dist1_k2_cells = get<int>(v, "diagnostics.dist1_k2_cells");
    if (g.dist1_k2_cells != 0) {
        require(c.model.type == "torus", "diagnostics.dist1_k2_cells",
                "needs model.type = torus (its phase space), got '" + c.model.type + "'");
        require(g.dist1_k2_cells >= 1 && g.dist1_k2_cells <= c.model.torus.points &&
                    g.dist1_k2_cells <= 12,
                "diagnostics.dist1_k2_cells",
                "must lie in 1..min(12, model.torus.points = " +
                    std::to_string(c.model.torus.points) + ") (cells^4 points), got " +
                    std::to_string(g.dist1_k2_cells));
        require(g.k_max >= 2, "diagnostics.dist1_k2_cells",
                "needs Gamma^{N:2}: diagnostics.k_max >= 2, got " + std::to_string(g.k_max));
    }
    return c;
}

int DiagnosticsSpec::quadrature_intervals(double dt) const {
    // A multiple of 4, so that Simpson on every other node estimates the error.
    const int quarter = static_cast<int>(std::ceil(dt / (4.0 * quadrature_step) - 1e-9));
    return 4 * std::max(quarter, 1);
}

std::vector<std::pair<std::string, std::vector<std::string>>>
effective_config(const po::variables_map& values) {
    std::vector<std::pair<std::string, std::vector<std::string>>> keys;
    const auto options = config_options();
    for (const auto& option : options.options()) {
        const std::string& key = option->long_name();
        if (!values.count(key))
            continue;
        const boost::any& value = values[key].value();
        std::vector<std::string> rendered;
        if (const auto* i = boost::any_cast<int>(&value))
            rendered.push_back(std::to_string(*i));
        else if (const auto* x = boost::any_cast<double>(&value))
            rendered.push_back(format_exact(*x));
        else if (const auto* b = boost::any_cast<bool>(&value))
            rendered.push_back(*b ? "true" : "false");
        else if (const auto* s = boost::any_cast<std::string>(&value))
            // Paths absolute, so that config.ini works from any directory (and as --config).
            rendered.push_back(
                std::find(path_keys().begin(), path_keys().end(), key) != path_keys().end()
                    ? resolve_path(*s, std::filesystem::current_path())
                    : *s);
        else if (const auto* list = boost::any_cast<std::vector<std::string>>(&value)) {
            rendered = *list;
            if (key == "lindblad.jump")
                for (auto& e : rendered)
                    e = resolve_jump_path(e, std::filesystem::current_path());
        }
        keys.emplace_back(key, std::move(rendered));
    }
    return keys;
}

std::string physics_config_text(const po::variables_map& values) {
    std::string text;
    for (const auto& [key, rendered] : effective_config(values)) {
        // Neither the results nor the integrators' steps depend on these: a restart may change
        // them (e.g. raise a stall limit).
        if (key.starts_with("output.") || key.starts_with("checkpoint.") ||
            key.starts_with("run.") || key == "time.t_end" || key.ends_with(".min_step_ratio") ||
            key.ends_with(".max_steps_per_output"))
            continue;
        for (const auto& r : rendered)
            text += key + " = " + r + "\n";
    }
    return text;
}

std::string effective_config_ini(const po::variables_map& values) {
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
    for (const auto& [key, rendered] : effective_config(values)) {
        const auto dot = key.rfind('.');
        for (const auto& r : rendered)
            sections[key.substr(0, dot)].emplace_back(key.substr(dot + 1), r);
    }
    std::ostringstream ini;
    ini << "# qrem effective configuration: every key with the value this run used.\n"
           "# Re-run with: qrem run --config <this file>\n";
    for (const auto& [section, entries] : sections) {
        ini << "\n[" << section << "]\n";
        for (const auto& [key, value] : entries)
            ini << key << " = " << value << "\n";
    }
    return ini.str();
}

} // namespace qrem
