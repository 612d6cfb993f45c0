#include "backends/symmetric_backend.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "model/initial_state.hpp"
#include "model/jump_reduction.hpp"
#include "model/one_body_basis.hpp"
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

/// How a state's one-body basis is named in its file (attribute one_body_basis): "model", or
/// the columns of V, to compare a checkpoint's with the run's.
std::string basis_label(const SymmetricBackend::Frame& frame) {
    if (!frame.rotated)
        return "model";
    std::string label = "eigenbasis of h, V =";
    for (std::size_t r = 0; r < frame.V.rows(); ++r)
        for (std::size_t c = 0; c < frame.V.cols(); ++c)
            label += format_number(" %.17g", frame.V(r, c).real()) +
                     format_number(",%.17g", frame.V(r, c).imag());
    return label;
}

} // namespace

SymmetricBackend::Frame choose_frame(const OneBodyModel& model, const BackendSettings& settings) {
    const std::string& requested = settings.frame;
    if (requested != "auto" && requested != "lab" && requested != "interaction")
        throw InputError("nbody.frame",
                         "must be auto, lab or interaction, got '" + requested + "'");
    const std::size_t d = model.d;
    SymmetricBackend::Frame frame;
    frame.V = DenseMatrix::identity(d);
    frame.h = model.h;
    frame.W = model.W;
    const bool h_diagonal = is_exactly_diagonal(model.h);
    std::string why;
    if (requested == "lab") {
        why = "nbody.frame = lab";
    } else if (settings.tolerances.method == NBodyMethod::krylov) {
        if (requested == "interaction")
            throw InputError("nbody.frame",
                             "interaction makes the generator time-dependent, which "
                             "nbody.method = krylov cannot integrate (use dormand-prince)");
        why = "auto: nbody.method = krylov integrates exp(tau L) itself";
    } else if (!h_diagonal && settings.states_in_model_basis) {
        if (requested == "interaction")
            throw InputError("nbody.frame",
                             "interaction with a non-diagonal h keeps the blocks in h's "
                             "eigenbasis, but output.save_state_at and initial.nbody_state = "
                             "file need them in the model's basis (use lab)");
        why = "auto: states are saved or read in the model's basis and h is not diagonal";
    } else if (requested == "auto" && !h_diagonal && d > 2) {
        // In h's eigenbasis the jump operators and W are dense d x d: measured at d = 3, N = 14
        // (three-site Bose-Hubbard, site dephasing), 3.2x the time per evaluation for 1.6x
        // fewer steps. At d = 2: 1.8x per evaluation for 3.2x fewer steps (N = 200).
        why = "auto: at d > 2 a non-diagonal h's eigenbasis makes every evaluation dearer than "
              "the steps it saves";
    } else if (max_abs(model.h) == 0.0) {
        why = requested == "interaction" ? "nbody.frame = interaction, but h = 0" : "auto: h = 0";
    } else {
        frame.interaction = true;
        why = requested == "interaction" ? "nbody.frame = interaction" : "auto";
    }
    if (!frame.interaction) {
        frame.terms = lab_frame_terms(model);
        frame.description = "lab (" + why + ")";
        return frame;
    }
    // The jump operators as the fewest equivalent ones in the model's basis (diagonal ones stay
    // few there), their trace parts' K = h' - h the only one-body Hamiltonian left.
    DissipatorData dissipator = fewest_jump_operators(model);
    const DenseMatrix K = dissipator.h - model.h;
    std::vector<double> energies(d);
    if (h_diagonal) {
        for (std::size_t a = 0; a < d; ++a)
            energies[a] = model.h(a, a).real();
        frame.terms = {K, model.W, std::move(dissipator.L), energies};
    } else {
        const HermitianEigen eigen = hermitian_eigen(model.h);
        frame.rotated = true;
        frame.V = eigen.vectors;
        frame.h = to_basis(model.h, frame.V);
        frame.W = model.W.rows() == d * d ? to_basis(model.W, frame.V) : model.W;
        std::vector<DenseMatrix> L;
        for (const DenseMatrix& jump : dissipator.L)
            L.push_back(without_rounding_noise(to_basis(jump, frame.V)));
        frame.terms = {without_rounding_noise(to_basis(K, frame.V)),
                       without_rounding_noise(frame.W), std::move(L), eigen.values};
    }
    frame.description = std::string("interaction picture of h") +
                        (frame.rotated ? ", blocks in h's eigenbasis" : "") + " (" + why + ")";
    return frame;
}

namespace {

std::unique_ptr<StateEvolution> make_evolution(MPI_Comm comm, BlockDensityMatrix& Gamma,
                                               BlockLindbladRHS& rhs,
                                               const BackendSettings& settings) {
    if (rhs.in_interaction_picture())
        return std::make_unique<StateEvolution>(
            comm, Gamma.vec(),
            StateEvolution::TimeDependentGenerator(
                [&rhs](double t, Vec u, Vec f) { rhs.apply(t, u, f); }),
            settings.tolerances, settings.limits);
    return std::make_unique<StateEvolution>(
        comm, Gamma.vec(), StateEvolution::Generator([&rhs](Vec u, Vec f) { rhs.apply(u, f); }),
        settings.tolerances, settings.limits);
}

} // namespace

SymmetricBackend::SymmetricBackend(MPI_Comm comm, const OneBodyModel& model, int N,
                                   const BackendSettings& settings)
    : NBodyBackend(N, model.d), frame_(choose_frame(model, settings)),
      Gamma_(balanced_state(comm, model, N)), rhs_(Gamma_, frame_.terms),
      evolution_(make_evolution(comm, Gamma_, rhs_, settings)) {}

void SymmetricBackend::set_initial_state(const OneBodyModel& model,
                                         const InitialNBodyState& initial) {
    // In the basis of the blocks: the model's or h's eigenbasis (frame_.V).
    const auto in_basis = [&](const DenseMatrix& A) {
        return frame_.rotated ? to_basis(A, frame_.V) : A;
    };
    if (initial.kind == "product")
        fill_product_state(Gamma_, in_basis(initial.gamma0));
    else if (initial.kind == "perturbed")
        fill_perturbed_product_state(Gamma_, in_basis(initial.gamma0), initial.epsilon);
    else if (initial.kind == "gibbs")
        fill_gibbs_state(Gamma_, in_basis(tilted_one_body(model.h, initial.tilt)),
                         frame_.rotated ? frame_.W : model.W, initial.beta);
    else if (initial.kind == "file") {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(comm(), initial.file.c_str(), FILE_MODE_READ, viewer.out()));
        read(viewer, "Gamma", "initial.Gamma_file", initial.file);
    } else
        throw InputError("nbody.backend", "the symmetric backend cannot start from '" +
                                              initial.kind + "' (use nbody.backend = dense)");
}

namespace {

/// Pair marginals in the model's basis from Gamma^{(01)} of the blocks' basis V: Gamma^{(01)}
/// stands for every pair.
PairMarginals invariant_pairs(const DenseMatrix& pair, const BlockDensityMatrix& Gamma,
                              const SymmetricBackend::Frame& frame) {
    return {Gamma.N(), Gamma.d(), {frame.rotated ? from_basis(pair, frame.V) : pair}, true};
}

} // namespace

bool SymmetricBackend::advance_to(double t, const std::vector<double>& nodes,
                                  const NodeObserver& observer) {
    if (!at_node_ && !nodes.empty() && forms_state_at_nodes(evolution_->method()))
        at_node_ = std::make_unique<BlockDensityMatrix>(Gamma_.comm(), Gamma_.shared_blocks(),
                                                        Gamma_.work());
    // The nodes' pair marginals are sampled linearly in the integrator's state (Dormand-Prince
    // combines samples of its stage derivatives: no state formed per node). In the interaction
    // picture that state is sigma~ = Phi_t^{-1}(Gamma_t), and Tr_{N-2} Phi_t(x) is
    // Tr_{N-2}(x) with entry (ab, cd) times e^{-it(e_a + e_b - e_c - e_d)}: the two particles'
    // share of H_0, the rest cancels under the partial trace.
    PetscInt local = 0;
    check(VecGetLocalSize(Gamma_.vec(), &local));
    const std::size_t size = Gamma_.marginal_size(2);
    const StateEvolution::LinearSample sample{
        size * size, std::max<PetscInt>(local, 1),
        [&](PetscInt, const PetscScalar* entries, PetscScalar* pair) {
            Gamma_.add_local_marginal(2, entries, pair);
        }};
    const std::vector<double>& e = frame_.terms.frame_energies;
    const auto lab_pair = [&](double node, std::vector<PetscScalar> entries) {
        fill_lower_triangle(entries.data(), size);
        DenseMatrix pair(size, size);
        const std::size_t d = Gamma_.d();
        for (std::size_t r = 0; r < size; ++r)
            for (std::size_t c = 0; c < size; ++c) {
                const double frequency =
                    e.empty() ? 0.0 : e[r / d] + e[r % d] - e[c / d] - e[c % d];
                pair(r, c) = entries[r * size + c] * std::polar(1.0, -frequency * node);
            }
        return pair;
    };
    // The integrator's state is the interaction picture's; Gamma_ holds the lab frame's
    // between calls (for the diagnostics and checkpoints).
    rhs_.to_interaction_picture(evolution_->time(), Gamma_.vec());
    const bool reached = evolution_->advance_to(
        t, nodes, at_node_ ? at_node_->vec() : nullptr, sample,
        [&](double node, const std::vector<PetscScalar>& entries) {
            observer(node, invariant_pairs(lab_pair(node, entries), Gamma_, frame_));
        });
    rhs_.to_lab_frame(evolution_->time(), Gamma_.vec());
    return reached;
}

double SymmetricBackend::energy() const {
    return Gamma_
        .expectation([&](std::size_t l) {
            return block_hamiltonian(Gamma_.blocks(), l, frame_.h, frame_.W);
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
    return invariant_pairs(Gamma_.marginal(2), Gamma_, frame_);
}

DenseMatrix SymmetricBackend::marginal(int k) const {
    const DenseMatrix marginal = Gamma_.marginal(k);
    return frame_.rotated ? from_basis(marginal, frame_.V) : marginal;
}

double SymmetricBackend::trace_distance_to_product(const DenseMatrix& gamma) const {
    if (smallest_eigenvalue(gamma) <= faithfulness_floor(gamma.rows()))
        return std::numeric_limits<double>::quiet_NaN();
    return Gamma_.trace_distance_to_product(frame_.rotated ? to_basis(gamma, frame_.V) : gamma);
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
    const std::string basis = basis_label(frame_);
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "one_body_basis",
                                        PETSC_STRING, basis.c_str()));
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
    // Files without the attribute (written before it existed) hold the model's basis.
    PetscBool has_basis = PETSC_FALSE;
    check(PetscViewerHDF5HasAttribute(viewer, ("/" + name).c_str(), "one_body_basis", &has_basis));
    std::string their_basis = "model";
    if (has_basis == PETSC_TRUE) {
        char* value = nullptr;
        check(PetscViewerHDF5ReadAttribute(viewer, ("/" + name).c_str(), "one_body_basis",
                                           PETSC_STRING, nullptr, &value));
        their_basis = value ? value : "";
        PetscFree(value);
    }
    require_on_all_ranks(comm(), their_basis == basis_label(frame_), field,
                         "'" + path + "' holds the blocks in the one-body basis '" + their_basis +
                             "', this run's is '" + basis_label(frame_) +
                             "' (its nbody.frame: " + frame_.description + ")");
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
