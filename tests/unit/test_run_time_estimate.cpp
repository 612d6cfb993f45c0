// qrem info's run-time estimate: the steps left at the step size its trial reached.
#include "run/run_time_estimate.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace qrem;

TEST_CASE("steps_to_reach cuts the last step of each output interval at its output time") {
    std::vector<double> times;
    for (int i = 0; i <= 10; ++i)
        times.push_back(0.1 * i);
    // From 0.25: 0.05 to 0.3 (2 steps of 0.04), then 7 intervals of 0.1 (3 steps each).
    CHECK(steps_to_reach(0.04, 0.25, times) == 2 + 7 * 3);
    // A step longer than the output spacing still takes one step per interval.
    CHECK(steps_to_reach(0.5, 0.0, times) == 10);
    // An interval that is a whole number of steps up to rounding takes exactly that number.
    CHECK(steps_to_reach(0.1 / 4, 0.0, times) == 40);
    // Nothing left, or no step size known.
    CHECK(steps_to_reach(0.01, 1.0, times) == 0);
    CHECK(steps_to_reach(0.0, 0.0, times) == 0);
}
