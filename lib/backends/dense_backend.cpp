#include "backends/dense_backend.hpp"

#include "core/error.hpp"
#include "dynamics/gibbs_state.hpp"
#include "nbody/nbody_operators.hpp"
#include "state/density_matrix_io.hpp"
#include "state/initial_states.hpp"

#include <cmath>
#include <limits>

namespace qrem {

DenseBackend::DenseBackend(MPI_Comm comm, const OneBodyModel& model, int N,
                           const BackendSettings& settings)
    : NBodyBackend(N, model.d), Gamma_(comm, NBodySpace(model.d, N)),
      H_(assemble_hamiltonian(comm, Gamma_.space(), model)),
      solver_(Gamma_, model, settings.tolerances, settings.limits),
      spectrum_(parse_spectrum_method(settings.spectrum, "diagnostics.spectrum")) {}

void DenseBackend::set_initial_state(const OneBodyModel& model, const InitialNBodyState& initial,
                                     const BackendSettings& settings) {
    product_factor_.reset();
    if (initial.kind == "product") {
        fill_product_state(Gamma_, initial.gamma0);
        product_factor_ = initial.gamma0;
    } else if (initial.kind == "perturbed")
        fill_perturbed_product_state(Gamma_, initial.gamma0, initial.epsilon);
    else if (initial.kind == "gibbs")
        fill_gibbs_state(Gamma_, model, initial.beta, initial.tilt, settings.tolerances,
                         settings.limits);
    else
        load_density_matrix(Gamma_, initial.file, "initial.Gamma_file");
}

bool DenseBackend::advance_to(double t, const std::vector<double>& nodes,
                              const NodeObserver& observer) {
    product_factor_.reset();
    const auto N = Gamma_.space().N();
    const auto d = Gamma_.space().d();
    const PairMarginalColumns columns(Gamma_);
    const StateEvolution::LinearSample sample{
        columns.size(), static_cast<PetscInt>(Gamma_.lda()),
        [&](PetscInt s, const PetscScalar* column, PetscScalar* entries) {
            columns.add_column(s, column, entries);
        }};
    return solver_.advance_to(
        t, nodes, sample,
        [&](double node, const std::vector<PetscScalar>& entries) {
            observer(node, {N, d, pair_marginals_from_entries(entries, d), false});
        });
}

double DenseBackend::energy() const {
    return Gamma_.expectation(H_).real();
}

SpectrumEntropy DenseBackend::spectrum_entropy() const {
    if (product_factor_)
        return von_neumann_entropy(
            product_spectrum(hermitian_eigenvalues(*product_factor_), Gamma_.space().N()));
    return von_neumann_entropy(eigenvalues(Gamma_, spectrum_));
}

PairMarginals DenseBackend::pair_marginals() const {
    return all_pair_marginals(Gamma_);
}

double DenseBackend::trace_distance_to_product(const DenseMatrix& gamma) const {
    if (Gamma_.space().D() > 256)
        return std::numeric_limits<double>::quiet_NaN();
    DensityMatrix difference(Gamma_.comm(), Gamma_.space());
    fill_product_state(difference, gamma);
    check(VecAYPX(difference.vec(), -1.0, Gamma_.vec())); // Gamma - gamma^(x)N
    double norm = 0.0;
    for (const double lambda : eigenvalues(difference, spectrum_))
        norm += std::abs(lambda);
    return norm;
}

void DenseBackend::write(PetscViewer viewer, const std::string& name) const {
    write_density_matrix(Gamma_, viewer, name);
}

void DenseBackend::read(PetscViewer viewer, const std::string& name, const std::string& field,
                        const std::string& path) {
    product_factor_.reset();
    read_density_matrix(Gamma_, viewer, name, field, path);
}

std::uint64_t DenseBackend::content_hash() const {
    return qrem::content_hash(Gamma_);
}

std::uint64_t DenseBackend::file_bytes() const {
    return qrem::file_bytes(Gamma_);
}

} // namespace qrem
