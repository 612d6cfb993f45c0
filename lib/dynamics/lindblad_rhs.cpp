#include "dynamics/lindblad_rhs.hpp"

#include "core/error.hpp"
#include "core/log_event.hpp"
#include "core/operation_count.hpp"
#include "nbody/nbody_operators.hpp"

#include <algorithm>
#include <map>

namespace qrem {
namespace {

/// T(x, y) = sum over `legs` legs of C(digit(x), digit(y)) for all x, y < d^legs, column-major
/// (T(x, y) at x + size y): a column y of Gamma runs over x.
std::vector<Complex> digit_sum_table(const DenseMatrix& C, std::size_t d, int legs,
                                     std::int64_t size) {
    std::vector<Complex> table(static_cast<std::size_t>(size * size), 0.0);
    for (std::int64_t x = 0; x < size; ++x)
        for (std::int64_t y = 0; y < size; ++y) {
            Complex sum = 0.0;
            std::int64_t a = x, b = y;
            for (int l = 0; l < legs; ++l) {
                sum += C(static_cast<std::size_t>(a % static_cast<std::int64_t>(d)),
                         static_cast<std::size_t>(b % static_cast<std::int64_t>(d)));
                a /= static_cast<std::int64_t>(d);
                b /= static_cast<std::int64_t>(d);
            }
            table[static_cast<std::size_t>(x + size * y)] = sum;
        }
    return table;
}

/// y += (M x) blockwise: y[b + u] += sum_v M(u, v) x[b + v] for every block of B entries in
/// [0, m). B is a compile-time constant so the small product unrolls.
template <int B>
void add_block_products(const Complex* M, const PetscScalar* x, PetscScalar* y, std::int64_t m) {
    operation_count::add(m * B);
    for (std::int64_t b = 0; b < m; b += B)
        for (int u = 0; u < B; ++u) {
            PetscScalar sum = y[b + u];
            for (int v = 0; v < B; ++v)
                sum += M[u * B + v] * x[b + v];
            y[b + u] = sum;
        }
}

void add_block_products(int B, const Complex* M, const PetscScalar* x, PetscScalar* y,
                        std::int64_t m) {
    switch (B) {
    case 4:
        return add_block_products<4>(M, x, y, m);
    case 8:
        return add_block_products<8>(M, x, y, m);
    case 9:
        return add_block_products<9>(M, x, y, m);
    default:
        return add_block_products<16>(M, x, y, m);
    }
}

/// Rows per tile of a column gather: see the comment inside.
std::int64_t row_tile(std::int64_t m, std::int64_t D) {
    // Output column s gathers columns up to D/2 away: with row tiles of T rows, the tile of all
    // D columns (16 T D bytes) should stay in the last-level cache between reuses. 8 MiB is a
    // conservative share of a modern L3 per core; at least 8 rows (128 bytes) per column.
    const std::int64_t budget = std::int64_t{8} << 20;
    return std::clamp<std::int64_t>(budget / (16 * D), 8, std::max<std::int64_t>(m, 8));
}

/// out(:, s) (+)= sum_b in(:, s with digit `leg` = b) conj(A(a_leg(s), b)), i.e. out = in A_leg^dag
/// on local blocks (m rows, leading dimension lda), in row tiles.
void multiply_right_by_adjoint_on_leg(const NBodySpace& space, std::int64_t m, std::int64_t lda,
                                      const DenseMatrix& A, int leg, const PetscScalar* in,
                                      PetscScalar* out, bool accumulate) {
    const std::size_t d = space.d();
    const std::int64_t tile = row_tile(m, space.D());
    for (std::int64_t i0 = 0; i0 < m; i0 += tile) {
        const std::int64_t length = std::min(tile, m - i0);
        for (std::int64_t s = 0; s < space.D(); ++s) {
            PetscScalar* target = out + lda * s + i0;
            if (!accumulate)
                std::fill(target, target + length, PetscScalar(0.0));
            const std::size_t a = space.digit(s, leg);
            for (std::size_t b = 0; b < d; ++b) {
                const PetscScalar factor = std::conj(A(a, b));
                if (factor == PetscScalar(0.0))
                    continue;
                const PetscScalar* source = in + lda * space.with_digit(s, leg, b) + i0;
                operation_count::add(length);
                for (std::int64_t i = 0; i < length; ++i)
                    target[i] += factor * source[i];
            }
        }
    }
}

} // namespace

LindbladRHS::LindbladRHS(const DensityMatrix& layout, const OneBodyModel& model)
    : LindbladRHS(layout, effective_hamiltonian_sum(layout.space(), model), model.jumps) {}

LindbladRHS::LindbladRHS(const DensityMatrix& layout, const FewBodySum& h_eff,
                         const std::vector<JumpOperator>& jumps)
    : layout_(layout) {
    const NBodySpace& space = layout.space();
    const RowRange& rows = layout.rows();
    int ranks = 1;
    MPI_Comm_size(layout.comm(), &ranks);
    const TermPlacement placement(space, ranks);
    const Complex minus_i(0.0, -1.0);
    const std::size_t d = space.d();
    // Every term of H_eff goes to exactly one part, as placed: the diagonal, a move on the
    // local rows, or the remote CSR.
    diagonal_.assign(static_cast<std::size_t>(rows.size()), 0.0);
    std::vector<FewBodyTerm> remote;
    for (const FewBodyTerm& term : few_body_terms(space, h_eff)) {
        switch (placement.place(term)) {
        case Placement::diagonal:
            for (std::int64_t r = rows.begin; r < rows.end; ++r)
                if (term.acts_on(space, r))
                    diagonal_[static_cast<std::size_t>(r - rows.begin)] += minus_i * term.value;
            break;
        case Placement::local:
        case Placement::local_where_split_digits_match:
            if (Move move = local_move(term, placement, minus_i); !move.ranges.empty())
                moves_.push_back(std::move(move));
            break;
        case Placement::remote:
            remote.push_back(term);
            break;
        }
    }
    fold_low_moves(placement);
    // All rows s: i conj(H_nl(s, k)) for column s of i Gamma H_nl^dag.
    std::map<std::int64_t, Complex> row;
    remote_start_.push_back(0);
    for (std::int64_t r = 0; r < space.D() && !remote.empty(); ++r) {
        row.clear();
        few_body_row(space, remote, r, row);
        for (const auto& [column, value] : row) {
            remote_columns_.push_back(column);
            remote_values_.push_back(Complex(0.0, 1.0) * std::conj(value));
        }
        remote_start_.push_back(static_cast<std::int64_t>(remote_columns_.size()));
    }
    remote_start_.resize(static_cast<std::size_t>(space.D() + 1), remote_start_.back());

    DenseMatrix C(d, d);
    for (const auto& jump : jumps) {
        if (jump.is_diagonal) {
            has_diagonal_jumps_ = true;
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b)
                    C(a, b) += jump.L(a, a) * std::conj(jump.L(b, b));
            continue;
        }
        const std::int64_t m = rows.size();
        for (int leg = 0; leg < space.N(); ++leg) {
            if (!placement.leg_is_local(leg)) {
                split_leg_jumps_.push_back({jump.L, leg});
                continue;
            }
            LocalLegJump local{leg, std::vector<std::vector<Move>>(d * d)};
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b) {
                    const Complex column_factor = 0.5 * std::conj(jump.L(a, b));
                    if (column_factor == Complex(0.0))
                        continue;
                    // L_j on rows: rows with digit e take L(e, f) times those with digit f.
                    for (std::size_t e = 0; e < d; ++e)
                        for (std::size_t f = 0; f < d; ++f)
                            if (jump.L(e, f) != Complex(0.0))
                                local.moves[a * d + b].push_back({1,
                                                                  {leg, leg},
                                                                  {e, e},
                                                                  {f, f},
                                                                  column_factor * jump.L(e, f),
                                                                  {{0, m}}});
                }
            local_leg_jumps_.push_back(std::move(local));
        }
    }
    if (has_diagonal_jumps_) {
        const int low_legs = space.N() / 2, high_legs = space.N() - low_legs;
        for (int l = 0; l < low_legs; ++l)
            low_size_ *= static_cast<std::int64_t>(d);
        for (int l = 0; l < high_legs; ++l)
            high_size_ *= static_cast<std::int64_t>(d);
        phi_low_ = digit_sum_table(0.5 * C, d, low_legs, low_size_);
        phi_high_ = digit_sum_table(0.5 * C, d, high_legs, high_size_);
    }
    const auto local = static_cast<std::size_t>(layout.local_size());
    work_a_.resize(local); // zero: their padding stays zero, so F's padding does too
    if (!split_leg_jumps_.empty())
        work_b_.resize(local);
}

void LindbladRHS::fold_low_moves(const TermPlacement& placement) {
    const NBodySpace& space = layout_.space();
    const std::int64_t m = layout_.rows().size();
    const auto d = static_cast<int>(space.d());
    int legs = 0, block = 1;
    while (block < 4 && legs < space.N()) {
        block *= d;
        ++legs;
    }
    const bool supported = block == 4 || block == 8 || block == 9 || block == 16;
    // The low legs are the last ones (stride(leg) = d^(N-1-leg)).
    const int first_low = space.N() - legs;
    for (int leg = first_low; leg < space.N(); ++leg)
        if (!placement.leg_is_local(leg))
            return;
    if (!supported || m % block != 0)
        return;
    std::vector<Complex> M(static_cast<std::size_t>(block * block), 0.0);
    std::vector<Move> kept;
    bool folded = false;
    for (Move& move : moves_) {
        const bool low = move.leg[0] >= first_low && move.ranges.size() == 1 &&
                         move.ranges[0].begin == 0 && move.ranges[0].end == m;
        if (!low) {
            kept.push_back(std::move(move));
            continue;
        }
        folded = true;
        // Row u of a block (its digits on the low legs) takes coefficient * row u + shift
        // where its digits on the move's legs are `from`.
        for (int u = 0; u < block; ++u) {
            std::int64_t shift = 0;
            bool applies = true;
            for (int l = 0; l < move.legs; ++l) {
                const auto digit = static_cast<std::size_t>(space.digit(u, move.leg[l]));
                applies = applies && digit == move.from[l];
                shift += (static_cast<std::int64_t>(move.to[l]) -
                          static_cast<std::int64_t>(move.from[l])) *
                         space.stride(move.leg[l]);
            }
            if (applies)
                M[static_cast<std::size_t>(u * block + u + shift)] += move.coefficient;
        }
    }
    moves_ = std::move(kept);
    if (folded) {
        low_block_ = block;
        low_matrix_ = std::move(M);
    }
}

void LindbladRHS::hamiltonian_part(const PetscScalar* gamma, PetscScalar* y) const {
    const RowRange& rows = layout_.rows();
    const std::int64_t m = rows.size(), lda = layout_.lda();
    const std::int64_t D = layout_.space().D();
    // y(:, s) = -i H_loc Gamma(:, s) + (Phi o Gamma)(:, s) / 2 + J_loc(Gamma)(:, s) / 2: the
    // diagonal with the diagonal jumps' factor, every move within the column, then the
    // non-diagonal jumps on rank-local legs from the columns they gather.
    for (std::int64_t s = 0; s < D; ++s) {
        const PetscScalar* x = gamma + lda * s;
        PetscScalar* target = y + lda * s;
        if (has_diagonal_jumps_) {
            // Column s of the tables; rows in runs of equal high digits (contiguous in the
            // low table, one entry of the high one), so the loop vectorizes.
            const Complex* high = phi_high_.data() + high_size_ * (s / low_size_);
            const Complex* low = phi_low_.data() + low_size_ * (s % low_size_);
            for (std::int64_t r = rows.begin; r < rows.end;) {
                const std::int64_t run_end = std::min(rows.end, (r / low_size_ + 1) * low_size_);
                const Complex h = high[r / low_size_];
                const Complex* l = low + r % low_size_;
                const std::int64_t i0 = r - rows.begin, n = run_end - r;
                const Complex* diagonal = diagonal_.data() + i0;
                operation_count::add(n);
                for (std::int64_t i = 0; i < n; ++i)
                    target[i0 + i] = (diagonal[i] + h + l[i]) * x[i0 + i];
                r = run_end;
            }
        } else {
            operation_count::add(m);
            for (std::int64_t i = 0; i < m; ++i)
                target[i] = diagonal_[static_cast<std::size_t>(i)] * x[i];
        }
        if (low_block_ > 0)
            add_block_products(low_block_, low_matrix_.data(), x, target, m);
        for (const Move& move : moves_)
            apply_move(move, x, target);
        add_local_leg_jumps(s, gamma, target);
    }
    // y(:, s) += i sum_k conj(H_nl(s, k)) Gamma(:, k): whole columns, for the legs split
    // across ranks only.
    for (std::int64_t s = 0; s < D; ++s) {
        PetscScalar* target = y + lda * s;
        for (std::int64_t e = remote_start_[static_cast<std::size_t>(s)];
             e < remote_start_[static_cast<std::size_t>(s + 1)]; ++e) {
            const PetscScalar c = remote_values_[static_cast<std::size_t>(e)];
            const PetscScalar* source = gamma + lda * remote_columns_[static_cast<std::size_t>(e)];
            operation_count::add(m);
            for (std::int64_t i = 0; i < m; ++i)
                target[i] += c * source[i];
        }
    }
}

LindbladRHS::Move LindbladRHS::local_move(const FewBodyTerm& term, const TermPlacement& placement,
                                          Complex factor) const {
    // The move runs on the term's rank-local legs; its split legs (unchanged, by placement)
    // only select the ranges.
    Move move{0,
              {0, 0},
              {0, 0},
              {0, 0},
              factor * term.value,
              placement.local_ranges(term, layout_.rows())};
    for (std::size_t k = 0; k < static_cast<std::size_t>(term.legs); ++k)
        if (placement.leg_is_local(term.leg[k])) {
            const auto l = static_cast<std::size_t>(move.legs++);
            move.leg[l] = term.leg[k];
            move.from[l] = term.from[k];
            move.to[l] = term.to[k];
        }
    return move;
}

void LindbladRHS::apply_move(const Move& move, const PetscScalar* x, PetscScalar* y) const {
    // Every range is whole blocks of rows (TermPlacement), so it holds whole fibres of the
    // move's rank-local legs, and local row offsets have the same digits on those legs as the
    // global rows.
    const NBodySpace& space = layout_.space();
    const auto d = static_cast<std::int64_t>(space.d());
    const PetscScalar c = move.coefficient;
    const std::int64_t s0 = space.stride(move.leg[0]);
    const std::int64_t from0 = static_cast<std::int64_t>(move.from[0]) * s0;
    const std::int64_t shift0 =
        (static_cast<std::int64_t>(move.to[0]) - static_cast<std::int64_t>(move.from[0])) * s0;
    for (const RowRange& range : move.ranges) {
        if (move.legs == 1) {
            for (std::int64_t base = range.begin; base < range.end; base += d * s0) {
                PetscScalar* out = y + base + from0;
                const PetscScalar* in = x + base + from0 + shift0;
                operation_count::add(s0);
                for (std::int64_t k = 0; k < s0; ++k)
                    out[k] += c * in[k];
            }
            continue;
        }
        const std::int64_t s1 = space.stride(move.leg[1]);
        const std::int64_t from1 = static_cast<std::int64_t>(move.from[1]) * s1;
        const std::int64_t shift =
            shift0 +
            (static_cast<std::int64_t>(move.to[1]) - static_cast<std::int64_t>(move.from[1])) * s1;
        for (std::int64_t base = range.begin; base < range.end; base += d * s0)
            for (std::int64_t middle = 0; middle < s0; middle += d * s1) {
                PetscScalar* out = y + base + from0 + middle + from1;
                const PetscScalar* in = out - y + x + shift;
                operation_count::add(s1);
                for (std::int64_t k = 0; k < s1; ++k)
                    out[k] += c * in[k];
            }
    }
}

void LindbladRHS::add_local_leg_jumps(std::int64_t s, const PetscScalar* gamma,
                                      PetscScalar* y) const {
    // y(:, s) += (1/2) sum_b conj(L(s_j, b)) (L_j Gamma)(:, s[j -> b]); L_j moves rows within
    // the column (the leg is rank-local).
    const NBodySpace& space = layout_.space();
    const std::size_t d = space.d();
    const std::int64_t lda = layout_.lda();
    for (const LocalLegJump& jump : local_leg_jumps_) {
        const std::size_t a = space.digit(s, jump.leg);
        for (std::size_t b = 0; b < d; ++b) {
            const std::vector<Move>& moves = jump.moves[a * d + b];
            if (moves.empty())
                continue;
            const PetscScalar* x = gamma + lda * space.with_digit(s, jump.leg, b);
            for (const Move& move : moves)
                apply_move(move, x, y);
        }
    }
}

void LindbladRHS::apply(Vec Gamma, Vec F) {
    const NBodySpace& space = layout_.space();
    const std::int64_t m = layout_.rows().size(), lda = layout_.lda();
    ConstLocalBlock gamma(Gamma);
    LocalBlock f(F);

    // Y = -i H_loc Gamma + i Gamma H_nl^dag + (Phi o Gamma) / 2 + J_loc(Gamma) / 2, J_loc the
    // non-diagonal jumps on rank-local legs; then F = -i H_eff Gamma + (-i H_eff Gamma)^dag +
    // Phi o Gamma + J_loc(Gamma) = Y + Y^dag, since Phi o Gamma and J_loc(Gamma) are Hermitian
    // with Gamma (Phi(s, r) = conj Phi(r, s)): those jumps cost no pass of their own.
    {
        const ScopedEvent timed(log_event("RHSHamiltonian"));
        hamiltonian_part(gamma.data(), work_a_.data());
    }
    {
        const ScopedEvent timed(log_event("RHSTranspose"));
        add_hermitian_transpose(layout_, work_a_.data(), f.data(), received_);
        operation_count::add(m * space.D()); // one addition per entry
    }
    const ScopedEvent timed(log_event("RHSJumps"));
    for (const auto& jump : split_leg_jumps_) {
        // B = L Gamma = (Gamma L^dag)^dag (rows, through a transpose), then F += B L^dag.
        multiply_right_by_adjoint_on_leg(space, m, lda, jump.L, jump.leg, gamma.data(),
                                         work_a_.data(), false);
        hermitian_transpose(layout_, work_a_.data(), work_b_.data(), received_);
        multiply_right_by_adjoint_on_leg(space, m, lda, jump.L, jump.leg, work_b_.data(), f.data(),
                                         true);
    }
}

} // namespace qrem
