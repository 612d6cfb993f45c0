#pragma once
// backends: the seam between the representations of the N-body state Gamma_t and everything
// above them (the run loop, the diagnostics at output times, checkpoints). One class per
// representation, each with its state, generator and evolution, all in this folder:
//   DenseBackend      the distributed D x D matrix (lib/state, lib/dynamics): any state; D = d^N
//   SymmetricBackend  the Schur-Weyl blocks (lib/symmetric): permutation-invariant states, N in
//                     the hundreds (d = 2 for now)
// A third representation of Gamma is a third class here, and a case in make_backend.
#include "diagnostics/entropy.hpp"
#include "diagnostics/marginals.hpp"
#include "dynamics/state_evolution.hpp"
#include "model/one_body_model.hpp"
#include "state/state_storage.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qrem {

struct SchurWeylBlocks;

class NBodyBackend : public StateStorage {
public:
    /// "dense" or "symmetric".
    virtual std::string name() const = 0;
    int N() const { return N_; }
    std::size_t d() const { return d_; }

    // Evolution (collective).
    virtual StateEvolution& evolution() = 0;
    /// Called with the pair marginals of Gamma at a quadrature node (collective).
    using NodeObserver = std::function<void(double t, const PairMarginals& pairs)>;
    /// Integrates to exactly t, calling `observer` at `nodes` (see StateEvolution). Returns false
    /// if a stop request ended it early.
    virtual bool advance_to(double t, const std::vector<double>& nodes,
                            const NodeObserver& observer) = 0;

    // Gamma_t (collective).
    virtual Complex trace() const = 0;
    virtual double hermiticity_error() const = 0;
    /// Tr(H_N Gamma).
    virtual double energy() const = 0;
    /// S_vN and the health of the spectrum (with multiplicities).
    virtual SpectrumEntropy spectrum_entropy() const = 0;
    virtual PairMarginals pair_marginals() const = 0;
    /// Gamma^{N:k}, d^k x d^k.
    virtual DenseMatrix marginal(int k) const = 0;
    /// ||Gamma - gamma^{(x)N}||_1 for a faithful gamma; NaN where the representation cannot
    /// afford it.
    virtual double trace_distance_to_product(const DenseMatrix& gamma) const = 0;
    /// The Schur-Weyl blocks of (C^d)^{(x)N} where the representation holds them (else null).
    virtual const SchurWeylBlocks* blocks() const { return nullptr; }
    /// The frame the generator is integrated in, and why (for the run header and summary).
    virtual std::string frame() const { return "lab"; }

protected:
    NBodyBackend(int N, std::size_t d) : N_(N), d_(d) {}

private:
    int N_;
    std::size_t d_;
};

/// Gamma_0 (initial.nbody_state and its parameters).
struct InitialNBodyState {
    std::string kind = "product"; ///< product, perturbed, gibbs, file
    DenseMatrix gamma0;
    double epsilon = 0.1;      ///< perturbed
    double beta = 1, tilt = 0; ///< gibbs: exp(-beta (H_N + tilt sum_j n_j))/Z
    std::string file;          ///< file: HDF5 of the dense Gamma
};

struct BackendSettings {
    std::string requested = "auto"; ///< auto, dense, symmetric
    NBodyIntegration tolerances;
    StepLimits limits;
    std::string spectrum = "scalapack"; ///< the dense spectrum's method
    /// nbody.frame: lab, interaction (the symmetric backend in the interaction picture of the
    /// one-body h) or auto (interaction where it applies).
    std::string frame = "lab";
    /// Whether Gamma must be written and read in the model's basis (output.save_state_at, an
    /// initial state from a file): then the interaction picture needs a diagonal h.
    bool states_in_model_basis = false;
};

/// Which backend runs and why (for the run header and summary.json).
struct BackendChoice {
    std::string name;
    std::string reason;
};
/// `auto` takes the blocks whenever Gamma_0 is permutation-invariant (every initial state but
/// an HDF5 file) and d <= 4; `symmetric` takes d <= 8; throws InputError (nbody.backend) for a request that
/// cannot run.
/// With `initial_file_blocks` (initial.nbody_state = file and the file holds Schur-Weyl
/// blocks, see file_holds_blocks) the state is permutation-invariant and only the blocks can read it.
BackendChoice choose_backend(const std::string& requested, std::size_t d,
                             const std::string& initial_kind, bool initial_file_blocks = false);

/// Whether dataset /Gamma of the HDF5 file at `path` is the Schur-Weyl blocks' storage (a
/// state or checkpoint file of the symmetric backend) rather than a dense Gamma; false if the
/// file or the dataset cannot be read (its reader then says why).
bool file_holds_blocks(const std::string& path);

/// The backend `choice.name` on `comm` with Gamma_0 filled in (or left zero with
/// `initial_state = false`: a restart reads it from a checkpoint).
std::unique_ptr<NBodyBackend> make_backend(MPI_Comm comm, const BackendChoice& choice,
                                           const OneBodyModel& model, int N,
                                           const BackendSettings& settings,
                                           const InitialNBodyState& initial, bool initial_state);

} // namespace qrem
