#include "dynamics/gibbs_state.hpp"

#include "core/error.hpp"
#include "nbody/nbody_operators.hpp"
#include "state/operator_product.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qrem {
namespace {

struct ImaginaryTime {
    const DensityMatrix& layout;
    OperatorProduct product;
    std::vector<PetscScalar> transposed;
};

PetscErrorCode imaginary_time_rhs(TS, PetscReal, Vec u, Vec f, void* context) {
    PetscFunctionBeginUser;
    auto* it = static_cast<ImaginaryTime*>(context);
    try {
        it->product.apply(u);
        const PetscScalar* G = it->product.result();
        hermitian_transpose(it->layout, G, it->transposed.data());
        LocalBlock out(f);
        for (std::size_t k = 0; k < it->transposed.size(); ++k)
            out.data()[k] = -0.5 * (G[k] + it->transposed[k]); // -(H Gamma + Gamma H)/2
    } catch (const std::exception& e) {
        SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "imaginary-time right-hand side failed: %s", e.what());
    }
    PetscFunctionReturn(0);
}

/// Gershgorin bounds [lower, upper] of the spectrum of a Hermitian MPIAIJ matrix.
std::pair<double, double> gershgorin(Mat H, MPI_Comm comm) {
    PetscInt begin = 0, end = 0;
    check(MatGetOwnershipRange(H, &begin, &end));
    double lower = std::numeric_limits<double>::max(), upper = -lower;
    for (PetscInt r = begin; r < end; ++r) {
        PetscInt n = 0;
        const PetscInt* cols = nullptr;
        const PetscScalar* vals = nullptr;
        check(MatGetRow(H, r, &n, &cols, &vals));
        double centre = 0, radius = 0;
        for (PetscInt k = 0; k < n; ++k)
            (cols[k] == r ? centre : radius) += cols[k] == r ? vals[k].real() : std::abs(vals[k]);
        check(MatRestoreRow(H, r, &n, &cols, &vals));
        lower = std::min(lower, centre - radius);
        upper = std::max(upper, centre + radius);
    }
    MPI_Allreduce(MPI_IN_PLACE, &lower, 1, MPI_DOUBLE, MPI_MIN, comm);
    MPI_Allreduce(MPI_IN_PLACE, &upper, 1, MPI_DOUBLE, MPI_MAX, comm);
    return {lower, upper};
}

} // namespace

void fill_gibbs_state(DensityMatrix& Gamma, const OneBodyModel& model, double beta, double tilt,
                      NBodyTolerances tol) {
    const NBodySpace& space = Gamma.space();
    DenseMatrix one_body = model.h;
    for (std::size_t k = 0; k < space.d(); ++k)
        one_body(k, k) += tilt * static_cast<double>(k);
    const double pair_factor = space.N() > 1 ? 1.0 / (space.N() - 1) : 0.0;
    MatHandle H = assemble_few_body_sum(Gamma.comm(), space, {one_body, model.W, pair_factor});
    const auto [lower, upper] = gershgorin(H, Gamma.comm());
    check(MatShift(H, -lower)); // H - lower >= 0: Gamma only decays within a piece

    {
        LocalBlock block(Gamma.vec());
        const std::int64_t m = Gamma.rows().size();
        std::fill(block.data(), block.data() + m * space.D(), PetscScalar(0.0));
        for (std::int64_t i = 0; i < m; ++i)
            block.data()[i + m * (Gamma.rows().begin + i)] = 1.0 / static_cast<double>(space.D());
    }
    if (beta == 0.0)
        return;
    ImaginaryTime context{Gamma, OperatorProduct(Gamma, H),
                          std::vector<PetscScalar>(static_cast<std::size_t>(Gamma.rows().size() * space.D()))};
    TSHandle ts;
    check(TSCreate(Gamma.comm(), ts.out()));
    check(TSSetOptionsPrefix(ts, "gibbs_"));
    check(TSSetProblemType(ts, TS_NONLINEAR));
    check(TSSetRHSFunction(ts, nullptr, imaginary_time_rhs, &context));
    check(TSSetType(ts, TSRK));
    check(TSRKSetType(ts, TSRK5DP));
    check(TSSetTolerances(ts, tol.atol, nullptr, tol.rtol, nullptr));
    check(TSSetTimeStep(ts, 1e-3));
    check(TSSetMaxSteps(ts, std::numeric_limits<PetscInt>::max()));
    check(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
    check(TSSetFromOptions(ts));
    // Pieces short enough that the trace falls by at most e^-1... e^-1 per unit spread.
    const double piece = std::min(beta, 1.0 / std::max(1e-300, upper - lower));
    const int pieces = static_cast<int>(std::ceil(beta / piece - 1e-12));
    for (int p = 1; p <= pieces; ++p) {
        check(TSSetMaxTime(ts, std::min(beta, p * piece)));
        check(TSSolve(ts, Gamma.vec()));
        TSConvergedReason reason;
        check(TSGetConvergedReason(ts, &reason));
        if (reason < 0)
            throw Error("imaginary-time evolution for the Gibbs state failed (TS reason " +
                        std::to_string(static_cast<int>(reason)) + ")");
        check(VecScale(Gamma.vec(), 1.0 / Gamma.trace().real()));
    }
}

} // namespace qrem
