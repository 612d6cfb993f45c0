#pragma once
// dynamics: exp(tau L) u for a time-independent, real-linear generator L (the N-body Lindblad
// generator on the Vec of a state: Hermiticity-preserving, and applied through Y + Y^dagger or
// packed Hermitian storage, so only real-linear), by an Arnoldi process in real arithmetic.
//
// PETSc's TS integrators and SLEPc's MFN assume a complex-linear operator; L is not one here.
// Arnoldi stays correct for a real-linear L when every coefficient is real: the inner product
// is Re(x^H y), a real inner product on the state space, and exp(tau H_m) of the real
// Hessenberg matrix H_m is taken by SLEPc's FN. Unlike an explicit Runge-Kutta scheme, the step
// is not limited by the stability of the generator's largest frequencies (the Hamiltonian's
// spread grows with N) but only by what the state itself contains, and the state at every
// time inside a step (quadrature nodes, output times) costs no further generator applications.
#include "core/petsc_handle.hpp"

#include <functional>
#include <vector>

namespace qrem {

struct KrylovSettings {
    int max_dimension = 30; ///< Krylov vectors kept (memory: max_dimension + 2 state-sized Vecs)
    double rtol = 1e-10;    ///< local error per step <= rtol ||u|| + atol (2-norm of the Vec)
    double atol = 1e-12;
};

class KrylovExponential {
public:
    using Generator = std::function<void(Vec u, Vec F)>;

    /// Vecs of the layout of `like`; `generator` computes F = L(u).
    KrylovExponential(Vec like, Generator generator, KrylovSettings settings);

    /// Builds the Krylov space of `u` and chooses the step: `max_step` if the error estimate
    /// allows it, else the longest step (by a deterministic search) that meets the tolerance with
    /// max_dimension vectors. Returns the step; `u` is not changed.
    double prepare(Vec u, double max_step);

    /// exp(s L) u for 0 <= s <= the prepared step, into `out` (which may be the `u` of prepare).
    void evaluate(double s, Vec out) const;

    int dimension() const { return dimension_; }         ///< of the prepared step
    int max_dimension() const { return settings_.max_dimension; }
    long generator_applications() const { return applications_; }
    double error_estimate() const { return error_; }     ///< of the prepared step

private:
    /// Estimated 2-norm error of the m-dimensional approximation at step s (the leading term
    /// of the Arnoldi error expansion, Saad 1992: beta h_{m+1,m} s |e_m^T phi_1(s H_m) e_1|).
    double estimate(int m, double s) const;
    /// exp(s H_m) e_1 (its first column), or phi_1 with an augmented matrix when `phi` is set.
    std::vector<double> exp_column(int m, double s, bool phi) const;

    Generator generator_;
    KrylovSettings settings_;
    std::vector<VecHandle> basis_; ///< max_dimension + 1 orthonormal vectors
    std::vector<double> h_;        ///< Hessenberg, (max_dimension + 1) x max_dimension, column-major
    FNHandle exp_;
    double beta_ = 0.0, step_ = 0.0, error_ = 0.0;
    int dimension_ = 0;
    bool exact_ = false; ///< the Krylov space is invariant (happy breakdown)
    long applications_ = 0;
};

} // namespace qrem
