#include "io/state_file.hpp"

#include "core/error.hpp"
#include "core/format.hpp"

#include <petscviewerhdf5.h>

#include <cstdio>

namespace qrem {

std::string state_file_name(double t) {
    return "state_t=" + format_number("%.10g", t) + ".h5";
}

void save_state_file(const StateStorage& Gamma, const std::string& path) {
    MPI_Comm comm = Gamma.comm();
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    const std::string temporary = path + ".tmp";
    {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(comm, temporary.c_str(), FILE_MODE_WRITE, viewer.out()));
        Gamma.write(viewer, "Gamma");
    } // closing the viewer flushes and closes the file
    MPI_Barrier(comm);
    int failed = 0;
    if (rank == 0)
        failed = std::rename(temporary.c_str(), path.c_str()) != 0;
    MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
    if (failed)
        throw Error("cannot rename '" + temporary + "' to '" + path + "'");
}

} // namespace qrem
