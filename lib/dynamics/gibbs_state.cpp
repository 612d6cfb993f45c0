#include "dynamics/gibbs_state.hpp"

#include "core/error.hpp"
#include "dynamics/rk_integrator.hpp"
#include "nbody/nbody_operators.hpp"

#include <map>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qrem {
namespace {

PetscErrorCode imaginary_time_rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    try {
        static_cast<LindbladRHS*>(context)->apply(u, f);
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "imaginary-time right-hand side failed: %s",
                e.what());
    }
    PetscFunctionReturn(0);
}

/// Gershgorin bounds [lower, upper] of the spectrum of the Hermitian few-body sum.
std::pair<double, double> gershgorin(const DensityMatrix& layout, const FewBodySum& H) {
    double lower = std::numeric_limits<double>::max(), upper = -lower;
    const std::vector<FewBodyTerm> terms = few_body_terms(layout.space(), H);
    std::map<std::int64_t, Complex> row;
    for (std::int64_t r = layout.rows().begin; r < layout.rows().end; ++r) {
        row.clear();
        few_body_row(layout.space(), terms, r, row);
        double centre = 0, radius = 0;
        for (const auto& [column, value] : row)
            (column == r ? centre : radius) += column == r ? value.real() : std::abs(value);
        lower = std::min(lower, centre - radius);
        upper = std::max(upper, centre + radius);
    }
    MPI_Allreduce(MPI_IN_PLACE, &lower, 1, MPI_DOUBLE, MPI_MIN, layout.comm());
    MPI_Allreduce(MPI_IN_PLACE, &upper, 1, MPI_DOUBLE, MPI_MAX, layout.comm());
    return {lower, upper};
}

} // namespace

void fill_gibbs_state(DensityMatrix& Gamma, const OneBodyModel& model, double beta, double tilt,
                      NBodyIntegration tol, StepLimits limits) {
    const NBodySpace& space = Gamma.space();
    DenseMatrix one_body = model.h;
    for (std::size_t k = 0; k < space.d(); ++k)
        one_body(k, k) += tilt * static_cast<double>(k);
    const double pair_factor = space.N() > 1 ? 1.0 / (space.N() - 1) : 0.0;
    FewBodySum H{one_body, model.W, pair_factor};
    const auto [lower, upper] = gershgorin(Gamma, H);

    {
        LocalBlock block(Gamma.vec());
        std::fill(block.data(), block.data() + Gamma.local_size(), PetscScalar(0.0));
        for (std::int64_t i = 0; i < Gamma.rows().size(); ++i)
            block.data()[i + Gamma.lda() * (Gamma.rows().begin + i)] =
                1.0 / static_cast<double>(space.D());
    }
    if (beta == 0.0)
        return;
    // The generator's Hamiltonian part is Y + Y^dag with Y = -i H_eff Gamma: with
    // H_eff = -(i/2)(H - lower) it is -(H' Gamma + Gamma H')/2, H' = H - lower >= 0, so Gamma only
    // decays within a piece (sum_j of (lower/N) 1 on every leg shifts H by lower).
    for (std::size_t k = 0; k < space.d(); ++k)
        H.one_body(k, k) -= lower / space.N();
    H.one_body *= Complex(0.0, -0.5);
    H.two_body *= Complex(0.0, -0.5);
    LindbladRHS rhs(Gamma, H, {});
    // The N-body tolerances and limits (nbody.*) apply: it is an N-body-sized flow.
    RkIntegrator ts({Gamma.comm(), "gibbs_", TSRK5DP, tol.rtol, tol.atol,
                     "Gibbs-state (imaginary-time)", "nbody", limits},
                    imaginary_time_rhs, &rhs);
    // Pieces over which the trace falls by at most a factor e: renormalise after each.
    const double piece = std::min(beta, 1.0 / std::max(1e-300, upper - lower));
    const int pieces = static_cast<int>(std::ceil(beta / piece - 1e-12));
    for (int p = 1; p <= pieces; ++p) {
        ts.integrate_to(Gamma.vec(), std::min(beta, p * piece));
        check(VecScale(Gamma.vec(), 1.0 / Gamma.trace().real()));
    }
}

} // namespace qrem
