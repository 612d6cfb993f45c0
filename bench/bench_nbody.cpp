// Benchmark of the N-body engine: one right-hand side evaluation and one full run for d = 2
// (two-site Bose-Hubbard, J = U = 1) with site dephasing or amplitude damping, at the rank
// count it is launched with. Prints one JSON object per case (machine-readable), with the
// machine's copy bandwidth measured in the same run on the same buffer size:
//   mpiexec -n P qrem_bench_nbody [--N 8,10,12] [--jumps dephasing,damping] [--repeat 5]
//                                 [--t-end 0.2] [-log_view]
// Bandwidth of an RHS = bytes of Gamma touched (read Gamma once, write F once: 2 x 16 D^2)
// per second; copy bandwidth = 2 x bytes of a Gamma-sized memcpy per second.
// With a build configured -DQREM_COUNT_OPERATIONS=ON also the multiply-adds per entry and the
// arithmetic ceiling of that count (bench_common.hpp's ArithmeticCeiling).
#include "bench_common.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "dynamics/lindblad_rhs.hpp"
#include "dynamics/nbody_solver.hpp"
#include "io/json_writer.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"

#include <cstring>
#include <iostream>
#include <sstream>
#include <vector>

using namespace qrem;
using namespace qrem::bench;

int main(int argc, char** argv) {
    std::vector<int> sizes{8, 10, 12};
    std::vector<std::string> jumps{"dephasing", "damping"};
    int repeat = 5;
    double t_end = 0.2;
    const BenchArguments args = parse_arguments(argc, argv);
    for (const auto& [key, value] : args.values) {
        if (key == "N") {
            sizes.clear();
            for (const auto& n : split(value))
                sizes.push_back(std::stoi(n));
        } else if (key == "jumps") {
            jumps = split(value);
        } else if (key == "repeat") {
            repeat = std::stoi(value);
        } else if (key == "t-end") {
            t_end = std::stod(value);
        }
    }
    Session session("qrem_bench_nbody", args.petsc);
    const double product_gflops = matrix_product_gflops();
    for (const int N : sizes)
        for (const auto& kind : jumps) {
            ModelSpec spec;
            spec.N = N;
            spec.jumps = {parse_jump_spec(
                kind == "damping" ? "amplitude-damping 0.5" : "site-dephasing 0.5", "jump")};
            const OneBodyModel model = build_model(spec);
            const NBodySpace space(model.d, N);
            const double gamma_bytes =
                16.0 * static_cast<double>(space.D()) * static_cast<double>(space.D());

            DensityMatrix Gamma(Session::comm(), space);
            fill_product_state(Gamma, thermal_state(model.h, 1.0, 0.3));
            DensityMatrix F(Session::comm(), space);
            // Copy bandwidth on this rank's share of Gamma, in the same run.
            const auto local = static_cast<std::size_t>(Gamma.local_size());
            std::vector<PetscScalar> source(local, 1.0), target(local, 0.0);
            const double copy_seconds = best_time(repeat, [&] {
                std::memcpy(static_cast<void*>(target.data()), source.data(),
                            local * sizeof(PetscScalar));
            });
            // Aggregate over ranks: every rank copies its share at the same time.
            const double copy_bandwidth = 2.0 * gamma_bytes / copy_seconds;
            double rhs_seconds = 0;
            ArithmeticCeiling ceiling;
            {
                LindbladRHS rhs(Gamma, model);
                rhs.apply(Gamma.vec(), F.vec()); // first touch of every buffer
                rhs_seconds = best_time(repeat, [&] { rhs.apply(Gamma.vec(), F.vec()); });
                const double entries =
                    static_cast<double>(space.D()) * static_cast<double>(space.D());
                ceiling = arithmetic_ceiling([&] { rhs.apply(Gamma.vec(), F.vec()); }, entries,
                                             rhs_seconds, copy_bandwidth, product_gflops);
            }
            const double rhs_bandwidth = 2.0 * gamma_bytes / rhs_seconds;

            // One full run from the product state to t_end.
            NBodySolver solver(Gamma, model, {});
            MPI_Barrier(Session::comm());
            const double start = MPI_Wtime();
            solver.advance_to(t_end);
            const double run_seconds = max_over_ranks(MPI_Wtime() - start);
            const double peak = max_over_ranks(static_cast<double>(peak_resident_bytes()));

            const Json result = Json::object()
                                    .set("benchmark", "nbody")
                                    .set("d", 2)
                                    .set("N", N)
                                    .set("D", static_cast<long>(space.D()))
                                    .set("jumps", kind)
                                    .set("ranks", Session::size())
                                    .set("rhs_seconds", rhs_seconds)
                                    .set("rhs_bandwidth_GBs", rhs_bandwidth / 1e9)
                                    .set("copy_bandwidth_GBs", copy_bandwidth / 1e9)
                                    .set("rhs_to_copy_bandwidth", rhs_bandwidth / copy_bandwidth)
                                    .set("multiply_adds_per_entry", ceiling.multiply_adds_per_entry)
                                    .set("kernel_GFlops_per_rank", ceiling.kernel_gflops_per_rank)
                                    .set("product_GFlops_per_rank", ceiling.product_gflops_per_rank)
                                    .set("ceiling_to_copy_bandwidth", ceiling.ceiling_to_copy)
                                    .set("run_t_end", t_end)
                                    .set("run_seconds", run_seconds)
                                    .set("run_steps", solver.steps())
                                    .set("run_rhs_evaluations", solver.rhs_evaluations())
                                    .set("peak_memory_bytes_per_rank", peak)
                                    .set("gamma_bytes_per_rank", gamma_bytes / Session::size());
            if (Session::rank() == 0) {
                std::string line = result.dump(0);
                std::erase(line, '\n');
                std::cout << line << std::endl;
            }
        }
    return 0;
}
