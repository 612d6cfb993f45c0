#pragma once
// io: the folder a run writes its results into.
#include "io/config.hpp"

#include <mpi.h>

#include <string>

namespace qrem {

/// Where output.overwrite keeps the replaced run's files until the new run finishes.
inline constexpr const char* previous_run_folder = "previous-run";

/// Creates the results folder on rank 0 and returns its path on every rank. With an empty
/// output.dir a new folder qrem-runs/<YYYYmmdd-HHMMSS>[-k] is made; an existing folder that
/// holds summary.json (a finished run) or checkpoint.h5 (an interrupted one, for --restart) is
/// refused unless output.overwrite is set, so no result is ever overwritten by accident. With
/// output.overwrite the old run's files are moved into previous-run/ first. Throws InputError
/// on every rank.
std::string prepare_run_folder(const OutputSpec& output, MPI_Comm comm);

/// Removes folder/previous-run (rank 0's call, once the new run has finished).
void remove_previous_run(const std::string& folder);

} // namespace qrem
