// The Hartree state is computed redundantly on every rank: it must be bit-identical.
#include "core/session.hpp"
#include "dynamics/hartree_solver.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"

#include <catch2/catch.hpp>

#include <mpi.h>

using namespace qrem;

TEST_CASE("gamma_t is identical on every rank") {
    ModelSpec spec;
    spec.type = "qudit";
    spec.qudit = {4, "heisenberg", 1.0, 0.5, 0.8};
    spec.jumps = {parse_jump_spec("amplitude-damping 0.2", "j")};
    const OneBodyModel m = build_model(spec);
    HartreeSolver solver(m, thermal_state(m.h, 1.0, 0.3), {});
    for (double t : {0.5, 1.0, 2.5}) {
        solver.advance_to(t);
        const DenseMatrix g = solver.gamma();
        std::vector<double> mine(2 * g.size()), low(2 * g.size()), high(2 * g.size());
        for (std::size_t k = 0; k < g.size(); ++k) {
            mine[2 * k] = g.data()[k].real();
            mine[2 * k + 1] = g.data()[k].imag();
        }
        MPI_Allreduce(mine.data(), low.data(), static_cast<int>(mine.size()), MPI_DOUBLE, MPI_MIN,
                      Session::comm());
        MPI_Allreduce(mine.data(), high.data(), static_cast<int>(mine.size()), MPI_DOUBLE, MPI_MAX,
                      Session::comm());
        CHECK(low == high);
        long steps = solver.steps(), max_steps = 0;
        MPI_Allreduce(&steps, &max_steps, 1, MPI_LONG, MPI_MAX, Session::comm());
        CHECK(steps == max_steps);
    }
}
