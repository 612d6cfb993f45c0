#pragma once
// app: the subcommands of qrem. Each returns the process exit status and throws InputError
// (on every rank) for bad input.
#include <string>
#include <vector>

namespace qrem::app {

int command_run(const std::vector<std::string>& args);
int command_info(const std::vector<std::string>& args);
int command_theory(const std::vector<std::string>& args);

/// The overview printed by `qrem --help`.
std::string overview_help();

} // namespace qrem::app
