#pragma once
// app: splitting qrem's command line into the subcommand, qrem's own options and PETSc's.
#include <string>
#include <vector>

namespace qrem::app {

struct CommandLine {
    std::string subcommand;              ///< "run", "info", ... or empty
    std::vector<std::string> qrem_args;  ///< "--key value", "--key=value", "-h"
    std::vector<std::string> petsc_args; ///< "-ts_type rk", "-log_view", ...
};

/// qrem's options start with "--" (or are -h); every other token that starts with '-' and a
/// letter is a PETSc option and goes, with its value if one follows, to PETSc untouched.
CommandLine split_command_line(int argc, const char* const* argv);

} // namespace qrem::app
