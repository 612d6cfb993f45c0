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

    StateEvolution& evolution() override { return *evolution_; }
    bool advance_to(double t, const std::vector<double>& nodes,
                    const NodeObserver& observer) override;
    Complex trace() const override { return Gamma_.trace(); }
    double hermiticity_error() const override { return Gamma_.hermiticity_error(); }
    double energy() const override;
    SpectrumEntropy spectrum_entropy() const override;
    PairMarginals pair_marginals() const override;
    DenseMatrix marginal(int k) const override;
    double trace_distance_to_product(const DenseMatrix& gamma) const override;
    const SchurWeylBlocks* blocks() const override { return &Gamma_.blocks(); }
    std::string frame() const override { return frame_.description; }

    MPI_Comm comm() const override { return Gamma_.comm(); }
    void write(PetscViewer viewer, const std::string& name) const override;
    void read(PetscViewer viewer, const std::string& name, const std::string& field,
              const std::string& path) override;
    std::uint64_t content_hash() const override;
    std::uint64_t file_bytes() const override;

    /// The frame of the generator: in the interaction picture the integrator's state is
    /// Phi_t^{-1}(Gamma_t) (BlockGeneratorTerms) and its steps are no longer bound by the
    /// frequencies of H_0 = sum_j h_j (N times h's spread). H_0 must be diagonal in the
    /// Gelfand-Tsetlin basis, so the blocks are then written in h's eigenbasis V (unless h is
    /// diagonal already) and every output is turned back to the model's basis. Between calls
    /// of advance_to, Gamma() holds the lab frame's state (in the basis V).
    struct Frame {
        bool interaction = false;
        bool rotated = false; ///< V is not the identity
        DenseMatrix V;
        DenseMatrix h, W; ///< the model's, in the basis V
        BlockGeneratorTerms terms;
        std::string description;
    };

private:
    Frame frame_;
    BlockDensityMatrix Gamma_;
    BlockLindbladRHS rhs_;
    std::unique_ptr<StateEvolution> evolution_;
    std::unique_ptr<BlockDensityMatrix> at_node_;
};

/// The frame a symmetric backend with these settings runs in (nbody.frame); InputError for
/// a request that cannot run.
SymmetricBackend::Frame choose_frame(const OneBodyModel& model, const BackendSettings& settings);

} // namespace qrem
