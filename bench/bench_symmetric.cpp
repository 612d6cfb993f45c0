// Benchmark of the block backend (lib/symmetric): per N, the set-up, one evaluation of the
// generator, the spectrum entropy, the marginals k = 1, 2 and ||Gamma - gamma^(x)N||_1, on the
// d-site Bose-Hubbard ring (J = U = 1, d = 2: the dimer) with site dephasing (number 0.5), one
// line of key=value per N. The generator's bandwidth (the packed state read once and written
// once, per second) is set against a memcpy of the same bytes on every rank in the same run,
// and against what arithmetic allows (bench_common.hpp's ArithmeticCeiling: a build with
// -DQREM_COUNT_OPERATIONS=ON counts the multiply-adds; "per rank" figures are per core).
//   mpiexec -n R qrem_bench_symmetric --N 64,128,256 [--d 2] [--repeat 3] [--rhs-only 1]
//                                     [--balance work|entries] [--jump 'number 0.5']
#include "bench_common.hpp"

#include "core/error.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"
#include "model/jump_reduction.hpp"
#include "model/mean_field.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/block_initial_states.hpp"
#include "symmetric/block_lindblad_rhs.hpp"
#include "symmetric/partition_function.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

using namespace qrem;

int main(int argc, char** argv) {
    const auto args = bench::parse_arguments(argc, argv);
    Session session("qrem_bench_symmetric", args.petsc);
    const auto value = [&](const std::string& key, const std::string& fallback) {
        const auto it = args.values.find(key);
        return it == args.values.end() ? fallback : it->second;
    };
    const int repeat = std::stoi(value("repeat", "3"));
    // --rhs-only 1: time the generator alone (for a profiler; the diagnostics print as nan)
    const bool diagnostics = value("rhs-only", "0") == "0";
    // --balance entries: the blocks balanced over the ranks by their entries, as before the
    // generator's work (the default, as in a run)
    const bool by_work = value("balance", "work") == "work";
    ModelSpec spec;
    spec.type = "bose-hubbard";
    const int d = std::stoi(value("d", "2"));
    spec.bose_hubbard = {1, d, 1.0, 1.0};
    // --jump 'site-dephasing 0.5': another lindblad.jump entry (one only)
    spec.jumps = {parse_jump_spec(value("jump", "number 0.5"), "--jump")};
    const OneBodyModel model = build_model(spec);
    const DenseMatrix gamma0 = thermal_state(model.h, 1.0, 0.3);
    const double product_gflops = bench::matrix_product_gflops();
    for (const auto& n : bench::split(value("N", "64,128,256"))) {
        const int N = std::stoi(n);
        std::shared_ptr<const SchurWeylBlocks> blocks;
        const double setup = bench::best_time(1, [&] {
            blocks = std::make_shared<const SchurWeylBlocks>(
                schur_weyl_blocks(static_cast<std::size_t>(d), N));
        });
        const std::vector<double> work =
            by_work ? generator_work(static_cast<std::size_t>(d), N,
                                     fewest_jump_operators(model).L.size())
                    : std::vector<double>{};
        BlockDensityMatrix Gamma(Session::comm(), blocks, work), F(Session::comm(), blocks, work);
        fill_product_state(Gamma, gamma0);
        std::unique_ptr<BlockLindbladRHS> rhs;
        const double assembly =
            bench::best_time(1, [&] { rhs = std::make_unique<BlockLindbladRHS>(Gamma, model); });
        const double apply = bench::best_time(repeat, [&] { rhs->apply(Gamma.vec(), F.vec()); });
        PetscInt local = 0;
        check(VecGetLocalSize(Gamma.vec(), &local));
        std::vector<PetscScalar> source(static_cast<std::size_t>(local), 1.0),
            target(source.size());
        const double copy = bench::best_time(repeat, [&] {
            std::memcpy(static_cast<void*>(target.data()), source.data(),
                        source.size() * sizeof(PetscScalar));
        });
        const double bytes = 2.0 * static_cast<double>(Gamma.global_size()) * sizeof(PetscScalar);
        const bench::ArithmeticCeiling ceiling = bench::arithmetic_ceiling(
            [&] { rhs->apply(Gamma.vec(), F.vec()); }, static_cast<double>(Gamma.global_size()),
            apply, bytes / copy, product_gflops);
        double spectrum = NAN, marginals = NAN, distance = NAN, partition = NAN,
               partition_eigen = NAN, product = NAN, product_series = NAN;
        if (diagnostics) {
            spectrum = bench::best_time(repeat, [&] { (void)Gamma.spectrum_entropy(); });
            marginals = bench::best_time(repeat, [&] {
                (void)Gamma.marginal(1);
                (void)Gamma.marginal(2);
            });
            distance =
                bench::best_time(repeat, [&] { (void)Gamma.trace_distance_to_product(gamma0); });
            // The proof's partition function as a run computes it (lambda = 1/(32 ||X||)), and
            // with the eigendecomposition on every block instead of the series where it applies.
            const DenseMatrix X = fluctuation_operator(model.W, gamma0);
            const double lambda = 1.0 / (32 * hermitian_op_norm(X));
            const auto time_partition = [&](PartitionMethod method) {
                return bench::best_time(repeat, [&] {
                    (void)partition_function(Session::comm(), *blocks, gamma0, X, lambda, 6,
                                             method);
                });
            };
            partition = time_partition(PartitionMethod::automatic);
            // m_lambda pi_lambda(gamma) on this rank's blocks (the product state, the distance to
            // it), as a run takes it and by the Chebyshev series on every block.
            const DenseMatrix log_gamma =
                hermitian_function(gamma0, [](double x) { return std::log(x); });
            const auto time_product = [&](ProductBlockMethod method) {
                return bench::best_time(repeat, [&] {
                    for (std::size_t l = Gamma.first_block(); l < Gamma.end_block(); ++l)
                        (void)weighted_product_block(*blocks, l, log_gamma, method);
                });
            };
            product = time_product(ProductBlockMethod::automatic);
            product_series = time_product(ProductBlockMethod::series);
            partition_eigen = time_partition(PartitionMethod::eigen);
        }
        if (Session::rank() == 0)
            std::printf("d=%d N=%d ranks=%d entries=%d blocks_setup_s=%.4f rhs_setup_s=%.4f "
                        "rhs_s=%.5f rhs_GBs=%.3f copy_GBs=%.3f rhs_to_copy=%.3f spectrum_s=%.4f "
                        "marginals_s=%.4f distance_s=%.4f partition_s=%.4f "
                        "partition_eigen_s=%.4f product_s=%.4f product_series_s=%.4f "
                        "peak_rss_MiB=%.0f balance=%s multiply_adds_per_entry=%.2f "
                        "kernel_GFlops=%.2f product_GFlops=%.2f ceiling_to_copy=%.3f\n",
                        d, N, Session::size(), static_cast<int>(Gamma.global_size()), setup,
                        assembly, apply, bytes / apply / 1e9, bytes / copy / 1e9, copy / apply,
                        spectrum, marginals, distance, partition, partition_eigen, product,
                        product_series, static_cast<double>(peak_resident_bytes()) / (1 << 20),
                        by_work ? "work" : "entries", ceiling.multiply_adds_per_entry,
                        ceiling.kernel_gflops_per_rank, ceiling.product_gflops_per_rank,
                        ceiling.ceiling_to_copy);
    }
    return 0;
}
