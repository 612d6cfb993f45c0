#include "dynamics/dormand_prince.hpp"

#include "core/error.hpp"
#include "core/log_event.hpp"
#include "state/density_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>
#include <vector>

namespace qrem {

namespace {

// The Dormand-Prince 5(4) tableau (Hairer, Norsett & Wanner I, Table II.5.2). Row i of A gives
// stage i + 1 from k_1..k_i; its last row is b, so stage 7 is the new state (first same as last).
constexpr double A[6][6] = {
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
/// The stages' times within the step: c_{i+2} = sum_j A[i][j].
constexpr double C[6] = {1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0};
/// b - b_hat: the difference of the 5th- and the embedded 4th-order solution, per k_j.
constexpr double E[7] = {71.0 / 57600,      0.0,        -71.0 / 16695, 71.0 / 1920,
                         -17253.0 / 339200, 22.0 / 525, -1.0 / 40};
/// The dense output's d_j (ibid. II.6, DOPRI5's contd5).
constexpr double Dense[7] = {-12715105075.0 / 11282082432,  0.0,
                             87487479700.0 / 32700410799,   -10690763975.0 / 1880347072,
                             701980252875.0 / 199316789632, -1453857185.0 / 822651844,
                             69997945.0 / 29380423};

/// Entries per chunk: the output chunk stays in L1 while the inputs stream past it once.
constexpr PetscInt chunk = 256;
/// The largest sample chunk the error pass runs in (a dense Gamma's column at N = 13, 128 KiB).
constexpr PetscInt max_error_chunk = 8192;

} // namespace

std::vector<PetscScalar> ChunkedLinearSample::operator()(Vec v) const {
    PetscInt n = 0;
    check(VecGetLocalSize(v, &n));
    std::vector<PetscScalar> result(size);
    {
        const ConstLocalBlock block(v);
        for (PetscInt begin = 0; begin < n; begin += chunk)
            add_chunk(begin / chunk, block.data() + begin, result.data());
    }
    MPI_Comm comm = MPI_COMM_NULL;
    check(PetscObjectGetComm(reinterpret_cast<PetscObject>(v), &comm));
    MPI_Allreduce(MPI_IN_PLACE, result.data(), static_cast<int>(size), MPIU_SCALAR, MPI_SUM, comm);
    return result;
}

DormandPrince::DormandPrince(Vec like, Generator generator, DormandPrinceSettings settings)
    : generator_(std::move(generator)), settings_(settings) {
    check(PetscObjectGetComm(reinterpret_cast<PetscObject>(like), &comm_));
    check(VecGetLocalSize(like, &local_size_));
    check(VecGetSize(like, &global_size_));
    check(VecDuplicate(like, stage_.out()));
    for (VecHandle& k : k_)
        check(VecDuplicate(like, k.out()));
}

void DormandPrince::combine_into(Vec x, const std::array<double, 7>& c, Vec out) {
    const ConstLocalBlock in(x);
    std::deque<ConstLocalBlock> blocks; // a deque: its elements are never moved
    std::vector<const PetscScalar*> k;
    std::vector<double> coefficient;
    for (std::size_t j = 0; j < 7; ++j)
        if (c[j] != 0.0) {
            k.push_back(blocks.emplace_back(k_[j]).data());
            coefficient.push_back(c[j]);
        }
    LocalBlock result(out);
    const PetscScalar* y = in.data();
    PetscScalar* o = result.data();
    for (PetscInt begin = 0; begin < local_size_; begin += chunk) {
        const PetscInt end = std::min(local_size_, begin + chunk);
        std::copy(y + begin, y + end, o + begin);
        for (std::size_t j = 0; j < k.size(); ++j) {
            const double cj = coefficient[j];
            const PetscScalar* kj = k[j];
            for (PetscInt i = begin; i < end; ++i)
                o[i] += cj * kj[i];
        }
    }
}

double DormandPrince::weighted_rms(double local_sum_of_squares) const {
    double sum = 0.0;
    MPI_Allreduce(&local_sum_of_squares, &sum, 1, MPI_DOUBLE, MPI_SUM, comm_);
    return std::sqrt(sum / static_cast<double>(global_size_));
}

void DormandPrince::restart(double next_step) {
    derivative_valid_ = false;
    next_step_ = next_step;
    step_ = 0.0;
}

double DormandPrince::attempt(Vec u, double t, double h) {
    const PetscInt n = local_size_;
    for (int i = 0; i < 6; ++i) {
        // stage i + 2 = u + h sum_{j <= i} A[i][j] k_{j+1}
        std::array<double, 7> c{};
        for (int j = 0; j <= i; ++j)
            c[static_cast<std::size_t>(j)] = h * A[i][j];
        combine_into(u, c, stage_);
        generator_(t + C[i] * h, stage_, k_[static_cast<std::size_t>(i) + 1]);
    }
    // The weighted RMS norm of the embedded error h sum_j E_j k_j, each entry scaled by
    // atol + rtol max(|u|, |u_new|) (as PETSc's TSErrorWeightedNorm2), in one pass; with
    // sampling on, the derivatives' samples from the same chunks.
    double local = 0.0;
    // The error pass runs in the sample's chunks where they are small (a dense Gamma's column:
    // then each is sampled while in cache), else in its own and samples each sample chunk once
    // the pass has gone past it.
    const PetscInt sample_chunk = sample_ ? sample_->chunk : 0;
    if (sample_ && (sample_chunk <= 0 || n % sample_chunk != 0))
        throw Error("DormandPrince: the sample's chunk does not divide the local size");
    const PetscInt length = sample_ && sample_chunk <= max_error_chunk ? sample_chunk : chunk;
    PetscInt sampled = 0; // local entries sampled so far
    const std::size_t sample_size = sample_ ? sample_->size : 0;
    std::vector<PetscScalar> samples(7 * sample_size); // k_{j+1}'s at j * sample_size
    // Timed apart (per chunk), so that -log_view tells what the quadrature nodes cost.
    const PetscLogEvent sampling = log_event("StageSamples");
    {
        ConstLocalBlock x(u), y(stage_);
        std::deque<ConstLocalBlock> ks;
        for (VecHandle& k : k_)
            ks.emplace_back(k);
        std::vector<PetscScalar> e(static_cast<std::size_t>(length));
        for (PetscInt begin = 0; begin < n; begin += length) {
            const PetscInt end = std::min(n, begin + length);
            std::fill(e.begin(), e.end(), PetscScalar(0.0));
            for (std::size_t j = 0; j < 7; ++j) {
                if (E[j] == 0.0)
                    continue;
                const double cj = h * E[j];
                const PetscScalar* kj = ks[j].data();
                for (PetscInt i = begin; i < end; ++i)
                    e[static_cast<std::size_t>(i - begin)] += cj * kj[i];
            }
            for (PetscInt i = begin; i < end; ++i) {
                const double scale =
                    settings_.atol + settings_.rtol * std::sqrt(std::max(std::norm(x.data()[i]),
                                                                         std::norm(y.data()[i])));
                local += std::norm(e[static_cast<std::size_t>(i - begin)]) / (scale * scale);
            }
            // After the error's sequential reads: the sample's scattered ones hit the cache.
            if (!sample_ || sampled + sample_chunk > end)
                continue;
            const ScopedEvent timed(sampling);
            for (; sampled + sample_chunk <= end; sampled += sample_chunk)
                for (std::size_t j = 1; j < 7; ++j)
                    if (dense_output_uses(j))
                        sample_->add_chunk(sampled / sample_chunk, ks[j].data() + sampled,
                                           samples.data() + j * sample_size);
        }
    }
    if (sample_) {
        MPI_Allreduce(MPI_IN_PLACE, samples.data(), static_cast<int>(samples.size()), MPIU_SCALAR,
                      MPI_SUM, comm_);
        for (std::size_t j = 1; j < 7; ++j)
            if (dense_output_uses(j))
                derivative_samples_[j].assign(samples.data() + j * sample_size,
                                              samples.data() + (j + 1) * sample_size);
    }
    return weighted_rms(local);
}

double DormandPrince::prepare(Vec u, double t, double max_step) {
    if (!(max_step > 0.0))
        throw Error("DormandPrince::prepare: the step must be positive");
    // k_1 = L(t, u): kept from the last step (first same as last: its k_7 is L at its end) or a
    // prepared step not taken.
    // (The caller's clock may land on t + h up to rounding.)
    const bool same_time = std::abs(t - t_) <= 1e-13 * std::max(1.0, std::abs(t));
    if (u != u_ || !same_time || !derivative_valid_) {
        generator_(t, u, k_[0]);
        u_ = u;
        t_ = t;
        derivative_valid_ = true;
    }
    double h = next_step_;
    if (!(h > 0.0)) {
        // First step (Hairer, Norsett & Wanner I, II.4, a simplified "starting step size"):
        // 1% of the ratio of the state's and its derivative's weighted norms.
        double local[2] = {0.0, 0.0};
        {
            ConstLocalBlock x(u), f(k_[0]);
            for (PetscInt i = 0; i < local_size_; ++i) {
                const double scale = settings_.atol + settings_.rtol * std::abs(x.data()[i]);
                local[0] += std::norm(x.data()[i]) / (scale * scale);
                local[1] += std::norm(f.data()[i]) / (scale * scale);
            }
        }
        const double d0 = weighted_rms(local[0]), d1 = weighted_rms(local[1]);
        h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
    }
    h = std::min(h, max_step);
    bool rejected = false;
    int tries = 0;
    for (;;) {
        const double error = attempt(u, t, h);
        if (!std::isfinite(error))
            throw Error("Dormand-Prince: the error estimate is not finite (the state or the "
                        "generator holds inf or nan) at step " +
                        std::to_string(h));
        // The standard controller (ibid. II.4): safety 0.9, growth at most 10x (none right
        // after a rejection), shrinking at most 5x per try.
        const double factor = error > 0.0 ? 0.9 * std::pow(error, -0.2) : 10.0;
        if (error <= 1.0) {
            const double grown = h * std::clamp(factor, 0.2, rejected ? 1.0 : 10.0);
            // A step cut short to land on max_step keeps the proposal it was cut from.
            next_step_ = h < max_step || next_step_ <= 0.0 ? grown : std::max(grown, next_step_);
            step_ = h;
            return h;
        }
        ++rejected_;
        if (++tries >= settings_.max_tries)
            throw StepsRejected(h, tries);
        rejected = true;
        h *= std::max(factor, 0.2);
    }
}

void DormandPrince::evaluate(double s, Vec out) {
    if (!(step_ > 0.0))
        throw Error("DormandPrince::evaluate: no prepared step");
    // (A caller landing on a time may ask for the step's end up to rounding.)
    if (s < 0.0 || s > step_ * (1 + 1e-12))
        throw Error("DormandPrince::evaluate: s outside the prepared step");
    if (s >= step_) {
        check(VecCopy(stage_, out)); // stage 7 is the new state
        if (out == u_) {
            // First same as last: k_7 = L(t + h, u_new) is the next step's k_1.
            std::swap(k_[0], k_[6]);
            t_ += step_;
            step_ = 0.0;
        }
        return;
    }
    if (out == u_)
        throw Error("DormandPrince::evaluate: a state inside the step cannot overwrite its start");
    combine_into(u_, dense_output_weights(s), out);
}

bool DormandPrince::dense_output_uses(std::size_t j) {
    // First and last derivative always (the weights' delta terms), the others through b or d.
    return j == 0 || j == 6 || A[5][j] != 0.0 || Dense[j] != 0.0;
}

std::array<double, 7> DormandPrince::dense_output_weights(double s) const {
    // u(t + theta h) = u + theta R2 + theta (1 - theta) R3 + theta^2 (1 - theta) R4
    //                    + theta^2 (1 - theta)^2 R5 with R2 = h sum b_j k_j, R3 = h k_1 - R2,
    //                    R4 = 2 R2 - h k_1 - h k_7, R5 = h sum d_j k_j (contd5): per h k_j,
    //   theta b_j + theta theta1 (delta_1j - b_j) + theta^2 theta1 (2 b_j - delta_1j - delta_7j)
    //   + theta^2 theta1^2 d_j,  theta1 = 1 - theta.
    const double h = step_, theta = s / h, theta1 = 1.0 - theta;
    std::array<double, 7> c{};
    for (std::size_t j = 0; j < 7; ++j) {
        const double b = j < 6 ? A[5][j] : 0.0;
        const double first = j == 0 ? 1.0 : 0.0, last = j == 6 ? 1.0 : 0.0;
        c[j] = h * (theta * b + theta * theta1 * (first - b) +
                    theta * theta * theta1 * (2 * b - first - last) +
                    theta * theta * theta1 * theta1 * Dense[j]);
    }
    return c;
}

} // namespace qrem
