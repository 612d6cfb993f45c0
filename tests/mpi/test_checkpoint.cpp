// Checkpoint files at 1, 2 and 3 ranks: exact round trip of Gamma and the run state, the
// previous checkpoint kept and used when the newest is damaged, other physics refused.
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/session.hpp"
#include "io/checkpoint.hpp"

#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

using namespace qrem;
using namespace testing_support;

namespace {

RunState sample_state(double t) {
    RunState s;
    s.numbers["position"] = {t, 12.0, 1.0 / 3.0};
    s.numbers["nodes"] = {0.1, -2.5e-300, 1e300, 0.0};
    s.numbers["empty"] = {};
    s.texts["note"] = "S = +inf from t = 0.5: gamma_t is not faithful";
    return s;
}

/// Overwrites `count` bytes at the middle of a file with 0xff (rank 0), then syncs the ranks.
void damage(const std::string& path, std::size_t count) {
    if (Session::rank() == 0) {
        const auto size = std::filesystem::file_size(path);
        FILE* f = std::fopen(path.c_str(), "r+b");
        REQUIRE(f);
        std::fseek(f, static_cast<long>(size / 2), SEEK_SET);
        for (std::size_t i = 0; i < count; ++i)
            std::fputc(0xff, f);
        std::fclose(f);
    }
    MPI_Barrier(Session::comm());
}

} // namespace

TEST_CASE("checkpoints: round trip, fallback to the previous one, refusal of other physics") {
    std::unique_ptr<TempDir> owner;
    const std::string folder = shared_folder(owner);
    const NBodySpace space(3, 3);
    DensityMatrix first(Session::comm(), space), second(Session::comm(), space),
        read(Session::comm(), space);
    assign(first, random_density_matrix(27, 1));
    assign(second, random_density_matrix(27, 2));
    const std::string physics = "model.N = 3\nmodel.type = qudit\n";

    write_checkpoint(folder, first, sample_state(0.5), physics);
    write_checkpoint(folder, second, sample_state(1.0), physics);
    REQUIRE(std::filesystem::exists(previous_checkpoint_path(folder)));

    std::vector<std::string> warnings;
    RunState s = read_checkpoint(folder, read, physics, warnings);
    CHECK(warnings.empty());
    CHECK(max_abs(read.gather() - second.gather()) == 0.0);
    CHECK(s.numbers == sample_state(1.0).numbers);
    CHECK(s.texts == sample_state(1.0).texts);

    // Other physics: refused, naming the key, not skipped for the previous file.
    CHECK_THROWS_WITH(read_checkpoint(folder, read, "model.N = 4\nmodel.type = qudit\n", warnings),
                      Catch::Contains("model.N = 3 there, 4 here"));

    // Damaged bytes in the newest file (Gamma's data or HDF5's structure): detected, and the
    // previous checkpoint is read instead.
    damage(checkpoint_path(folder), 64);
    warnings.clear();
    s = read_checkpoint(folder, read, physics, warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("skipped") != std::string::npos);
    CHECK(max_abs(read.gather() - first.gather()) == 0.0);
    CHECK(s.numbers.at("position").at(0) == 0.5);

    // Both damaged: a clear error on every rank.
    damage(previous_checkpoint_path(folder), 64);
    CHECK_THROWS_WITH(read_checkpoint(folder, read, physics, warnings),
                      Catch::Contains("no usable checkpoint"));
}
