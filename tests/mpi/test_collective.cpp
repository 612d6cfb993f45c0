// agree_on_input at any rank count: an input error on some ranks is raised on all of them,
// with the message of the lowest failing rank, and nobody is left waiting.
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/session.hpp"

#include "run/study.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <boost/program_options.hpp>

#include <fstream>

using namespace qrem;

TEST_CASE("no error: nobody throws") {
    CHECK_NOTHROW(agree_on_input(Session::comm(), [] {}));
    CHECK_NOTHROW(require_on_all_ranks(Session::comm(), true, "f", "v"));
}

TEST_CASE("an error on the last rank only is raised on every rank") {
    const int last = Session::size() - 1;
    try {
        agree_on_input(Session::comm(), [&] {
            if (Session::rank() == last)
                throw InputError("model.N", "bad on rank " + std::to_string(last));
        });
        FAIL("no InputError on rank " << Session::rank());
    } catch (const InputError& e) {
        CHECK(e.field() == "model.N");
        CHECK(std::string(e.what()) == "model.N: bad on rank " + std::to_string(last));
    }
}

TEST_CASE("different errors on several ranks: the lowest failing rank's message wins") {
    if (Session::size() < 2)
        return; // needs two ranks to fail differently
    try {
        agree_on_input(Session::comm(), [&] {
            if (Session::rank() >= 1)
                throw InputError("rank" + std::to_string(Session::rank()), "failed");
        });
        FAIL("no InputError");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == "rank1: failed");
    }
}

TEST_CASE("require_on_all_ranks fails everywhere when one rank's flag is false") {
    const bool ok = Session::rank() != 0;
    CHECK_THROWS_WITH(require_on_all_ranks(Session::comm(), ok, "output.dir", "not writable"),
                      "output.dir: not writable");
}

TEST_CASE("broadcast_string carries the root's text, empty or not") {
    const int root = Session::size() - 1;
    CHECK(broadcast_string(Session::comm(), root, Session::rank() == root ? "from root" : "x") ==
          "from root");
    CHECK(broadcast_string(Session::comm(), 0, Session::rank() == 0 ? "" : "x").empty());
}

TEST_CASE("a model file that only rank 0 can read fails on every rank (non-shared file system)") {
    // Each rank is given its own path; only rank 0's exists, as on nodes without a shared disk.
    testing_support::TempDir dir;
    const std::string h =
        Session::rank() == 0 ? dir.write("h.txt", "1 0\n0 1\n") : dir.path("absent.txt");
    const std::string W = dir.write("W.txt", "1 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 1\n");
    const std::vector<std::string> args{"--model.type",   "file", "--model.file.h", h,
                                        "--model.file.W", W};
    if (Session::size() == 1) {
        CHECK_NOTHROW(
            load_study(args, "", boost::program_options::options_description(), true));
        return;
    }
    CHECK_THROWS_WITH(
        load_study(args, "", boost::program_options::options_description(), true),
        Catch::Contains("model.file.h: cannot open file") && Catch::Contains("absent.txt"));
}
