#include "state/density_matrix_io.hpp"

#include "state/state_storage.hpp"

#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/input_file.hpp"
#include "state/hdf5_errors.hpp"

#include <petscviewerhdf5.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

namespace qrem {
namespace {

/// A Vec with Gamma's local sizes whose local part is Gamma's rows in row-major order.
VecHandle canonical_vec(const DensityMatrix& Gamma, const std::string& name) {
    VecHandle v;
    check(VecCreateMPI(Gamma.comm(), static_cast<PetscInt>(Gamma.rows().size() * Gamma.space().D()),
                       PETSC_DETERMINE, v.out()));
    check(PetscObjectSetName(reinterpret_cast<PetscObject>(v.get()), name.c_str()));
    return v;
}

} // namespace

void write_density_matrix(const DensityMatrix& Gamma, PetscViewer viewer, const std::string& name) {
    const std::int64_t m = Gamma.rows().size(), D = Gamma.space().D(), lda = Gamma.lda();
    VecHandle canonical = canonical_vec(Gamma, name);
    {
        ConstLocalBlock from(Gamma.vec());
        LocalBlock to(canonical);
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t s = 0; s < D; ++s)
                to.data()[i * D + s] = from.data()[i + lda * s];
    }
    check(VecView(canonical, viewer));
    // d and N as attributes, so a reader can refuse a file of another size.
    const auto d = static_cast<PetscInt>(Gamma.space().d());
    const auto N = static_cast<PetscInt>(Gamma.space().N());
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "d", PETSC_INT, &d));
    check(PetscViewerHDF5WriteAttribute(viewer, ("/" + name).c_str(), "N", PETSC_INT, &N));
}

void save_density_matrix(const DensityMatrix& Gamma, const std::string& path,
                         const std::string& name) {
    const std::string temporary = path + ".tmp";
    {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(Gamma.comm(), temporary.c_str(), FILE_MODE_WRITE, viewer.out()));
        write_density_matrix(Gamma, viewer, name);
    }
    MPI_Barrier(Gamma.comm());
    int rank = 0;
    MPI_Comm_rank(Gamma.comm(), &rank);
    int failed = 0;
    if (rank == 0)
        failed = std::rename(temporary.c_str(), path.c_str()) != 0;
    MPI_Bcast(&failed, 1, MPI_INT, 0, Gamma.comm());
    if (failed)
        throw Error("cannot rename '" + temporary + "' to '" + path + "'");
}

void check_hdf5_file(const std::string& path, const std::string& field) {
    check_input_file(path, field);
    htri_t hdf5 = 0;
    {
        const SilencedHdf5Errors quiet;
        hdf5 = H5Fis_hdf5(path.c_str());
    }
    if (hdf5 <= 0)
        throw InputError(field, describe_path(path) +
                                    " is not an HDF5 file (a state or checkpoint written by qrem)");
}

void load_density_matrix(DensityMatrix& Gamma, const std::string& path, const std::string& field,
                         const std::string& name) {
    agree_on_input(Gamma.comm(), [&] { check_hdf5_file(path, field); });
    ViewerHandle viewer;
    check(PetscViewerHDF5Open(Gamma.comm(), path.c_str(), FILE_MODE_READ, viewer.out()));
    read_density_matrix(Gamma, viewer, name, field, path);
}

void read_density_matrix(DensityMatrix& Gamma, PetscViewer viewer, const std::string& name,
                         const std::string& field, const std::string& path) {
    const std::int64_t m = Gamma.rows().size(), D = Gamma.space().D(), lda = Gamma.lda();
    VecHandle canonical = canonical_vec(Gamma, name);
    PetscBool has = PETSC_FALSE;
    check(PetscViewerHDF5HasDataset(viewer, ("/" + name).c_str(), &has));
    require_on_all_ranks(Gamma.comm(), has == PETSC_TRUE, field,
                         "'" + path + "' holds no dataset '" + name + "'");
    PetscBool has_d = PETSC_FALSE, has_N = PETSC_FALSE;
    check(PetscViewerHDF5HasAttribute(viewer, ("/" + name).c_str(), "d", &has_d));
    check(PetscViewerHDF5HasAttribute(viewer, ("/" + name).c_str(), "N", &has_N));
    require_on_all_ranks(Gamma.comm(), has_d && has_N, field,
                         "'" + path + "': dataset '" + name +
                             "' has no attributes d and N (not written by qrem)");
    PetscInt d = 0, N = 0;
    check(PetscViewerHDF5ReadAttribute(viewer, ("/" + name).c_str(), "d", PETSC_INT, nullptr, &d));
    check(PetscViewerHDF5ReadAttribute(viewer, ("/" + name).c_str(), "N", PETSC_INT, nullptr, &N));
    require_on_all_ranks(
        Gamma.comm(), static_cast<std::size_t>(d) == Gamma.space().d() && N == Gamma.space().N(),
        field,
        "'" + path + "' holds Gamma for d = " + std::to_string(d) + ", N = " + std::to_string(N) +
            ", this run has d = " + std::to_string(Gamma.space().d()) +
            ", N = " + std::to_string(Gamma.space().N()));
    check(VecLoad(canonical, viewer));
    ConstLocalBlock from(canonical);
    LocalBlock to(Gamma.vec());
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t s = 0; s < D; ++s)
            to.data()[i + lda * s] = from.data()[i * D + s];
}

namespace {

std::uint64_t mix(std::uint64_t x) { // splitmix64's finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

std::uint64_t entry_hash(std::uint64_t position, std::complex<double> value) {
    std::uint64_t re = 0, im = 0;
    const double parts[2] = {value.real(), value.imag()};
    std::memcpy(&re, &parts[0], sizeof re);
    std::memcpy(&im, &parts[1], sizeof im);
    return mix(mix(position) ^ re) ^ mix(im + 1);
}

std::uint64_t content_hash(const DensityMatrix& Gamma) {
    const std::int64_t D = Gamma.space().D(), lda = Gamma.lda();
    const RowRange& rows = Gamma.rows();
    std::uint64_t local = 0;
    ConstLocalBlock block(Gamma.vec());
    for (std::int64_t s = 0; s < D; ++s)
        for (std::int64_t r = rows.begin; r < rows.end; ++r)
            local += entry_hash(static_cast<std::uint64_t>(r * D + s),
                                block.data()[(r - rows.begin) + lda * s]);
    std::uint64_t total = 0;
    MPI_Allreduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, Gamma.comm());
    return total;
}

std::uint64_t file_bytes(const DensityMatrix& Gamma) {
    const auto D = static_cast<std::uint64_t>(Gamma.space().D());
    return D * D * sizeof(PetscScalar);
}

} // namespace qrem
