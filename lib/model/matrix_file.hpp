#pragma once
// model: reading one-body matrices (h, W, L, gamma_0) from files.
//
// Matrix Market (".mtx"): coordinate or array; real, integer or complex; general, symmetric,
// hermitian or skew-symmetric. Plain text (any other name): one matrix row per line,
// entries separated by blanks, each a real number or "(re,im)"; '#' starts a comment.
#include "linalg/dense_matrix.hpp"

#include <string>

namespace qrem {

/// Throws InputError naming `field` and the file for a missing or malformed file.
DenseMatrix read_matrix_file(const std::string& path, const std::string& field);

/// Writes a matrix in Matrix Market array complex general format (full precision).
std::string to_matrix_market(const DenseMatrix& m);

} // namespace qrem
