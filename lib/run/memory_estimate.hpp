#pragma once
// run: the memory a run holds per rank, as `qrem info` prints it and `qrem run` checks it
// before allocating (measured figures in the definitions).
#include "run/study.hpp"

#include <mpi.h>

#include <cstddef>

namespace qrem {

/// Gamma-sized blocks (dense backend) a run holds per rank with an integrator that keeps
/// `integrator_vectors` state-sized vectors, and one more for the state at the quadrature nodes
/// if the method forms it there (state_at_nodes); D = d^N picks the spectrum's solver.
int gamma_sized_blocks(int integrator_vectors, int ranks, bool state_at_nodes, double D);
/// Bytes per rank of a dense-backend run with N particles on `ranks` ranks (the largest
/// rank's share).
double run_bytes_per_rank(std::size_t d, int N, int ranks, int integrator_vectors,
                          bool state_at_nodes);
/// Copies of the packed blocks a symmetric-backend run holds (on all ranks together);
/// state_at_nodes as for gamma_sized_blocks.
int block_copies(int integrator_vectors, std::size_t d, bool state_at_nodes);
/// Bytes per rank of a symmetric-backend run (the largest rank's share): the block copies and
/// the sparse operators; the layout depends on the number of jump operators (generator_work).
double symmetric_run_bytes(std::size_t d, int N, int ranks, int integrator_vectors,
                           std::size_t jump_operators, bool state_at_nodes);
/// The state-sized vectors the configured N-body integrator keeps.
int integrator_vectors(const NBodyIntegration& integration);

/// Bytes per rank of the run `study` configures, on `backend`, at `ranks` ranks.
double estimated_bytes_per_rank(const Study& study, const std::string& backend, int ranks);

/// The ranks of `comm` on this rank's machine (sharing its memory).
int ranks_on_this_node(MPI_Comm comm);

/// Refuses (InputError naming run.memory_per_rank, the same on every rank) a run whose
/// estimate does not fit: per rank, in run.memory_per_rank if set, else in this machine's
/// available memory shared by the ranks on it (90% of it). run.force skips the check.
void admit_memory(const Study& study);

} // namespace qrem
