#pragma once
// core: SIGTERM and SIGUSR1 as a request to stop cleanly. Slurm sends SIGUSR1 (with
// --signal=USR1@seconds) ahead of a job's time limit and SIGTERM at it; a run that catches
// either writes a checkpoint and exits instead of dying mid-step.
#include <mpi.h>

namespace qrem {

/// From now on SIGTERM and SIGUSR1 only record that they arrived.
void install_stop_signal_handlers();

/// The stop signal any rank of `comm` received so far, 0 if none (collective: every rank must
/// call it at the same point, and all get the same answer).
int stop_signal_received(MPI_Comm comm);

/// After PETSc's finalisation (which puts back the default action of the signals it handled):
/// once a run has taken stop signals, a late one (a launcher signalling its ranks one by one,
/// the first already stopping) must not kill a rank that is exiting with status 75.
void keep_stop_signals_harmless();

} // namespace qrem
