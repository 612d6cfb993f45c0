#include "diagnostics/spectrum.hpp"

#include "core/error.hpp"
#include "core/petsc_handle.hpp"
#include "diagnostics/scalapack.hpp"

#include <algorithm>

namespace qrem {

SpectrumMethod parse_spectrum_method(const std::string& name, const std::string& field) {
    if (name == "scalapack")
        return SpectrumMethod::scalapack;
    if (name == "slepc")
        return SpectrumMethod::slepc;
    throw InputError(field, "must be scalapack or slepc, got '" + name + "'");
}

std::string to_string(SpectrumMethod method) {
    return method == SpectrumMethod::scalapack ? "scalapack" : "slepc";
}

namespace {

#if defined(SLEPC_HAVE_SCALAPACK)
constexpr bool slepc_has_scalapack = true;
#else
constexpr bool slepc_has_scalapack = false; // SLEPc built without ScaLAPACK
#endif

/// Rank 0's values on every rank: the solvers return the same eigenvalues everywhere only up
/// to rounding in principle (pzheev merely spot-checks), and callers may branch on them.
std::vector<double> from_rank_zero(MPI_Comm comm, std::vector<double> values) {
    MPI_Bcast(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, 0, comm);
    return values;
}

std::vector<double> scalapack_eigenvalues(const DensityMatrix& Gamma) {
    const scalapack::BlacsGrid grid(Gamma.comm());
    scalapack::BlockCyclicMatrix a =
        scalapack::distribute(Gamma, grid, scalapack::default_block_size(Gamma.space().D(), grid));
    // pzheev, not pzheevr: as fast on one rank, twice as fast on two. ELPA's two-stage solver
    // was 15-23% faster at D = 4096 on two ranks, as fast at D = 2048, slower below and on one
    // rank at D = 2048 (bench/README.md, 2026-12-02).
    const bool elpa =
        spectrum_uses_elpa(static_cast<double>(Gamma.space().D()), grid.rows() * grid.cols()) &&
        scalapack::elpa_takes(a);
    return scalapack::hermitian_eigenvalues(a, elpa ? scalapack::Solver::elpa
                                                    : scalapack::Solver::heev);
}

/// An MPIDENSE copy of Gamma with Gamma's row split (a copy: it may be converted in place).
MatHandle dense_copy(const DensityMatrix& Gamma) {
    const std::int64_t D = Gamma.space().D(), m = Gamma.rows().size(), lda = Gamma.lda();
    MatHandle A;
    check(MatCreateDense(Gamma.comm(), static_cast<PetscInt>(m), static_cast<PetscInt>(m),
                         static_cast<PetscInt>(D), static_cast<PetscInt>(D), nullptr, A.out()));
    PetscInt ld = 0;
    check(MatDenseGetLDA(A, &ld));
    PetscScalar* target = nullptr;
    check(MatDenseGetArrayWrite(A, &target));
    {
        ConstLocalBlock block(Gamma.vec());
        for (std::int64_t s = 0; s < D; ++s)
            std::copy_n(block.data() + lda * s, m, target + ld * s);
    }
    check(MatDenseRestoreArrayWrite(A, &target));
    check(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    check(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
    return A;
}

std::vector<double> slepc_eigenvalues(const DensityMatrix& Gamma) {
    const auto D = static_cast<PetscInt>(Gamma.space().D());
    EPSHandle eps;
    check(EPSCreate(Gamma.comm(), eps.out()));
    check(EPSSetProblemType(eps, EPS_HEP));
    int ranks = 1;
    MPI_Comm_size(Gamma.comm(), &ranks);
    // PETSc's MATSCALAPACK (used by EPSSCALAPACK) lays rows out in blocks of ceil(D / ranks)
    // and refuses D if that leaves a rank other than the last short (only when D < ~ranks^2).
    const bool scalapack_default =
        slepc_has_scalapack && (ranks - 1) * ((D + ranks - 1) / ranks) <= D;
    check(EPSSetType(eps, scalapack_default ? EPSSCALAPACK : EPSLAPACK));
    check(EPSSetDimensions(eps, D, PETSC_DEFAULT, PETSC_DEFAULT));
    check(EPSSetOptionsPrefix(eps, "spectrum_"));
    check(EPSSetFromOptions(eps));
    MatHandle A = dense_copy(Gamma);
    PetscBool is_scalapack = PETSC_FALSE;
    check(PetscObjectTypeCompare(reinterpret_cast<PetscObject>(eps.get()), EPSSCALAPACK,
                                 &is_scalapack));
    if (is_scalapack) {
        // PETSc 3.18's MPIDENSE -> MATSCALAPACK conversion inside EPSSetUp marks its source as
        // modified, and EPSSolve then refuses the operator ("Cannot retrieve original matrices
        // (have been modified)"). Converting first, in place, sidesteps that.
        Mat converted = A.get();
        check(MatConvert(A, MATSCALAPACK, MAT_INPLACE_MATRIX, &converted));
    }
    check(EPSSetOperators(eps, A, nullptr));
    check(EPSSolve(eps));
    PetscInt converged = 0;
    check(EPSGetConverged(eps, &converged));
    if (converged < D) {
        EPSType type = nullptr;
        check(EPSGetType(eps, &type));
        throw Error("spectrum: SLEPc EPS (" + std::string(type) + ") converged " +
                    std::to_string(converged) + " of " + std::to_string(D) +
                    " eigenvalues; use -spectrum_eps_type scalapack or lapack");
    }
    std::vector<double> values(static_cast<std::size_t>(D));
    for (PetscInt i = 0; i < D; ++i) {
        PetscScalar value = 0;
        check(EPSGetEigenvalue(eps, i, &value, nullptr));
        values[static_cast<std::size_t>(i)] = PetscRealPart(value);
    }
    std::sort(values.begin(), values.end()); // EPS orders by its `which`, not ascending
    return values;
}

} // namespace

bool spectrum_uses_elpa(double D, int ranks) {
    return ranks > 1 && D >= 4096;
}

std::vector<double> eigenvalues(const DensityMatrix& Gamma, SpectrumMethod method) {
    std::vector<double> values = method == SpectrumMethod::scalapack ? scalapack_eigenvalues(Gamma)
                                                                     : slepc_eigenvalues(Gamma);
    return from_rank_zero(Gamma.comm(), std::move(values));
}

std::vector<double> product_spectrum(const std::vector<double>& gamma_eigenvalues, int N) {
    std::vector<double> values{1.0};
    for (int leg = 0; leg < N; ++leg) {
        std::vector<double> next;
        next.reserve(values.size() * gamma_eigenvalues.size());
        for (const double value : values)
            for (const double mu : gamma_eigenvalues)
                next.push_back(value * mu);
        values = std::move(next);
    }
    std::sort(values.begin(), values.end());
    return values;
}

} // namespace qrem
