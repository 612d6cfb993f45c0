#!/usr/bin/env bash
# The sanitizer leg of CI (.ci/run, after scripts/test.sh): builds qrem and its tests with
# AddressSanitizer and UndefinedBehaviorSanitizer into build-asan/ and runs the unit and MPI
# tests (1 to 4 ranks, the command-line tests included) under them. An out-of-bounds access,
# a use after free or undefined behaviour in qrem fails the test it occurs in.
#   bash scripts/test-sanitizers.sh       (extra arguments go to ctest, e.g. -R nbody)
# Needs the packages of scripts/install-deps.sh (scripts/test.sh installs them). The runtime
# options (ASAN_OPTIONS, ...) and the longer timeouts are set in cmake/QremTesting.cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
export QREM_BUILD_DIR=${QREM_BUILD_DIR:-build-asan}
# -O1: the tests run several times faster than at -O0 and the reports keep exact file:line
# (-g1: line tables only, a smaller and faster build than -g).
# -D_GLIBCXX_ASSERTIONS: bounds checks in std::vector/std::span/std::array operator[], which
# also see an index past size() but inside the allocation, where ASan cannot.
CMAKE_BUILD_TYPE=RelWithDebInfo bash scripts/build.sh -DQREM_BUILD_TESTS=ON \
  -DQREM_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS=-D_GLIBCXX_ASSERTIONS
# OpenMPI refuses to run as root without these; more ranks than cores need oversubscription.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd "$QREM_BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" -L 'unit|mpi' "$@"
