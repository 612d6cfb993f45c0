#include "io/config.hpp"

#include "core/error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using Catch::Contains;
namespace po = boost::program_options;

namespace {

RunConfig parse(const std::vector<std::string>& args) {
    return run_config_from(parse_config_arguments(args, po::options_description()));
}

} // namespace

TEST_CASE("defaults: two-site Bose-Hubbard, N = 64, site dephasing, t in [0, 5]") {
    const RunConfig c = parse({});
    CHECK(c.model.type == "bose-hubbard");
    CHECK(c.model.N == 64);
    CHECK(c.model.bose_hubbard.sites == 2);
    REQUIRE(c.model.jumps.size() == 1);
    CHECK(c.model.jumps[0].kind == "site-dephasing");
    CHECK(c.time.t_end == 5.0);
    CHECK(c.hartree.rtol <= 1e-10);
}

TEST_CASE("INI file sections set keys; the command line overrides them") {
    testing_support::TempDir dir;
    const std::string ini =
        dir.write("run.ini", "[model]\ntype = qudit\nN = 5\n"
                             "[model.qudit]\nlevels = 3\ncoupling = ising\n"
                             "[lindblad]\njump = amplitude-damping 0.1\njump = number 0.2\n"
                             "[time]\nt_end = 2\n");
    const RunConfig from_file = parse({"--config", ini});
    CHECK(from_file.model.type == "qudit");
    CHECK(from_file.model.N == 5);
    CHECK(from_file.model.qudit.levels == 3);
    CHECK(from_file.model.jumps.size() == 2);
    CHECK(from_file.time.t_end == 2.0);

    const RunConfig overridden = parse({"--config", ini, "--model.N", "7", "--lindblad.jump=none",
                                        "--model.qudit.coupling=on-site"});
    CHECK(overridden.model.N == 7);
    CHECK(overridden.model.jumps.empty());
    CHECK(overridden.model.qudit.coupling == "on-site");
    CHECK(overridden.model.qudit.levels == 3);
}

TEST_CASE("bad keys, values and files name the option") {
    CHECK_THROWS_WITH(parse({"--model.bogus", "1"}), Contains("model.bogus"));
    CHECK_THROWS_WITH(parse({"--model.N", "four"}), Contains("model.N") && Contains("four"));
    CHECK_THROWS_WITH(parse({"--config", "/nonexistent/run.ini"}),
                      Contains("config: cannot open file"));
    testing_support::TempDir dir;
    CHECK_THROWS_WITH(parse({"--config", dir.write("bad.ini", "[model]\ncolour = red\n")}),
                      Contains("model.colour"));
    CHECK_THROWS_WITH(parse({"--time.t_end", "-1"}), Contains("time.t_end: must be positive"));
    CHECK_THROWS_WITH(parse({"--time.dt_out", "0"}), Contains("time.dt_out: must be positive"));
    CHECK_THROWS_WITH(parse({"--time.dt_out", "1e-9"}), Contains("10^6 output times"));
    CHECK_THROWS_WITH(parse({"--hartree.rtol", "0"}), Contains("hartree.rtol"));
    CHECK_THROWS_WITH(parse({"--hartree.atol", "2"}), Contains("hartree.atol"));
    CHECK_THROWS_WITH(parse({"--lindblad.jump", "site-dephasing -2"}),
                      Contains("lindblad.jump: rate must be >= 0"));
}

TEST_CASE("output times are k * dt_out and end exactly at t_end") {
    CHECK(TimeGrid{1.0, 0.25}.output_times() == std::vector<double>{0, 0.25, 0.5, 0.75, 1.0});
    CHECK(TimeGrid{1.0, 0.3}.output_times() ==
          std::vector<double>{0, 0.3, 0.6, 0.8999999999999999, 1.0});
    const auto many = TimeGrid{5.0, 0.1}.output_times();
    CHECK(many.size() == 51);
    CHECK(many.back() == 5.0);
}

TEST_CASE("the effective config reads back to the same configuration") {
    testing_support::TempDir dir;
    const auto values = parse_config_arguments(
        {"--model.type", "torus", "--model.torus.hbar", "0.1", "--lindblad.jump",
         "number 0.5 0,1,2", "--lindblad.jump", "amplitude-damping 0.25", "--initial.tilt", "-0.3",
         "--model.torus.semiclassical"},
        po::options_description());
    const std::string ini = effective_config_ini(values);
    CHECK_THAT(ini, Contains("[model.torus]") && Contains("hbar = 0.1\n"));
    const RunConfig again = parse({"--config", dir.write("effective.ini", ini)});
    const RunConfig original = run_config_from(values);
    CHECK(again.model.type == "torus");
    CHECK(again.model.torus.hbar == original.model.torus.hbar);
    CHECK(again.model.torus.semiclassical);
    CHECK(again.initial.tilt == -0.3);
    REQUIRE(again.model.jumps.size() == 2);
    CHECK(again.model.jumps[0].weights == std::vector<double>{0, 1, 2});
    CHECK(again.model.jumps[1].text == "amplitude-damping 0.25");
    CHECK(effective_config_ini(parse_config_arguments({"--config", dir.path("effective.ini")},
                                                      po::options_description())) == ini);
}

TEST_CASE("paths in a config file are relative to it; config.ini writes them absolute") {
    testing_support::TempDir dir;
    const std::string ini = dir.write("run.ini", "[model]\ntype = file\n[model.file]\n"
                                                     "h = h.txt\nW = /abs/W.txt\n"
                                                     "[lindblad]\njump = matrix L.txt 0.5\n"
                                                     "jump = number 0.1\n");
    const std::filesystem::path base = std::filesystem::path(ini).parent_path();
    const RunConfig c = parse({"--config", ini});
    CHECK(c.model.file.h_file == (base / "h.txt").string());
    CHECK(c.model.file.W_file == "/abs/W.txt");
    REQUIRE(c.model.jumps.size() == 2);
    CHECK(c.model.jumps[0].file == (base / "L.txt").string());
    CHECK(c.model.jumps[0].rate == 0.5);
    CHECK(c.model.jumps[1].kind == "number");
    // On the command line a relative path stays relative to the working directory ...
    const RunConfig cli = parse({"--model.type", "file", "--model.file.h", "mine.txt"});
    CHECK(cli.model.file.h_file == "mine.txt");
    // ... and config.ini records it absolute, so that it works from anywhere.
    const std::string written = effective_config_ini(
        parse_config_arguments({"--model.file.h", "mine.txt"}, po::options_description()));
    CHECK_THAT(written,
               Contains("h = " + (std::filesystem::current_path() / "mine.txt").string() + "\n"));
}
