// Every validation error of the model layer is reachable, and each message names the field
// and the size of the violation.
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"
#include "model/validation.hpp"

#include "core/error.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace qrem;
using Catch::Contains;
using testing_support::TempDir;

namespace {

OneBodyModel valid_model() {
    OneBodyModel m;
    m.d = 2;
    m.h = testing_support::random_hermitian(2, 5);
    m.W = testing_support::random_two_body(2, 6);
    return m;
}

} // namespace

TEST_CASE("a valid model passes") {
    CHECK_NOTHROW(validate_one_body_data(valid_model(), "h", "W"));
}

TEST_CASE("non-Hermitian h is rejected with the size of the violation") {
    OneBodyModel m = valid_model();
    m.h(0, 1) += 0.25;
    CHECK_THROWS_AS(validate_one_body_data(m, "model.file.h", "W"), InputError);
    CHECK_THROWS_WITH(validate_one_body_data(m, "model.file.h", "W"),
                      Contains("model.file.h: is not Hermitian") && Contains("= 0.25"));
}

TEST_CASE("non-square h is rejected") {
    OneBodyModel m = valid_model();
    m.h = DenseMatrix(2, 3);
    CHECK_THROWS_WITH(validate_one_body_data(m, "h", "W"), Contains("square") && Contains("2x3"));
}

TEST_CASE("W of the wrong size is rejected") {
    OneBodyModel m = valid_model();
    m.W = DenseMatrix(3, 3);
    CHECK_THROWS_WITH(validate_one_body_data(m, "h", "model.file.W"),
                      Contains("model.file.W: must be d^2 x d^2 = 4x4") && Contains("got 3x3"));
}

TEST_CASE("non-Hermitian W is rejected") {
    OneBodyModel m = valid_model();
    m.W(0, 3) += Complex(0, 0.5);
    CHECK_THROWS_WITH(validate_one_body_data(m, "h", "model.file.W"),
                      Contains("model.file.W: is not Hermitian") && Contains("0.5"));
}

TEST_CASE("W that is not exchange-symmetric (SWS != W) is rejected") {
    OneBodyModel m = valid_model();
    // |01><01| alone is Hermitian but its flip is |10><10|.
    m.W = DenseMatrix(4, 4);
    m.W(1, 1) = 1.0;
    CHECK_THROWS_WITH(validate_one_body_data(m, "h", "model.file.W"),
                      Contains("not exchange-symmetric") && Contains("= 1 "));
}

TEST_CASE("N < 2 is rejected") {
    CHECK_THROWS_WITH(validate_particle_number(1, "model.N"),
                      Contains("model.N: must be at least 2") && Contains("got 1"));
    CHECK_NOTHROW(validate_particle_number(2, "model.N"));
}

TEST_CASE("built-in model parameters are checked") {
    CHECK_THROWS_WITH(bose_hubbard_model({3, 2, 1, 1}), Contains("model.bose_hubbard.dimension"));
    CHECK_THROWS_WITH(bose_hubbard_model({1, 0, 1, 1}), Contains("model.bose_hubbard.sites"));
    CHECK_THROWS_WITH(torus_model({2, 1, "cos", 1, 0.1, false}), Contains("model.torus.points"));
    CHECK_THROWS_WITH(torus_model({8, 0, "cos", 1, 0.1, false}), Contains("model.torus.hbar"));
    CHECK_THROWS_WITH(torus_model({8, 1, "square", 1, 0.1, false}),
                      Contains("model.torus.potential"));
    CHECK_THROWS_WITH(torus_model({8, 1, "gaussian", 1, 0.0, false}),
                      Contains("model.torus.width"));
    CHECK_THROWS_WITH(qudit_model({1, "ising", 1, 0, 0}), Contains("model.qudit.levels"));
    CHECK_THROWS_WITH(qudit_model({2, "xyz", 1, 0, 0}), Contains("model.qudit.coupling"));
}

TEST_CASE("file model: missing names and missing files are reported") {
    CHECK_THROWS_WITH(file_model({"", "W.txt"}), Contains("model.file.h: is required"));
    CHECK_THROWS_WITH(file_model({"h.txt", ""}), Contains("model.file.W: is required"));
    CHECK_THROWS_WITH(file_model({"/nonexistent/h.txt", "/nonexistent/W.txt"}),
                      Contains("model.file.h: cannot open file '/nonexistent/h.txt'"));
}

TEST_CASE("jump operator matrix of the wrong size is rejected") {
    TempDir dir;
    const std::string L = dir.write("L.txt", "1 0 0\n0 1 0\n0 0 1\n");
    ModelSpec spec;
    spec.jumps = {parse_jump_spec("matrix " + L, "lindblad.jump")};
    CHECK_THROWS_WITH(build_model(spec),
                      Contains("lindblad.jump") && Contains("3x3, expected d x d = 2x2"));
}

TEST_CASE("initial state: every rejection") {
    TempDir dir;
    const DenseMatrix h = DenseMatrix::diagonal({0.0, 1.0});
    InitialStateSpec spec;
    spec.gamma_file = dir.write("g1.txt", "0.5 0.1\n0 0.5\n");
    CHECK_THROWS_WITH(initial_one_body_state(spec, h),
                      Contains("initial.gamma_file: gamma_0 is not Hermitian"));
    spec.gamma_file = dir.write("g2.txt", "0.6 0\n0 0.5\n");
    CHECK_THROWS_WITH(initial_one_body_state(spec, h), Contains("trace 1, got 1.1"));
    spec.gamma_file = dir.write("g3.txt", "1 0\n0 0\n");
    CHECK_THROWS_WITH(initial_one_body_state(spec, h),
                      Contains("not faithful") && Contains("m_0 = 0 is not above"));
    spec.gamma_file = dir.write("g4.txt", "1\n");
    CHECK_THROWS_WITH(initial_one_body_state(spec, h), Contains("1x1, expected d x d = 2x2"));
    spec.gamma_file.clear();
    spec.beta = -1;
    CHECK_THROWS_WITH(initial_one_body_state(spec, h),
                      Contains("initial.beta: must be finite and >= 0"));
    spec.beta = 1e5; // exp(-1e5) underflows: gamma_0 = |0><0|, not faithful
    CHECK_THROWS_WITH(initial_one_body_state(spec, h),
                      Contains("initial.beta") && Contains("not faithful"));
}
