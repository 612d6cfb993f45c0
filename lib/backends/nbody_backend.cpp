#include "backends/nbody_backend.hpp"

#include "backends/dense_backend.hpp"
#include "backends/symmetric_backend.hpp"
#include "core/error.hpp"

namespace qrem {

BackendChoice choose_backend(const std::string& requested, std::size_t d,
                             const std::string& initial_kind) {
    const bool invariant = initial_kind != "file";
    if (requested == "dense")
        return {"dense", "nbody.backend = dense"};
    if (requested == "symmetric") {
        if (!invariant)
            throw InputError("nbody.backend",
                             "symmetric needs a permutation-invariant Gamma_0, and "
                             "initial.nbody_state = file may not be (use dense)");
        if (d != 2)
            throw InputError("nbody.backend",
                             "symmetric supports d = 2 so far, this model has d = " +
                                 std::to_string(d) + " (use dense)");
        return {"symmetric", "nbody.backend = symmetric"};
    }
    if (requested != "auto")
        throw InputError("nbody.backend",
                         "must be auto, dense or symmetric, got '" + requested + "'");
    if (!invariant)
        return {"dense", "auto: Gamma_0 from a file need not be permutation-invariant"};
    if (d != 2)
        return {"dense", "auto: the symmetric backend supports d = 2 so far (d = " +
                             std::to_string(d) + ")"};
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
