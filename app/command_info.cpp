// `qrem info`: the model, its one-body data and the sizes of the N-body problem.
#include "commands.hpp"
#include "run/memory_estimate.hpp"
#include "run/run_time_estimate.hpp"
#include "run/study.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/initial_state.hpp"
#include "model/jump_reduction.hpp"
#include "model/mean_field.hpp"
#include "nbody/nbody_operators.hpp"
#include "representation/gelfand_tsetlin.hpp"

#include <map>

#include <petscsys.h>

#include <cmath>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const info_usage = R"(Usage: qrem info [--config FILE] [--key value ...]

Prints the model (d, h, W, jump operators and whether they are normal), gamma_0 and m_0,
Theorem 3's constant bound C_W <= 4||W||_op/m_0, and the size of the N-body problem: the
backend that would run (nbody.backend), D = d^N, the memory of Gamma and of the integrator
per rank at the current rank count (Schur-Weyl blocks and, for comparison, the dense matrix),
whether D^2 can be indexed with this PETSc, whether the run fits in this machine's memory,
and, where it fits, its wall time at this rank count (a short trial on the spot).
)";

/// "42 s", "3.5 min", "2.1 h".
std::string duration(double s) {
    if (s < 120)
        return format_number("%.3g", s) + " s";
    if (s < 7200)
        return format_number("%.3g", s / 60) + " min";
    return format_number("%.3g", s / 3600) + " h";
}

std::string bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (b >= 1024 && u < 6) {
        b /= 1024;
        ++u;
    }
    return sci(b, 4) + " " + units[u];
}

} // namespace

int command_info(const std::vector<std::string>& args) {
    po::options_description info_options("Info");
    info_options.add_options()(
        "estimate-seconds", po::value<double>()->default_value(10.0, "10"),
        "wall seconds of the trial integration that estimates the run time, which takes at least 3 "
        "steps (0: no estimate)");
    const auto study = load_study(args, info_usage, info_options, false);
    if (!study)
        return 0;
    const OneBodyModel& model = study->model;
    const int N = study->config.model.N;
    const int ranks = Session::size();
    const double m0 = smallest_eigenvalue(study->gamma0);
    const double W_norm = hermitian_op_norm(model.W);
    const double D = nbody_dimension(model.d, N);
    const double gamma_bytes = D * D * sizeof(PetscScalar);
    const NBodyIntegration& integration = study->config.nbody;
    // The configured method's vectors, and (for PETSc's TS) a lean RK scheme's for comparison.
    const int vectors = integrator_vectors(integration);
    const int vectors_3bs = rk_work_vectors(4);
    const std::string vectors_what =
        integration.method == NBodyMethod::krylov ? "the Krylov basis (nbody.krylov_dimension + 1)"
        : integration.method == NBodyMethod::dormand_prince
            ? "the state, the Dormand-Prince stage and its 7 derivatives"
            : "rk 5dp stages and work vectors";
    const bool at_nodes = forms_state_at_nodes(integration.method);
    // The symmetric backend's layout follows the jump operators its generator applies.
    const std::size_t jump_operators = fewest_jump_operators(model).L.size();
    const double per_rank = run_bytes_per_rank(model.d, N, ranks, vectors, at_nodes);
    // What this process can still use (MemAvailable, or the cgroup limit under Slurm): all
    // ranks of this run on this machine share it; keep 10% for the system.
    const double node = static_cast<double>(available_memory_bytes());
    const auto fits = [&](int n, int integrator_vectors) {
        return run_bytes_per_rank(model.d, n, ranks, integrator_vectors, at_nodes) * ranks <
                   0.9 * node &&
               index_range_problem(model.d, n).empty();
    };
    const auto largest = [&](int integrator_vectors) {
        int n = 1;
        while (n < 64 && fits(n + 1, integrator_vectors))
            ++n;
        return n;
    };

    // H_N as MPIAIJ (values and column indices) for Tr(H_N Gamma); the right-hand side keeps
    // its structure, not a matrix. The largest count over a few rows of mixed digits.
    double nonzeros_per_row = 0;
    if (index_range_problem(model.d, N).empty()) {
        const NBodySpace space(model.d, N);
        const auto terms = few_body_terms(space, {model.h, model.W, 1.0 / std::max(1, N - 1)});
        for (const std::int64_t r :
             {std::int64_t{0}, space.D() / 3, space.D() / 2 - 1, space.D() - 1}) {
            std::map<std::int64_t, Complex> row;
            few_body_row(space, terms, std::max<std::int64_t>(r, 0), row);
            nonzeros_per_row = std::max(nonzeros_per_row, static_cast<double>(row.size()));
        }
    }
    const double operator_bytes =
        std::ceil(D / ranks) * nonzeros_per_row * (sizeof(PetscScalar) + sizeof(PetscInt));

    BackendChoice backend{"dense", ""};
    std::string backend_problem;
    try {
        backend = choose_study_backend(study->config, model.d);
    } catch (const InputError& e) {
        backend_problem = e.what();
    }

    auto& out = log::out();
    out << "model           " << model.name << ", d = " << model.d << ", N = " << N << "\n"
        << "h               ||h||_op = " << sci(hermitian_op_norm(model.h), 6) << "\n"
        << "W               ||W||_op = " << sci(W_norm, 6) << " (Hermitian, exchange-symmetric)\n"
        << "jump operators\n"
        << describe_jumps(model) << "Theorem 3       normal L assumed: "
        << (model.all_jumps_normal() ? "holds" : "does NOT hold") << "\n"
        << "gamma_0         "
        << (study->config.initial.gamma_file.empty() ? "thermal" : "from file")
        << ", m_0 = " << sci(m0, 6)
        << ", C_W <= 4||W||_op/m_0 = " << sci(fluctuation_constant_bound(model.W, m0), 6) << "\n"
        << "N-body space    D = d^N = " << sci(D, 15) << "\n"
        << "backend         "
        << (backend_problem.empty() ? backend.name + " (" + backend.reason + ")"
                                    : "cannot run: " + backend_problem)
        << "\n";
    if (backend.name == "symmetric" && backend_problem.empty()) {
        const BlockSizes sizes = block_sizes(model.d, N);
        const double copy = sizes.packed_entries * sizeof(PetscScalar);
        // All ranks of this run on this machine together.
        const auto blocks_fit = [&](int n) {
            return symmetric_run_bytes(model.d, n, ranks, vectors, jump_operators, at_nodes) *
                       ranks <
                   0.9 * node;
        };
        int largest_blocks = 2;
        while (largest_blocks < 100000 && blocks_fit(largest_blocks + 1))
            ++largest_blocks;
        out << "Gamma (blocks)  " << sci(sizes.packed_entries, 6)
            << " complex entries (upper triangles), " << bytes(copy) << " per copy\n"
            << "memory per rank about "
            << bytes(symmetric_run_bytes(model.d, N, ranks, vectors, jump_operators, at_nodes))
            << " on " << ranks << " rank(s): " << block_copies(vectors, model.d, at_nodes)
            << " copies of the blocks (" << vectors_what
            << (at_nodes ? ", the state at the quadrature nodes" : "")
            << (model.d == 2 ? ""
                             : ", the generator's unpacked copy of its blocks and their "
                               "neighbours")
            << "), the sparse operators on the blocks and the diagnostics' dense work space ("
            << format_number("%g", sizes.largest_dimension) << " x "
            << format_number("%g", sizes.largest_dimension) << ", the largest block)\n"
            << "this machine    " << bytes(node) << " available: the run "
            << (blocks_fit(N) ? "fits" : "does NOT fit")
            << "; largest N that fits: " << largest_blocks << "\n"
            << "dense backend   (nbody.backend = dense) would need:\n";
    }
    out << "Gamma           D x D complex = " << bytes(gamma_bytes) << " in all\n"
        << "memory per rank " << bytes(per_rank) << " on " << ranks
        << " rank(s): " << gamma_sized_blocks(vectors, ranks, at_nodes, D)
        << " copies of a rank's rows of Gamma (" << vectors_what << ", right-hand side work, "
        << (at_nodes ? "Gamma at the quadrature nodes, " : "") << "the spectrum's copies)\n";
    if (nonzeros_per_row > 0)
        out << "operators       H_N: about " << sci(nonzeros_per_row, 4) << " nonzeros per row, "
            << bytes(operator_bytes) << " per rank (MPIAIJ)\n";
    else
        out << "operators       H_N: not estimated (D cannot be indexed, below)\n";
    out << "PetscInt        " << 8 * sizeof(PetscInt) << "-bit: ";
    if (const std::string problem = index_range_problem(model.d, N); !problem.empty())
        out << "does NOT fit: " << problem << "\n";
    else
        out << "D^2 can be indexed\n";
    out << "this machine    " << bytes(node) << " available: the run "
        << (fits(N, vectors) ? "fits" : "does NOT fit") << " with " << ranks
        << " rank(s) here; largest N that fits: " << largest(vectors) << " (nbody.method "
        << method_name(integration.method) << ")";
    if (integration.method == NBodyMethod::runge_kutta)
        out << ", " << largest(vectors_3bs) << " (-ts_rk_type 3bs, "
            << gamma_sized_blocks(vectors_3bs, ranks, at_nodes, D) << " blocks)";
    out << "\n";

    const double budget = study->values["estimate-seconds"].as<double>();
    const bool run_fits =
        backend.name == "symmetric"
            ? symmetric_run_bytes(model.d, N, ranks, vectors, jump_operators, at_nodes) * ranks <
                  0.9 * node
            : fits(N, vectors);
    if (budget > 0 && study->config.evolve_nbody && backend_problem.empty() && run_fits) {
        out << "run time        estimating (a trial of " << trial_min_steps
            << " N-body steps or more, for up to " << format_number("%g", budget) << " s) ...\n"
            << std::flush;
        const RunTimeEstimate e = estimate_run_time(*study, budget);
        out << "run time        about " << duration(e.total_seconds) << " on " << ranks
            << " rank(s): the diagnostics of t = 0 took " << sci(e.measure_seconds, 3) << " s"
            << (e.later_measure_seconds > 0
                    ? ", of the next output time " + sci(e.later_measure_seconds, 3) + " s (x " +
                          std::to_string(e.output_times - 1) + " output times)"
                    : " (x " + std::to_string(e.output_times) + " output times)")
            << "; " << e.trial_steps
            << " N-body steps with the Hartree state and the quadrature nodes reached t = "
            << format_number("%.4g", e.trial_reached) << " in " << sci(e.trial_seconds, 3)
            << " s (the first " << sci(e.first_step_seconds, 3) << " s); at the step size they "
            << "reached, " << format_number("%.4g", e.step_reached) << ", " << e.remaining_steps
            << " more steps of " << sci(e.seconds_per_step, 3)
            << " s each. The step size may still grow where accuracy, not stability, bounds "
               "it, and closed systems compute the spectrum once: on the high side there\n";
    } else if (budget > 0 && study->config.evolve_nbody) {
        out << "run time        not estimated: the run does not fit here\n";
    }
    return 0;
}

} // namespace qrem::app
