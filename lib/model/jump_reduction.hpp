#pragma once
// model: the dissipator sum_alpha D_{L_alpha} of diagonal jump operators (site dephasing, number
// dephasing) written with the fewest jump operators, for generators whose cost grows with their
// count (the block generator couples every block to its neighbours once per jump operator).
//   D_{L + c}(rho) = D_L(rho) - i[K, rho],  K = (i/2)(conj(c) L - c L^dag),
// moves the trace part c = Tr L / d of each L into the Hamiltonian. For traceless diagonal L_alpha
// with diagonals l_alpha, sum_alpha D_{L_alpha} depends on them only through
// G = sum_alpha l_alpha l_alpha^dag (G_ab multiplies rho_ab in sum_alpha L rho L^dag, G_aa is the
// anticommutator's diagonal), so the eigenvectors u_beta of G with eigenvalues g_beta > 0 give
// rank(G) <= d - 1 diagonal jump operators diag(sqrt(g_beta) u_beta) with the same dissipator
// (d site-dephasing projectors become d - 1 operators).
#include "model/one_body_model.hpp"

#include <vector>

namespace qrem {

struct DissipatorData {
    DenseMatrix h;              ///< the one-body Hamiltonian, with the trace parts' K added
    std::vector<DenseMatrix> L; ///< the jump operators
};

/// `model`'s h and jump operators, as fewer jump operators where all of them are diagonal
/// (exactly: zeros off the diagonal) and fewer suffice; unchanged (h and every L as they are)
/// otherwise.
DissipatorData fewest_jump_operators(const OneBodyModel& model);

} // namespace qrem
