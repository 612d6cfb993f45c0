#!/usr/bin/env bash
# Sets up everything on a fresh Debian 12 machine, builds qrem and runs the default study
# (`qrem run` with no arguments) on QREM_RANKS MPI ranks (default 2). Prints where the results
# are. Extra arguments go to `qrem run` (e.g. --model.N 6 or -log_view).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DQREM_BUILD_TESTS=OFF
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
exec mpiexec -n "${QREM_RANKS:-2}" --oversubscribe "${QREM_BUILD_DIR:-build}/app/qrem" run "$@"
