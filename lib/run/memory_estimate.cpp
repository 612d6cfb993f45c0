#include "run/memory_estimate.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/memory.hpp"
#include "core/session.hpp"
#include "diagnostics/spectrum.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/jump_reduction.hpp"
#include "nbody/nbody_space.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/block_density_matrix.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

#include <petscsys.h>

#include <algorithm>
#include <cmath>

namespace qrem {

/// Gamma-sized blocks a run holds per rank: the integrator's vectors (qrem's Dormand-Prince: 9;
/// a PETSc RK scheme: rk_work_vectors(stages); the Krylov method: nbody.krylov_dimension + 1),
/// two work blocks of the right-hand side, Gamma at the quadrature nodes (methods other than
/// Dormand-Prince), two for the spectrum's block-cyclic copy and its send buffer (transient;
/// more than the Hermiticity check's one) and, on several ranks, the transpose's receive
/// buffer. Measured `qrem run` at N = 11 on 1 rank (64 MiB blocks): 13.7 blocks with the
/// default Dormand-Prince (estimate 13; 0.66 of it is the process without Gamma, 42 MiB),
/// 20.7 with PETSc's rk 5dp (estimate 22). ELPA (spectrum_uses_elpa) holds two more: at N = 12
/// on 2 ranks (128 MiB blocks) the peak was 16.5 blocks with it, 14.4 with pzheev (estimate 14).
int gamma_sized_blocks(int integrator_vectors, int ranks, bool state_at_nodes, double D) {
    const int spectrum = spectrum_uses_elpa(D, ranks) ? 4 : 2;
    return integrator_vectors + 2 + (state_at_nodes ? 1 : 0) + spectrum + (ranks > 1 ? 1 : 0);
}

/// Bytes per rank of a run with N particles on `ranks` ranks (the largest rank's share).
double run_bytes_per_rank(std::size_t d, int N, int ranks, int integrator_vectors,
                          bool state_at_nodes) {
    const double D = nbody_dimension(d, N);
    return std::ceil(D / ranks) * D * sizeof(PetscScalar) *
           gamma_sized_blocks(integrator_vectors, ranks, state_at_nodes, D);
}

/// Copies of the packed blocks a symmetric-backend run holds per rank besides the sparse
/// operators: the integrator's vectors, the state at the quadrature nodes where the method forms
/// it (not dormand-prince, which samples its stages) and, at d >= 3, the
/// generator's unpacked (twice as large) copy of its blocks and their neighbours; at d = 2 the
/// generator's unpacked blocks share a few slots instead (BlockLindbladRHS::DenseCopies). The
/// diagnostics work on one block at a time (largest_block_work_matrices). Measured peaks
/// (`qrem run`, 1 rank, less the 42.7 MiB of a run at N = 8) against this model before it
/// counted largest_block_work_matrices: N = 200, t_end = 0.02: 142.3 MiB, model 142.9 MiB;
/// N = 512, t_end = 0.02: 1947 MiB, model 1973 MiB; three-site Bose-Hubbard N = 18: 241.8 MiB,
/// model 232 MiB (2026-12-01; before the generator read its own blocks in place and shared the
/// slots, N = 200 took 181 MiB).
int block_copies(int integrator_vectors, std::size_t d, bool state_at_nodes) {
    return integrator_vectors + (state_at_nodes ? 1 : 0) + (d == 2 ? 0 : 2);
}

/// Dense n x n matrices of the largest block that stay resident beside the copies, on every
/// rank: the diagnostics' work on one block (its unpacked copy, the exponential m pi(gamma) with
/// LAPACK's eigenvectors and work space, the difference) and what the heap keeps of it. Fitted
/// to the peaks that the model without this term missed (`qrem run`, 2 ranks, t_end = 0.01,
/// every diagnostic, 2026-12-02): d = 4, N = 12 (n = 1540): 406 MiB = 11.2 n^2 entries;
/// three-site Bose-Hubbard N = 30 (n = 1729): 485 MiB = 10.6 n^2 entries.
constexpr double largest_block_work_matrices = 11.0;

/// The packed entries of the rank that holds the most, in a run's layout (whole blocks
/// balanced by the generator's work: a rank of cheap blocks holds more entries than the
/// average).
double largest_rank_entries(std::size_t d, int N, int ranks, std::size_t jump_operators) {
    const std::vector<int> owners =
        block_owners(generator_work(d, N, jump_operators), std::max(ranks, 1));
    const std::vector<std::vector<int>> shapes = partitions(N, d);
    std::vector<double> entries(static_cast<std::size_t>(std::max(ranks, 1)), 0.0);
    for (std::size_t l = 0; l < shapes.size(); ++l) {
        const double dim = gl_dimension(shapes[l]);
        entries[static_cast<std::size_t>(owners[l])] += dim * (dim + 1.0) / 2.0;
    }
    return *std::max_element(entries.begin(), entries.end());
}

double symmetric_run_bytes(std::size_t d, int N, int ranks, int integrator_vectors,
                           std::size_t jump_operators, bool state_at_nodes) {
    const BlockSizes sizes = block_sizes(d, N);
    const double d2 = static_cast<double>(d * d);
    // Sparse operators hold about 160 B per row (a row's vector, its heap chunk and ~5 entries
    // of 24 B): the collective E_ab of every block and parent, which every rank holds. Measured
    // at d = 3, N = 20 on 1 rank: 712 MiB peak, 594 MiB for the block copies alone.
    constexpr double bytes_per_row = 160.0;
    // The pair marginal's terms (BlockDensityMatrix::MarginalTerms, 24 B each) for its
    // (d^4 + d^2) / 2 entries on and above the diagonal: per row of a block 9.4 terms at d = 2
    // (N = 20), 45 and 58 at d = 3 (N = 10, 20), so 1.3 per entry and row.
    constexpr double marginal_term_bytes_per_entry_row = 1.3 * 24.0;
    return largest_rank_entries(d, N, ranks, jump_operators) * sizeof(PetscScalar) *
               block_copies(integrator_vectors, d, state_at_nodes) +
           (d2 * d2 + d2) / 2 * sizes.dimension_sum * marginal_term_bytes_per_entry_row / ranks +
           2.0 * d2 * sizes.dimension_sum * bytes_per_row +
           largest_block_work_matrices * sizes.largest_dimension * sizes.largest_dimension *
               sizeof(PetscScalar);
}

int integrator_vectors(const NBodyIntegration& integration) {
    switch (integration.method) {
    case NBodyMethod::dormand_prince:
        return 9; // the state, the stage and its 7 derivatives (DormandPrince)
    case NBodyMethod::krylov:
        return integration.krylov_dimension + 1;
    case NBodyMethod::runge_kutta:
        break;
    }
    return rk_work_vectors(7); // rk 5dp
}

double estimated_bytes_per_rank(const Study& study, const std::string& backend, int ranks) {
    const int N = study.config.model.N;
    const int vectors = integrator_vectors(study.config.nbody);
    if (backend == "symmetric")
        return symmetric_run_bytes(study.model.d, N, ranks, vectors,
                                   fewest_jump_operators(study.model).L.size(),
                                   forms_state_at_nodes(study.config.nbody.method));
    return run_bytes_per_rank(study.model.d, N, ranks, vectors,
                              forms_state_at_nodes(study.config.nbody.method));
}

int ranks_on_this_node(MPI_Comm comm) {
    MPI_Comm node = MPI_COMM_NULL;
    MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int size = 1;
    MPI_Comm_size(node, &size);
    MPI_Comm_free(&node);
    return size;
}

void admit_memory(const Study& study) {
    if (!study.backend || study.config.run.force)
        return;
    MPI_Comm comm = Session::comm();
    const double need = estimated_bytes_per_rank(study, study.backend->name, Session::size());
    double limit = study.config.run.memory_per_rank_gib * (1 << 30);
    std::string source = "run.memory_per_rank";
    if (limit <= 0) {
        // The smallest share over the machines of this run (ranks on one machine share it).
        limit = 0.9 * static_cast<double>(available_memory_bytes()) / ranks_on_this_node(comm);
        MPI_Allreduce(MPI_IN_PLACE, &limit, 1, MPI_DOUBLE, MPI_MIN, comm);
        source = "90% of this machine's available memory shared by its ranks";
    }
    if (need > limit)
        throw InputError("run.memory_per_rank",
                         "the run needs about " + format_number("%.3g", need / (1 << 30)) +
                             " GiB per rank (nbody.backend = " + study.backend->name +
                             ", `qrem info` shows the estimate), more than the " +
                             format_number("%.3g", limit / (1 << 30)) + " GiB of " + source +
                             "; use more ranks or machines, a smaller model.N, or run.force = "
                             "true to try anyway");
}

} // namespace qrem
