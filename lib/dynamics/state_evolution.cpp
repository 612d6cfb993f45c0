#include "dynamics/state_evolution.hpp"

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/log.hpp"
#include "core/log_event.hpp"
#include "dynamics/rk_integrator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace qrem {

namespace {

/// PETSc's explicit TS types, which need the right-hand side only.
bool is_explicit(TS ts) {
    TSType type = nullptr;
    check(TSGetType(ts, &type));
    const std::string name = type ? type : "";
    return name == TSRK || name == TSEULER || name == TSSSP || name == TSMPRK || name == TSGLEE;
}

std::string type_name(TS ts) {
    TSType type = nullptr;
    check(TSGetType(ts, &type));
    return type ? type : "?";
}

} // namespace

const char* method_name(NBodyMethod method) {
    switch (method) {
    case NBodyMethod::dormand_prince:
        return "dormand-prince";
    case NBodyMethod::krylov:
        return "krylov";
    case NBodyMethod::runge_kutta:
        break;
    }
    return "runge-kutta";
}

NBodyMethod parse_method(const std::string& name) {
    for (const NBodyMethod method :
         {NBodyMethod::dormand_prince, NBodyMethod::krylov, NBodyMethod::runge_kutta})
        if (name == method_name(method))
            return method;
    throw InputError("nbody.method",
                     "must be dormand-prince, krylov or runge-kutta, got '" + name + "'");
}

StateEvolution::StateEvolution(MPI_Comm comm, Vec state, Generator generator, NBodyIntegration tol,
                               StepLimits limits, Generator jacobian)
    : StateEvolution(
          comm, state,
          [generator = std::move(generator)](double, Vec u, Vec f) { generator(u, f); }, tol,
          limits, std::move(jacobian), false) {}

StateEvolution::StateEvolution(MPI_Comm comm, Vec state, TimeDependentGenerator generator,
                               NBodyIntegration tol, StepLimits limits)
    : StateEvolution(comm, state, std::move(generator), tol, limits, {}, true) {}

StateEvolution::StateEvolution(MPI_Comm comm, Vec state, TimeDependentGenerator generator,
                               NBodyIntegration tol, StepLimits limits, Generator jacobian,
                               bool time_dependent)
    : state_(state), generator_(std::move(generator)), method_(tol.method), limits_(limits),
      jacobian_(std::move(jacobian)) {
    if (method_ == NBodyMethod::krylov) {
        if (time_dependent)
            throw InputError("nbody.method",
                             "krylov needs a time-independent generator, and the interaction "
                             "picture's is not (use nbody.frame = lab with krylov)");
        krylov_ = std::make_unique<KrylovExponential>(
            state,
            [this](Vec u, Vec f) {
                ++evaluations_;
                generator_(0.0, u, f);
            },
            KrylovSettings{tol.krylov_dimension, tol.rtol, tol.atol});
        return;
    }
    if (method_ == NBodyMethod::dormand_prince) {
        // PETSc's TS options would silently do nothing here: name the method they belong to.
        for (const char* option : {"-ts_type", "-ts_rk_type"}) {
            PetscBool given = PETSC_FALSE;
            check(PetscOptionsHasName(nullptr, nullptr, option, &given));
            if (given)
                throw InputError(option, "applies to nbody.method = runge-kutta (PETSc TS), not to "
                                         "the default nbody.method = dormand-prince");
        }
        dormand_prince_ = std::make_unique<DormandPrince>(
            state,
            [this](double t, Vec u, Vec f) {
                count_evaluation();
                generator_(t, u, f);
            },
            DormandPrinceSettings{tol.rtol, tol.atol});
        return;
    }
    ts_ = RkIntegrator({comm, "", TSRK5DP, tol.rtol, tol.atol, "N-body", "nbody", limits},
                       &StateEvolution::rhs, this);
    check(TSSetSolution(ts_, state));
    check(TSMonitorSet(ts_, &StateEvolution::monitor, this, nullptr));
    if (jacobian_) {
        use_jacobian(comm, tol);
        return;
    }
    // Every implicit type would build a Jacobian by finite differences of a real-linear map,
    // which is wrong, not only slow.
    if (!is_explicit(ts_))
        throw InputError("-ts_type", "'" + type_name(ts_) +
                                         "' needs the generator's Jacobian, which the Schur-Weyl "
                                         "blocks' packed Hermitian storage cannot hold (there the "
                                         "generator is only real-linear); for stiff problems use "
                                         "nbody.method = krylov, or nbody.backend = dense");
}

void StateEvolution::use_jacobian(MPI_Comm comm, const NBodyIntegration& tol) {
    if (is_explicit(ts_))
        return; // the right-hand side is all it needs
    // Implicit types get the implicit form F(t, u, u') = u' - L(u) = 0 with its Jacobian
    // shift - J as a MatShell (no entries to assemble; PETSc's in-place shifting of a
    // right-hand-side Jacobian needs MatZeroEntries/MatAXPY, which a MatShell lacks). The
    // right-hand side is then zero (rhs() checks implicit_form_): for IMEX types such as
    // arkimex the whole generator is the implicit part.
    implicit_form_ = true;
    PetscInt local = 0, global = 0;
    check(VecGetLocalSize(state_, &local));
    check(VecGetSize(state_, &global));
    check(MatCreateShell(comm, local, local, global, global, this, jacobian_matrix_.out()));
    check(MatShellSetOperation(jacobian_matrix_, MATOP_MULT,
                               reinterpret_cast<void (*)(void)>(&StateEvolution::jacobian_mult)));
    check(TSSetIFunction(ts_, nullptr, &StateEvolution::implicit_function, this));
    check(TSSetIJacobian(ts_, jacobian_matrix_, jacobian_matrix_,
                         &StateEvolution::implicit_jacobian, this));
    // Defaults: one GMRES solve per stage, no preconditioner (a MatShell has no entries to
    // build one from); -snes_*, -ksp_* and -pc_* options still override them.
    SNES snes = nullptr;
    KSP ksp = nullptr;
    PC pc = nullptr;
    check(TSGetSNES(ts_, &snes));
    check(SNESSetType(snes, SNESKSPONLY));
    check(SNESGetKSP(snes, &ksp));
    check(KSPSetType(ksp, KSPGMRES));
    // The solve's error enters each step's: a tenth of the step's tolerances.
    check(KSPSetTolerances(ksp, 0.1 * tol.rtol, 0.1 * tol.atol, PETSC_DEFAULT, PETSC_DEFAULT));
    check(KSPGetPC(ksp, &pc));
    check(PCSetType(pc, PCNONE));
    check(TSSetFromOptions(ts_));
}

PetscErrorCode StateEvolution::implicit_function(TS, PetscReal, Vec u, Vec u_dot, Vec f,
                                                 void* context) {
    PetscFunctionBeginUser;
    try {
        auto* self = static_cast<StateEvolution*>(context);
        // The complex-linear L, not the right-hand side: an implicit solve leaves u Hermitian
        // only up to its tolerance, and the right-hand side's formula (for Hermitian arguments)
        // would let that anti-Hermitian part grow (measured: 1e51 at t = 0.5 with rates 100).
        self->evaluations_ += 2;
        self->jacobian_(u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "N-body right-hand side failed: %s", e.what());
    }
    PetscCall(VecAYPX(f, -1.0, u_dot)); // u' - L(u)
    PetscFunctionReturn(0);
}

PetscErrorCode StateEvolution::implicit_jacobian(TS, PetscReal, Vec, Vec, PetscReal shift, Mat, Mat,
                                                 void* context) {
    PetscFunctionBeginUser;
    static_cast<StateEvolution*>(context)->shift_ = static_cast<double>(shift);
    PetscFunctionReturn(0);
}

PetscErrorCode StateEvolution::jacobian_mult(Mat J, Vec u, Vec f) {
    PetscFunctionBeginUser;
    void* context = nullptr;
    PetscCall(MatShellGetContext(J, &context));
    try {
        auto* self = static_cast<StateEvolution*>(context);
        // The extension applies L twice (to the Hermitian and the anti-Hermitian part).
        self->evaluations_ += 2;
        self->jacobian_(u, f);
        // shift u - J u
        PetscCall(VecAXPBY(f, self->shift_, -1.0, u));
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "N-body Jacobian failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

void StateEvolution::set_stop_request(std::function<bool()> should_stop) {
    should_stop_ = should_stop;
    if (method_ == NBodyMethod::runge_kutta)
        ts_.set_stop_request(std::move(should_stop));
}

StepperPosition StateEvolution::position() const {
    if (method_ == NBodyMethod::krylov)
        return {t_, own_steps_, last_step_};
    if (method_ == NBodyMethod::dormand_prince)
        return {t_, own_steps_, dormand_prince_->next_step()};
    return stepper_position(ts_);
}

bool StateEvolution::own_advance_to(double t) {
    if (method_ == NBodyMethod::krylov)
        return steps_to(
            t, "N-body Krylov", [&](double max_step) { return krylov_->prepare(state_, max_step); },
            [&](double s, Vec out) { krylov_->evaluate(s, out); },
            [&] {
                return ", or raise nbody.krylov_dimension (" +
                       std::to_string(krylov_->dimension()) + " vectors in the last step)";
            });
    return steps_to(
        t, "N-body", [&](double max_step) { return dormand_prince_->prepare(state_, t_, max_step); },
        [&](double s, Vec out) { dormand_prince_->evaluate(s, out); },
        [] { return std::string(", or use nbody.method = krylov for stiff problems"); });
}

bool StateEvolution::steps_to(double t, const char* name,
                              const std::function<double(double)>& prepare,
                              const std::function<void(double, Vec)>& evaluate,
                              const std::function<std::string()>& advice) {
    // The messages are those of RkIntegrator's guard.
    const double t_start = t_;
    const double ulps =
        4 * std::numeric_limits<double>::epsilon() * std::max(std::abs(t_start), std::abs(t));
    const double floor = std::max(limits_.min_step_ratio * (t - t_start), ulps);
    const auto e = [](double x) { return format_number("%.3g", x); };
    long steps = 0;
    const auto stalled = [&](const std::string& why) {
        return IntegratorStalled(std::string(name) +
                                 " integrator stalled at t = " + format_number("%.6g", t_) +
                                 " in the interval [" + format_number("%.6g", t_start) + ", " +
                                 format_number("%.6g", t) + "]: " + why);
    };
    const auto in_interval = [&] {
        return std::to_string(steps) + (steps == 1 ? " step" : " steps") + " in the interval";
    };
    const std::string check = "; check the model's rates and nbody.rtol/nbody.atol";
    while (t_ < t) {
        const double remaining = t - t_;
        double tau = 0.0;
        try {
            tau = prepare(remaining);
        } catch (const StepsRejected& rejected) {
            throw stalled("the error control rejected every step down to " + e(rejected.last_step) +
                          " (" + std::to_string(rejected.tries) + " tries) after " + in_interval() +
                          check + advice());
        }
        // A step that reaches t up to rounding lands exactly on it.
        const bool last = tau >= remaining * (1 - 1e-12);
        const double t_next = last ? t : t_ + tau;
        if (nodes_)
            observe_step_nodes(t_next, evaluate);
        evaluate(last ? remaining : tau, state_);
        last_step_ = tau;
        t_ = t_next;
        ++own_steps_;
        ++steps;
        report_progress(t_, own_steps_);
        if (last)
            break;
        if (tau < floor)
            throw stalled(
                "step " + e(tau) + " < " + e(floor) +
                (floor > ulps
                     ? " (nbody.min_step_ratio " + e(limits_.min_step_ratio) + " x the interval)"
                     : " (a few ulps of t)") +
                " after " + in_interval() + check + advice() + ", or lower nbody.min_step_ratio");
        if (steps >= limits_.max_steps)
            throw stalled(std::to_string(steps) +
                          " steps (nbody.max_steps_per_output) without reaching its end, the "
                          "last " +
                          e(tau) + check + ", or raise nbody.max_steps_per_output");
        // Asked after every step but the last of the call, as the Runge-Kutta guard does.
        if (should_stop_ && should_stop_())
            return false;
    }
    return true;
}

void StateEvolution::observe_step_nodes(double t_next,
                                        const std::function<void(double, Vec)>& evaluate) {
    const ScopedEvent timed(log_event("QuadratureNodes"));
    const bool any = next_node_ < nodes_->size() && (*nodes_)[next_node_] <= t_next;
    if (!sample_) {
        for (; next_node_ < nodes_->size() && (*nodes_)[next_node_] <= t_next; ++next_node_) {
            evaluate((*nodes_)[next_node_] - t_, at_node_);
            (*observer_)((*nodes_)[next_node_]);
        }
        return;
    }
    // The derivatives' samples come from the error pass; the start's and k_1's are carried
    // over from the step before (a step without nodes carries them too), or taken once.
    if (!samples_.inherited && !any)
        return;
    if (!samples_.inherited) {
        samples_.start = (*sample_)(state_);
        samples_.k[0] = (*sample_)(dormand_prince_->derivative(0));
    }
    for (std::size_t j = 1; j < 7; ++j)
        if (DormandPrince::dense_output_uses(j))
            samples_.k[j] = dormand_prince_->derivative_sample(j);
    // The sample is linear: sample(u + sum_j c_j k_j) = sample(u) + sum_j c_j sample(k_j).
    const auto combined = [&](double s) {
        const std::array<double, 7> c = dormand_prince_->dense_output_weights(s);
        std::vector<PetscScalar> value = samples_.start;
        for (std::size_t j = 0; j < 7; ++j)
            if (DormandPrince::dense_output_uses(j))
                for (std::size_t i = 0; i < value.size(); ++i)
                    value[i] += c[j] * samples_.k[j][i];
        return value;
    };
    for (; next_node_ < nodes_->size() && (*nodes_)[next_node_] <= t_next; ++next_node_)
        (*sample_observer_)((*nodes_)[next_node_], combined((*nodes_)[next_node_] - t_));
    // What the next step inherits (its start is this step's end, its k_1 this k_7).
    samples_.start = combined(t_next - t_);
    samples_.k[0] = std::move(samples_.k[6]);
    samples_.inherited = true;
}

PetscErrorCode StateEvolution::rhs(TS, PetscReal t, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    try {
        auto* self = static_cast<StateEvolution*>(context);
        if (self->implicit_form_) {
            PetscCall(VecZeroEntries(f)); // the generator is in the implicit function
            PetscFunctionReturn(0);
        }
        self->count_evaluation();
        self->generator_(t, u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "N-body right-hand side failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

void StateEvolution::count_evaluation() {
    if (uncounted_evaluations_ > 0)
        --uncounted_evaluations_;
    else
        ++evaluations_;
}

bool StateEvolution::advance_to(double t) {
    if (t < t_)
        throw Error("StateEvolution::advance_to: cannot go back from t = " + std::to_string(t_) +
                    " to " + std::to_string(t));
    if (t == t_)
        return true;
    if (method_ != NBodyMethod::runge_kutta)
        return own_advance_to(t);
    if (!ts_.integrate_to(state_, t)) {
        t_ = position().t;
        return false;
    }
    t_ = t;
    return true;
}

void StateEvolution::restore(const StepperPosition& position, long rhs_evaluations) {
    t_ = start_t_ = position.t;
    start_wall_ = last_report_ = MPI_Wtime();
    if (method_ == NBodyMethod::krylov) {
        // Each step depends only on the state and the interval's end: nothing else to restore.
        own_steps_ = position.steps;
        last_step_ = position.dt;
        evaluations_ = rhs_evaluations;
        return;
    }
    if (method_ == NBodyMethod::dormand_prince) {
        own_steps_ = position.steps;
        dormand_prince_->restart(position.dt);
        // Its first step evaluates L(u) once more, which an uninterrupted run reused (first
        // same as last): not counted, as below.
        evaluations_ = rhs_evaluations;
        uncounted_evaluations_ = 1;
        return;
    }
    set_stepper_position(ts_, position);
    // A first-same-as-last scheme (5dp) reuses the last stage's derivative as the next step's
    // first; the restarted integrator's first step computes it once more. Not counting that
    // one evaluation keeps rhs_evaluations equal to an uninterrupted run's at every output
    // time, also at one reached before the first step (a stop at the end of an interval).
    PetscBool fsal = PETSC_FALSE;
    if (type_name(ts_) == TSRK)
        check(TSRKGetTableau(ts_, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                             &fsal));
    evaluations_ = rhs_evaluations;
    uncounted_evaluations_ = fsal ? 1 : 0;
}

bool StateEvolution::advance_to(double t, const std::vector<double>& nodes, Vec at_node,
                                const std::function<void(double)>& observer) {
    if (!std::is_sorted(nodes.begin(), nodes.end()) ||
        (!nodes.empty() && (nodes.front() <= t_ || nodes.back() >= t)))
        throw Error("StateEvolution::advance_to: nodes must increase strictly inside (time(), t)");
    nodes_ = &nodes;
    at_node_ = at_node;
    observer_ = &observer;
    next_node_ = 0;
    observer_error_ = nullptr;
    bool reached = false;
    try {
        reached = advance_to(t);
    } catch (...) {
        nodes_ = nullptr;
        observer_ = nullptr;
        if (observer_error_)
            std::rethrow_exception(observer_error_);
        throw;
    }
    nodes_ = nullptr;
    observer_ = nullptr;
    if (reached && next_node_ != nodes.size())
        throw Error("StateEvolution::advance_to: " + std::to_string(nodes.size() - next_node_) +
                    " node(s) were not reached");
    return reached;
}

bool StateEvolution::advance_to(
    double t, const std::vector<double>& nodes, Vec at_node, const LinearSample& sample,
    const std::function<void(double, const std::vector<PetscScalar>&)>& observer) {
    const std::function<void(double)> formed = [&](double node) {
        observer(node, sample(at_node));
    };
    if (forms_state_at_nodes(method_))
        return advance_to(t, nodes, at_node, formed);
    sample_ = &sample;
    sample_observer_ = &observer;
    samples_.inherited = false; // the state may have been written since the last call
    if (!nodes.empty())
        dormand_prince_->sample_derivatives(&sample);
    struct Unset {
        StateEvolution& self;
        ~Unset() {
            self.sample_ = nullptr, self.sample_observer_ = nullptr;
            self.dormand_prince_->sample_derivatives(nullptr);
        }
    } unset{*this};
    return advance_to(t, nodes, at_node, formed);
}

void StateEvolution::observe_nodes(TS ts, double t) {
    const ScopedEvent timed(log_event("QuadratureNodes"));
    for (; next_node_ < nodes_->size() && (*nodes_)[next_node_] <= t; ++next_node_) {
        const double node = (*nodes_)[next_node_];
        // Inside the step just taken: PETSc's RK interpolant (order 4 for 5dp) from the
        // stage derivatives it keeps.
        check(TSInterpolate(ts, node, at_node_));
        (*observer_)(node);
    }
}

void StateEvolution::report_progress_every(double seconds, double t_end) {
    progress_interval_ = seconds;
    t_end_ = t_end;
    start_wall_ = last_report_ = MPI_Wtime();
    start_t_ = t_;
}

PetscErrorCode StateEvolution::monitor(TS ts, PetscInt step, PetscReal t, Vec, void* context) {
    PetscFunctionBeginUser;
    auto* self = static_cast<StateEvolution*>(context);
    if (self->nodes_) {
        try {
            self->observe_nodes(ts, static_cast<double>(t));
        } catch (...) {
            // Rethrown by advance_to once PETSc has unwound.
            self->observer_error_ = std::current_exception();
            SETERRQ(PETSC_COMM_SELF, PETSC_ERR_USER, "observer at a quadrature node failed");
        }
    }
    self->report_progress(static_cast<double>(t), static_cast<long>(step));
    PetscFunctionReturn(0);
}

void StateEvolution::report_progress(double t, long step) {
    const double now = MPI_Wtime();
    // Rank 0's clock decides; only rank 0 prints, so the ranks need not agree.
    if (progress_interval_ <= 0.0 || now - last_report_ < progress_interval_)
        return;
    last_report_ = now;
    // The ETA extrapolates the simulated time per wall second so far.
    const double elapsed = now - start_wall_, done = t - start_t_;
    const double eta = done > 0 ? elapsed / done * (t_end_ - t) : 0.0;
    char line[200];
    std::snprintf(line, sizeof line,
                  "    ... t = %.6g, %ld steps, %ld RHS evaluations, %.0f s elapsed, ETA %.0f s\n",
                  t, step, rhs_evaluations(), elapsed, eta);
    log::out() << line << std::flush;
}

std::string StateEvolution::describe() const {
    if (method_ == NBodyMethod::krylov)
        return "Krylov exponential, at most " + std::to_string(krylov_->max_dimension()) +
               " vectors per step";
    if (method_ == NBodyMethod::dormand_prince)
        return "Dormand-Prince 5(4), fused vector passes";
    std::string text = "PETSc TS " + type_name(ts_);
    if (type_name(ts_) == TSRK) {
        TSRKType scheme = nullptr;
        check(TSRKGetType(ts_, &scheme));
        text += std::string(" ") + (scheme ? scheme : "?");
    }
    if (implicit_form_)
        text += " (matrix-free Jacobian, GMRES)";
    return text;
}

long StateEvolution::steps() const {
    if (method_ != NBodyMethod::runge_kutta)
        return own_steps_;
    PetscInt n = 0;
    check(TSGetStepNumber(ts_, &n));
    return static_cast<long>(n);
}

} // namespace qrem
