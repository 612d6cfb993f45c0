// The Catch2 main of every qrem test binary: opens the MPI/PETSc/SLEPc session once, runs the
// tests on every rank, and fails if any rank failed. Only rank 0 reports unless
// QREM_TEST_ALL_RANKS is set (a rank that fails still makes the run fail).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "core/session.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char* argv[]) {
    qrem::Session session("qrem-tests", {});
    const int rank = qrem::Session::rank();
    Catch::Session catch_session;
    if (const int rc = catch_session.applyCommandLine(argc, argv); rc != 0)
        return rc;
    if (rank != 0 && !std::getenv("QREM_TEST_ALL_RANKS"))
        catch_session.configData().outputFilename = "/dev/null";
    const int local_failures = catch_session.run();
    int failures = local_failures;
    MPI_Allreduce(MPI_IN_PLACE, &failures, 1, MPI_INT, MPI_MAX, qrem::Session::comm());
    if (rank == 0 && failures > local_failures)
        std::cerr << "another rank had " << failures << " failing assertion(s); rerun with "
                  << "QREM_TEST_ALL_RANKS=1 to see them\n";
    return failures > 0 ? 1 : 0;
}
