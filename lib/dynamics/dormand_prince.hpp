#pragma once
// dynamics: the Dormand-Prince 5(4) pair (Hairer, Norsett & Wanner, Solving ODEs I, II.5,
// Table 5.2) with its continuous extension of order 4 (ibid. II.6, DOPRI5's contd5), written for
// state vectors too large for caches (the dense Gamma, the Schur-Weyl blocks): every stage
// combination, the new state with its error estimate, and the state at a quadrature node is one
// pass over memory. PETSc's TSRK 5dp, for the same scheme, copies before every stage, sums in
// passes of four vectors, forms the embedded solution separately and keeps 14 stage vectors;
// this one keeps 8 (the stage and its 7 derivatives, the last reused as the next step's first).
#include "core/error.hpp"
#include "core/petsc_handle.hpp"

#include <array>
#include <functional>
#include <vector>

namespace qrem {

/// A function linear in the state (the dense Gamma's pair marginals, say) as `size` numbers,
/// summed chunk by chunk over the local entries (a chunk: a column of the dense Gamma): whoever
/// streams the state anyway can sample it on the way (DormandPrince's error pass).
struct ChunkedLinearSample {
    std::size_t size = 0;
    PetscInt chunk = 0; ///< local entries per chunk; the local size must be a multiple of it
    /// Adds chunk c's share (local entries [c chunk, (c + 1) chunk), at `entries`) to `sample`,
    /// without communication.
    std::function<void(PetscInt c, const PetscScalar* entries, PetscScalar* sample)> add_chunk;
    /// The sample of v: every local chunk, then the sum over the ranks; collective.
    std::vector<PetscScalar> operator()(Vec v) const;
};

struct DormandPrinceSettings {
    double rtol = 1e-10;
    double atol = 1e-12;
    int max_tries = 10; ///< rejected tries in a row before prepare() gives up (PETSc's default)
};

/// prepare() found no step the error control accepts in max_tries tries in a row.
class StepsRejected : public Error {
public:
    StepsRejected(double step, int tries_in_a_row)
        : Error("every step rejected"), last_step(step), tries(tries_in_a_row) {}
    double last_step;
    int tries;
};

/// Adaptive steps of du/dt = L(t, u) with the same interface as KrylovExponential: prepare()
/// takes one accepted step, evaluate() gives the state anywhere inside it.
class DormandPrince {
public:
    /// F = L(t, u) (a generator in an interaction picture depends on t).
    using Generator = std::function<void(double t, Vec u, Vec F)>;

    /// Vecs of the layout of `like`.
    DormandPrince(Vec like, Generator generator, DormandPrinceSettings settings);

    /// One accepted step from `u` at time `t` of at most `max_step` (shorter if the error
    /// estimate asks for it; rejected tries are repeated with shorter steps). Returns the step;
    /// `u` is not changed. Throws StepsRejected after max_tries rejections in a row, Error for a
    /// non-finite error estimate; judging short steps is the caller's.
    double prepare(Vec u, double t, double max_step);

    /// The state at s in [0, step] after prepare(u, ...): the new state at s = step, the
    /// continuous extension (order 4) inside. `out` may be the u of prepare, but then only as
    /// the last call before the next prepare.
    void evaluate(double s, Vec out);

    /// The continuous extension's weights at s in [0, step) after prepare(u, ...): the state
    /// there is u + sum_j c[j] k_{j+1}. A function linear in the state is thus known at any s
    /// from its values at u and the 7 derivatives (StateEvolution's sampled nodes).
    std::array<double, 7> dense_output_weights(double s) const;
    /// Whether those weights involve k_{j+1} at all (all but k_2).
    static bool dense_output_uses(std::size_t j);
    /// k_{j+1}, j < 7, of the prepared step (valid until the next prepare or evaluate at its end).
    Vec derivative(std::size_t j) const { return k_[j].get(); }

    /// From now on (nullptr: no longer), every try's error pass also samples the derivatives
    /// k_{j+1}, 1 <= j < 7, that the dense output uses, while their chunks are in cache: no
    /// pass of their own. `sample` must outlive its use.
    void sample_derivatives(const ChunkedLinearSample* sample) { sample_ = sample; }
    /// After prepare with sampling on: the sample of k_{j+1} (1 <= j < 7, dense_output_uses(j)).
    const std::vector<PetscScalar>& derivative_sample(std::size_t j) const {
        return derivative_samples_[j];
    }

    /// Sets the next step's size (0: choose it) and forgets the last derivative: the next
    /// prepare evaluates L(u) afresh. Whoever writes to u between steps (a restore) calls it.
    void restart(double next_step);

    double next_step() const { return next_step_; } ///< the controller's proposal
    long rejected_steps() const { return rejected_; }

private:
    /// out = x + sum_j c[j] k_{j+1} (terms with c[j] = 0 skipped), one pass over memory: each
    /// chunk of out stays in L1 while the inputs stream past it once.
    void combine_into(Vec x, const std::array<double, 7>& c, Vec out);
    /// sqrt(sum over all ranks / the global size): PETSc's TSErrorWeightedNorm2 from the
    /// local sums of (entry / its tolerance)^2.
    double weighted_rms(double local_sum_of_squares) const;
    double attempt(Vec u, double t, double h);

    Generator generator_;
    DormandPrinceSettings settings_;
    MPI_Comm comm_ = MPI_COMM_NULL;
    PetscInt local_size_ = 0, global_size_ = 0;
    VecHandle stage_;            ///< the stage value; after prepare, the new state
    std::array<VecHandle, 7> k_; ///< the stage derivatives k_1..k_7
    Vec u_ = nullptr;            ///< the prepared step's start
    double step_ = 0.0, next_step_ = 0.0;
    double t_ = 0.0;                ///< the prepared step's start time
    bool derivative_valid_ = false; ///< k_1 = L(t_, u_)
    long rejected_ = 0;
    const ChunkedLinearSample* sample_ = nullptr;
    std::array<std::vector<PetscScalar>, 7> derivative_samples_;
};

} // namespace qrem
