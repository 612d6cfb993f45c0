#include "symmetric/block_density_matrix.hpp"

#include "core/error.hpp"
#include "representation/sparse_exponential.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>
#include <optional>

namespace qrem {

BlockDensityMatrix::BlockDensityMatrix(MPI_Comm comm, std::shared_ptr<const SchurWeylBlocks> blocks,
                                       std::vector<double> work)
    : comm_(comm), blocks_(std::move(blocks)), work_(std::move(work)) {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    const std::size_t n = blocks_->irreps.size();
    offsets_.assign(n + 1, 0);
    for (std::size_t l = 0; l < n; ++l) {
        const auto entries = static_cast<double>(packed_size(blocks_->irreps[l].dim));
        if (static_cast<double>(offsets_[l]) + entries >
            static_cast<double>(std::numeric_limits<PetscInt>::max()))
            throw InputError("model.N", "the blocks of Gamma have more entries than this PETSc's " +
                                            std::to_string(8 * sizeof(PetscInt)) +
                                            "-bit PetscInt can index; configure PETSc with "
                                            "--with-64-bit-indices");
        offsets_[l + 1] = offsets_[l] + static_cast<PetscInt>(entries);
    }
    if (work_.empty())
        for (std::size_t l = 0; l < n; ++l)
            work_.push_back(static_cast<double>(offsets_[l + 1] - offsets_[l]));
    if (work_.size() != n)
        throw Error("BlockDensityMatrix: " + std::to_string(work_.size()) + " work values for " +
                    std::to_string(n) + " blocks");
    owners_ = block_owners(work_, size);
    first_ = static_cast<std::size_t>(std::lower_bound(owners_.begin(), owners_.end(), rank) -
                                      owners_.begin());
    end_ = static_cast<std::size_t>(std::upper_bound(owners_.begin(), owners_.end(), rank) -
                                    owners_.begin());
    check(VecCreateMPI(comm, offsets_[end_] - offsets_[first_], offsets_.back(), vec_.out()));
    check(VecSet(vec_, 0.0));
}

std::vector<int> block_owners(const std::vector<double>& work, int ranks) {
    double total = 0.0;
    for (const double w : work)
        total += w;
    std::vector<int> owners(work.size(), 0);
    double before = 0.0;
    for (std::size_t l = 0; l < work.size(); ++l) {
        const double middle = before + 0.5 * work[l];
        before += work[l];
        if (total > 0)
            owners[l] = std::min(ranks - 1, static_cast<int>(middle / total * ranks));
    }
    return owners;
}

int BlockDensityMatrix::owner(std::size_t lambda) const {
    return owners_[lambda];
}

void unpack_hermitian(const Complex* packed, std::size_t dim, Complex* dense,
                      const Complex* phase) {
    for (std::size_t r = 0; r < dim; ++r) {
        const Complex* row = packed + packed_row_start(dim, r) - r; // row[c]: entry (r, c)
        if (!phase) {
            std::copy_n(row + r, dim - r, dense + r * dim + r);
            continue;
        }
        for (std::size_t c = r; c < dim; ++c)
            dense[r * dim + c] = row[c] * (phase[r] * std::conj(phase[c]));
    }
    // The lower triangle by tiles: a plain column-wise transpose was 11% of a run (N = 128).
    constexpr std::size_t tile = 32;
    for (std::size_t rb = 0; rb < dim; rb += tile)
        for (std::size_t cb = 0; cb <= rb; cb += tile)
            for (std::size_t r = rb; r < std::min(rb + tile, dim); ++r)
                for (std::size_t c = cb; c < std::min(cb + tile, r); ++c)
                    dense[r * dim + c] = std::conj(dense[c * dim + r]);
}

DenseMatrix BlockDensityMatrix::block(std::size_t lambda) const {
    const std::size_t dim = blocks_->irreps[lambda].dim;
    DenseMatrix sigma(dim, dim);
    const PetscScalar* data = nullptr;
    check(VecGetArrayRead(vec_, &data));
    unpack_hermitian(data + (offsets_[lambda] - offsets_[first_]), dim, sigma.data());
    check(VecRestoreArrayRead(vec_, &data));
    return sigma;
}

void BlockDensityMatrix::set_blocks(const std::function<DenseMatrix(std::size_t)>& sigma_of) {
    PetscScalar* data = nullptr;
    check(VecGetArray(vec_, &data));
    std::exception_ptr failure;
    try {
        for (std::size_t lambda = first_; lambda < end_; ++lambda) {
            const DenseMatrix sigma = sigma_of(lambda);
            const std::size_t dim = blocks_->irreps[lambda].dim;
            if (sigma.rows() != dim || sigma.cols() != dim)
                throw Error("BlockDensityMatrix::set_blocks: a " + std::to_string(sigma.rows()) +
                            " x " + std::to_string(sigma.cols()) +
                            " matrix for a block of dimension " + std::to_string(dim));
            PetscScalar* packed = data + (offsets_[lambda] - offsets_[first_]);
            for (std::size_t r = 0; r < dim; ++r) {
                PetscScalar* row = packed + packed_row_start(dim, r);
                row[0] = sigma(r, r).real();
                for (std::size_t c = r + 1; c < dim; ++c)
                    row[c - r] = 0.5 * (sigma(r, c) + std::conj(sigma(c, r)));
            }
        }
    } catch (...) {
        failure = std::current_exception();
    }
    check(VecRestoreArray(vec_, &data));
    if (failure)
        std::rethrow_exception(failure);
}

namespace {

template <typename T> T allreduce(MPI_Comm comm, T value, MPI_Op op) {
    T result{};
    const MPI_Datatype type = std::is_same_v<T, Complex> ? MPI_C_DOUBLE_COMPLEX : MPI_DOUBLE;
    MPI_Allreduce(&value, &result, 1, type, op, comm);
    return result;
}

} // namespace

namespace {

/// Calls f(sigma_kk) for the diagonal of every owned block, read in place from the packed
/// storage (trace and Hermiticity need nothing else: no unpacking).
template <typename F> void for_each_diagonal_entry(const BlockDensityMatrix& Gamma, F f) {
    const PetscScalar* data = nullptr;
    check(VecGetArrayRead(Gamma.vec(), &data));
    const PetscInt first = Gamma.offset(Gamma.first_block());
    for (std::size_t l = Gamma.first_block(); l < Gamma.end_block(); ++l) {
        const std::size_t dim = Gamma.blocks().irreps[l].dim;
        const PetscScalar* packed = data + (Gamma.offset(l) - first);
        for (std::size_t k = 0; k < dim; ++k)
            f(packed[packed_row_start(dim, k)]);
    }
    check(VecRestoreArrayRead(Gamma.vec(), &data));
}

} // namespace

Complex BlockDensityMatrix::trace() const {
    Complex local = 0.0;
    for_each_diagonal_entry(*this, [&](Complex x) { local += x; });
    return allreduce(comm_, local, MPI_SUM);
}

double BlockDensityMatrix::hermiticity_error() const {
    double local = 0.0;
    for_each_diagonal_entry(*this, [&](Complex x) { local = std::max(local, std::abs(x.imag())); });
    return allreduce(comm_, local, MPI_MAX);
}

namespace {

/// Where entry (r, c) of a Hermitian dim x dim matrix lies in its packed upper triangle, and
/// whether it is the conjugate of the entry stored there (below the diagonal).
struct PackedEntry {
    std::size_t index;
    bool conjugated;
};
PackedEntry packed_entry(std::size_t dim, std::size_t r, std::size_t c) {
    return r <= c ? PackedEntry{packed_row_start(dim, r) + c - r, false}
                  : PackedEntry{packed_row_start(dim, c) + r - c, true};
}

/// Tr(sigma A) for sigma Hermitian in packed storage: reads only the entries A touches (no
/// unpacked copy, whose writes cost more than the band of a sparse A).
Complex trace_product_packed(const Complex* packed, std::size_t dim, const SparseOperator& A) {
    // Tr(sigma A) = sum_{i,k} sigma(k, i) A(i, k).
    Complex sum = 0.0;
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (const auto& [k, a] : A.row(i)) {
            const PackedEntry x = packed_entry(dim, k, i);
            sum += (x.conjugated ? std::conj(packed[x.index]) : packed[x.index]) * a;
        }
    return sum;
}

} // namespace

Complex
BlockDensityMatrix::expectation(const std::function<SparseOperator(std::size_t lambda)>& op) const {
    Complex local = 0.0;
    const PetscScalar* data = nullptr;
    check(VecGetArrayRead(vec_, &data));
    for (std::size_t l = first_; l < end_; ++l)
        local += trace_product_packed(data + (offsets_[l] - offsets_[first_]),
                                      blocks_->irreps[l].dim, op(l));
    check(VecRestoreArrayRead(vec_, &data));
    return allreduce(comm_, local, MPI_SUM);
}

SparseOperator distinct_particle_sum(const SchurWeylBlocks& blocks, std::size_t lambda,
                                     const std::vector<DenseMatrix>& factors) {
    // sum_{distinct} A1_{i1} ... Ak_{ik} = (sum_{distinct} A1_{i1} ... A(k-1)_{i(k-1)}) E(Ak)
    //   - sum_{l<k} (the same with A_l replaced by A_l Ak, Ak dropped): the terms with i_k equal
    // to some i_l, where A_l and Ak meet on one particle (operators on other particles commute).
    const std::size_t dim = blocks.irreps[lambda].dim;
    if (factors.empty())
        return SparseOperator::identity(dim);
    for (const auto& f : factors)
        if (max_abs(f) == 0.0)
            return SparseOperator(dim, dim);
    std::vector<DenseMatrix> head(factors.begin(), factors.end() - 1);
    SparseOperator sum =
        distinct_particle_sum(blocks, lambda, head) * blocks.collective(lambda, factors.back());
    for (std::size_t l = 0; l < head.size(); ++l) {
        std::vector<DenseMatrix> merged = head;
        merged[l] = head[l] * factors.back();
        SparseOperator term = distinct_particle_sum(blocks, lambda, merged);
        sum += Complex(-1.0) * term;
    }
    return sum;
}

DenseMatrix BlockDensityMatrix::marginal(int k) const {
    const std::size_t size = marginal_size(k);
    DenseMatrix local(size, size);
    const PetscScalar* data = nullptr;
    check(VecGetArrayRead(vec_, &data));
    add_local_marginal(k, data, local.data());
    check(VecRestoreArrayRead(vec_, &data));
    MPI_Allreduce(MPI_IN_PLACE, local.data(), static_cast<int>(local.size()), MPI_C_DOUBLE_COMPLEX,
                  MPI_SUM, comm_);
    fill_lower_triangle(local.data(), size);
    return local;
}

void BlockDensityMatrix::add_local_marginal(int k, const PetscScalar* entries,
                                            Complex* marginal) const {
    const MarginalTerms& terms = marginal_terms(k);
    const std::size_t size = marginal_size(k);
    // Without a branch: c conj(x) = conj(conj(c) x), so the terms that read the lower triangle
    // sum conj(c) x apart (odd targets) and are conjugated once at the end.
    std::vector<Complex> sums(2 * size * size);
    for (std::size_t t = 0; t < terms.index.size(); ++t)
        sums[terms.target[t]] += terms.coefficient[t] * entries[terms.index[t]];
    for (std::size_t e = 0; e < size * size; ++e)
        marginal[e] += sums[2 * e] + std::conj(sums[2 * e + 1]);
}

std::size_t BlockDensityMatrix::marginal_size(int k) const {
    if (k < 1 || k > N())
        throw Error("BlockDensityMatrix::marginal: k = " + std::to_string(k) + " outside 1.." +
                    std::to_string(N()));
    std::size_t size = 1;
    for (int l = 0; l < k; ++l)
        size *= blocks_->d;
    return size;
}

const BlockDensityMatrix::MarginalTerms& BlockDensityMatrix::marginal_terms(int k) const {
    const std::size_t d = blocks_->d, size = marginal_size(k);
    if (const auto known = marginal_terms_.find(k); known != marginal_terms_.end())
        return known->second;
    // Gamma^{N:k}_{(a),(b)} = Tr(Gamma (|b1><a1|)_1 ... (|bk><ak|)_k)
    //                       = (N-k)!/N! sum_lambda Tr(sigma_lambda S(|b1><a1|, ..., |bk><ak|)),
    // S the sum over distinct particles (Gamma is symmetric); Tr(sigma A) = sum sigma(j, i) A(i, j)
    // with sigma(j, i) = conj(sigma(i, j)) below the diagonal, which packed storage lacks.
    const double norm = std::exp(std::lgamma(N() - k + 1.0) - std::lgamma(N() + 1.0));
    MarginalTerms terms, block_terms;
    std::vector<std::size_t> order;
    std::vector<DenseMatrix> factors(static_cast<std::size_t>(k), DenseMatrix(d, d));
    for (std::size_t l = first_; l < end_; ++l) {
        const std::size_t dim = blocks_->irreps[l].dim;
        const auto base = static_cast<std::size_t>(offsets_[l] - offsets_[first_]);
        block_terms = {};
        for (std::size_t row = 0; row < size; ++row)
            for (std::size_t col = row; col < size; ++col) {
                std::size_t r = row, c = col;
                for (int f = k - 1; f >= 0; --f) {
                    DenseMatrix& unit = factors[static_cast<std::size_t>(f)];
                    unit = DenseMatrix(d, d);
                    unit(c % d, r % d) = 1.0;
                    r /= d;
                    c /= d;
                }
                const SparseOperator A = distinct_particle_sum(*blocks_, l, factors);
                const auto entry = static_cast<std::uint32_t>(row * size + col);
                for (std::size_t i = 0; i < A.rows(); ++i)
                    for (const auto& [j, a] : A.row(i)) {
                        const PackedEntry x = packed_entry(dim, j, i);
                        block_terms.index.push_back(static_cast<PetscInt>(base + x.index));
                        block_terms.target.push_back(2 * entry + (x.conjugated ? 1U : 0U));
                        block_terms.coefficient.push_back(x.conjugated ? std::conj(norm * a)
                                                                       : norm * a);
                    }
            }
        // In the order of the entries (blocks are contiguous): a sample streams each block's
        // band once.
        order.resize(block_terms.index.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return block_terms.index[a] < block_terms.index[b];
        });
        for (const std::size_t t : order) {
            terms.index.push_back(block_terms.index[t]);
            terms.target.push_back(block_terms.target[t]);
            terms.coefficient.push_back(block_terms.coefficient[t]);
        }
    }
    return marginal_terms_.emplace(k, std::move(terms)).first->second;
}

void fill_lower_triangle(Complex* a, std::size_t n) {
    for (std::size_t r = 1; r < n; ++r)
        for (std::size_t c = 0; c < r; ++c)
            a[r * n + c] = std::conj(a[c * n + r]);
}

BlockSpectrumEntropy BlockDensityMatrix::spectrum_entropy() const {
    double entropy = 0.0, smallest = INFINITY, negative = 0.0;
    for (std::size_t l = first_; l < end_; ++l) {
        const double ln_m = blocks_->irreps[l].ln_multiplicity;
        for (const double s : hermitian_eigenvalues(block(l))) {
            if (s > 0)
                entropy += -s * std::log(s) + s * ln_m;
            const double eigenvalue = s * std::exp(-ln_m);
            smallest = std::min(smallest, eigenvalue);
            if (eigenvalue < -1e-12)
                negative += std::exp(ln_m);
        }
    }
    return {allreduce(comm_, entropy, MPI_SUM), allreduce(comm_, smallest, MPI_MIN),
            allreduce(comm_, negative, MPI_SUM)};
}

namespace {

/// m_lambda pi_lambda(gamma) = F F^dag with F = pi_lambda(L) diag(m_lambda pi_lambda(D))^{1/2},
/// from gamma = L D L^dag: L = 1 + x |q><p| with p the larger diagonal entry (so |x| < 1),
/// x = gamma_qp / gamma_pp, D = diag(gamma_pp at p, det(gamma) / gamma_pp at q). Then
/// pi(L) = exp(x E_qp|_lambda) and pi(D) = prod_a D_a^{E_aa} (E_aa diagonal). Where every column
/// of E_qp|_lambda has at most one entry (d = 2: E_10 = J_-), exp(x E_qp) e_k runs along a chain
/// e_k -> c e_k' -> ..., its r-th entry x^r/r! times the product of the chain's coefficients.
/// Entries are formed from logarithms (m_lambda and the chain's products overflow at large N,
/// their products with D^{w/2} do not: |F_ik|^2 <= (F F^dag)_ii <= 1). No cancellation: every
/// term of (F F^dag)_il has the phase of x^{r_i - r_l} times fixed chain phases. Empty where
/// the chain condition fails.
std::optional<DenseMatrix> factorised_product_block(const SchurWeylBlocks& blocks,
                                                    std::size_t lambda,
                                                    const DenseMatrix& log_gamma) {
    if (blocks.d != 2)
        return std::nullopt;
    const Irrep& irrep = blocks.irreps[lambda];
    const std::size_t n = irrep.dim;
    const DenseMatrix gamma = hermitian_function(log_gamma, [](double v) { return std::exp(v); });
    const std::size_t p = gamma(0, 0).real() >= gamma(1, 1).real() ? 0 : 1, q = 1 - p;
    const double ln_gamma_pp = std::log(gamma(p, p).real());
    const Complex x = gamma(q, p) / gamma(p, p).real();
    std::vector<double> ln_D(2);
    ln_D[p] = ln_gamma_pp;
    ln_D[q] = trace(log_gamma).real() - ln_gamma_pp; // ln det(gamma) - ln gamma_pp
    // The chain: column k of E_qp has its one entry at (next[k], coefficient[k]).
    const SparseOperator& E = blocks.E(lambda, q, p);
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> next(n, none);
    std::vector<Complex> coefficient(n);
    for (std::size_t r = 0; r < n; ++r)
        for (const auto& [c, value] : E.row(r)) {
            if (value == Complex(0.0))
                continue;
            if (next[c] != none)
                return std::nullopt;
            next[c] = r;
            coefficient[c] = value;
        }
    const double ln_abs_x = std::log(std::abs(x));
    const Complex x_phase = std::abs(x) > 0 ? x / std::abs(x) : Complex(1.0);
    DenseMatrix F(n, n);
    for (std::size_t k = 0; k < n; ++k) {
        double ln_weight = irrep.ln_multiplicity;
        for (std::size_t a = 0; a < 2; ++a)
            for (const auto& [c, value] : blocks.E(lambda, a, a).row(k))
                if (c == k)
                    ln_weight += value.real() * ln_D[a];
        double ln_abs = 0.5 * ln_weight;
        Complex phase = 1.0;
        F(k, k) = std::exp(ln_abs);
        if (x == Complex(0.0))
            continue;
        std::size_t i = k;
        for (int r = 1; next[i] != none; ++r) {
            ln_abs += ln_abs_x + std::log(std::abs(coefficient[i]) / r);
            phase *= x_phase * coefficient[i] / std::abs(coefficient[i]);
            i = next[i];
            F(i, k) = std::exp(ln_abs) * phase;
        }
    }
    return product_with_adjoint(F);
}

} // namespace

DenseMatrix weighted_product_block(const SchurWeylBlocks& blocks, std::size_t lambda,
                                   const DenseMatrix& log_gamma, ProductBlockMethod method) {
    const Irrep& irrep = blocks.irreps[lambda];
    const double ln_m = irrep.ln_multiplicity;
    if (method == ProductBlockMethod::automatic || method == ProductBlockMethod::factorised) {
        // Finite ln gamma: gamma is faithful, so gamma_pp > 0 and det(gamma) > 0.
        if (std::isfinite(max_abs(log_gamma)))
            if (auto product = factorised_product_block(blocks, lambda, log_gamma))
                return *std::move(product);
        if (method == ProductBlockMethod::factorised)
            throw Error("weighted_product_block: the factorised method needs d = 2 and a "
                        "faithful gamma");
    }
    const SparseOperator A = blocks.collective(lambda, log_gamma);
    // pi_lambda(ln gamma) has the eigenvalues sum_i w_i l_i over the weights w of lambda (l the
    // eigenvalues of ln gamma); the weights lie in the permutohedron of lambda, so the extremes
    // pair lambda (descending) with l descending and ascending.
    std::vector<double> l = hermitian_eigenvalues(log_gamma); // ascending
    double lowest = 0.0, highest = 0.0;
    for (std::size_t i = 0; i < l.size(); ++i) {
        lowest += irrep.shape[i] * l[i];
        highest += irrep.shape[i] * l[l.size() - 1 - i];
    }
    const bool finite = std::isfinite(lowest) && std::isfinite(highest);
    if (method == ProductBlockMethod::automatic && finite) {
        // Complex multiply-adds: the series' terms x (row length + 3) x n^2 against about
        // 6 n^3 for zheevd with vectors and the product back. Measured (one core, random gamma):
        // the series took 0.08-0.7 of the eigendecomposition's time on every block of d = 2,
        // N = 200; d = 3, N = 20 and 30; d = 4, N = 10 (5.7x less in all at d = 3, N = 30).
        const double n = static_cast<double>(irrep.dim);
        const double row = static_cast<double>(A.nonzeros()) / std::max(1.0, n);
        const double terms = static_cast<double>(hermitian_exponential_terms(lowest, highest));
        method =
            terms * (row + 3.0) < 6.0 * n ? ProductBlockMethod::series : ProductBlockMethod::eigen;
    }
    if (method == ProductBlockMethod::series && finite)
        return hermitian_exponential(A, lowest, highest, ln_m);
    return hermitian_function(A.dense(), [ln_m](double x) { return std::exp(ln_m + x); });
}

double BlockDensityMatrix::trace_distance_to_product(const DenseMatrix& gamma) const {
    const DenseMatrix log_gamma = hermitian_function(gamma, [](double x) { return std::log(x); });
    double local = 0.0;
    for (std::size_t l = first_; l < end_; ++l)
        local += hermitian_trace_norm(block(l) - weighted_product_block(*blocks_, l, log_gamma));
    return allreduce(comm_, local, MPI_SUM);
}

} // namespace qrem
