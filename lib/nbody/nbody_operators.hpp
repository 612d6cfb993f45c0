#pragma once
// nbody: distributed sparse (MPIAIJ) N-body operators. Every rank assembles only its own rows,
// with exact preallocation, for any number of ranks.
#include "core/petsc_handle.hpp"
#include "model/one_body_model.hpp"
#include "nbody/nbody_space.hpp"

#include <map>

namespace qrem {

/// A sum of few-body terms: sum_j A_j over every leg (one_body, d x d) plus
/// pair_factor * sum_{i<j} B_ij over every pair (two_body, d^2 x d^2, pair index a*d + c).
/// An empty matrix leaves its part out.
struct FewBodySum {
    DenseMatrix one_body;
    DenseMatrix two_body;
    double pair_factor = 1.0;
};

/// The nonzeros of row r of the sum (column -> value, duplicates merged), appended to `row`.
void few_body_row(const NBodySpace& space, const FewBodySum& sum, std::int64_t r,
                  std::map<std::int64_t, Complex>& row);

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
