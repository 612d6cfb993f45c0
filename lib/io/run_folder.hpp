#pragma once
// io: the folder a run writes its results into.
#include "io/config.hpp"

#include <mpi.h>

#include <string>

namespace qrem {

/// Creates the results folder on rank 0 and returns its path on every rank. With an empty
/// output.dir a new folder qrem-runs/<YYYYmmdd-HHMMSS>[-k] is made; an existing folder that
/// holds summary.json (a finished run) is refused unless output.overwrite is set, so no
/// finished result is ever overwritten by accident. Throws InputError on every rank.
std::string prepare_run_folder(const OutputSpec& output, MPI_Comm comm);

} // namespace qrem
