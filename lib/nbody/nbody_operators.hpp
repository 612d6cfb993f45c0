#pragma once
// nbody: distributed sparse (MPIAIJ) N-body operators. Every rank assembles only its own rows,
// with exact preallocation, for any number of ranks.
#include "core/petsc_handle.hpp"
#include "model/one_body_model.hpp"
#include "nbody/few_body_terms.hpp"

namespace qrem {

/// The few-body sum of H_eff = H_N - (i/2) sum_alpha (L_alpha^dag L_alpha) on every leg.
FewBodySum effective_hamiltonian_sum(const NBodySpace& space, const OneBodyModel& model);

/// Assembles the sum on `comm` as a D x D MPIAIJ matrix with the row split of owned_rows().
MatHandle assemble_few_body_sum(MPI_Comm comm, const NBodySpace& space, const FewBodySum& sum);

/// A one-body operator on a single leg (e.g. L_alpha acting on particle leg+1).
MatHandle assemble_on_leg(MPI_Comm comm, const NBodySpace& space, const DenseMatrix& A, int leg);

/// H_N = sum_j h_j + 1/(N-1) sum_{i<j} W_ij (paper §2.3; i<j, not i != j).
MatHandle assemble_hamiltonian(MPI_Comm comm, const NBodySpace& space, const OneBodyModel& model);

/// H_eff = H_N - (i/2) K, K = sum_{alpha,j} (L_alpha^dagger L_alpha)_j.
MatHandle assemble_effective_hamiltonian(MPI_Comm comm, const NBodySpace& space,
                                         const OneBodyModel& model);

} // namespace qrem
