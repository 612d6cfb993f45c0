#include "backends/nbody_backend.hpp"

#include "backends/dense_backend.hpp"
#include "backends/symmetric_backend.hpp"
#include "core/error.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "state/hdf5_errors.hpp"

#include <hdf5.h>

namespace qrem {

bool file_holds_blocks(const std::string& path) {
    // Serial HDF5 reads of one attribute: every rank opens the file read-only.
    const SilencedHdf5Errors quiet; // a missing file is not an error here
    bool blocks = false;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file >= 0) {
        if (H5Lexists(file, "Gamma", H5P_DEFAULT) > 0)
            blocks = H5Aexists_by_name(file, "Gamma", "representation", H5P_DEFAULT) > 0;
        H5Fclose(file);
    }
    return blocks;
}

BackendChoice choose_backend(const std::string& requested, std::size_t d,
                             const std::string& initial_kind, bool initial_file_blocks) {
    if (initial_kind == "file" && initial_file_blocks) {
        if (requested == "dense")
            throw InputError("initial.Gamma_file",
                             "holds Schur-Weyl blocks (a state of the symmetric backend), which "
                             "nbody.backend = dense cannot read (use auto or symmetric)");
        return {"symmetric", requested == "auto" ? "auto: Gamma_0 from a file of Schur-Weyl blocks"
                                                 : "nbody.backend = symmetric"};
    }
    const bool invariant = initial_kind != "file";
    // Every block holds the d^2 collective operators and the pair marginals d^4 more: beyond
    // d = 4 the dense engine is the better default, beyond d = 8 the blocks' setup dominates.
    constexpr std::size_t auto_max_d = 4, max_d = schur_weyl_max_d;
    if (requested == "dense")
        return {"dense", "nbody.backend = dense"};
    if (requested == "symmetric") {
        if (!invariant)
            throw InputError("nbody.backend",
                             "symmetric needs a permutation-invariant Gamma_0, and "
                             "initial.nbody_state = file may not be (use dense)");
        if (d > max_d)
            throw InputError("nbody.backend",
                             "symmetric supports d <= " + std::to_string(max_d) +
                                 " (d^2 collective operators per block), this model has d = " +
                                 std::to_string(d) + " (use dense)");
        return {"symmetric", "nbody.backend = symmetric"};
    }
    if (requested != "auto")
        throw InputError("nbody.backend",
                         "must be auto, dense or symmetric, got '" + requested + "'");
    if (!invariant)
        return {"dense", "auto: Gamma_0 from a file need not be permutation-invariant"};
    if (d > auto_max_d)
        return {"dense", "auto: d = " + std::to_string(d) + " > " + std::to_string(auto_max_d) +
                             " (nbody.backend = symmetric takes d <= " + std::to_string(max_d) +
                             ")"};
    return {"symmetric", "auto: Gamma_0 and the generator are permutation-invariant"};
}

std::unique_ptr<NBodyBackend> make_backend(MPI_Comm comm, const BackendChoice& choice,
                                           const OneBodyModel& model, int N,
                                           const BackendSettings& settings,
                                           const InitialNBodyState& initial, bool initial_state) {
    if (choice.name == "symmetric") {
        auto backend = std::make_unique<SymmetricBackend>(comm, model, N, settings);
        if (initial_state)
            backend->set_initial_state(model, initial);
        return backend;
    }
    auto backend = std::make_unique<DenseBackend>(comm, model, N, settings);
    if (initial_state)
        backend->set_initial_state(model, initial, settings);
    return backend;
}

} // namespace qrem
