// Every rank reports `count` errors (the test: one) at the same moment through
// log::error_on_this_rank, the path of errors that may be one rank's alone; error_lines.sh
// checks that no line of the merged standard error is broken or mixed with another (before:
// "qrem: errorqrem: error (rank 1)").
// With --pieces it writes the lines the old way, piece by piece, to show that the check can
// fail.
#include "core/log.hpp"

#include <mpi.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 100;
    const bool pieces = argc > 2 && std::strcmp(argv[2], "--pieces") == 0;
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < count; ++i) {
        const std::string what = "line " + std::to_string(i) + " " + std::string(200, 'x');
        if (pieces)
            std::cerr << "qrem: error"
                      << " (rank " << rank << ")"
                      << ": " << what << std::endl;
        else
            qrem::log::error_on_this_rank(what);
    }
    MPI_Finalize();
    return 0;
}
