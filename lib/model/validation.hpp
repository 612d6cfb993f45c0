#pragma once
// model: checks on one-body data with messages that name the field and the size of the
// violation. Tolerances are relative: 1e-12 x max(1, max |entry|).
#include "model/one_body_model.hpp"

#include <string>

namespace qrem {

/// h square and Hermitian; W of size d^2 x d^2, Hermitian and exchange-symmetric (SWS = W).
void validate_one_body_data(const OneBodyModel& m, const std::string& h_field,
                            const std::string& W_field);
/// N >= 2 (H_N has the factor 1/(N-1)).
void validate_particle_number(int N, const std::string& field);
/// max |SWS - W|_ij, S the flip |ac> -> |ca>.
double exchange_asymmetry(const DenseMatrix& W, std::size_t d);

} // namespace qrem
