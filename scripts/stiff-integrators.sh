#!/usr/bin/env bash
# The N-body integrators on a stiff case (site dephasing at rate 100, 100x the hopping), one
# after the other: steps, generator applications and wall time per method, as in
# docs/configuration.md. Usage: scripts/stiff-integrators.sh [QREM] [RANKS]
set -euo pipefail
qrem=${1:-build/app/qrem} ranks=${2:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-40s %8s %12s %10s %s\n' integrator steps generator wall_s S_N
while IFS= read -r options; do
    dir="$out/run"
    rm -rf "$dir"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086  # options are words
    mpiexec -n "$ranks" "$qrem" run --model.N 8 --nbody.backend dense \
        --lindblad.jump 'site-dephasing 100' --output.dir "$dir" --output.quiet \
        --output.plot false $options >/dev/null </dev/null # mpiexec would read the list
    end=$(date +%s.%N)
    IFS=, read -r _ steps applications _ _ _ S_N _ < <(tail -1 "$dir/timeseries.csv")
    printf '%-40s %8s %12s %10.1f %s\n' "$options" "$steps" "$applications" \
        "$(echo "$end - $start" | bc)" "$S_N"
done <<'LIST'
--nbody.method dormand-prince
--nbody.method runge-kutta
--nbody.method krylov
--nbody.method runge-kutta -ts_type bdf -ts_bdf_order 4
LIST
