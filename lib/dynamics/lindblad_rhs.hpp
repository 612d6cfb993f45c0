#pragma once
// dynamics: the right-hand side of the N-body Lindblad equation (paper (2.7)) on the distributed
// Gamma, never forming the D^2 x D^2 Liouvillian (DESIGN §3). With Hermitian Gamma and
// H_eff = H_N - (i/2) K, K = sum_{alpha,j} (L_alpha^dag L_alpha)_j:
//   L(Gamma) = -i G + (-i G)^dagger + sum_{alpha,j} L_{alpha,j} Gamma L_{alpha,j}^dagger,
//   G = H_eff Gamma.
// G is one PETSc MPIAIJ x MPIDENSE product (OperatorProduct); its adjoint one MPI_Alltoallv (hermitian_transpose).
// Diagonal jump operators collapse into one elementwise product Gamma_rs Phi(r, s) with
// Phi(r, s) = sum_j C(a_j(r), a_j(s)), C(a, b) = sum_alpha l_alpha(a) conj(l_alpha(b)).
// A non-diagonal L on leg j uses L Gamma L^dag = ((Gamma L^dag)^dag) L^dag: two rank-local
// column operations around one transpose.
#include "model/one_body_model.hpp"
#include "state/density_matrix.hpp"
#include "state/operator_product.hpp"

#include <memory>

#include <vector>

namespace qrem {

class LindbladRHS {
public:
    /// `layout` and `model` must outlive this object.
    LindbladRHS(const DensityMatrix& layout, const OneBodyModel& model);

    /// F = L(Gamma) for Vecs of the layout of `layout`. Gamma must be Hermitian.
    void apply(Vec Gamma, Vec F);
    long evaluations() const { return evaluations_; }

private:
    void add_diagonal_jumps(const PetscScalar* gamma, PetscScalar* f) const;

    const DensityMatrix& layout_;
    MatHandle H_eff_;
    std::unique_ptr<OperatorProduct> product_; ///< H_eff * Gamma
    // Diagonal jumps: Phi(r, s) = phi_high(r_hi, s_hi) + phi_low(r_lo, s_lo).
    bool has_diagonal_jumps_ = false;
    std::int64_t low_size_ = 1, high_size_ = 1;
    std::vector<Complex> phi_low_, phi_high_;
    // Non-diagonal jumps: the d x d operator and the leg it acts on.
    std::vector<std::pair<DenseMatrix, int>> leg_jumps_;
    std::vector<PetscScalar> work_a_, work_b_;
    long evaluations_ = 0;
};

/// out(:, s) (+)= sum_b in(:, s with digit `leg` = b) conj(A(a_leg(s), b)), i.e. out = in A_leg^dag
/// on local blocks (column-major, m rows).
void multiply_right_by_adjoint_on_leg(const NBodySpace& space, std::int64_t m, const DenseMatrix& A,
                                      int leg, const PetscScalar* in, PetscScalar* out, bool accumulate);

} // namespace qrem
