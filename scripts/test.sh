#!/usr/bin/env bash
# Sets up everything on a fresh Debian 12 machine and runs the whole test suite:
# unit tests, MPI tests at 1, 2 and 3 ranks, and the command-line tests.
#   bash scripts/test.sh            (extra arguments go to ctest, e.g. -L unit)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DQREM_BUILD_TESTS=ON
# OpenMPI refuses to run as root without these; more ranks than cores need oversubscription.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cd "${QREM_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" "$@"
