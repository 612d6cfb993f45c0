#include "dynamics/lindblad_rhs.hpp"

#include "core/error.hpp"
#include "nbody/nbody_operators.hpp"

#include <algorithm>

namespace qrem {
namespace {

/// sum over `legs` legs of C(digit(x), digit(x')) for all x, x' < d^legs.
std::vector<Complex> digit_sum_table(const DenseMatrix& C, std::size_t d, int legs, std::int64_t size) {
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
            table[static_cast<std::size_t>(x * size + y)] = sum;
        }
    return table;
}

} // namespace

void multiply_right_by_adjoint_on_leg(const NBodySpace& space, std::int64_t m, const DenseMatrix& A,
                                      int leg, const PetscScalar* in, PetscScalar* out, bool accumulate) {
    const std::size_t d = space.d();
    for (std::int64_t s = 0; s < space.D(); ++s) {
        PetscScalar* target = out + m * s;
        if (!accumulate)
            std::fill(target, target + m, PetscScalar(0.0));
        const std::size_t a = space.digit(s, leg);
        for (std::size_t b = 0; b < d; ++b) {
            const PetscScalar factor = std::conj(A(a, b));
            if (factor == PetscScalar(0.0))
                continue;
            const PetscScalar* source = in + m * space.with_digit(s, leg, b);
            for (std::int64_t i = 0; i < m; ++i)
                target[i] += factor * source[i];
        }
    }
}

LindbladRHS::LindbladRHS(const DensityMatrix& layout, const OneBodyModel& model) : layout_(layout) {
    const NBodySpace& space = layout.space();
    MPI_Comm comm = layout.comm();
    H_eff_ = assemble_effective_hamiltonian(comm, space, model);
    product_ = std::make_unique<OperatorProduct>(layout, H_eff_);

    const std::size_t d = space.d();
    DenseMatrix C(d, d);
    for (const auto& jump : model.jumps) {
        if (jump.is_diagonal) {
            has_diagonal_jumps_ = true;
            for (std::size_t a = 0; a < d; ++a)
                for (std::size_t b = 0; b < d; ++b)
                    C(a, b) += jump.L(a, a) * std::conj(jump.L(b, b));
        } else {
            for (int leg = 0; leg < space.N(); ++leg)
                leg_jumps_.emplace_back(jump.L, leg);
        }
    }
    if (has_diagonal_jumps_) {
        const int low_legs = space.N() / 2, high_legs = space.N() - low_legs;
        for (int l = 0; l < low_legs; ++l)
            low_size_ *= static_cast<std::int64_t>(d);
        for (int l = 0; l < high_legs; ++l)
            high_size_ *= static_cast<std::int64_t>(d);
        phi_low_ = digit_sum_table(C, d, low_legs, low_size_);
        phi_high_ = digit_sum_table(C, d, high_legs, high_size_);
    }
    const auto local = static_cast<std::size_t>(layout.rows().size() * space.D());
    work_a_.resize(local);
    if (!leg_jumps_.empty())
        work_b_.resize(local);
}

void LindbladRHS::add_diagonal_jumps(const PetscScalar* gamma, PetscScalar* f) const {
    const RowRange& rows = layout_.rows();
    const std::int64_t m = rows.size();
    std::vector<std::int64_t> row_high(static_cast<std::size_t>(m)), row_low(static_cast<std::size_t>(m));
    for (std::int64_t i = 0; i < m; ++i) {
        row_high[static_cast<std::size_t>(i)] = ((rows.begin + i) / low_size_) * high_size_;
        row_low[static_cast<std::size_t>(i)] = ((rows.begin + i) % low_size_) * low_size_;
    }
    for (std::int64_t s = 0; s < layout_.space().D(); ++s) {
        const Complex* high = phi_high_.data() + s / low_size_;
        const Complex* low = phi_low_.data() + s % low_size_;
        const PetscScalar* g = gamma + m * s;
        PetscScalar* out = f + m * s;
        for (std::int64_t i = 0; i < m; ++i)
            out[i] += g[i] * (high[row_high[static_cast<std::size_t>(i)]] + low[row_low[static_cast<std::size_t>(i)]]);
    }
}

void LindbladRHS::apply(Vec Gamma, Vec F) {
    ++evaluations_;
    const NBodySpace& space = layout_.space();
    const std::int64_t m = layout_.rows().size();
    const std::int64_t n = m * space.D();
    product_->apply(Gamma); // before taking Gamma's array: the product reads it itself
    ConstLocalBlock gamma(Gamma);
    LocalBlock f(F);

    // G = H_eff Gamma; F = -i G + i G^dagger.
    const PetscScalar* G = product_->result();
    hermitian_transpose(layout_, G, work_a_.data());
    const PetscScalar minus_i(0.0, -1.0), plus_i(0.0, 1.0);
    for (std::int64_t k = 0; k < n; ++k)
        f.data()[k] = minus_i * G[k] + plus_i * work_a_[static_cast<std::size_t>(k)];

    if (has_diagonal_jumps_)
        add_diagonal_jumps(gamma.data(), f.data());
    for (const auto& [L, leg] : leg_jumps_) {
        // A = Gamma L^dag (local); A^dag = L Gamma; F += (L Gamma) L^dag (local).
        multiply_right_by_adjoint_on_leg(space, m, L, leg, gamma.data(), work_a_.data(), false);
        hermitian_transpose(layout_, work_a_.data(), work_b_.data());
        multiply_right_by_adjoint_on_leg(space, m, L, leg, work_b_.data(), f.data(), true);
    }
}

} // namespace qrem
