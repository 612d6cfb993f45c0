#pragma once
// core: the MPI/PETSc/SLEPc session. Construct one first in main; every PETSc object must be
// destroyed before it is.
#include <mpi.h>

#include <string>
#include <vector>

namespace qrem {

class Session {
public:
    /// Initialises MPI, PETSc and SLEPc. `petsc_args` (without the program name) go to PETSc's
    /// options database; PETSc never sees qrem's own options.
    Session(const std::string& program, const std::vector<std::string>& petsc_args);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session();

    static MPI_Comm comm() { return MPI_COMM_WORLD; }
    static int rank();
    static int size();

private:
    std::vector<std::string> storage_;
    std::vector<char*> argv_;
};

} // namespace qrem
