#pragma once
// Seeded random matrices for tests: lib/linalg's, under the tests' namespace.
#include "linalg/random_matrices.hpp"

namespace testing_support {

using qrem::random_density_matrix;
using qrem::random_hermitian;
using qrem::random_matrix;
using qrem::random_two_body;

} // namespace testing_support
