#pragma once
// nbody: index arithmetic on (C^d)^{(x)N}. Basis index r = sum_j a_j d^{N-1-j}: particle 1
// (leg 0 here) is the most significant digit (Kronecker order).
#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qrem {

class NBodySpace {
public:
    /// Throws InputError (field model.N) if D = d^N or D^2 cannot be indexed by PetscInt.
    NBodySpace(std::size_t d, int N);

    std::size_t d() const { return d_; }
    int N() const { return N_; }
    std::int64_t D() const { return D_; }

    /// d^{N-1-leg}: the place value of a leg's digit.
    std::int64_t stride(int leg) const { return strides_[static_cast<std::size_t>(leg)]; }
    std::size_t digit(std::int64_t r, int leg) const {
        return static_cast<std::size_t>((r / stride(leg)) % static_cast<std::int64_t>(d_));
    }
    /// r with the digit of `leg` replaced by `value`.
    std::int64_t with_digit(std::int64_t r, int leg, std::size_t value) const {
        return r + (static_cast<std::int64_t>(value) - static_cast<std::int64_t>(digit(r, leg))) *
                       stride(leg);
    }

private:
    std::size_t d_;
    int N_;
    std::int64_t D_;
    std::vector<std::int64_t> strides_;
};

/// D = d^N as a double (never overflows), for size reports.
double nbody_dimension(std::size_t d, int N);

/// Why (d, N) cannot be run with this PETSc build, or "" if it can: the state Gamma is a PETSc
/// Vec of D^2 entries, so D^2 must fit PetscInt (32-bit on Debian: D <= 46340).
std::string index_range_problem(std::size_t d, int N);

/// The rows [begin, end) of a D x D matrix that `rank` of `size` owns (PETSc's split:
/// the first D mod size ranks get one row more).
struct RowRange {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    std::int64_t size() const { return end - begin; }
};
RowRange owned_rows(std::int64_t D, int rank, int size);
RowRange owned_rows(std::int64_t D, MPI_Comm comm);

} // namespace qrem
