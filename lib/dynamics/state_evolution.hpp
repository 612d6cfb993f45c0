#pragma once
// dynamics: integration of a linear, time-independent N-body generator on the Vec of a state,
// whatever represents it (the dense distributed Gamma, the Schur-Weyl blocks), by one of three
// methods: qrem's Dormand-Prince 5(4) (DormandPrince, the default), the Krylov exponential
// (KrylovExponential, adaptive steps of exp(tau L)) or PETSc TS adaptive Runge-Kutta (its
// default Dormand-Prince 5(4) too, -ts_* options override). Either way:
// quadrature nodes from the dense output, a stop request checked after every step, progress
// lines, and the position of the integrator for checkpoints.
#include "dynamics/dormand_prince.hpp"
#include "dynamics/krylov_exponential.hpp"
#include "dynamics/rk_integrator.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qrem {

class StateEvolution {
public:
    /// F = L(u) for Vecs of the layout of `state`.
    using Generator = std::function<void(Vec u, Vec F)>;
    /// F = L(t, u): a generator in an interaction picture.
    using TimeDependentGenerator = std::function<void(double t, Vec u, Vec F)>;

    /// Evolves `state` in place; it must outlive this object. `jacobian`, where the state's
    /// storage admits one, applies the complex-linear extension of L to any Vec (L itself may
    /// assume a Hermitian argument): it is the Jacobian of implicit TS types (-ts_type bdf, cn,
    /// rosw, ...), solved matrix-free by GMRES; without it those types are refused.
    StateEvolution(MPI_Comm comm, Vec state, Generator generator, NBodyIntegration tol,
                   StepLimits limits = {}, Generator jacobian = {});
    /// The same for a time-dependent generator: the Krylov exponential (exp(tau L) needs a
    /// constant L) and implicit TS types are refused.
    StateEvolution(MPI_Comm comm, Vec state, TimeDependentGenerator generator,
                   NBodyIntegration tol, StepLimits limits = {});

    /// Integrates to exactly `t` (>= time()). Returns false if the stop request ended it early,
    /// at the end of a step (time() tells where).
    bool advance_to(double t);

    /// Integrates to exactly `t`, writing the state at each of `nodes` (increasing, inside
    /// (time(), t)) into `at_node` from the integrator's dense output and then calling
    /// `observer(node)` (collective): the steps stay those of a plain advance_to(t). Throws if the
    /// TS scheme has no interpolant (PETSc's rk schemes have one).
    bool advance_to(double t, const std::vector<double>& nodes, Vec at_node,
                    const std::function<void(double)>& observer);

    /// A function linear in the state (its pair marginals, say) as numbers; collective.
    using LinearSample = ChunkedLinearSample;
    /// As above, but `observer(node, sample(state at node))`. The Dormand-Prince method does not
    /// form those states: it samples the stage derivatives in its error pass (no pass of their
    /// own), carries the sample of each step's start over from the step before, and combines
    /// the samples with the continuous extension's weights (two samples of their own per call,
    /// of the start and its derivative, instead of a pass over 8 state-sized vectors and a
    /// sample per node). The other methods write the state into `at_node` and sample it.
    bool advance_to(double t, const std::vector<double>& nodes, Vec at_node,
                    const LinearSample& sample,
                    const std::function<void(double, const std::vector<PetscScalar>&)>& observer);

    /// Asked after every step (on every rank; it must return the same on all, e.g. through an
    /// MPI_Allreduce): true stops the integration there, and advance_to returns false.
    void set_stop_request(std::function<bool()> should_stop);

    /// The integrator's position (time, steps, next step size) and the generator's count, and
    /// setting them after the state was restored from a checkpoint.
    StepperPosition position() const;
    void restore(const StepperPosition& position, long rhs_evaluations);
    double time() const { return t_; }
    long steps() const;
    NBodyMethod method() const { return method_; }
    /// The integrator in words, e.g. "PETSc TS rk 5dp", "Krylov exponential, at most 30
    /// vectors per step".
    std::string describe() const;
    /// The PETSc TS of the runge_kutta method (nullptr for the others).
    TS ts() const { return ts_; }
    long rhs_evaluations() const { return evaluations_; }
    /// Between output times, print a progress line on rank 0 (simulated time, steps, wall time,
    /// ETA to t_end) at most every `seconds` of wall time; 0 turns it off.
    void report_progress_every(double seconds, double t_end);

private:
    StateEvolution(MPI_Comm comm, Vec state, TimeDependentGenerator generator,
                   NBodyIntegration tol, StepLimits limits, Generator jacobian,
                   bool time_dependent);
    static PetscErrorCode rhs(TS ts, PetscReal t, Vec u, Vec f, void* context);
    static PetscErrorCode jacobian_mult(Mat J, Vec u, Vec f);
    static PetscErrorCode implicit_function(TS ts, PetscReal t, Vec u, Vec u_dot, Vec f,
                                            void* context);
    static PetscErrorCode implicit_jacobian(TS ts, PetscReal t, Vec u, Vec u_dot, PetscReal shift,
                                            Mat J, Mat P, void* context);
    void use_jacobian(MPI_Comm comm, const NBodyIntegration& tol);
    static PetscErrorCode monitor(TS ts, PetscInt step, PetscReal t, Vec u, void* context);
    void observe_nodes(TS ts, double t);
    /// advance_to(t) of the methods with their own step loop (dormand_prince, krylov).
    bool own_advance_to(double t);
    /// That loop: `prepare(max_step)` takes a step from state_ and returns its length,
    /// `evaluate(s, out)` writes the state at s inside it; `advice` ends a stall's message.
    bool steps_to(double t, const char* name, const std::function<double(double)>& prepare,
                  const std::function<void(double, Vec)>& evaluate,
                  const std::function<std::string()>& advice);
    /// The nodes in (time(), t_next] of the step just prepared, observed.
    void observe_step_nodes(double t_next, const std::function<void(double, Vec)>& evaluate);
    void count_evaluation(); ///< one generator application, unless restore() excluded it
    void report_progress(double t, long step);

    Vec state_;
    TimeDependentGenerator generator_;
    long evaluations_ = 0;
    int uncounted_evaluations_ = 0; ///< see restore()
    NBodyMethod method_;
    StepLimits limits_;
    Generator jacobian_;
    MatHandle jacobian_matrix_; ///< a MatShell: shift_ u - jacobian_(u)
    double shift_ = 0.0;
    bool implicit_form_ = false;                    ///< an implicit TS type: u' - L(u) = 0
    RkIntegrator ts_;                               ///< runge_kutta only
    std::unique_ptr<KrylovExponential> krylov_;     ///< krylov only
    std::unique_ptr<DormandPrince> dormand_prince_; ///< dormand_prince only
    long own_steps_ = 0;                            ///< dormand_prince, krylov
    double last_step_ = 0.0;                        ///< krylov
    std::function<bool()> should_stop_;
    double t_ = 0.0;
    double progress_interval_ = 0.0;
    double start_wall_ = 0.0, last_report_ = 0.0, start_t_ = 0.0, t_end_ = 0.0;
    const std::vector<double>* nodes_ = nullptr;
    Vec at_node_ = nullptr;
    const std::function<void(double)>* observer_ = nullptr;
    const LinearSample* sample_ = nullptr; ///< set: observe the dormand_prince steps' samples
    /// Samples of a Dormand-Prince step with nodes: of its start and of the derivatives its
    /// dense output uses. The next step inherits the sample of its start (by linearity, the
    /// combination at this step's end) and of its k_1 (this step's k_7: first same as last).
    struct StepSamples {
        std::vector<PetscScalar> start;
        std::array<std::vector<PetscScalar>, 7> k;
        bool inherited = false; ///< start and k[0] are the previous step's end
    };
    StepSamples samples_;
    const std::function<void(double, const std::vector<PetscScalar>&)>* sample_observer_ = nullptr;
    std::size_t next_node_ = 0;
    std::exception_ptr observer_error_;
};

} // namespace qrem
