#pragma once
// model: the jump operators L_alpha of the Lindblad equation (paper (2.7)).
#include "model/model_spec.hpp"
#include "model/one_body_model.hpp"

#include <vector>

namespace qrem {

/// sqrt(kappa)|k><k| for every level k (one L per site).
std::vector<JumpOperator> site_dephasing(std::size_t d, double kappa);
/// sqrt(kappa) sum_k w_k |k><k|, with w_k = k unless weights are given.
JumpOperator weighted_number_operator(std::size_t d, double kappa, std::vector<double> weights);
/// sqrt(kappa) a, the lowering operator a|k> = sqrt(k)|k-1>. Not normal.
JumpOperator amplitude_damping(std::size_t d, double kappa);

/// Builds the operators of one spec for a d-level one-body space. Throws InputError naming
/// `field` on a size mismatch.
std::vector<JumpOperator> make_jump_operators(const JumpSpec& spec, std::size_t d,
                                              const std::string& field);

} // namespace qrem
