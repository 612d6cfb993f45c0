#include "diagnostics/scalapack.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

// BLACS (C interface) and ScaLAPACK, both in Debian's libscalapack-openmpi, which installs no
// header. The Fortran routines take the lengths of CHARACTER arguments as trailing hidden
// arguments (gfortran ABI); passing them keeps the calls well-defined.
extern "C" {
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int system);
void Cblacs_gridinit(int* context, const char* order, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);
int Cblacs_pnum(int context, int prow, int pcol);

int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb,
               const int* irsrc, const int* icsrc, const int* context, const int* lld, int* info);
void pzheev_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a,
             const int* ia, const int* ja, const int* desca, double* w, std::complex<double>* z,
             const int* iz, const int* jz, const int* descz, std::complex<double>* work,
             const int* lwork, double* rwork, const int* lrwork, int* info, std::size_t jobz_len,
             std::size_t uplo_len);
void pzheevr_(const char* jobz, const char* range, const char* uplo, const int* n,
              std::complex<double>* a, const int* ia, const int* ja, const int* desca,
              const double* vl, const double* vu, const int* il, const int* iu, int* m, int* nz,
              double* w, std::complex<double>* z, const int* iz, const int* jz, const int* descz,
              std::complex<double>* work, const int* lwork, double* rwork, const int* lrwork,
              int* iwork, const int* liwork, int* info, std::size_t jobz_len, std::size_t range_len,
              std::size_t uplo_len);
}

#include <elpa/elpa.h>

namespace qrem::scalapack {

BlacsGrid::BlacsGrid(MPI_Comm comm) : comm_(comm) {
    int size = 1;
    MPI_Comm_size(comm, &size);
    // nprow = the largest divisor of size not above sqrt(size): square grids balance the
    // row and column broadcasts of the Householder reduction.
    nprow_ = static_cast<int>(std::sqrt(static_cast<double>(size)));
    while (size % nprow_ != 0)
        --nprow_;
    npcol_ = size / nprow_;
    system_ = Csys2blacs_handle(comm);
    context_ = system_; // gridinit reads the system handle and returns the grid's context
    Cblacs_gridinit(&context_, "Row", nprow_, npcol_);
    int nprow = 0, npcol = 0;
    Cblacs_gridinfo(context_, &nprow, &npcol, &myrow_, &mycol_);
    if (nprow != nprow_ || npcol != npcol_ || myrow_ < 0) {
        Cblacs_gridexit(context_);
        Cfree_blacs_system_handle(system_);
        throw Error("BLACS: could not create a " + std::to_string(nprow_) + " x " +
                    std::to_string(npcol_) + " process grid");
    }
    // BLACS numbers processes by their rank in `comm`; keep the map for the redistribution.
    row_of_rank_.assign(static_cast<std::size_t>(size), -1);
    col_of_rank_.assign(static_cast<std::size_t>(size), -1);
    for (int prow = 0; prow < nprow_; ++prow)
        for (int pcol = 0; pcol < npcol_; ++pcol) {
            const auto q = static_cast<std::size_t>(Cblacs_pnum(context_, prow, pcol));
            row_of_rank_[q] = prow;
            col_of_rank_[q] = pcol;
        }
}

BlacsGrid::~BlacsGrid() {
    Cblacs_gridexit(context_);
    Cfree_blacs_system_handle(system_);
}

BlockCyclicMatrix::BlockCyclicMatrix(const BlacsGrid& grid, int n, int nb)
    : grid_(grid), n_(n), nb_(nb) {
    const int zero = 0, rows = grid.rows(), cols = grid.cols(), myrow = grid.my_row(),
              mycol = grid.my_col(), context = grid.context();
    local_rows_ = numroc_(&n_, &nb_, &myrow, &zero, &rows);
    local_cols_ = numroc_(&n_, &nb_, &mycol, &zero, &cols);
    const int lld = std::max(1, local_rows_);
    int info = 0;
    descinit_(desc_.data(), &n_, &n_, &nb_, &nb_, &zero, &zero, &context, &lld, &info);
    if (info != 0)
        throw Error("ScaLAPACK descinit: argument " + std::to_string(-info) + " is invalid (n = " +
                    std::to_string(n) + ", block " + std::to_string(nb) + ")");
    local_.resize(static_cast<std::size_t>(lld) * static_cast<std::size_t>(local_cols_));
}

int default_block_size(std::int64_t D, const BlacsGrid& grid) {
    const std::int64_t spread = D / (2 * std::max(grid.rows(), grid.cols()));
    return static_cast<int>(std::clamp<std::int64_t>(spread, 1, 64));
}

namespace {

int checked_count(std::int64_t count) {
    // MPI counts and displacements are int: a rank's share of Gamma must stay below 2^31
    // entries (32 GiB), which more ranks achieve.
    if (count > INT_MAX)
        throw Error("spectrum: a rank's share of Gamma (" + std::to_string(count) +
                    " entries) exceeds one MPI_Alltoallv's int range; use more ranks");
    return static_cast<int>(count);
}

} // namespace

BlockCyclicMatrix distribute(const DensityMatrix& Gamma, const BlacsGrid& grid, int nb) {
    MPI_Comm comm = Gamma.comm();
    int size = 1, rank = 0;
    MPI_Comm_size(comm, &size);
    MPI_Comm_rank(comm, &rank);
    const std::int64_t D = Gamma.space().D();
    const std::int64_t lda = Gamma.lda();
    const RowRange mine = Gamma.rows();
    const auto usize = static_cast<std::size_t>(size);

    // ScaLAPACK's block-cyclic maps (first block on process (0, 0)). The local part itself is
    // allocated only after the exchange, once the send buffer is freed: two extra copies of
    // this rank's share at the peak, not three.
    const int nprow = grid.rows(), npcol = grid.cols();
    const auto row_owner = [&](std::int64_t i) { return static_cast<int>((i / nb) % nprow); };
    const auto col_owner = [&](std::int64_t j) { return static_cast<int>((j / nb) % npcol); };
    const auto local_row = [&](std::int64_t i) { return (i / nb / nprow) * nb + i % nb; };
    // Index lists in ascending global order, so that sender and receiver walk the same
    // sequence and the messages need no indices: columns by process column, this rank's rows
    // (offsets in Gamma's block) by process row.
    std::vector<std::vector<std::int64_t>> columns_of(static_cast<std::size_t>(npcol));
    for (std::int64_t s = 0; s < D; ++s)
        columns_of[static_cast<std::size_t>(col_owner(s))].push_back(s);
    std::vector<std::vector<std::int64_t>> my_rows_of(static_cast<std::size_t>(nprow));
    for (std::int64_t r = mine.begin; r < mine.end; ++r)
        my_rows_of[static_cast<std::size_t>(row_owner(r))].push_back(r - mine.begin);

    std::vector<int> send_counts(usize, 0), send_offsets(usize, 0), receive_counts(usize, 0),
        receive_offsets(usize, 0);
    std::int64_t send_total = 0, receive_total = 0;
    const auto& my_columns = columns_of[static_cast<std::size_t>(grid.my_col())];
    std::vector<std::vector<std::int64_t>> local_rows_from(usize); // local rows of rank p's rows
    for (int q = 0; q < size; ++q) {
        const auto uq = static_cast<std::size_t>(q);
        const RowRange theirs = owned_rows(D, q, size);
        for (std::int64_t r = theirs.begin; r < theirs.end; ++r)
            if (row_owner(r) == grid.my_row())
                local_rows_from[uq].push_back(local_row(r));
        if (q == rank)
            continue; // our own part is copied directly, not sent to ourselves
        const auto send = static_cast<std::int64_t>(
            my_rows_of[static_cast<std::size_t>(grid.row_of_rank(q))].size() *
            columns_of[static_cast<std::size_t>(grid.col_of_rank(q))].size());
        const auto receive =
            static_cast<std::int64_t>(local_rows_from[uq].size() * my_columns.size());
        send_counts[uq] = checked_count(send);
        send_offsets[uq] = checked_count(send_total);
        receive_counts[uq] = checked_count(receive);
        receive_offsets[uq] = checked_count(receive_total);
        send_total += send;
        receive_total += receive;
    }
    checked_count(send_total);
    checked_count(receive_total);

    ConstLocalBlock block(Gamma.vec());
    const PetscScalar* gamma = block.data();
    LargeScalarArray received;
    if (size > 1) {
        LargeScalarArray sent(static_cast<std::size_t>(send_total));
        for (int q = 0; q < size; ++q) {
            if (q == rank)
                continue;
            std::complex<double>* out = sent.data() + send_offsets[static_cast<std::size_t>(q)];
            const auto& rows = my_rows_of[static_cast<std::size_t>(grid.row_of_rank(q))];
            for (const std::int64_t s : columns_of[static_cast<std::size_t>(grid.col_of_rank(q))])
                for (const std::int64_t i : rows)
                    *out++ = gamma[i + lda * s];
        }
        received.resize(static_cast<std::size_t>(receive_total));
        MPI_Alltoallv(sent.data(), send_counts.data(), send_offsets.data(), MPI_C_DOUBLE_COMPLEX,
                      received.data(), receive_counts.data(), receive_offsets.data(),
                      MPI_C_DOUBLE_COMPLEX, comm);
    }

    BlockCyclicMatrix a(grid, static_cast<int>(D), nb);
    std::complex<double>* local = a.data();
    const std::int64_t lld = a.lld();
    // Our own rows: my_rows_of[my_row] and local_rows_from[rank] list the same rows.
    const auto& own_rows = my_rows_of[static_cast<std::size_t>(grid.my_row())];
    const auto& own_local = local_rows_from[static_cast<std::size_t>(rank)];
    for (std::size_t c = 0; c < my_columns.size(); ++c) {
        std::complex<double>* column = local + lld * static_cast<std::int64_t>(c);
        const PetscScalar* source = gamma + lda * my_columns[c];
        for (std::size_t k = 0; k < own_rows.size(); ++k)
            column[own_local[k]] = source[own_rows[k]];
    }
    for (int p = 0; p < size; ++p) {
        if (p == rank)
            continue;
        const auto up = static_cast<std::size_t>(p);
        const std::complex<double>* in = received.data() + receive_offsets[up];
        const auto& rows = local_rows_from[up];
        for (std::size_t c = 0; c < my_columns.size(); ++c) {
            std::complex<double>* column = local + lld * static_cast<std::int64_t>(c);
            for (const std::int64_t lr : rows)
                column[lr] = *in++;
        }
    }
    return a;
}

namespace {

void require_success(int info, const char* routine, int n) {
    if (info == 0)
        return;
    std::string why = info < 0 ? "argument " + std::to_string(-info) + " is invalid"
                               : "did not converge (info = " + std::to_string(info) + ")";
    if (info == n + 1)
        why = "eigenvalues differ between processes (heterogeneous grid)";
    throw Error(std::string("ScaLAPACK ") + routine + " for the spectrum of a " +
                std::to_string(n) + " x " + std::to_string(n) + " matrix: " + why);
}

std::vector<double> heev(BlockCyclicMatrix& a) {
    const char jobz = 'N', uplo = 'L';
    const int n = a.n(), one = 1;
    std::vector<double> w(static_cast<std::size_t>(n));
    std::complex<double> z_unused{}; // Z is not referenced for jobz = 'N'
    std::complex<double> work_query{};
    double rwork_query = 0;
    int info = 0, query = -1;
    pzheev_(&jobz, &uplo, &n, a.data(), &one, &one, a.descriptor(), w.data(), &z_unused, &one, &one,
            a.descriptor(), &work_query, &query, &rwork_query, &query, &info, 1, 1);
    require_success(info, "pzheev (workspace query)", n);
    const int lwork = static_cast<int>(work_query.real()) + 1;
    const int lrwork = std::max(static_cast<int>(rwork_query) + 1, 2 * n);
    std::vector<std::complex<double>> work(static_cast<std::size_t>(lwork));
    std::vector<double> rwork(static_cast<std::size_t>(lrwork));
    pzheev_(&jobz, &uplo, &n, a.data(), &one, &one, a.descriptor(), w.data(), &z_unused, &one, &one,
            a.descriptor(), work.data(), &lwork, rwork.data(), &lrwork, &info, 1, 1);
    require_success(info, "pzheev", n);
    return w;
}

std::vector<double> heevr(BlockCyclicMatrix& a) {
    const char jobz = 'N', range = 'A', uplo = 'L';
    const int n = a.n(), one = 1;
    const double unused_bound = 0;
    const int unused_index = 0;
    int found = 0, vectors = 0;
    std::vector<double> w(static_cast<std::size_t>(n));
    std::complex<double> z_unused{};
    std::complex<double> work_query{};
    double rwork_query = 0;
    int iwork_query = 0, info = 0, query = -1;
    pzheevr_(&jobz, &range, &uplo, &n, a.data(), &one, &one, a.descriptor(), &unused_bound,
             &unused_bound, &unused_index, &unused_index, &found, &vectors, w.data(), &z_unused,
             &one, &one, a.descriptor(), &work_query, &query, &rwork_query, &query, &iwork_query,
             &query, &info, 1, 1, 1);
    require_success(info, "pzheevr (workspace query)", n);
    const int lwork = static_cast<int>(work_query.real()) + 1;
    const int lrwork = static_cast<int>(rwork_query) + 1;
    const int liwork = iwork_query + 1;
    std::vector<std::complex<double>> work(static_cast<std::size_t>(lwork));
    std::vector<double> rwork(static_cast<std::size_t>(lrwork));
    std::vector<int> iwork(static_cast<std::size_t>(liwork));
    pzheevr_(&jobz, &range, &uplo, &n, a.data(), &one, &one, a.descriptor(), &unused_bound,
             &unused_bound, &unused_index, &unused_index, &found, &vectors, w.data(), &z_unused,
             &one, &one, a.descriptor(), work.data(), &lwork, rwork.data(), &lrwork, iwork.data(),
             &liwork, &info, 1, 1, 1);
    require_success(info, "pzheevr", n);
    if (found != n)
        throw Error("ScaLAPACK pzheevr found " + std::to_string(found) + " of " +
                    std::to_string(n) + " eigenvalues");
    return w;
}

void require_elpa(int error, const char* what, int n) {
    if (error != ELPA_OK)
        throw Error(std::string("ELPA (") + what + ") for the spectrum of a " + std::to_string(n) +
                    " x " + std::to_string(n) + " matrix: error code " + std::to_string(error) +
                    " (elpa_constants.h)");
}

/// ELPA's two-stage solver, eigenvalues only: full -> banded (BLAS 3) -> tridiagonal.
std::vector<double> elpa_2stage(BlockCyclicMatrix& a) {
    const int n = a.n();
    if (!elpa_takes(a))
        throw Error("ELPA for the spectrum of a " + std::to_string(n) + " x " + std::to_string(n) +
                    " matrix in blocks of " + std::to_string(a.block()) + " on a " +
                    std::to_string(a.grid().rows()) + " x " + std::to_string(a.grid().cols()) +
                    " grid: some process would hold fewer than two blocks of a row or column");
    static const int initialised = elpa_init(ELPA_API_VERSION); // once per process
    require_elpa(initialised, "elpa_init", n);
    int error = ELPA_OK;
    elpa_t handle = elpa_allocate(&error);
    require_elpa(error, "elpa_allocate", n);
    struct Release {
        elpa_t handle;
        ~Release() {
            int ignored = 0;
            elpa_deallocate(handle, &ignored);
        }
    } release{handle};
    const auto set = [&](const char* key, int value) {
        elpa_set(handle, key, value, &error);
        require_elpa(error, key, n);
    };
    set("na", n);
    set("nev", n);
    set("local_nrows", a.local_rows());
    set("local_ncols", a.local_cols());
    set("nblk", a.block());
    set("mpi_comm_parent", static_cast<int>(MPI_Comm_c2f(a.grid().comm())));
    set("process_row", a.grid().my_row());
    set("process_col", a.grid().my_col());
    require_elpa(elpa_setup(handle), "elpa_setup", n);
    set("solver", ELPA_SOLVER_2STAGE);
    std::vector<double> w(static_cast<std::size_t>(n));
    elpa_eigenvalues(handle, a.data(), w.data(), &error);
    require_elpa(error, "elpa_eigenvalues", n);
    return w;
}

} // namespace

bool elpa_takes(const BlockCyclicMatrix& a) {
    return static_cast<std::int64_t>(a.n()) >=
           2 * static_cast<std::int64_t>(a.block()) * std::max(a.grid().rows(), a.grid().cols());
}

std::vector<double> hermitian_eigenvalues(BlockCyclicMatrix& a, Solver solver) {
    switch (solver) {
    case Solver::heev:
        return heev(a);
    case Solver::heevr:
        return heevr(a);
    case Solver::elpa:
        return elpa_2stage(a);
    }
    throw Error("hermitian_eigenvalues: unknown solver");
}

} // namespace qrem::scalapack
