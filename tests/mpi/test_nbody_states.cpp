// Initial N-body states and HDF5 files of Gamma, at 1, 2 and 3 ranks.
#include "core/collective.hpp"
#include "core/error.hpp"
#include "core/session.hpp"
#include "dynamics/gibbs_state.hpp"
#include "model/builtin_models.hpp"
#include "model/initial_state.hpp"
#include "state/density_matrix_io.hpp"
#include "state/initial_states.hpp"

#include "support/engine_helpers.hpp"
#include "support/random_matrices.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

using namespace qrem;
using namespace testing_support;

TEST_CASE("product and perturbed product states") {
    const OneBodyModel m = bose_hubbard_model({1, 3, 1.0, 1.0});
    const DenseMatrix gamma0 = thermal_state(m.h, 1.0, 0.3);
    const NBodySpace space(3, 3);
    DensityMatrix Gamma(Session::comm(), space);
    fill_perturbed_product_state(Gamma, gamma0, 0.2);
    const ref::Mat expected =
        ref::add(ref::scale(0.8, ref::product_state(ref::from_dense(gamma0), 3)),
                 ref::scale(0.2 / 27, ref::eye(27)));
    CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-15);
    CHECK(std::abs(Gamma.trace() - 1.0) < 1e-14);
}

TEST_CASE("gamma^(x)N of a random complex gamma equals the Kronecker product") {
    // Not Hermitian, so that rows and columns cannot be swapped unnoticed; odd and even N split
    // the legs into unequal and equal halves (fill_product_state's two tables).
    for (const auto& [d, N] : {std::pair{2, 5}, std::pair{3, 4}, std::pair{3, 3}}) {
        const DenseMatrix gamma =
            random_matrix(static_cast<std::size_t>(d), static_cast<std::size_t>(d), 17 + d + N);
        DensityMatrix Gamma(Session::comm(), NBodySpace(static_cast<std::size_t>(d), N));
        fill_product_state(Gamma, gamma);
        // Each entry is a product of N factors, rounded N times in either order: a few ulps
        // relative to the largest entry; a wrong digit or orientation is off by O(1).
        const ref::Mat expected = ref::product_state(ref::from_dense(gamma), N);
        double largest = 0.0;
        for (const auto& row : expected)
            for (const auto& entry : row)
                largest = std::max(largest, std::abs(entry));
        CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-14 * largest);
    }
}

TEST_CASE("Gibbs state exp(-beta(H_N + tilt n))/Z against the reference exponential") {
    const OneBodyModel m = qudit_model({2, "heisenberg", 1.2, 0.4, 0.9});
    const int N = 4;
    const double beta = 1.5, tilt = 0.3;
    DensityMatrix Gamma(Session::comm(), NBodySpace(2, N));
    fill_gibbs_state(Gamma, m, beta, tilt, {});
    ref::Mat h = ref::from_dense(m.h);
    h[1][1] += tilt;
    const ref::Mat H = ref::hamiltonian(h, ref::from_dense(m.W), N);
    ref::Mat expected = ref::expm(ref::scale(-beta, H));
    expected = ref::scale(1.0 / ref::tr(expected), expected);
    // The TS tolerance (rtol 1e-10) bounds the error; entries are O(1/D).
    CHECK(ref::max_abs_diff(ref::from_dense(Gamma.gather()), expected) < 1e-8);
    CHECK(std::abs(Gamma.trace() - 1.0) < 1e-13);
}

TEST_CASE("Gamma written to HDF5 reads back exactly, on this and on one rank") {
    std::unique_ptr<TempDir> owner;
    const std::string path = shared_folder(owner) + "/gamma.h5";
    const NBodySpace space(2, 5);
    DensityMatrix Gamma(Session::comm(), space);
    assign(Gamma, random_matrix(32, 32, 3)); // not Hermitian: checks the orientation too
    save_density_matrix(Gamma, path);
    DensityMatrix again(Session::comm(), space);
    load_density_matrix(again, path, "initial.Gamma_file");
    CHECK(max_abs(again.gather() - Gamma.gather()) == 0.0);
    // Every rank reads the whole file alone: a file does not depend on the writers' rank count.
    DensityMatrix alone(PETSC_COMM_SELF, space);
    load_density_matrix(alone, path, "initial.Gamma_file");
    CHECK(max_abs(alone.gather() - Gamma.gather()) == 0.0);
    MPI_Barrier(Session::comm());
}

TEST_CASE("HDF5 files of another size or missing files are refused on every rank") {
    std::unique_ptr<TempDir> owner;
    const std::string folder = shared_folder(owner);
    DensityMatrix small(Session::comm(), NBodySpace(2, 3));
    save_density_matrix(small, folder + "/small.h5");
    DensityMatrix other(Session::comm(), NBodySpace(2, 4));
    CHECK_THROWS_WITH(load_density_matrix(other, folder + "/small.h5", "initial.Gamma_file"),
                      Catch::Contains("initial.Gamma_file") && Catch::Contains("d = 2, N = 3") &&
                          Catch::Contains("this run has d = 2, N = 4"));
    CHECK_THROWS_WITH(load_density_matrix(other, folder + "/absent.h5", "initial.Gamma_file"),
                      Catch::Contains("cannot open file"));
    MPI_Barrier(Session::comm());
}
