#include "model/builtin_models.hpp"
#include "model/jump_operators.hpp"
#include "model/jump_reduction.hpp"
#include "model/validation.hpp"

#include "core/error.hpp"

#include "support/dense_reference.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace qrem;

namespace {

double row_sum_max(const DenseMatrix& h) {
    double worst = 0;
    for (std::size_t a = 0; a < h.rows(); ++a) {
        Complex s = 0;
        for (std::size_t b = 0; b < h.cols(); ++b)
            s += h(a, b);
        worst = std::max(worst, std::abs(s));
    }
    return worst;
}

} // namespace

TEST_CASE("Bose-Hubbard dimer: h = J[[1,-1],[-1,1]], W = U(|00><00| + |11><11|)") {
    const OneBodyModel m = bose_hubbard_model({1, 2, 1.5, 0.7});
    REQUIRE(m.d == 2);
    CHECK(m.h(0, 0) == Complex(1.5));
    CHECK(m.h(0, 1) == Complex(-1.5));
    CHECK(m.h(1, 0) == Complex(-1.5));
    CHECK(m.h(1, 1) == Complex(1.5));
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            CHECK(m.W(i, j) == Complex((i == j && (i == 0 || i == 3)) ? 0.7 : 0.0));
}

TEST_CASE("Bose-Hubbard lattices: degrees of the simple periodic graph") {
    SECTION("1D ring of 5: degree 2") {
        const OneBodyModel m = bose_hubbard_model({1, 5, 1.0, 1.0});
        for (std::size_t a = 0; a < 5; ++a)
            CHECK(m.h(a, a) == Complex(2.0));
        CHECK(m.h(0, 4) == Complex(-1.0));
    }
    SECTION("2D 3x3 torus: degree 4, d = 9") {
        const OneBodyModel m = bose_hubbard_model({2, 3, 1.0, 1.0});
        REQUIRE(m.d == 9);
        for (std::size_t a = 0; a < 9; ++a)
            CHECK(m.h(a, a) == Complex(4.0));
        CHECK(row_sum_max(m.h) == 0.0);
    }
    SECTION("2D 2x2: each bond once, degree 2") {
        const OneBodyModel m = bose_hubbard_model({2, 2, 1.0, 1.0});
        for (std::size_t a = 0; a < 4; ++a)
            CHECK(m.h(a, a) == Complex(2.0));
        CHECK(m.h(0, 3) == Complex(0.0)); // diagonal neighbours are not bonded
    }
}

TEST_CASE("torus: three-point Laplacian has eigenvalues 4c sin^2(pi k/d)") {
    const TorusParams p{8, 0.5, "gaussian", 2.0, 0.2, false};
    const OneBodyModel m = torus_model(p);
    const double c = p.hbar * p.hbar * 64.0;
    auto w = hermitian_eigenvalues(m.h);
    std::vector<double> expected;
    for (int k = 0; k < 8; ++k)
        expected.push_back(4 * c * std::pow(std::sin(std::numbers::pi * k / 8), 2));
    std::sort(expected.begin(), expected.end());
    for (std::size_t k = 0; k < 8; ++k)
        CHECK(w[k] == Approx(expected[k]).margin(1e-10 * c));
    CHECK(m.W(0, 0) == Complex(2.0));                              // V(0) = A
    CHECK(m.W(0 * 8 + 1, 0 * 8 + 1) == m.W(1 * 8 + 0, 1 * 8 + 0)); // V even
    CHECK(exchange_asymmetry(m.W, 8) == 0.0);
}

TEST_CASE("torus: semiclassical scaling divides h and V by hbar relative to hbar^2, 1") {
    TorusParams p{6, 0.25, "cos", 1.0, 0.1, false};
    const OneBodyModel plain = torus_model(p);
    p.semiclassical = true;
    const OneBodyModel scaled = torus_model(p);
    CHECK(max_abs(scaled.h - (1.0 / 0.25) * plain.h) < 1e-10);
    CHECK(max_abs(scaled.W - (1.0 / 0.25) * plain.W) < 1e-12);
    CHECK(plain.W(1, 1).real() == Approx(std::cos(2 * std::numbers::pi / 6)).epsilon(1e-14));
}

TEST_CASE("qudit: spin-1 Heisenberg coupling has S.S eigenvalues -2, -1 (x3), 1 (x5)") {
    const OneBodyModel m = qudit_model({3, "heisenberg", 1.0, 1.0, 0.0});
    const auto w = hermitian_eigenvalues(m.W);
    const std::vector<double> expected{-2, -1, -1, -1, 1, 1, 1, 1, 1};
    for (std::size_t k = 0; k < 9; ++k)
        CHECK(w[k] == Approx(expected[k]).margin(1e-12));
    CHECK(max_abs(m.h - DenseMatrix::diagonal({1, 0, -1})) < 1e-15);
    CHECK(exchange_asymmetry(m.W, 3) < 1e-15);
}

TEST_CASE("qudit: Ising and on-site couplings") {
    const OneBodyModel ising = qudit_model({2, "ising", 4.0, 0.0, 1.0});
    CHECK(max_abs(ising.W - DenseMatrix::diagonal({1, -1, -1, 1})) < 1e-15);
    CHECK(max_abs(ising.h - DenseMatrix::diagonal({0, 0})) > 0.4); // S_x field is off-diagonal
    const OneBodyModel onsite = qudit_model({3, "on-site", 2.0, 0.0, 0.0});
    CHECK(onsite.W(4, 4) == Complex(2.0));
    CHECK(onsite.W(1, 1) == Complex(0.0));
}

TEST_CASE("jump operators: dephasing, number, amplitude damping") {
    const auto dephasing = site_dephasing(3, 0.5);
    REQUIRE(dephasing.size() == 3);
    CHECK(dephasing[1].L(1, 1).real() == Approx(std::sqrt(0.5)));
    CHECK(dephasing[1].is_normal);
    CHECK(dephasing[1].is_diagonal);

    const JumpOperator number = weighted_number_operator(2, 0.5, {});
    CHECK(number.L(1, 1).real() == Approx(std::sqrt(0.5))); // the reference file's L
    CHECK(number.L(0, 0) == Complex(0.0));

    const JumpOperator damping = amplitude_damping(3, 2.0);
    CHECK(!damping.is_normal);
    CHECK(!damping.is_diagonal);
    CHECK(damping.L(1, 2).real() == Approx(2.0)); // sqrt(2 * 2)
}

namespace {

/// The one-body Liouvillian -i[h, .] + sum D_L as a d^2 x d^2 matrix (the plain reference).
ref::Mat liouvillian(const DenseMatrix& h, const std::vector<DenseMatrix>& jumps) {
    std::vector<ref::Mat> L;
    for (const auto& j : jumps)
        L.push_back(ref::from_dense(j));
    return ref::liouvillian_superoperator(ref::from_dense(h), L);
}

OneBodyModel model_with_jumps(std::size_t d, const std::vector<DenseMatrix>& jumps) {
    OneBodyModel m;
    m.d = d;
    m.h = random_hermitian(d, 3);
    for (const auto& L : jumps)
        m.jumps.push_back(make_jump_operator("L", L));
    return m;
}

} // namespace

TEST_CASE("fewest_jump_operators: the same Liouvillian from fewer diagonal jump operators") {
    // Tolerance 1e-13: the reduction is one 3 x 3 or 4 x 4 eigendecomposition and sums of
    // O(1) numbers, so the superoperators agree to a few rounding errors.
    SECTION("site dephasing: d projectors become d - 1 diagonal operators") {
        for (const std::size_t d : {2, 3, 4}) {
            INFO("d = " << d);
            std::vector<DenseMatrix> jumps;
            for (const auto& j : site_dephasing(d, 0.7))
                jumps.push_back(j.L);
            const OneBodyModel m = model_with_jumps(d, jumps);
            const DissipatorData reduced = fewest_jump_operators(m);
            REQUIRE(reduced.L.size() == d - 1);
            for (const auto& L : reduced.L)
                CHECK(make_jump_operator("reduced", L).is_diagonal);
            CHECK(ref::max_abs_diff(liouvillian(reduced.h, reduced.L),
                                    liouvillian(m.h, jumps)) < 1e-13);
        }
    }
    SECTION("random complex diagonal operators with complex traces") {
        const std::size_t d = 3;
        std::vector<DenseMatrix> jumps;
        for (unsigned seed = 0; seed < 4; ++seed) {
            const DenseMatrix r = random_matrix(d, d, 20 + seed);
            DenseMatrix L(d, d);
            for (std::size_t a = 0; a < d; ++a)
                L(a, a) = r(a, a) + Complex(0.4, -0.9); // a non-zero, complex trace
            jumps.push_back(L);
        }
        const OneBodyModel m = model_with_jumps(d, jumps);
        const DissipatorData reduced = fewest_jump_operators(m);
        CHECK(reduced.L.size() == d - 1); // rank of the traceless parts: d - 1 for 4 > d - 1
        CHECK(hermiticity_error(reduced.h) < 1e-15);
        CHECK(ref::max_abs_diff(liouvillian(reduced.h, reduced.L), liouvillian(m.h, jumps)) <
              1e-13);
        // Without the Hamiltonian part of the traces the two would differ: the check can fail.
        CHECK(ref::max_abs_diff(liouvillian(m.h, reduced.L), liouvillian(m.h, jumps)) > 1e-3);
    }
    SECTION("left as they are: a non-diagonal operator, one operator, or no fewer") {
        const std::size_t d = 3;
        const OneBodyModel damping = model_with_jumps(
            d, {site_dephasing(d, 1.0)[0].L, site_dephasing(d, 1.0)[1].L, amplitude_damping(d, 0.5).L});
        CHECK(fewest_jump_operators(damping).L.size() == 3);
        const OneBodyModel one = model_with_jumps(d, {weighted_number_operator(d, 0.5, {}).L});
        const DissipatorData same = fewest_jump_operators(one);
        REQUIRE(same.L.size() == 1);
        CHECK(ref::max_abs_diff(ref::from_dense(same.L[0]), ref::from_dense(one.jumps[0].L)) == 0.0);
        CHECK(ref::max_abs_diff(ref::from_dense(same.h), ref::from_dense(one.h)) == 0.0);
        const OneBodyModel two = model_with_jumps(
            d, {site_dephasing(d, 1.0)[0].L, site_dephasing(d, 1.0)[1].L});
        CHECK(fewest_jump_operators(two).L.size() == 2); // rank 2 already
    }
}

TEST_CASE("jump specs parse and reject malformed entries") {
    const JumpSpec s = parse_jump_spec("number 0.5 0,1,3", "lindblad.jump");
    CHECK(s.kind == "number");
    CHECK(s.rate == 0.5);
    CHECK(s.weights == std::vector<double>{0, 1, 3});
    CHECK(parse_jump_spec("matrix L.mtx", "f").file == "L.mtx");
    CHECK_THROWS_WITH(parse_jump_spec("site-dephasing -1", "lindblad.jump"),
                      Catch::Contains("lindblad.jump") && Catch::Contains(">= 0"));
    CHECK_THROWS_WITH(parse_jump_spec("site-dephasing abc", "lindblad.jump"),
                      Catch::Contains("not a number"));
    CHECK_THROWS_WITH(parse_jump_spec("teleport 1", "lindblad.jump"), Catch::Contains("expected"));
    CHECK_THROWS_WITH(parse_jump_spec("number 1 1,2 extra", "lindblad.jump"),
                      Catch::Contains("unexpected 'extra'"));
    CHECK_THROWS_WITH(
        make_jump_operators(parse_jump_spec("number 1 1,2,3", "j"), 2, "lindblad.jump"),
        Catch::Contains("3 weights"));
}

TEST_CASE("build_model adds jump operators and validates") {
    ModelSpec spec;
    spec.type = "qudit";
    spec.qudit.levels = 3;
    spec.N = 4;
    spec.jumps = {parse_jump_spec("amplitude-damping 0.1", "j"),
                  parse_jump_spec("site-dephasing 0.2", "j")};
    const OneBodyModel m = build_model(spec);
    CHECK(m.jumps.size() == 4);
    CHECK(!m.all_jumps_normal());
    spec.type = "lattice";
    CHECK_THROWS_WITH(build_model(spec), Catch::Contains("model.type"));
}

TEST_CASE("'matrix FILE [RATE]': L = sqrt(RATE) x the file's matrix, RATE 1 by default") {
    testing_support::TempDir dir;
    const std::string file = dir.write("L.txt", "0 2\n0 0\n");
    const auto plain = make_jump_operators(parse_jump_spec("matrix " + file, "j"), 2, "j");
    const auto scaled = make_jump_operators(parse_jump_spec("matrix " + file + " 0.25", "j"), 2, "j");
    REQUIRE(plain.size() == 1);
    REQUIRE(scaled.size() == 1);
    CHECK(plain[0].L(0, 1) == Complex(2.0));
    CHECK(scaled[0].L(0, 1) == Complex(1.0)); // sqrt(0.25) x 2, exact in binary
    CHECK(scaled[0].L(1, 0) == Complex(0.0));
    CHECK_THROWS_WITH(parse_jump_spec("matrix " + file + " -1", "lindblad.jump"),
                      Catch::Contains("lindblad.jump") && Catch::Contains(">= 0"));
    CHECK_THROWS_WITH(parse_jump_spec("matrix " + file + " 1 2", "lindblad.jump"),
                      Catch::Contains("unexpected '2'"));
}
