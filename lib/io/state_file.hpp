#pragma once
// io: Gamma_t alone in an HDF5 file (output.save_state_at): dataset /Gamma as the state's
// storage writes it. For the dense backend that is density_matrix_io's format (D^2 entries,
// row-major, attributes d and N), which initial.Gamma_file reads; for the Schur-Weyl blocks it
// is their packed storage. Written to a temporary file and renamed into place.
#include "state/state_storage.hpp"

#include <string>

namespace qrem {

/// The file name of the state at time t: "state_t=<t>.h5" with t as written in the CSVs.
std::string state_file_name(double t);

/// Writes `Gamma` as dataset "Gamma" to `path` (collective).
void save_state_file(const StateStorage& Gamma, const std::string& path);

} // namespace qrem
