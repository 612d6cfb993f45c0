#include "state/density_matrix.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qrem {

LocalBlock::LocalBlock(Vec v) : vec_(v) { check(VecGetArray(v, &data_)); }
LocalBlock::~LocalBlock() { (void)VecRestoreArray(vec_, &data_); }
ConstLocalBlock::ConstLocalBlock(Vec v) : vec_(v) { check(VecGetArrayRead(v, &data_)); }
ConstLocalBlock::~ConstLocalBlock() { (void)VecRestoreArrayRead(vec_, &data_); }

DensityMatrix::DensityMatrix(MPI_Comm comm, const NBodySpace& space)
    : comm_(comm), space_(space), rows_(owned_rows(space.D(), comm)) {
    const auto local = static_cast<PetscInt>(rows_.size() * space.D());
    check(VecCreateMPI(comm, local, PETSC_DETERMINE, vec_.out()));
    check(VecSet(vec_, 0.0));
}

VecHandle DensityMatrix::duplicate_vec() const {
    VecHandle v;
    check(VecDuplicate(vec_, v.out()));
    return v;
}

Complex DensityMatrix::trace() const {
    ConstLocalBlock block(vec_);
    const std::int64_t m = rows_.size();
    Complex local = 0.0;
    for (std::int64_t i = 0; i < m; ++i)
        local += block.data()[i + m * (rows_.begin + i)];
    Complex total = 0.0;
    MPI_Allreduce(&local, &total, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, comm_);
    return total;
}

void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out,
                         std::vector<PetscScalar>& received) {
    MPI_Comm comm = layout.comm();
    int size = 1;
    MPI_Comm_size(comm, &size);
    const std::int64_t D = layout.space().D();
    const std::int64_t m = layout.rows().size();
    // Rank p's columns [begin_q, end_q) form one contiguous m_p x m_q block (column-major):
    // it is exactly what rank q needs, conjugated and transposed, for its columns of rank p.
    const PetscScalar* blocks = in;
    if (size > 1) {
        std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
        for (int q = 0; q < size; ++q) {
            const RowRange rq = owned_rows(D, q, size);
            counts[static_cast<std::size_t>(q)] = static_cast<int>(m * rq.size());
            offsets[static_cast<std::size_t>(q)] = static_cast<int>(m * rq.begin);
        }
        received.resize(static_cast<std::size_t>(m * D));
        MPI_Alltoallv(in, counts.data(), offsets.data(), MPIU_SCALAR, received.data(), counts.data(),
                      offsets.data(), MPIU_SCALAR, comm);
        blocks = received.data();
    }
    constexpr std::int64_t tile = 32; // a tile of in and of out stay in L1 together
    for (int q = 0; q < size; ++q) {
        const RowRange rq = owned_rows(D, q, size);
        // From rank q: block B (rq.size() x m, column-major) with B(k, i) = in_q(s, r),
        // s = rq.begin + k, r = begin + i. We need out(r, s) = conj(in(s, r)).
        const PetscScalar* B = blocks + m * rq.begin;
        const std::int64_t mq = rq.size();
        for (std::int64_t k0 = 0; k0 < mq; k0 += tile)
            for (std::int64_t i0 = 0; i0 < m; i0 += tile) {
                const std::int64_t k1 = std::min(mq, k0 + tile), i1 = std::min(m, i0 + tile);
                for (std::int64_t k = k0; k < k1; ++k) {
                    PetscScalar* column = out + m * (rq.begin + k);
                    for (std::int64_t i = i0; i < i1; ++i)
                        column[i] = std::conj(B[k + mq * i]);
                }
            }
    }
}

void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out) {
    std::vector<PetscScalar> received;
    hermitian_transpose(layout, in, out, received);
}

std::int64_t rank_local_block(const NBodySpace& space, int ranks) {
    std::int64_t block = space.D();
    for (int q = 0; q < ranks; ++q)
        while (owned_rows(space.D(), q, ranks).begin % block != 0)
            block /= static_cast<std::int64_t>(space.d());
    return block;
}

bool leg_is_rank_local(const NBodySpace& space, int leg, int ranks) {
    // A fibre of `leg` is a block of d * stride consecutive rows.
    return rank_local_block(space, ranks) % (static_cast<std::int64_t>(space.d()) * space.stride(leg)) == 0;
}

double DensityMatrix::hermiticity_error() const {
    const std::int64_t n = rows_.size() * space_.D();
    std::vector<PetscScalar> transposed(static_cast<std::size_t>(n));
    ConstLocalBlock block(vec_);
    hermitian_transpose(*this, block.data(), transposed.data());
    double local = 0.0;
    for (std::int64_t k = 0; k < n; ++k)
        local = std::max(local, std::abs(block.data()[k] - transposed[static_cast<std::size_t>(k)]));
    double worst = 0.0;
    MPI_Allreduce(&local, &worst, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return worst;
}

namespace {

DenseMatrix allreduce_matrix(MPI_Comm comm, DenseMatrix m) {
    MPI_Allreduce(MPI_IN_PLACE, m.data(), static_cast<int>(m.size()), MPI_C_DOUBLE_COMPLEX, MPI_SUM, comm);
    return m;
}

} // namespace

DenseMatrix DensityMatrix::marginal(int k) const {
    if (k < 1 || k > space_.N())
        throw Error("DensityMatrix::marginal: k = " + std::to_string(k) + " outside 1..N");
    const std::size_t d = space_.d();
    std::int64_t dk = 1;
    for (int j = 0; j < k; ++j)
        dk *= static_cast<std::int64_t>(d);
    const std::int64_t rest = space_.D() / dk; // d^{N-k}: the traced legs are the low digits
    const std::int64_t m = rows_.size();
    DenseMatrix local(static_cast<std::size_t>(dk), static_cast<std::size_t>(dk));
    ConstLocalBlock block(vec_);
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        const std::int64_t x = r / rest, y = r % rest;
        for (std::int64_t x2 = 0; x2 < dk; ++x2)
            local(static_cast<std::size_t>(x), static_cast<std::size_t>(x2)) +=
                block.data()[(r - rows_.begin) + m * (x2 * rest + y)];
    }
    return allreduce_matrix(comm_, std::move(local));
}

DenseMatrix DensityMatrix::one_body_marginal(int leg) const {
    const std::size_t d = space_.d();
    const std::int64_t m = rows_.size();
    DenseMatrix local(d, d);
    ConstLocalBlock block(vec_);
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        const std::size_t a = space_.digit(r, leg);
        for (std::size_t b = 0; b < d; ++b)
            local(a, b) += block.data()[(r - rows_.begin) + m * space_.with_digit(r, leg, b)];
    }
    return allreduce_matrix(comm_, std::move(local));
}

Complex DensityMatrix::expectation(Mat A) const {
    // Tr(A Gamma) = sum_r sum_s A_rs Gamma_sr = sum_r sum_s A_rs conj(Gamma_rs) (Gamma Hermitian):
    // only local rows of both.
    ConstLocalBlock block(vec_);
    const std::int64_t m = rows_.size();
    Complex local = 0.0;
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        PetscInt n = 0;
        const PetscInt* columns = nullptr;
        const PetscScalar* values = nullptr;
        check(MatGetRow(A, static_cast<PetscInt>(r), &n, &columns, &values));
        for (PetscInt k = 0; k < n; ++k)
            local += values[k] * std::conj(block.data()[(r - rows_.begin) + m * columns[k]]);
        check(MatRestoreRow(A, static_cast<PetscInt>(r), &n, &columns, &values));
    }
    Complex total = 0.0;
    MPI_Allreduce(&local, &total, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, comm_);
    return total;
}

DenseMatrix DensityMatrix::gather() const {
    const std::int64_t D = space_.D();
    const std::int64_t m = rows_.size();
    DenseMatrix local(static_cast<std::size_t>(D), static_cast<std::size_t>(D));
    ConstLocalBlock block(vec_);
    for (std::int64_t s = 0; s < D; ++s)
        for (std::int64_t i = 0; i < m; ++i)
            local(static_cast<std::size_t>(rows_.begin + i), static_cast<std::size_t>(s)) = block.data()[i + m * s];
    return allreduce_matrix(comm_, std::move(local));
}

void fill_product_state(DensityMatrix& Gamma, const DenseMatrix& gamma) {
    const NBodySpace& space = Gamma.space();
    const RowRange& rows = Gamma.rows();
    const std::int64_t m = rows.size();
    LocalBlock block(Gamma.vec());
    for (std::int64_t s = 0; s < space.D(); ++s)
        for (std::int64_t r = rows.begin; r < rows.end; ++r) {
            Complex value = 1.0;
            for (int leg = 0; leg < space.N(); ++leg)
                value *= gamma(space.digit(r, leg), space.digit(s, leg));
            block.data()[(r - rows.begin) + m * s] = value;
        }
}

} // namespace qrem
