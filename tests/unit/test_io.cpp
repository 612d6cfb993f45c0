#include "io/atomic_file.hpp"
#include "io/csv_table.hpp"
#include "io/json_writer.hpp"

#include "core/error.hpp"
#include "support/mini_json.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace qrem;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("CSV: header, rows and exact round trip of doubles") {
    CsvTable t({"t", "x"});
    t.add_row({0.1, 1.0 / 3.0});
    t.add_row({INFINITY, NAN});
    const std::string text = t.to_string();
    CHECK(text.rfind("t,x\n0.1,", 0) == 0); // shortest text that reads back to the double
    CHECK(std::stod(text.substr(text.find(',', 5) + 1)) == 1.0 / 3.0);
    CHECK(text.find("inf,nan\n") != std::string::npos);
    CHECK_THROWS_AS(t.add_row({1.0}), std::invalid_argument);
}

TEST_CASE("JSON: nested output parses back with the same values") {
    const Json j = Json::object()
                       .set("name", "a \"quoted\"\nline")
                       .set("n", 3)
                       .set("x", 0.1)
                       .set("bad", INFINITY)
                       .set("flag", true)
                       .set("list", std::vector<double>{1.5, -2})
                       .set("nested", Json::Array{Json::object().set("k", 1L), Json::object()})
                       .set("n", 4);
    const testjson::Value v = testjson::parse(j.dump());
    CHECK(v["name"].string == "a \"quoted\"\nline");
    CHECK(v["n"].as_number() == 4);
    CHECK(v["x"].as_number() == 0.1);
    CHECK(v["bad"].string == "inf");
    CHECK(v["flag"].boolean);
    CHECK(v["list"][1].as_number() == -2);
    CHECK(v["nested"][0]["k"].as_number() == 1);
    CHECK(v["nested"][1].object.empty());
}

TEST_CASE("atomic write replaces the file and leaves no temporary behind") {
    testing_support::TempDir dir;
    const std::string path = dir.path("out.csv");
    write_file_atomically(path, "first\n");
    write_file_atomically(path, "second\n");
    CHECK(read(path) == "second\n");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++entries;
    CHECK(entries == 1);
    CHECK_THROWS_AS(write_file_atomically(dir.path("missing/out.csv"), "x"), Error);
}
