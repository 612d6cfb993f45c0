#pragma once
// model: one-body data of the paper's §2.3: h (d x d), W (d^2 x d^2, pair index a*d + c) and
// the jump operators L_alpha (d x d). No MPI here.
#include "linalg/dense_matrix.hpp"

#include <string>
#include <vector>

namespace qrem {

struct JumpOperator {
    std::string label; ///< e.g. "site-dephasing[2]", "amplitude-damping"
    DenseMatrix L;
    bool is_normal = true;   ///< L L^dagger == L^dagger L (Theorem 3 assumes this)
    bool is_diagonal = true; ///< diagonal in the site basis (dephasing shortcut of DESIGN §3)
};

struct OneBodyModel {
    std::string name; ///< "bose-hubbard", "torus", "qudit", "file"
    std::size_t d = 0;
    DenseMatrix h;
    DenseMatrix W;
    std::vector<JumpOperator> jumps;

    bool is_closed() const { return jumps.empty(); }
    bool all_jumps_normal() const;
};

/// Describes L: classifies normality and diagonality (tolerance 1e-12 relative to max |L|).
JumpOperator make_jump_operator(std::string label, DenseMatrix L);

} // namespace qrem
