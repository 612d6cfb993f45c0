#pragma once
// io: checkpoints of a run (`qrem run --restart`). One HDF5 file, written with PETSc's HDF5
// viewer: Gamma (as in density_matrix_io), the run's other state as named numbers and texts,
// the physics configuration it belongs to, and content hashes. Written atomically: a
// temporary file, closed, then renamed over checkpoint.h5, the previous checkpoint kept as
// checkpoint.prev.h5. A reader that finds checkpoint.h5 unreadable, incomplete or corrupted
// falls back to checkpoint.prev.h5.
#include "state/density_matrix.hpp"
#include "state/state_storage.hpp"

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
void write_checkpoint(const std::string& folder, const StateStorage& Gamma, const RunState& state,
                      const std::string& physics);
void write_checkpoint(const std::string& folder, DensityMatrix& Gamma, const RunState& state,
                      const std::string& physics);

/// Reads the newest usable checkpoint of `folder` into Gamma and returns its state
/// (collective). A damaged checkpoint.h5 is skipped for checkpoint.prev.h5 with a line in
/// `warnings`. Throws InputError (field "restart") if there is no usable checkpoint, or if it
/// belongs to another physics configuration (naming the keys that differ).
RunState read_checkpoint(const std::string& folder, StateStorage& Gamma, const std::string& physics,
                         std::vector<std::string>& warnings);
RunState read_checkpoint(const std::string& folder, DensityMatrix& Gamma,
                         const std::string& physics, std::vector<std::string>& warnings);

/// The dense Gamma as StateStorage (density_matrix_io's format).
class DenseStorage : public StateStorage {
public:
    explicit DenseStorage(DensityMatrix& Gamma) : Gamma_(Gamma) {}
    MPI_Comm comm() const override { return Gamma_.comm(); }
    void write(PetscViewer viewer, const std::string& name) const override;
    void read(PetscViewer viewer, const std::string& name, const std::string& field,
              const std::string& path) override;
    std::uint64_t content_hash() const override;
    std::uint64_t file_bytes() const override;

private:
    DensityMatrix& Gamma_;
};

} // namespace qrem
