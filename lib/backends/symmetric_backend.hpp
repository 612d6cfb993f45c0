#pragma once
// backends: a permutation-invariant Gamma in Schur-Weyl blocks (BlockDensityMatrix), evolved by
// the block generator (BlockLindbladRHS): C(N + 3, 3) numbers for d = 2 instead of 4^N.
#include "backends/nbody_backend.hpp"
#include "symmetric/block_density_matrix.hpp"
#include "symmetric/block_lindblad_rhs.hpp"

namespace qrem {

class SymmetricBackend : public NBodyBackend {
public:
    SymmetricBackend(MPI_Comm comm, const OneBodyModel& model, int N,
                     const BackendSettings& settings);

    std::string name() const override { return "symmetric"; }
    BlockDensityMatrix& Gamma() { return Gamma_; }
    const BlockDensityMatrix& Gamma() const { return Gamma_; }
    void set_initial_state(const OneBodyModel& model, const InitialNBodyState& initial);

    StateEvolution& evolution() override { return evolution_; }
    bool advance_to(double t, const std::vector<double>& nodes,
                    const NodeObserver& observer) override;
    Complex trace() const override { return Gamma_.trace(); }
    double hermiticity_error() const override { return Gamma_.hermiticity_error(); }
    double energy() const override;
    SpectrumEntropy spectrum_entropy() const override;
    PairMarginals pair_marginals() const override;
    DenseMatrix marginal(int k) const override { return Gamma_.marginal(k); }
    double trace_distance_to_product(const DenseMatrix& gamma) const override;
    const SchurWeylBlocks* blocks() const override { return &Gamma_.blocks(); }

    MPI_Comm comm() const override { return Gamma_.comm(); }
    void write(PetscViewer viewer, const std::string& name) const override;
    void read(PetscViewer viewer, const std::string& name, const std::string& field,
              const std::string& path) override;
    std::uint64_t content_hash() const override;
    std::uint64_t file_bytes() const override;

private:
    const OneBodyModel& model_;
    BlockDensityMatrix Gamma_;
    BlockLindbladRHS rhs_;
    StateEvolution evolution_;
    std::unique_ptr<BlockDensityMatrix> at_node_;
};

} // namespace qrem
