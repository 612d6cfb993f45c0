#include "dynamics/krylov_exponential.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>

namespace qrem {

KrylovExponential::KrylovExponential(Vec like, Generator generator, KrylovSettings settings)
    : generator_(std::move(generator)), settings_(settings) {
    if (settings_.max_dimension < 1)
        throw Error("KrylovExponential: max_dimension must be at least 1");
    basis_.resize(static_cast<std::size_t>(settings_.max_dimension) + 1);
    for (auto& v : basis_)
        check(VecDuplicate(like, v.out()));
    h_.assign(static_cast<std::size_t>(settings_.max_dimension + 1) * settings_.max_dimension, 0.0);
    check(FNCreate(PETSC_COMM_SELF, exp_.out()));
    check(FNSetType(exp_, FNEXP));
}

std::vector<double> KrylovExponential::exp_column(int m, double s, bool phi) const {
    // [[s H_m, e_1], [0, 0]] has exp = [[exp(s H_m), phi_1(s H_m) e_1], [0, 1]].
    const int n = phi ? m + 1 : m;
    const int ld = settings_.max_dimension + 1;
    MatHandle a, e;
    check(MatCreateSeqDense(PETSC_COMM_SELF, n, n, nullptr, a.out()));
    check(MatCreateSeqDense(PETSC_COMM_SELF, n, n, nullptr, e.out()));
    PetscScalar* x = nullptr;
    check(MatDenseGetArray(a, &x)); // column-major, leading dimension n
    std::fill(x, x + static_cast<std::size_t>(n) * n, PetscScalar(0));
    for (int j = 0; j < m; ++j)
        for (int i = 0; i <= std::min(j + 1, m - 1); ++i)
            x[i + j * n] = s * h_[static_cast<std::size_t>(i + j * ld)];
    if (phi)
        x[0 + m * n] = 1.0;
    check(MatDenseRestoreArray(a, &x));
    check(FNEvaluateFunctionMat(exp_, a, e));
    const PetscScalar* y = nullptr;
    check(MatDenseGetArrayRead(e, &y));
    std::vector<double> column(static_cast<std::size_t>(m));
    const int col = phi ? m : 0;
    // H_m is real, so is its exponential; the imaginary parts are rounding.
    for (int i = 0; i < m; ++i)
        column[static_cast<std::size_t>(i)] = PetscRealPart(y[i + col * n]);
    check(MatDenseRestoreArrayRead(e, &y));
    return column;
}

double KrylovExponential::estimate(int m, double s) const {
    const double h_next = h_[static_cast<std::size_t>(m + (m - 1) * (settings_.max_dimension + 1))];
    const std::vector<double> phi = exp_column(m, s, true);
    return beta_ * h_next * s * std::abs(phi[static_cast<std::size_t>(m - 1)]);
}

double KrylovExponential::prepare(Vec u, double max_step) {
    const int ld = settings_.max_dimension + 1;
    std::fill(h_.begin(), h_.end(), 0.0);
    PetscReal beta = 0;
    check(VecNorm(u, NORM_2, &beta));
    beta_ = static_cast<double>(beta);
    exact_ = false;
    error_ = 0.0;
    if (beta_ == 0.0) {
        dimension_ = 0;
        exact_ = true;
        return step_ = max_step;
    }
    check(VecCopy(u, basis_[0]));
    check(VecScale(basis_[0], 1.0 / beta_));
    const double tol = settings_.rtol * beta_ + settings_.atol;

    std::vector<Vec> v(basis_.size());
    for (std::size_t i = 0; i < basis_.size(); ++i)
        v[i] = basis_[i];
    std::vector<PetscScalar> dots(basis_.size() + 1);
    std::vector<PetscScalar> coefficients(basis_.size());
    for (int j = 0; j < settings_.max_dimension; ++j) {
        Vec w = basis_[static_cast<std::size_t>(j) + 1];
        generator_(basis_[static_cast<std::size_t>(j)], w);
        ++applications_;
        // Classical Gram-Schmidt with the real inner product Re(x^H y), repeated once when the
        // first pass cancelled most of w (Daniel-Gragg-Kaufman-Stewart): one multi-vector dot
        // (including |w|^2) and one multi-vector update per pass.
        check(VecMDot(w, j + 2, v.data(), dots.data())); // v[j + 1] is w: |w|^2 last
        double norm_before = std::sqrt(std::max(0.0, PetscRealPart(dots[j + 1])));
        double norm_after = 0.0;
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1)
                check(VecMDot(w, j + 1, v.data(), dots.data()));
            for (int i = 0; i <= j; ++i) {
                const double c = PetscRealPart(dots[i]);
                h_[static_cast<std::size_t>(i + j * ld)] += c;
                coefficients[static_cast<std::size_t>(i)] = -c;
            }
            check(VecMAXPY(w, j + 1, coefficients.data(), v.data()));
            PetscReal norm = 0;
            check(VecNorm(w, NORM_2, &norm));
            norm_after = static_cast<double>(norm);
            if (norm_after > 0.5 * norm_before)
                break;
            norm_before = norm_after;
        }
        h_[static_cast<std::size_t>(j + 1 + j * ld)] = norm_after;
        dimension_ = j + 1;
        // The space is invariant under L up to rounding: the approximation is exact.
        double column_scale = 0.0;
        for (int i = 0; i <= j; ++i)
            column_scale = std::max(column_scale, std::abs(h_[static_cast<std::size_t>(i + j * ld)]));
        if (norm_after <= 1e-14 * std::max(column_scale, 1.0)) {
            exact_ = true;
            return step_ = max_step;
        }
        error_ = estimate(dimension_, max_step);
        if (error_ <= tol)
            return step_ = max_step;
        check(VecScale(w, 1.0 / norm_after));
    }
    // The full space is not enough for max_step: shorten the step. The error falls roughly like
    // s^m for small s; aim below the tolerance and shrink until the estimate meets it.
    const double m = static_cast<double>(dimension_);
    double s = max_step;
    for (int attempt = 0; attempt < 100 && error_ > tol; ++attempt) {
        const double factor = 0.9 * std::pow(tol / error_, 1.0 / m);
        s *= std::clamp(factor, 0.1, 0.9);
        error_ = estimate(dimension_, s);
    }
    return step_ = s;
}

void KrylovExponential::evaluate(double s, Vec out) const {
    if (s < 0 || s > step_ * (1 + 1e-12))
        throw Error("KrylovExponential::evaluate: s outside the prepared step");
    check(VecZeroEntries(out));
    if (dimension_ == 0)
        return;
    const std::vector<double> c = exp_column(dimension_, s, false);
    std::vector<PetscScalar> coefficients(c.size());
    std::vector<Vec> v(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        coefficients[i] = beta_ * c[i];
        v[i] = basis_[i];
    }
    check(VecMAXPY(out, dimension_, coefficients.data(), v.data()));
}

} // namespace qrem
