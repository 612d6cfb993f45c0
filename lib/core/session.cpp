#include "core/session.hpp"

#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "core/mpi_transport.hpp"
#include "core/stop_signal.hpp"

#include <slepcsys.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>

// OpenBLAS's own call (absent from other BLAS: a weak reference, null there).
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace qrem {

Session::Session(const std::string& program, const std::vector<std::string>& petsc_args) {
    storage_.push_back(program);
    // PETSc's signal handler is left out: PetscFinalize pops it and resets SIGTERM to the
    // default action, so a SIGTERM from Slurm during finalisation killed an otherwise cleanly
    // stopping rank (status 143 instead of 75). qrem owns SIGTERM/SIGUSR1 (core/stop_signal);
    // crashes are still reported by OpenMPI.
    storage_.push_back("-no_signal_handler");
    storage_.insert(storage_.end(), petsc_args.begin(), petsc_args.end());
    for (auto& s : storage_)
        argv_.push_back(s.data());
    argv_.push_back(nullptr);
    int argc = static_cast<int>(storage_.size());
    char** argv = argv_.data();
    // PETSc's debugging allocator (-malloc_debug, -malloc_dump, ...) replaces the allocator
    // itself, and must then be the only one set.
    const auto mentions_malloc = [](const std::string& s) {
        return s.find("-malloc") != std::string::npos;
    };
    const char* environment_options = std::getenv("PETSC_OPTIONS");
    if (std::none_of(petsc_args.begin(), petsc_args.end(), mentions_malloc) &&
        !(environment_options && mentions_malloc(environment_options)))
        use_huge_pages_for_petsc();
    prefer_shared_memory_transport();
    if (SlepcInitialize(&argc, &argv, nullptr, nullptr) != 0) {
        std::fprintf(stderr, "qrem: error: could not initialise MPI/PETSc/SLEPc\n");
        throw Error("SlepcInitialize failed");
    }
    // PETSc errors come back as codes that check() turns into exceptions with PETSc's
    // message, instead of a traceback printed by PETSc as the only report.
    PetscPushErrorHandler(record_petsc_error, nullptr);
    // A closed progress pipe (qrem run | head) must not kill a run whose results go to files;
    // PETSc's handler would otherwise report SIGPIPE as a crash.
    std::signal(SIGPIPE, SIG_IGN);
    // One BLAS thread per MPI rank unless the user says otherwise: OpenBLAS's idle threads
    // spin in sched_yield (measured: 9% of a one-rank block-backend run) and compete with the
    // other ranks for the cores.
    if (openblas_set_num_threads && !std::getenv("OPENBLAS_NUM_THREADS"))
        openblas_set_num_threads(1);
}

Session::~Session() {
    PetscPopErrorHandler();
    SlepcFinalize();
    keep_stop_signals_harmless();
}

int Session::rank() {
    int r = 0;
    MPI_Comm_rank(comm(), &r);
    return r;
}

int Session::size() {
    int s = 1;
    MPI_Comm_size(comm(), &s);
    return s;
}

} // namespace qrem
