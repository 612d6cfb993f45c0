#pragma once
// io: checkpoints of a run (`qrem run --restart`). One HDF5 file, written with PETSc's HDF5
// viewer: Gamma (as in density_matrix_io), the run's other state as named numbers and texts,
// the physics configuration it belongs to, and content hashes. Written atomically: a
// temporary file, closed, then renamed over checkpoint.h5, the previous checkpoint kept as
// checkpoint.prev.h5. A reader that finds checkpoint.h5 unreadable, incomplete or corrupted
// falls back to checkpoint.prev.h5.
#include "state/density_matrix.hpp"

#include <map>
#include <string>
#include <vector>

namespace qrem {

/// Everything a run needs to continue besides Gamma.
struct RunState {
    std::map<std::string, std::vector<double>> numbers;
    std::map<std::string, std::string> texts;

    double number(const std::string& key) const; ///< the single value of `key`; throws if absent
};

/// The files of a run folder's checkpoints.
std::string checkpoint_path(const std::string& folder);
std::string previous_checkpoint_path(const std::string& folder);

/// Writes folder/checkpoint.h5 (collective). `physics` is the configuration text the
/// checkpoint belongs to (see physics_config_text).
void write_checkpoint(const std::string& folder, const DensityMatrix& Gamma, const RunState& state,
                      const std::string& physics);

/// Reads the newest usable checkpoint of `folder` into Gamma and returns its state
/// (collective). A damaged checkpoint.h5 is skipped for checkpoint.prev.h5 with a line in
/// `warnings`. Throws InputError (field "restart") if there is no usable checkpoint, or if it
/// belongs to another physics configuration (naming the keys that differ).
RunState read_checkpoint(const std::string& folder, DensityMatrix& Gamma,
                         const std::string& physics, std::vector<std::string>& warnings);

} // namespace qrem
