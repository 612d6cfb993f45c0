#include "command_line.hpp"

#include <catch2/catch.hpp>

using qrem::app::split_command_line;
using V = std::vector<std::string>;

TEST_CASE("qrem's options and PETSc's are separated, values follow their option") {
    const char* argv[] = {
        "qrem",           "run",  "--model.N", "4",    "-ts_type",       "rk", "-log_view",
        "--initial.tilt", "-0.3", "-ts_rtol",  "1e-8", "--output.quiet", "-h"};
    const auto line = split_command_line(13, argv);
    CHECK(line.subcommand == "run");
    CHECK(line.qrem_args == V{"--model.N", "4", "--initial.tilt", "-0.3", "--output.quiet", "-h"});
    CHECK(line.petsc_args == V{"-ts_type", "rk", "-log_view", "-ts_rtol", "1e-8"});
}

TEST_CASE("no subcommand: options only") {
    const char* argv[] = {"qrem", "--help"};
    const auto line = split_command_line(2, argv);
    CHECK(line.subcommand.empty());
    CHECK(line.qrem_args == V{"--help"});
    CHECK(line.petsc_args.empty());
}
