#!/usr/bin/env bash
# Runs the N-body benchmark at 1 and 2 ranks (or QREM_BENCH_RANKS="1 2 4") and prints a table
# of the figures, the RHS bandwidth as a fraction of the copy bandwidth measured in the same
# run, and the speedup of each rank count over 1 rank. JSON lines are kept in $OUT (default
# bench-results.jsonl). Build first: bash scripts/build.sh
#   bash bench/run_benchmarks.sh [--N 8,10,12] [--jumps dephasing,damping] [--t-end 0.1]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench-results.jsonl}
: >"$out"
if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
export OPENBLAS_NUM_THREADS=1
for ranks in ${QREM_BENCH_RANKS:-1 2}; do
    mpiexec -n "$ranks" --oversubscribe --bind-to core "${QREM_BUILD_DIR:-build}/bench/qrem_bench_nbody" "$@" | tee -a "$out"
done
python3 bench/summarize.py "$out"
