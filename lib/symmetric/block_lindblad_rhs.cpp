#include "symmetric/block_lindblad_rhs.hpp"

#include "core/error.hpp"
#include "core/operation_count.hpp"
#include "model/jump_reduction.hpp"
#include "representation/gelfand_tsetlin.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace qrem {

SparseOperator block_hamiltonian(const SchurWeylBlocks& blocks, std::size_t lambda,
                                 const DenseMatrix& one_body, const DenseMatrix& W) {
    const std::size_t d = blocks.d;
    SparseOperator H = blocks.collective(lambda, one_body);
    if (blocks.N < 2 || W.rows() != d * d)
        return H;
    // sum_{i<j} W_ij = 1/2 sum_{i != j} W_ij (W exchange-symmetric), and
    // sum_{i != j} (|a><c|)_i (|b><e|)_j = E_ac E_be - delta_cb E_ae.
    const double factor = 0.5 / (blocks.N - 1);
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b)
            for (std::size_t c = 0; c < d; ++c)
                for (std::size_t e = 0; e < d; ++e) {
                    const Complex w = W(a * d + b, c * d + e);
                    if (w == Complex(0.0))
                        continue;
                    SparseOperator term = blocks.E(lambda, a, c) * blocks.E(lambda, b, e);
                    if (c == b)
                        term += Complex(-1.0) * blocks.E(lambda, a, e);
                    H += (factor * w) * term;
                }
    return H;
}

std::vector<double> generator_work(std::size_t d, int N, std::size_t jump_operators) {
    const std::vector<std::vector<int>> shapes = partitions(N, d);
    const std::vector<double> jump_terms = jump_terms_per_block(d, N);
    std::vector<double> work(shapes.size());
    for (std::size_t l = 0; l < work.size(); ++l) {
        const double dim = gl_dimension(shapes[l]);
        work[l] =
            dim * (dim + 1.0) / 2.0 * (4.0 + static_cast<double>(jump_operators) * jump_terms[l]);
    }
    return work;
}

BlockOperator block_operator(const SparseOperator& a) {
    // Diagonals store every row of every diagonal: worth it while at least half is filled.
    if (diagonal_count(a) * a.rows() <= 2 * a.nonzeros() + a.rows())
        return Diagonals(a);
    return CompressedRows(a);
}

namespace {

/// Per lambda, a slot of dense copies that the blocks whose uses (first to last, in the order of
/// `own`) do not overlap share: a greedy assignment over the intervals of use. Blocks not used
/// get slot 0.
template <class OwnBlocks>
std::vector<std::size_t> shared_slots(const OwnBlocks& own, std::size_t count) {
    constexpr std::size_t unused = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> first_use(count, unused), last_use(count, 0);
    for (std::size_t i = 0; i < own.size(); ++i) {
        const auto use = [&](std::size_t l) {
            first_use[l] = std::min(first_use[l], i);
            last_use[l] = std::max(last_use[l], i);
        };
        use(own[i].lambda);
        for (const auto& jump : own[i].jumps)
            use(jump.source);
    }
    std::vector<std::vector<std::size_t>> starting(own.size()), ending(own.size());
    for (std::size_t l = 0; l < count; ++l)
        if (first_use[l] != unused) {
            starting[first_use[l]].push_back(l);
            ending[last_use[l]].push_back(l);
        }
    std::vector<std::size_t> slot(count, 0), free;
    std::size_t slots = 0;
    for (std::size_t i = 0; i < own.size(); ++i) {
        for (const std::size_t l : starting[i]) {
            if (free.empty()) {
                slot[l] = slots++;
            } else {
                slot[l] = free.back();
                free.pop_back();
            }
        }
        for (const std::size_t l : ending[i])
            free.push_back(slot[l]);
    }
    return slot;
}

} // namespace

BlockGeneratorTerms lab_frame_terms(const OneBodyModel& model) {
    // Diagonal jump operators in the fewest equivalent ones (site dephasing: d -> d - 1): each
    // one is a jump term into every block from each neighbour.
    DissipatorData dissipator = fewest_jump_operators(model);
    return {std::move(dissipator.h), model.W, std::move(dissipator.L), {}};
}

BlockLindbladRHS::BlockLindbladRHS(const BlockDensityMatrix& layout, const OneBodyModel& model,
                                   DenseCopies copies)
    : BlockLindbladRHS(layout, lab_frame_terms(model), copies) {}

BlockLindbladRHS::BlockLindbladRHS(const BlockDensityMatrix& layout,
                                   const BlockGeneratorTerms& terms, DenseCopies copies)
    : layout_(layout) {
    const SchurWeylBlocks& blocks = layout.blocks();
    const std::size_t d = blocks.d;
    DenseMatrix h_eff = terms.h;
    for (const DenseMatrix& L : terms.L)
        h_eff -= Complex(0.0, 0.5) * (adjoint(L) * L);
    // The branches by parent mu: lambda' = mu + box receives from every lambda = mu + box.
    std::map<std::size_t, std::vector<const Branch*>> by_parent;
    for (const Branch& branch : blocks.branches)
        by_parent[branch.mu].push_back(&branch);

    std::vector<bool> needed(blocks.irreps.size(), false);
    for (std::size_t l = layout.first_block(); l < layout.end_block(); ++l) {
        OwnBlock own{
            l, block_operator(Complex(0.0, -1.0) * block_hamiltonian(blocks, l, h_eff, terms.W)),
            {}};
        needed[l] = true;
        for (const DenseMatrix& L : terms.L) {
            SparseOperator L1(d, d);
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b)
                    L1.add(a, b, L(a, b));
            for (const Branch& into : blocks.branches) {
                if (into.lambda != l)
                    continue;
                const std::size_t dim_mu = blocks.parents[into.mu].dim;
                const SparseOperator left = adjoint(into.C) * kron_identity(dim_mu, L1);
                for (const Branch* from : by_parent[into.mu]) {
                    const double coefficient =
                        blocks.N * std::exp(blocks.parents[into.mu].ln_multiplicity -
                                            blocks.irreps[from->lambda].ln_multiplicity);
                    SparseOperator X = left * from->C;
                    if (X.nonzeros() == 0)
                        continue;
                    X *= std::sqrt(coefficient);
                    BlockOperator stored = block_operator(X);
                    const auto* diagonals = std::get_if<Diagonals>(&stored);
                    const long lowest =
                        diagonals ? *std::min_element(diagonals->offset.begin(),
                                                      diagonals->offset.end())
                                  : 0;
                    own.jumps.push_back({from->lambda, std::move(stored), lowest});
                    needed[from->lambda] = true;
                }
            }
        }
        own_.push_back(std::move(own));
    }
    // The owned blocks are unpacked from Gamma's own array; one scatter gathers the others
    // (the neighbours owned by other ranks, packed) into a sequential vector. apply unpacks a
    // block into dense_ (at dense_offset_) just before its first use, so that it is still in
    // cache when it is used (with d = 2, by the next two blocks as well).
    dense_offset_.assign(blocks.irreps.size(), 0);
    packed_offset_.assign(blocks.irreps.size(), 0);
    halo_.assign(blocks.irreps.size(), false);
    std::vector<PetscInt> indices;
    std::size_t dense_size = 0, largest = 0;
    for (std::size_t l = 0; l < blocks.irreps.size(); ++l)
        if (needed[l]) {
            dense_offset_[l] = dense_size; // one copy per block, unless the slots below
            dense_size += blocks.irreps[l].dim * blocks.irreps[l].dim;
            largest = std::max(largest, blocks.irreps[l].dim * blocks.irreps[l].dim);
            if (l >= layout.first_block() && l < layout.end_block()) {
                packed_offset_[l] = layout.offset(l) - layout.offset(layout.first_block());
                continue;
            }
            halo_[l] = true;
            packed_offset_[l] = static_cast<PetscInt>(indices.size());
            for (PetscInt k = layout.offset(l); k < layout.offset(l + 1); ++k)
                indices.push_back(k);
        }
    // A dense copy is needed from the first owned block that uses it to the last (in the order
    // of own_): copies whose uses do not overlap share a slot of the largest size. At d = 2 a
    // block is used by itself and its two neighbours, so a few slots replace the copy of every
    // block (twice the packed state).
    const std::vector<std::size_t> slot = shared_slots(own_, blocks.irreps.size());
    const std::size_t slots = slot.empty() ? 0 : 1 + *std::max_element(slot.begin(), slot.end());
    shared_ = copies == DenseCopies::shared && slots * largest < dense_size;
    if (shared_) {
        for (std::size_t l = 0; l < blocks.irreps.size(); ++l)
            dense_offset_[l] = slot[l] * largest;
        dense_size = slots * largest;
    }
    dense_.resize(dense_size);
    if (!terms.frame_energies.empty()) {
        if (terms.frame_energies.size() != d)
            throw Error("BlockLindbladRHS: frame_energies must have d entries");
        DenseMatrix h0(d, d);
        for (std::size_t a = 0; a < d; ++a)
            h0(a, a) = terms.frame_energies[a];
        frame_energy_.resize(blocks.irreps.size());
        for (std::size_t l = 0; l < blocks.irreps.size(); ++l) {
            if (!needed[l])
                continue;
            // H_0 is diagonal in the Gelfand-Tsetlin basis (E_aa are); less the mean, whose
            // phase cancels in E_m - E_n, so that t E_m stays small.
            const SparseOperator H0 = blocks.collective(l, h0);
            std::vector<double>& E = frame_energy_[l];
            E.assign(H0.rows(), 0.0);
            for (std::size_t m = 0; m < H0.rows(); ++m)
                for (const auto& [column, value] : H0.row(m))
                    if (column == m)
                        E[m] = value.real();
            double mean = 0.0;
            for (const double e : E)
                mean += e / static_cast<double>(E.size());
            for (double& e : E)
                e -= mean;
        }
    }
    ISHandle from;
    check(ISCreateGeneral(PETSC_COMM_SELF, static_cast<PetscInt>(indices.size()), indices.data(),
                          PETSC_COPY_VALUES, from.out()));
    check(VecCreateSeq(PETSC_COMM_SELF, static_cast<PetscInt>(indices.size()), gathered_.out()));
    check(VecScatterCreate(layout.vec(), from, gathered_, nullptr, gather_.out()));
}

namespace {

/// y[c] += sum_k A(r, r + o_k) x(r + o_k, c) for c in [c0, n): row r of A x, its columns from
/// c0 (x row-major with n columns).
void add_left_product_row(const Diagonals& A, std::size_t r, const Complex* x, std::size_t n,
                          std::size_t c0, Complex* y) {
    for (std::size_t k = 0; k < A.offset.size(); ++k) {
        if (r < A.first_row(k) || r >= A.end_row(k))
            continue;
        const Complex a = A.value[k][r];
        const Complex* in = x + static_cast<std::size_t>(static_cast<long>(r) + A.offset[k]) * n;
        operation_count::add(static_cast<long long>(n - c0));
        for (std::size_t c = c0; c < n; ++c)
            y[c] += a * in[c];
    }
}

/// y[c] += sum_k x[c + o_k] conj(A(c, c + o_k)) for c in [c0, A.rows): row r of (x A^dag) for
/// a row x of length A.cols.
void add_right_adjoint_row(const Diagonals& A, const Complex* x, std::size_t c0, Complex* y) {
    for (std::size_t k = 0; k < A.offset.size(); ++k) {
        const std::size_t begin = std::max(c0, A.first_row(k)), end = A.end_row(k);
        if (begin >= end)
            continue;
        const Complex* a = A.value[k].data();
        // x[c + o_k], c + o_k >= 0 for c >= first_row(k)
        const Complex* in = x + (begin + static_cast<std::size_t>(A.offset[k]));
        operation_count::add(static_cast<long long>(end - begin));
        for (std::size_t c = begin; c < end; ++c)
            y[c] += in[c - begin] * std::conj(a[c]);
    }
}

/// The same two row operations for compressed rows.
void add_left_product_row(const CompressedRows& A, std::size_t r, const Complex* x, std::size_t n,
                          std::size_t c0, Complex* y) {
    for (std::size_t e = A.start[r]; e < A.start[r + 1]; ++e) {
        const Complex a = A.value[e];
        const Complex* in = x + A.column[e] * n;
        operation_count::add(static_cast<long long>(n - c0));
        for (std::size_t c = c0; c < n; ++c)
            y[c] += a * in[c];
    }
}

void add_right_adjoint_row(const CompressedRows& A, const Complex* x, std::size_t c0, Complex* y) {
    for (std::size_t c = c0; c < A.rows; ++c) {
        Complex sum = 0.0;
        operation_count::add(static_cast<long long>(A.start[c + 1] - A.start[c]));
        for (std::size_t e = A.start[c]; e < A.start[c + 1]; ++e)
            sum += x[A.column[e]] * std::conj(A.value[e]);
        y[c] += sum;
    }
}

void add_left_product_row(const BlockOperator& A, std::size_t r, const Complex* x, std::size_t n,
                          std::size_t c0, Complex* y) {
    std::visit([&](const auto& op) { add_left_product_row(op, r, x, n, c0, y); }, A);
}

void add_right_adjoint_row(const BlockOperator& A, const Complex* x, std::size_t c0, Complex* y) {
    std::visit([&](const auto& op) { add_right_adjoint_row(op, x, c0, y); }, A);
}

} // namespace

void BlockLindbladRHS::frame_phases(std::size_t lambda, double t, double sign,
                                    std::vector<Complex>& phase) const {
    const std::vector<double>& E = frame_energy_[lambda];
    phase.resize(E.size());
    for (std::size_t m = 0; m < E.size(); ++m)
        phase[m] = std::polar(1.0, -sign * t * E[m]);
}

namespace {

/// Row r of a packed Hermitian block (row[c]: entry (r, c), c >= r) times phase[r] conj(phase[c]):
/// the conjugation by diag(phase) (the diagonal is unchanged).
void phase_packed_row(Complex* row, std::size_t r, std::size_t n, const Complex* phase) {
    for (std::size_t c = r + 1; c < n; ++c)
        row[c] *= phase[r] * std::conj(phase[c]);
}

} // namespace

void BlockLindbladRHS::rotate_frame(double t, Vec Gamma, double sign) const {
    if (frame_energy_.empty())
        return;
    const SchurWeylBlocks& blocks = layout_.blocks();
    PetscScalar* x = nullptr;
    check(VecGetArray(Gamma, &x));
    const PetscInt first = layout_.offset(layout_.first_block());
    std::vector<Complex> phase;
    for (std::size_t l = layout_.first_block(); l < layout_.end_block(); ++l) {
        const std::size_t n = blocks.irreps[l].dim;
        frame_phases(l, t, sign, phase);
        PetscScalar* block = x + (layout_.offset(l) - first);
        for (std::size_t r = 0; r < n; ++r)
            phase_packed_row(block + packed_row_start(n, r) - r, r, n, phase.data());
    }
    check(VecRestoreArray(Gamma, &x));
}

void BlockLindbladRHS::apply(double t, Vec Gamma, Vec F) {
    if (Gamma == F) // the blocks of Gamma are read while F is written
        throw Error("BlockLindbladRHS::apply: Gamma and F must be different vectors");
    check(VecScatterBegin(gather_, Gamma, gathered_, INSERT_VALUES, SCATTER_FORWARD));
    check(VecScatterEnd(gather_, Gamma, gathered_, INSERT_VALUES, SCATTER_FORWARD));
    const SchurWeylBlocks& blocks = layout_.blocks();
    const PetscScalar *local = nullptr, *halo = nullptr;
    PetscScalar* out = nullptr;
    check(VecGetArrayRead(Gamma, &local));
    check(VecGetArrayRead(gathered_, &halo));
    std::vector<bool> unpacked(blocks.irreps.size(), false);
    const auto unpack = [&](std::size_t l) {
        if (unpacked[l])
            return;
        // In the interaction picture sigma = Phi_t(sigma~), on the way.
        if (in_interaction_picture())
            frame_phases(l, t, 1.0, phase_);
        unpack_hermitian((halo_[l] ? halo : local) + packed_offset_[l], blocks.irreps[l].dim,
                         dense_.data() + dense_offset_[l],
                         in_interaction_picture() ? phase_.data() : nullptr);
        unpacked[l] = true;
    };
    check(VecGetArray(F, &out));
    const PetscInt first = layout_.offset(layout_.first_block());
    for (const OwnBlock& own : own_) {
        // Only the upper triangle of F is evaluated (all that packed storage holds), with a real
        // diagonal: F is exactly Hermitian in floating point. It must be: the formula applied
        // to an anti-Hermitian part A of sigma would act as -i{H, A} + sum X A X^dag and let
        // rounding errors grow like e^{N ||L||^2 t} (measured before: 1e-3 in Gamma^{N:1} at
        // N = 100, t = 0.3).
        const std::size_t n = blocks.irreps[own.lambda].dim;
        PetscScalar* f = out + (layout_.offset(own.lambda) - first);
        // F = A sigma + sigma A^dag + sum X sigma_source X^dag, A = -i H_eff, row by row on the
        // upper triangle; the row of F is accumulated in y_row (shifted so that y_row[c] is
        // F(r, c)) and T = X sigma_source one row at a time.
        unpack(own.lambda);
        for (const JumpTerm& jump : own.jumps)
            unpack(jump.source);
        const BlockOperator& A = own.minus_i_H;
        const Complex* sigma = dense_.data() + dense_offset_[own.lambda];
        if (in_interaction_picture())
            frame_phases(own.lambda, t, -1.0, row_phase_);
        for (std::size_t r = 0; r < n; ++r) {
            Complex* y_row = f + packed_row_start(n, r) - r;
            std::fill_n(y_row + r, n - r, Complex(0.0));
            add_left_product_row(A, r, sigma, n, r, y_row);
            add_right_adjoint_row(A, sigma + r * n, r, y_row);
            for (const JumpTerm& jump : own.jumps) {
                const std::size_t m = blocks.irreps[jump.source].dim;
                const Complex* source = dense_.data() + dense_offset_[jump.source];
                const auto* diagonals = std::get_if<Diagonals>(&jump.X);
                if (diagonals && diagonals->offset.size() == 1) {
                    const Diagonals& X = *diagonals;
                    // One diagonal (L diagonal, e.g. dephasing): X sigma X^dag entry by entry,
                    // without the row of T.
                    if (r < X.first_row(0) || r >= X.end_row(0))
                        continue;
                    const long o = X.offset[0];
                    const Complex a = X.value[0][r];
                    const Complex* source_row =
                        source + static_cast<std::size_t>(static_cast<long>(r) + o) * m;
                    const Complex* x = X.value[0].data();
                    const std::size_t begin = std::max(r, X.first_row(0)), end = X.end_row(0);
                    // c + o >= 0 for c >= first_row(0)
                    const std::size_t shift = begin + static_cast<std::size_t>(o);
                    operation_count::add(2 * static_cast<long long>(end - std::min(begin, end)));
                    for (std::size_t c = begin; c < end; ++c)
                        y_row[c] += a * source_row[shift + (c - begin)] * std::conj(x[c]);
                    continue;
                }
                // T's row is needed only from the first column that X's rows >= r use (with
                // the Gelfand-Tsetlin basis by weight, about half of it; by diagonals, from
                // r + the lowest offset).
                const auto* rows = std::get_if<CompressedRows>(&jump.X);
                std::size_t from = 0;
                if (rows) {
                    from = rows->first_column_from[r];
                } else {
                    const long lowest = static_cast<long>(r) + jump.lowest_offset;
                    from = static_cast<std::size_t>(std::clamp(lowest, 0L, static_cast<long>(m)));
                }
                t_.resize(m);
                std::fill(t_.begin() + static_cast<long>(from), t_.end(), Complex(0.0));
                add_left_product_row(jump.X, r, source, m, from, t_.data());
                add_right_adjoint_row(jump.X, t_.data(), r, y_row);
            }
            y_row[r] = y_row[r].real();
            if (in_interaction_picture()) // F = Phi_t^{-1}(L(Phi_t(sigma~))), row by row
                phase_packed_row(y_row, r, n, row_phase_.data());
        }
    }
    check(VecRestoreArray(F, &out));
    check(VecRestoreArrayRead(gathered_, &halo));
    check(VecRestoreArrayRead(Gamma, &local));
}

} // namespace qrem
