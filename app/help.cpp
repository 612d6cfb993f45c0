#include "commands.hpp"

#include "version.hpp"

namespace qrem::app {

std::string overview_help() {
    return "qrem " + version_string() + R"( - quantum relative entropy and the mean-field limit

Usage: [mpiexec -n P] qrem <command> [--key value ...] [--config FILE] [-petsc_option ...]

Commands:
  run    evolve the configured model and write results to a folder
         (no arguments: the built-in default study)
  info   print the model, its one-body data and the sizes of the N-body problem
  theory compute the finite statements inside the paper's proofs (Propositions 3.2 and 3.3,
         Lemma 1) and write them to a folder

  qrem <command> --help   lists every config key of that command
  qrem --version          prints the version

Config keys come from an INI file (--config FILE, [section] key = value) and are overridden
on the command line (--section.key value). Options with a single dash (-ts_type, -log_view,
-hartree_ts_monitor, ...) go to PETSc untouched.
)";
}

} // namespace qrem::app
