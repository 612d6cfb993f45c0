// `qrem info`: the model, its one-body data and the sizes of the N-body problem.
#include "commands.hpp"
#include "study.hpp"

#include "core/format.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/initial_state.hpp"

#include <petscsys.h>

#include <cmath>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const info_usage = R"(Usage: qrem info [--config FILE] [--key value ...]

Prints the model (d, h, W, jump operators and whether they are normal), gamma_0 and m_0,
Theorem 3's constant bound C_W <= 4||W||_op/m_0, and the size of the N-body problem:
D = d^N, the memory of Gamma and of the integrator per rank at the current rank count,
whether D^2 can be indexed with this PETSc, and whether the run fits in this machine's memory.
)";

std::string bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (b >= 1024 && u < 6) {
        b /= 1024;
        ++u;
    }
    return sci(b, 4) + " " + units[u];
}

/// Gamma-sized blocks a run holds per rank: the TS state and work vectors of the default
/// 7-stage rk 5dp, and in the right-hand side H_eff Gamma, the transpose buffer and its receive
/// buffer, plus one more for a non-diagonal jump operator.
int gamma_sized_blocks(const OneBodyModel& model) {
    bool non_diagonal = false;
    for (const auto& j : model.jumps)
        non_diagonal = non_diagonal || !j.is_diagonal;
    return rk_work_vectors(7) + 3 + (non_diagonal ? 1 : 0);
}

/// Bytes per rank of a run with N particles on `ranks` ranks (the largest rank's share).
double run_bytes_per_rank(const OneBodyModel& model, int N, int ranks) {
    const double D = nbody_dimension(model.d, N);
    return std::ceil(D / ranks) * D * sizeof(PetscScalar) * gamma_sized_blocks(model);
}

} // namespace

int command_info(const std::vector<std::string>& args) {
    const auto study = load_study(args, info_usage, po::options_description("Info"), false);
    if (!study)
        return 0;
    const OneBodyModel& model = study->model;
    const int N = study->config.model.N;
    const int ranks = Session::size();
    const double m0 = smallest_eigenvalue(study->gamma0);
    const double W_norm = hermitian_op_norm(model.W);
    const double D = nbody_dimension(model.d, N);
    const double gamma_bytes = D * D * sizeof(PetscScalar);
    const double per_rank = run_bytes_per_rank(model, N, ranks);
    const double node = static_cast<double>(physical_memory_bytes());
    // All ranks of this run on this machine: they share its memory; keep 10% for the system.
    const auto fits = [&](int n) { return run_bytes_per_rank(model, n, ranks) * ranks < 0.9 * node; };
    int largest = 1;
    while (largest < 64 && fits(largest + 1) && index_range_problem(model.d, largest + 1).empty())
        ++largest;

    auto& out = log::out();
    out << "model           " << model.name << ", d = " << model.d << ", N = " << N << "\n"
        << "h               ||h||_op = " << sci(hermitian_op_norm(model.h), 6) << "\n"
        << "W               ||W||_op = " << sci(W_norm, 6) << " (Hermitian, exchange-symmetric)\n"
        << "jump operators\n" << describe_jumps(model)
        << "Theorem 3       normal L assumed: " << (model.all_jumps_normal() ? "holds" : "does NOT hold") << "\n"
        << "gamma_0         " << (study->config.initial.gamma_file.empty() ? "thermal" : "from file")
        << ", m_0 = " << sci(m0, 6) << ", C_W <= 4||W||_op/m_0 = " << sci(4 * W_norm / m0, 6) << "\n"
        << "N-body space    D = d^N = " << sci(D, 15) << "\n"
        << "Gamma           D x D complex = " << bytes(gamma_bytes) << " in all\n"
        << "memory per rank " << bytes(per_rank) << " on " << ranks << " rank(s): " << gamma_sized_blocks(model)
        << " Gamma-sized blocks (state and 7-stage rk 5dp work vectors, H_eff Gamma, transposes)\n"
        << "PetscInt        " << 8 * sizeof(PetscInt) << "-bit: ";
    if (const std::string problem = index_range_problem(model.d, N); !problem.empty())
        out << "does NOT fit: " << problem << "\n";
    else
        out << "D^2 can be indexed\n";
    out << "this machine    " << bytes(node) << ": the run " << (fits(N) ? "fits" : "does NOT fit")
        << " with " << ranks << " rank(s) here; the largest N that fits is " << largest << "\n";
    return 0;
}

} // namespace qrem::app
