#include "model/matrix_file.hpp"

#include "core/error.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using Catch::Contains;
using testing_support::TempDir;

TEST_CASE("Matrix Market coordinate complex hermitian fills the other triangle") {
    TempDir dir;
    const auto path = dir.write("h.mtx", "%%MatrixMarket matrix coordinate complex hermitian\n"
                                         "% a comment\n2 2 2\n1 1 1.5 0\n2 1 0.25 -0.5\n");
    const DenseMatrix m = read_matrix_file(path, "f");
    CHECK(m(0, 0) == Complex(1.5, 0));
    CHECK(m(1, 0) == Complex(0.25, -0.5));
    CHECK(m(0, 1) == Complex(0.25, 0.5));
    CHECK(m(1, 1) == Complex(0.0));
}

TEST_CASE("Matrix Market array real symmetric and general") {
    TempDir dir;
    const auto sym =
        dir.write("s.mtx", "%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n");
    const DenseMatrix s = read_matrix_file(sym, "f");
    CHECK(s(0, 1) == Complex(2.0));
    CHECK(s(1, 0) == Complex(2.0));
    CHECK(s(1, 1) == Complex(3.0));
    const auto gen =
        dir.write("g.MTX", "%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n4\n");
    const DenseMatrix g = read_matrix_file(gen, "f");
    CHECK(g(1, 0) == Complex(2.0)); // column-major
    CHECK(g(0, 1) == Complex(3.0));
}

TEST_CASE("round trip through to_matrix_market is exact") {
    TempDir dir;
    const DenseMatrix m = testing_support::random_matrix(3, 2, 9);
    const DenseMatrix back = read_matrix_file(dir.write("m.mtx", to_matrix_market(m)), "f");
    CHECK(max_abs(back - m) == 0.0);
}

TEST_CASE("plain text with real and (re,im) entries and comments") {
    TempDir dir;
    const auto path = dir.write("h.txt", "# h of a dimer\n1 (0,-1)  # row 0\n\n(0,1) 2\n");
    const DenseMatrix m = read_matrix_file(path, "f");
    CHECK(m(0, 1) == Complex(0, -1));
    CHECK(m(1, 0) == Complex(0, 1));
    CHECK(m(1, 1) == Complex(2));
}

TEST_CASE("malformed files are reported with the field, file and line") {
    TempDir dir;
    CHECK_THROWS_WITH(read_matrix_file(dir.write("a.txt", "1 2\n3 x\n"), "model.file.h"),
                      Contains("model.file.h") && Contains("a.txt':2") &&
                          Contains("'x' is not a number"));
    CHECK_THROWS_WITH(read_matrix_file(dir.write("b.txt", "1 2\n3\n"), "f"),
                      Contains("row has 1 entries"));
    CHECK_THROWS_WITH(read_matrix_file(dir.write("c.txt", "# nothing\n"), "f"),
                      Contains("holds no matrix"));
    CHECK_THROWS_WITH(
        read_matrix_file(
            dir.write("d.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n"),
            "f"),
        Contains("expected 3 entries, found 1"));
    CHECK_THROWS_WITH(
        read_matrix_file(
            dir.write("e.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n"),
            "f"),
        Contains("outside 2x2"));
    CHECK_THROWS_WITH(read_matrix_file(dir.write("f.mtx", "hello\n"), "f"),
                      Contains("not a Matrix Market"));
    CHECK_THROWS_AS(read_matrix_file(dir.path("missing.txt"), "f"), InputError);
}
