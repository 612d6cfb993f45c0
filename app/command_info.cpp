// `qrem info`: the model, its one-body data and the sizes of the N-body problem.
#include "commands.hpp"
#include "study.hpp"

#include "core/format.hpp"
#include "core/log.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "model/initial_state.hpp"

#include <petscsys.h>

#include <cmath>
#include <limits>

namespace po = boost::program_options;

namespace qrem::app {
namespace {

const char* const info_usage = R"(Usage: qrem info [--config FILE] [--key value ...]

Prints the model (d, h, W, jump operators and whether they are normal), gamma_0 and m_0,
Theorem 3's constant bound C_W <= 4||W||_op/m_0, and the size of the N-body problem:
D = d^N, the memory of Gamma and whether it can be indexed with this PETSc.
)";

std::string bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (b >= 1024 && u < 5) {
        b /= 1024;
        ++u;
    }
    return sci(b, 4) + " " + units[u];
}

} // namespace

int command_info(const std::vector<std::string>& args) {
    const auto study = load_study(args, info_usage, po::options_description("Info"));
    if (!study)
        return 0;
    const OneBodyModel& model = study->model;
    const int N = study->config.model.N;
    const int ranks = Session::size();
    const double m0 = smallest_eigenvalue(study->gamma0);
    const double W_norm = hermitian_op_norm(model.W);

    // D = d^N and Gamma's D x D complex entries, in floating point: they may overflow integers.
    const double D = std::pow(static_cast<double>(model.d), N);
    const double gamma_bytes = D * D * sizeof(PetscScalar);
    const double max_index = static_cast<double>(std::numeric_limits<PetscInt>::max());
    const double local_entries = std::ceil(D / ranks) * D;
    const double memory = static_cast<double>(physical_memory_bytes());

    auto& out = log::out();
    out << "model           " << model.name << ", d = " << model.d << ", N = " << N << "\n"
        << "h               ||h||_op = " << sci(hermitian_op_norm(model.h), 6) << "\n"
        << "W               ||W||_op = " << sci(W_norm, 6) << " (Hermitian, exchange-symmetric)\n"
        << "jump operators\n"
        << describe_jumps(model) << "Theorem 3       normal L assumed: "
        << (model.all_jumps_normal() ? "holds" : "does NOT hold") << "\n"
        << "gamma_0         "
        << (study->config.initial.gamma_file.empty() ? "thermal" : "from file")
        << ", m_0 = " << sci(m0, 6) << ", C_W <= 4||W||_op/m_0 = " << sci(4 * W_norm / m0, 6)
        << "\n"
        << "N-body space    D = d^N = " << sci(D, 15) << "\n"
        << "Gamma           D x D complex = " << bytes(gamma_bytes) << " in all, "
        << bytes(gamma_bytes / ranks) << " per rank on " << ranks << " rank(s)\n"
        << "PetscInt        " << 8 * sizeof(PetscInt) << "-bit: ";
    if (D > max_index || local_entries > max_index)
        out << "D or a rank's block of Gamma (" << sci(local_entries, 6) << " entries) exceeds "
            << sci(max_index, 10)
            << ": needs PETSc configured with --with-64-bit-indices (or more ranks)\n";
    else
        out << "indices fit\n";
    out << "machine memory  " << bytes(memory) << " on this node; Gamma alone "
        << (gamma_bytes / ranks < memory ? "fits" : "does NOT fit") << " per rank\n";
    return 0;
}

} // namespace qrem::app
