#include "state/density_matrix.hpp"

#include "core/error.hpp"
#include "core/log_event.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qrem {

LocalBlock::LocalBlock(Vec v) : vec_(v) {
    check(VecGetArray(v, &data_));
}
LocalBlock::~LocalBlock() {
    (void)VecRestoreArray(vec_, &data_);
}
ConstLocalBlock::ConstLocalBlock(Vec v) : vec_(v) {
    check(VecGetArrayRead(v, &data_));
}
ConstLocalBlock::~ConstLocalBlock() {
    (void)VecRestoreArrayRead(vec_, &data_);
}

namespace {
constexpr std::int64_t column_padding = 4; // one 64-byte cache line of complex doubles
}

DensityMatrix::DensityMatrix(MPI_Comm comm, const NBodySpace& space)
    : comm_(comm), space_(space), rows_(owned_rows(space.D(), comm)),
      lda_(rows_.size() + column_padding) {
    const auto local = static_cast<PetscInt>(local_size());
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
    Complex local = 0.0;
    for (std::int64_t i = 0; i < rows_.size(); ++i)
        local += block.data()[i + lda_ * (rows_.begin + i)];
    Complex total = 0.0;
    MPI_Allreduce(&local, &total, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, comm_);
    return total;
}

namespace {

/// out = in^dagger, or out = add + in^dagger when `add` is given (see the header).
void transpose_into(const DensityMatrix& layout, const PetscScalar* in, const PetscScalar* add,
                    PetscScalar* out, LargeScalarArray& received) {
    MPI_Comm comm = layout.comm();
    int size = 1;
    MPI_Comm_size(comm, &size);
    const std::int64_t D = layout.space().D();
    const std::int64_t m = layout.rows().size();
    const std::int64_t lda = layout.lda();
    // Rank p's columns [begin_q, end_q) form one contiguous lda_p x m_q block (column-major):
    // it is exactly what rank q needs, conjugated and transposed, for its columns of rank p.
    // Every rank pads by the same amount, so rank q's leading dimension is m_q + lda - m.
    const std::int64_t padding = lda - m;
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::vector<std::int64_t> block_offset(static_cast<std::size_t>(size));
    const PetscScalar* blocks = in;
    if (size > 1) {
        // Our own block is read in place below: it does not go through MPI (a copy of 1/size of
        // the state per call).
        std::vector<int> send_counts(static_cast<std::size_t>(size)),
            send_offsets(static_cast<std::size_t>(size));
        std::vector<int> receive_counts(static_cast<std::size_t>(size)),
            receive_offsets(static_cast<std::size_t>(size));
        std::int64_t offset = 0;
        for (int q = 0; q < size; ++q) {
            if (q == rank)
                continue;
            const RowRange rq = owned_rows(D, q, size);
            const auto uq = static_cast<std::size_t>(q);
            send_counts[uq] = static_cast<int>(lda * rq.size());
            send_offsets[uq] = static_cast<int>(lda * rq.begin);
            receive_counts[uq] = static_cast<int>((rq.size() + padding) * m);
            receive_offsets[uq] = static_cast<int>(offset);
            block_offset[uq] = offset;
            offset += (rq.size() + padding) * m;
        }
        received.resize(static_cast<std::size_t>(offset));
        const ScopedEvent timed(log_event("TransposeExchange"));
        MPI_Alltoallv(in, send_counts.data(), send_offsets.data(), MPIU_SCALAR, received.data(),
                      receive_counts.data(), receive_offsets.data(), MPIU_SCALAR, comm);
        blocks = received.data();
    }
    constexpr std::int64_t tile = 32; // a tile of B and of out stay in L1 together
    for (int q = 0; q < size; ++q) {
        const RowRange rq = owned_rows(D, q, size);
        // From rank q: block B (rq.size() x m, leading dimension lda_q) with B(k, i) = in_q(s, r),
        // s = rq.begin + k, r = begin + i. We need out(r, s) = conj(in(s, r)).
        const std::int64_t mq = rq.size(), ldq = mq + padding;
        // Our own block: B(k, i) = in(begin + k, begin + i), leading dimension lda.
        const PetscScalar* B = q == rank ? in + lda * layout.rows().begin
                                         : blocks + block_offset[static_cast<std::size_t>(q)];
        for (std::int64_t k0 = 0; k0 < mq; k0 += tile)
            for (std::int64_t i0 = 0; i0 < m; i0 += tile) {
                const std::int64_t k1 = std::min(mq, k0 + tile), i1 = std::min(m, i0 + tile);
                for (std::int64_t k = k0; k < k1; ++k) {
                    PetscScalar* column = out + lda * (rq.begin + k);
                    if (add) {
                        const PetscScalar* summand = add + lda * (rq.begin + k);
                        for (std::int64_t i = i0; i < i1; ++i)
                            column[i] = summand[i] + std::conj(B[k + ldq * i]);
                    } else {
                        for (std::int64_t i = i0; i < i1; ++i)
                            column[i] = std::conj(B[k + ldq * i]);
                    }
                }
            }
    }
    if (add) // the padding: out = add there too
        for (std::int64_t s = 0; s < D; ++s)
            std::copy(add + lda * s + m, add + lda * (s + 1), out + lda * s + m);
}

} // namespace

void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out,
                         LargeScalarArray& received) {
    transpose_into(layout, in, nullptr, out, received);
}

void add_hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out,
                             LargeScalarArray& received) {
    if (in == out)
        throw Error("add_hermitian_transpose: in and out must differ");
    transpose_into(layout, in, in, out, received);
}

void hermitian_transpose(const DensityMatrix& layout, const PetscScalar* in, PetscScalar* out) {
    LargeScalarArray received;
    hermitian_transpose(layout, in, out, received);
}

double DensityMatrix::hermiticity_error() const {
    std::vector<PetscScalar> transposed(static_cast<std::size_t>(local_size()));
    ConstLocalBlock block(vec_);
    hermitian_transpose(*this, block.data(), transposed.data());
    double local = 0.0;
    for (std::int64_t s = 0; s < space_.D(); ++s)
        for (std::int64_t i = 0; i < rows_.size(); ++i)
            local = std::max(local, std::abs(block.data()[i + lda_ * s] -
                                             transposed[static_cast<std::size_t>(i + lda_ * s)]));
    double worst = 0.0;
    MPI_Allreduce(&local, &worst, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return worst;
}

namespace {

DenseMatrix allreduce_matrix(MPI_Comm comm, DenseMatrix m) {
    MPI_Allreduce(MPI_IN_PLACE, m.data(), static_cast<int>(m.size()), MPI_C_DOUBLE_COMPLEX, MPI_SUM,
                  comm);
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
    DenseMatrix local(static_cast<std::size_t>(dk), static_cast<std::size_t>(dk));
    ConstLocalBlock block(vec_);
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        const std::int64_t x = r / rest, y = r % rest;
        for (std::int64_t x2 = 0; x2 < dk; ++x2)
            local(static_cast<std::size_t>(x), static_cast<std::size_t>(x2)) +=
                block.data()[(r - rows_.begin) + lda_ * (x2 * rest + y)];
    }
    return allreduce_matrix(comm_, std::move(local));
}

DenseMatrix DensityMatrix::one_body_marginal(int leg) const {
    const std::size_t d = space_.d();
    DenseMatrix local(d, d);
    ConstLocalBlock block(vec_);
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        const std::size_t a = space_.digit(r, leg);
        for (std::size_t b = 0; b < d; ++b)
            local(a, b) += block.data()[(r - rows_.begin) + lda_ * space_.with_digit(r, leg, b)];
    }
    return allreduce_matrix(comm_, std::move(local));
}

Complex DensityMatrix::expectation(Mat A) const {
    // Tr(A Gamma) = sum_r sum_s A_rs Gamma_sr = sum_r sum_s A_rs conj(Gamma_rs) (Gamma Hermitian):
    // only local rows of both.
    ConstLocalBlock block(vec_);
    Complex local = 0.0;
    for (std::int64_t r = rows_.begin; r < rows_.end; ++r) {
        PetscInt n = 0;
        const PetscInt* columns = nullptr;
        const PetscScalar* values = nullptr;
        check(MatGetRow(A, static_cast<PetscInt>(r), &n, &columns, &values));
        for (PetscInt k = 0; k < n; ++k)
            local += values[k] * std::conj(block.data()[(r - rows_.begin) + lda_ * columns[k]]);
        check(MatRestoreRow(A, static_cast<PetscInt>(r), &n, &columns, &values));
    }
    Complex total = 0.0;
    MPI_Allreduce(&local, &total, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, comm_);
    return total;
}

DenseMatrix DensityMatrix::gather() const {
    return gather(vec_);
}

DenseMatrix DensityMatrix::gather(Vec v) const {
    const std::int64_t D = space_.D();
    DenseMatrix local(static_cast<std::size_t>(D), static_cast<std::size_t>(D));
    ConstLocalBlock block(v);
    for (std::int64_t s = 0; s < D; ++s)
        for (std::int64_t i = 0; i < rows_.size(); ++i)
            local(static_cast<std::size_t>(rows_.begin + i), static_cast<std::size_t>(s)) =
                block.data()[i + lda_ * s];
    return allreduce_matrix(comm_, std::move(local));
}

void fill_product_state(DensityMatrix& Gamma, const DenseMatrix& gamma) {
    const NBodySpace& space = Gamma.space();
    const RowRange& rows = Gamma.rows();
    const std::int64_t lda = Gamma.lda();
    // Gamma_rs = prod_j gamma(r_j, s_j) = P(r_high, s_high) Q(r_low, s_low), P and Q the
    // Kronecker powers of gamma over the high and the low half of the legs: one product per
    // entry instead of N (each table holds about d^N entries).
    const int low_legs = space.N() / 2;
    const DenseMatrix high = kron_power(gamma, space.N() - low_legs);
    const DenseMatrix low = kron_power(gamma, low_legs);
    const auto low_size = static_cast<std::int64_t>(low.rows());
    LocalBlock block(Gamma.vec());
    for (std::int64_t s = 0; s < space.D(); ++s) {
        const auto s_high = static_cast<std::size_t>(s / low_size),
                   s_low = static_cast<std::size_t>(s % low_size);
        PetscScalar* column = block.data() + lda * s;
        for (std::int64_t r = rows.begin; r < rows.end; ++r)
            column[r - rows.begin] = high(static_cast<std::size_t>(r / low_size), s_high) *
                                     low(static_cast<std::size_t>(r % low_size), s_low);
    }
}

} // namespace qrem
