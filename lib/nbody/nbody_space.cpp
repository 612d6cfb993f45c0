#include "nbody/nbody_space.hpp"

#include "core/error.hpp"
#include "core/format.hpp"

#include <petscsys.h>

#include <cmath>
#include <limits>

namespace qrem {

double nbody_dimension(std::size_t d, int N) {
    return std::pow(static_cast<double>(d), N);
}

std::string index_range_problem(std::size_t d, int N) {
    const double D = nbody_dimension(d, N);
    const double limit = static_cast<double>(std::numeric_limits<PetscInt>::max());
    if (D * D <= limit)
        return "";
    return "D = d^N = " + sci(D, 10) + " gives D^2 = " + sci(D * D, 6) +
           " entries of Gamma, more than " + "this PETSc's " +
           std::to_string(8 * sizeof(PetscInt)) + "-bit PetscInt can index (" + sci(limit, 10) +
           "); configure PETSc with --with-64-bit-indices (Spack: petsc+int64)";
}

NBodySpace::NBodySpace(std::size_t d, int N) : d_(d), N_(N), D_(1) {
    if (N < 1 || d < 1)
        throw InputError("model.N", "N and d must be positive");
    if (const std::string problem = index_range_problem(d, N); !problem.empty())
        throw InputError("model.N", problem);
    for (int leg = 0; leg < N; ++leg)
        D_ *= static_cast<std::int64_t>(d);
    strides_.resize(static_cast<std::size_t>(N));
    std::int64_t place = 1;
    for (int leg = N - 1; leg >= 0; --leg) {
        strides_[static_cast<std::size_t>(leg)] = place;
        place *= static_cast<std::int64_t>(d);
    }
}

RowRange owned_rows(std::int64_t D, int rank, int size) {
    const std::int64_t base = D / size, extra = D % size;
    RowRange r;
    r.begin = rank * base + std::min<std::int64_t>(rank, extra);
    r.end = r.begin + base + (rank < extra ? 1 : 0);
    return r;
}

RowRange owned_rows(std::int64_t D, MPI_Comm comm) {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    return owned_rows(D, rank, size);
}

} // namespace qrem
