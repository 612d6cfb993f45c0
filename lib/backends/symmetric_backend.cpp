#include "backends/symmetric_backend.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "model/initial_state.hpp"
#include "model/jump_reduction.hpp"
#include "representation/gelfand_tsetlin.hpp"
#include "symmetric/block_initial_states.hpp"

#include <petscviewerhdf5.h>

#include <cmath>
#include <limits>

namespace qrem {

namespace {

/// The zero state with its blocks balanced over the ranks by the generator's work.
BlockDensityMatrix balanced_state(MPI_Comm comm, const OneBodyModel& model, int N) {
    auto blocks = std::make_shared<const SchurWeylBlocks>(schur_weyl_blocks(model.d, N));
    std::vector<double> work = generator_work(model.d, N, fewest_jump_operators(model).L.size());
    return BlockDensityMatrix(comm, std::move(blocks), std::move(work));
}

} // namespace

SymmetricBackend::SymmetricBackend(MPI_Comm comm, const OneBodyModel& model, int N,
                                   const BackendSettings& settings)
    : NBodyBackend(N, model.d), model_(model), Gamma_(balanced_state(comm, model, N)),
      rhs_(Gamma_, model), evolution_(
                               comm, Gamma_.vec(), [this](Vec u, Vec f) { rhs_.apply(u, f); },
                               settings.tolerances, settings.limits) {}

void SymmetricBackend::set_initial_state(const OneBodyModel& model,
                                         const InitialNBodyState& initial) {
    if (initial.kind == "product")
        fill_product_state(Gamma_, initial.gamma0);
    else if (initial.kind == "perturbed")
        fill_perturbed_product_state(Gamma_, initial.gamma0, initial.epsilon);
    else if (initial.kind == "gibbs")
        fill_gibbs_state(Gamma_, model, initial.beta, initial.tilt);
    else if (initial.kind == "file") {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(comm(), initial.file.c_str(), FILE_MODE_READ, viewer.out()));
        read(viewer, "Gamma", "initial.Gamma_file", initial.file);
    } else
        throw InputError("nbody.backend", "the symmetric backend cannot start from '" +
                                              initial.kind + "' (use nbody.backend = dense)");
}

namespace {

/// Pair marginals of a block state: Gamma^{(01)} stands for every pair.
PairMarginals invariant_pairs(const BlockDensityMatrix& Gamma) {
    return {Gamma.N(), Gamma.d(), {Gamma.marginal(2)}, true};
}

} // namespace

bool SymmetricBackend::advance_to(double t, const std::vector<double>& nodes,
                                  const NodeObserver& observer) {
    if (!at_node_ && !nodes.empty())
        at_node_ = std::make_unique<BlockDensityMatrix>(Gamma_.comm(), Gamma_.shared_blocks(),
                                                        Gamma_.work());
    return evolution_.advance_to(t, nodes, at_node_ ? at_node_->vec() : nullptr,
                                 [&](double node) { observer(node, invariant_pairs(*at_node_)); });
}

double SymmetricBackend::energy() const {
    return Gamma_
        .expectation([&](std::size_t l) {
            return block_hamiltonian(Gamma_.blocks(), l, model_.h, model_.W);
        })
        .real();
}

SpectrumEntropy SymmetricBackend::spectrum_entropy() const {
    const BlockSpectrumEntropy s = Gamma_.spectrum_entropy();
    // The count has multiplicities m_lambda (astronomical at large N): capped for the column.
    const double cap = static_cast<double>(std::numeric_limits<long>::max());
    return {s.entropy, s.min_eigenvalue, static_cast<long>(std::min(s.negative_count, cap))};
}

PairMarginals SymmetricBackend::pair_marginals() const {
    return invariant_pairs(Gamma_);
}

double SymmetricBackend::trace_distance_to_product(const DenseMatrix& gamma) const {
    if (smallest_eigenvalue(gamma) <= faithfulness_floor(gamma.rows()))
        return std::numeric_limits<double>::quiet_NaN();
    return Gamma_.trace_distance_to_product(gamma);
}

void SymmetricBackend::write(PetscViewer viewer, const std::string& name) const {
    // The blocks in the order of SchurWeylBlocks::irreps: independent of the rank count.
    check(PetscObjectSetName(reinterpret_cast<PetscObject>(Gamma_.vec()), name.c_str()));
    check(VecView(Gamma_.vec(), viewer));
    const auto their_d = static_cast<PetscInt>(d());
    const auto their_N = static_cast<PetscInt>(N());
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "d", PETSC_INT, &their_d));
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "N", PETSC_INT, &their_N));
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "representation",
                                        PETSC_STRING, "schur-weyl-blocks, packed upper triangles"));
}

void SymmetricBackend::read(PetscViewer viewer, const std::string& name, const std::string& field,
                            const std::string& path) {
    PetscBool has = PETSC_FALSE, blocks = PETSC_FALSE;
    check(PetscViewerHDF5HasDataset(viewer, ("/" + name).c_str(), &has));
    require_on_all_ranks(comm(), has == PETSC_TRUE, field,
                         "'" + path + "' holds no dataset '" + name + "'");
    check(PetscViewerHDF5HasAttribute(viewer, ("/" + name).c_str(), "representation", &blocks));
    require_on_all_ranks(comm(), blocks == PETSC_TRUE, field,
                         "'" + path +
                             "' holds a dense Gamma; this run uses the symmetric "
                             "backend (nbody.backend)");
    PetscInt their_d = 0, their_N = 0;
    check(PetscViewerHDF5ReadAttribute(viewer, ("/" + name).c_str(), "d", PETSC_INT, nullptr,
                                       &their_d));
    check(PetscViewerHDF5ReadAttribute(viewer, ("/" + name).c_str(), "N", PETSC_INT, nullptr,
                                       &their_N));
    require_on_all_ranks(comm(), static_cast<std::size_t>(their_d) == d() && their_N == N(), field,
                         "'" + path + "' holds Gamma for d = " + std::to_string(their_d) +
                             ", N = " + std::to_string(their_N) + ", this run has d = " +
                             std::to_string(d()) + ", N = " + std::to_string(N()));
    check(PetscObjectSetName(reinterpret_cast<PetscObject>(Gamma_.vec()), name.c_str()));
    check(VecLoad(Gamma_.vec(), viewer));
}

std::uint64_t SymmetricBackend::content_hash() const {
    PetscInt begin = 0, end = 0;
    check(VecGetOwnershipRange(Gamma_.vec(), &begin, &end));
    const PetscScalar* data = nullptr;
    check(VecGetArrayRead(Gamma_.vec(), &data));
    std::uint64_t local = 0;
    for (PetscInt i = begin; i < end; ++i)
        local += entry_hash(static_cast<std::uint64_t>(i), data[i - begin]);
    check(VecRestoreArrayRead(Gamma_.vec(), &data));
    std::uint64_t total = 0;
    MPI_Allreduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, comm());
    return total;
}

std::uint64_t SymmetricBackend::file_bytes() const {
    return static_cast<std::uint64_t>(Gamma_.global_size()) * sizeof(PetscScalar);
}

} // namespace qrem
