#pragma once
// state: Gamma to and from HDF5 files (PETSc's HDF5 viewer). The file holds a Vec of D^2
// entries in row-major order (entry r*D + s is Gamma_rs), whatever the number of ranks that
// wrote it, so a file written on P ranks is read on any other number.
#include "state/density_matrix.hpp"

#include <string>

namespace qrem {

/// Writes Gamma as dataset `name` to a temporary file beside `path`, then renames it over
/// `path` (collective).
void save_density_matrix(const DensityMatrix& Gamma, const std::string& path,
                         const std::string& name = "Gamma");

/// Reads dataset `name` of `path` into Gamma (collective). Throws InputError naming `field`
/// if the file is missing or holds a matrix of another size.
void load_density_matrix(DensityMatrix& Gamma, const std::string& path, const std::string& field,
                         const std::string& name = "Gamma");

} // namespace qrem
