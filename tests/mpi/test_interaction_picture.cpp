// The symmetric backend in the interaction picture of h (nbody.frame = interaction): its
// generator against the dense reference's, and whole evolutions against the lab frame's, on
// random complex h, W and non-normal jump operators, d = 2 and 3, at every rank count the suite
// runs.
#include "backends/symmetric_backend.hpp"
#include "core/error.hpp"
#include "core/session.hpp"
#include "model/one_body_basis.hpp"
#include "representation/gelfand_tsetlin.hpp"

#include "support/block_reference.hpp"
#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <petscviewerhdf5.h>

#include <cmath>

using namespace qrem;
using namespace testing_support;

namespace {

OneBodyModel random_model(unsigned seed, std::size_t d, bool diagonal_h = false) {
    OneBodyModel m;
    m.name = "random";
    m.d = d;
    m.h = random_hermitian(d, seed);
    if (diagonal_h)
        for (std::size_t r = 0; r < d; ++r)
            for (std::size_t c = 0; c < d; ++c)
                if (r != c)
                    m.h(r, c) = 0.0;
    m.h *= 3.0; // fast one-body rotation: what the interaction picture takes out
    m.W = random_two_body(d, seed + 1);
    DenseMatrix L = random_matrix(d, d, seed + 2); // not normal
    L *= 0.5;
    m.jumps.push_back(make_jump_operator("random", L));
    DenseMatrix diagonal(d, d); // complex trace: its K stays in the generator
    for (std::size_t a = 0; a < d; ++a)
        diagonal(a, a) = Complex(0.3 - 0.5 * static_cast<double>(a), 0.2);
    m.jumps.push_back(make_jump_operator("diagonal", diagonal));
    return m;
}

BackendSettings settings(const std::string& frame) {
    BackendSettings s;
    s.requested = "symmetric";
    s.tolerances = {1e-12, 1e-14, NBodyMethod::dormand_prince, 30};
    s.frame = frame;
    return s;
}

} // namespace

TEST_CASE("interaction picture: the generator is Phi_t^-1 L Phi_t of the model in h's "
          "eigenbasis (dense reference, 1e-12)") {
    const double t = 0.37;
    for (const auto& [d, N] : std::vector<std::pair<std::size_t, int>>{{2, 3}, {2, 5}, {3, 3}}) {
        for (const bool diagonal_h : {false, true}) {
            INFO("d = " << d << ", N = " << N << ", diagonal h " << diagonal_h << ", "
                        << Session::size() << " rank(s)");
            const OneBodyModel m = random_model(10 + static_cast<unsigned>(N), d, diagonal_h);
            const SymmetricBackend::Frame frame = choose_frame(m, settings("interaction"));
            REQUIRE(frame.interaction);
            CHECK(frame.rotated == !diagonal_h);
            const auto blocks = std::make_shared<const SchurWeylBlocks>(schur_weyl_blocks(d, N));
            BlockDensityMatrix Gamma(Session::comm(), blocks), F(Session::comm(), blocks);
            fill_random_invariant(Gamma, 100);
            BlockLindbladRHS rhs(Gamma, frame.terms);
            rhs.apply(t, Gamma.vec(), F.vec());
            // The model in the basis V, dense: L_V, and U = e^{-i H_0 t} with H_0 = sum_j
            // diag(e)_j diagonal in the product basis.
            OneBodyModel rotated = m;
            rotated.h = to_basis(m.h, frame.V);
            rotated.W = to_basis(m.W, frame.V);
            for (auto& jump : rotated.jumps)
                jump.L = to_basis(jump.L, frame.V);
            const auto reference = reference_operators(rotated, N);
            const std::size_t D = reference.H.size();
            ref::Mat U = ref::zeros(D, D), H0 = ref::zeros(D, D);
            for (std::size_t i = 0; i < D; ++i) {
                double E = 0.0;
                for (std::size_t rest = i, j = 0; j < static_cast<std::size_t>(N); ++j, rest /= d)
                    E += frame.terms.frame_energies[rest % d];
                U[i][i] = std::polar(1.0, -E * t);
                H0[i][i] = E;
            }
            // d/dt (U^dag sigma U) = U^dag L(sigma) U + i [H_0, U^dag sigma U].
            const ref::Mat x = ref::from_dense(dense_from_blocks(Gamma));
            const ref::Mat lab = ref::lindblad_rhs(reference.H, reference.jumps,
                                                   ref::mul(U, ref::mul(x, ref::dag(U))));
            const ref::Mat expected =
                ref::add(ref::mul(ref::dag(U), ref::mul(lab, U)),
                         ref::scale(ref::cplx(0.0, 1.0),
                                    ref::add(ref::mul(H0, x), ref::scale(-1.0, ref::mul(x, H0)))));
            CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(F)), expected) < 1e-12);
            CHECK(F.hermiticity_error() == 0.0);
            // The frame's rotations of a state are each other's inverse.
            BlockDensityMatrix copy(Session::comm(), blocks);
            check(VecCopy(Gamma.vec(), copy.vec()));
            rhs.to_interaction_picture(t, copy.vec());
            CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(copy)),
                                    ref::mul(ref::dag(U), ref::mul(x, U))) < 1e-14);
            rhs.to_lab_frame(t, copy.vec());
            CHECK(ref::max_abs_diff(ref::from_dense(dense_from_blocks(copy)), x) < 1e-14);
        }
    }
}

TEST_CASE("interaction picture: a run equals the lab frame's in every output (1e-9)") {
    for (const auto& [d, N] : std::vector<std::pair<std::size_t, int>>{{2, 4}, {2, 24}, {3, 5}}) {
        for (const bool diagonal_h : {false, true}) {
            for (const std::string initial : {"product", "gibbs"}) {
                INFO("d = " << d << ", N = " << N << ", diagonal h " << diagonal_h << ", "
                            << initial << ", " << Session::size() << " rank(s)");
                const OneBodyModel m = random_model(20 + static_cast<unsigned>(N), d, diagonal_h);
                InitialNBodyState state;
                state.kind = initial;
                state.gamma0 = random_density_matrix(d, 7);
                state.beta = 0.7;
                state.tilt = 0.3;
                SymmetricBackend lab(Session::comm(), m, N, settings("lab")),
                    picture(Session::comm(), m, N, settings("interaction"));
                CHECK(lab.frame().rfind("lab", 0) == 0);
                CHECK(picture.frame().rfind("interaction", 0) == 0);
                lab.set_initial_state(m, state);
                picture.set_initial_state(m, state);
                // Two output intervals with quadrature nodes: the pair marginals at the nodes.
                std::vector<DenseMatrix> lab_nodes, picture_nodes;
                for (const double t : {0.15, 0.3}) {
                    const std::vector<double> nodes = {t - 0.1, t - 0.05};
                    lab.advance_to(t, nodes, [&](double, const PairMarginals& pairs) {
                        lab_nodes.push_back(pairs.pairs.front());
                    });
                    picture.advance_to(t, nodes, [&](double, const PairMarginals& pairs) {
                        picture_nodes.push_back(pairs.pairs.front());
                    });
                }
                REQUIRE(lab_nodes.size() == 4);
                REQUIRE(picture_nodes.size() == 4);
                // Both integrate to 1e-12 per step: 1e-9 leaves room for the accumulated error.
                for (std::size_t i = 0; i < lab_nodes.size(); ++i)
                    CHECK(max_abs(lab_nodes[i] - picture_nodes[i]) < 1e-9);
                for (int k = 1; k <= std::min(N, 3); ++k)
                    CHECK(max_abs(lab.marginal(k) - picture.marginal(k)) < 1e-9);
                CHECK(max_abs(lab.pair_marginals().pairs.front() -
                              picture.pair_marginals().pairs.front()) < 1e-9);
                const DenseMatrix gamma = random_density_matrix(d, 9);
                CHECK(std::abs(lab.trace_distance_to_product(gamma) -
                               picture.trace_distance_to_product(gamma)) < 1e-9);
                CHECK(std::abs(lab.spectrum_entropy().entropy -
                               picture.spectrum_entropy().entropy) < 1e-9);
                CHECK(std::abs(lab.energy() - picture.energy()) < 1e-9);
                CHECK(std::abs(picture.trace() - 1.0) < 1e-10);
                CHECK(picture.hermiticity_error() == 0.0);
            }
        }
    }
}

TEST_CASE("interaction picture: a state file names its one-body basis; another basis is refused") {
    const OneBodyModel m = random_model(40, 2);
    const int N = 6;
    InitialNBodyState state;
    state.gamma0 = random_density_matrix(2, 3);
    SymmetricBackend picture(Session::comm(), m, N, settings("interaction"));
    picture.set_initial_state(m, state);
    REQUIRE(picture.frame().find("eigenbasis") != std::string::npos);
    std::unique_ptr<TempDir> owner;
    const std::string path = shared_folder(owner) + "/state.h5";
    {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(Session::comm(), path.c_str(), FILE_MODE_WRITE, viewer.out()));
        picture.write(viewer, "Gamma");
    }
    const auto read_into = [&](SymmetricBackend& backend) {
        ViewerHandle viewer;
        check(PetscViewerHDF5Open(Session::comm(), path.c_str(), FILE_MODE_READ, viewer.out()));
        backend.read(viewer, "Gamma", "initial.Gamma_file", path);
    };
    SymmetricBackend same(Session::comm(), m, N, settings("interaction"));
    read_into(same);
    CHECK(same.content_hash() == picture.content_hash());
    SymmetricBackend lab(Session::comm(), m, N, settings("lab"));
    CHECK_THROWS_AS(read_into(lab), InputError);
    // States saved in the model's basis keep the lab frame (auto) or refuse it (interaction).
    BackendSettings saving = settings("auto");
    saving.states_in_model_basis = true;
    CHECK_FALSE(choose_frame(m, saving).interaction);
    saving.frame = "interaction";
    CHECK_THROWS_AS(choose_frame(m, saving), InputError);
    // auto at d = 3: the lab frame unless h is diagonal (no rotation).
    CHECK_FALSE(choose_frame(random_model(41, 3), settings("auto")).interaction);
    CHECK(choose_frame(random_model(41, 3, true), settings("auto")).interaction);
    CHECK(choose_frame(m, settings("auto")).interaction);
    BackendSettings krylov = settings("auto");
    krylov.tolerances.method = NBodyMethod::krylov;
    CHECK_FALSE(choose_frame(m, krylov).interaction);
}
