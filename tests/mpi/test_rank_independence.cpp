// The same evolution on 1, 2, ..., P ranks (sub-communicators of this run) gives the same
// Gamma_t to 1e-10. Registered at 1, 2, 3 and 4 ranks.
#include "core/session.hpp"
#include "dynamics/nbody_solver.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"

#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"

#include <catch2/catch.hpp>

using namespace qrem;

TEST_CASE("Gamma_t does not depend on the number of ranks") {
    ModelSpec spec;
    spec.type = "qudit";
    spec.qudit = {2, "heisenberg", 1.0, 0.5, 0.8};
    spec.jumps = {parse_jump_spec("amplitude-damping 0.2", "j"),
                  parse_jump_spec("site-dephasing 0.1", "j")};
    const OneBodyModel m = build_model(spec);
    const NBodySpace space(2, 7); // D = 128: uneven splits at 3 ranks
    const DenseMatrix initial = testing_support::random_density_matrix(128, 5);

    std::vector<DenseMatrix> results;
    for (int ranks = 1; ranks <= Session::size(); ++ranks) {
        MPI_Comm sub = MPI_COMM_NULL;
        MPI_Comm_split(Session::comm(), Session::rank() < ranks ? 0 : MPI_UNDEFINED,
                       Session::rank(), &sub);
        DenseMatrix result(128, 128);
        if (sub != MPI_COMM_NULL) {
            {
                DensityMatrix Gamma(sub, space);
                testing_support::assign(Gamma, initial);
                NBodySolver solver(Gamma, m, {});
                solver.advance_to(0.7);
                result = Gamma.gather();
            }
            MPI_Comm_free(&sub);
        }
        // Rank 0 takes part in every sub-communicator and compares.
        results.push_back(result);
    }
    if (Session::rank() == 0) {
        CHECK(std::abs(trace(results[0]) - 1.0) < 1e-12);
        CHECK(max_abs(results[0] - initial) > 1e-3); // the state did evolve
    }
    if (Session::rank() == 0)
        for (std::size_t k = 1; k < results.size(); ++k) {
            INFO("1 rank vs " << k + 1 << " ranks");
            CHECK(max_abs(results[k] - results[0]) < 1e-10);
        }
}
