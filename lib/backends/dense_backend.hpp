#pragma once
// backends: Gamma as the distributed dense D x D matrix (DensityMatrix), evolved by the
// Lindblad right-hand side without the Liouvillian (LindbladRHS); any state, D = d^N.
#include "backends/nbody_backend.hpp"
#include "diagnostics/spectrum.hpp"
#include "dynamics/nbody_solver.hpp"
#include "state/density_matrix.hpp"

#include <optional>

namespace qrem {

class DenseBackend : public NBodyBackend {
public:
    DenseBackend(MPI_Comm comm, const OneBodyModel& model, int N, const BackendSettings& settings);

    std::string name() const override { return "dense"; }
    DensityMatrix& Gamma() {
        product_factor_.reset(); // the caller may write to it
        return Gamma_;
    }
    const DensityMatrix& Gamma() const { return Gamma_; }
    void set_initial_state(const OneBodyModel& model, const InitialNBodyState& initial,
                           const BackendSettings& settings);

    StateEvolution& evolution() override { return solver_.evolution(); }
    bool advance_to(double t, const std::vector<double>& nodes,
                    const NodeObserver& observer) override;
    Complex trace() const override { return Gamma_.trace(); }
    double hermiticity_error() const override { return Gamma_.hermiticity_error(); }
    double energy() const override;
    SpectrumEntropy spectrum_entropy() const override;
    PairMarginals pair_marginals() const override;
    DenseMatrix marginal(int k) const override { return Gamma_.marginal(k); }
    /// Computed where D <= 256 (one more dense spectrum, cheap there), NaN beyond.
    double trace_distance_to_product(const DenseMatrix& gamma) const override;

    MPI_Comm comm() const override { return Gamma_.comm(); }
    void write(PetscViewer viewer, const std::string& name) const override;
    void read(PetscViewer viewer, const std::string& name, const std::string& field,
              const std::string& path) override;
    std::uint64_t content_hash() const override;
    std::uint64_t file_bytes() const override;

private:
    DensityMatrix Gamma_;
    MatHandle H_;
    NBodySolver solver_;
    SpectrumMethod spectrum_;
    /// gamma while Gamma = gamma^(x)N exactly (a product initial state, not yet evolved): its
    /// spectrum is then the products of gamma's eigenvalues, no D x D eigensolve.
    std::optional<DenseMatrix> product_factor_;
};

} // namespace qrem
