#!/usr/bin/env bash
# A stalled integrator (N-body, Hartree, Gibbs state) ends the run within seconds: one line on
# stderr naming the integrator, t, the step and the key to change, printed once whatever the
# rank count; exit status 3; the rows of the output times reached kept, no summary.json.
# Usage: integrator_stall.sh QREM MPIEXEC NP
set -e
qrem=$1 mpiexec=$2 np=$3
. "$(dirname "$0")/common.sh"
small=(--model.N 4 --time.t_end 0.5 --output.plot false --output.quiet)

expect_stall() { # expect_stall NAME ROWS "expected text" args...: ROWS = timeseries.csv data rows
    local name=$1 rows=$2 expected=$3
    shift 3
    local start=$SECONDS
    run_qrem "$np" run "${small[@]}" --output.dir "$work/$name" "$@"
    local seconds=$((SECONDS - start)) lines
    # (mpiexec adds its own lines about the non-zero exit status.)
    lines=$(grep -c '^qrem' "$err" || true)
    if [ "$status" -ne 3 ]; then
        fail "$name: expected exit status 3, got $status"
    elif [ "$lines" -ne 1 ] || ! grep -q '^qrem: error: ' "$err"; then
        fail "$name: expected one line 'qrem: error: ...' (printed once, not per rank), got $lines"
    elif ! grep -q -- "^qrem: error: $expected" "$err"; then
        fail "$name: message lacks '$expected'"
    elif grep -qi 'MPI_ABORT\|PETSC ERROR' "$err"; then
        fail "$name: an abort or a PETSc error"
    elif [ "$seconds" -gt 30 ]; then
        fail "$name: took $seconds s"
    elif [ -f "$work/$name/summary.json" ]; then
        fail "$name: a stalled run must not look finished (summary.json)"
    elif [ "$rows" -ge 0 ] && [ "$(($(wc -l <"$work/$name/timeseries.csv") - 1))" -ne "$rows" ]; then
        fail "$name: expected $rows rows in timeseries.csv"
    else
        echo "ok ($seconds s): $(grep '^qrem' "$err")"
    fi
}

# A huge rate: the explicit scheme's stability limit keeps the step near 1e-5, thousands of
# steps per output interval. The row of t = 0 was written before.
expect_stall huge-rate 1 \
    "N-body integrator stalled at t = 0.0[0-9]* in the interval \[0, 0.1\]: 300 steps (nbody.max_steps_per_output) without reaching its end, the last [0-9.e-]*; check the model's rates and nbody.rtol/nbody.atol, or raise nbody.max_steps_per_output" \
    --lindblad.jump 'site-dephasing 1e4' --nbody.max_steps_per_output 300
# A floor above the steps the error control takes.
expect_stall floor 1 \
    "N-body integrator stalled at t = [0-9.e-]* in the interval \[0, 0.1\]: step [0-9.e-]* < 0.05 (nbody.min_step_ratio 0.5 x the interval) after 1 step in the interval; .*lower nbody.min_step_ratio" \
    --nbody.min_step_ratio 0.5
# A tolerance no step can meet: PETSc gives up after repeated rejections.
expect_stall tolerance 1 "N-body integrator stalled at t = 0 .*the error control rejected every step" \
    --nbody.rtol 1e-100 --nbody.atol 1e-100
# The Hartree integrator (here alone) and the Gibbs state's imaginary-time flow (before any
# output time; dense backend: the blocks form the Gibbs state exactly) have the same guard.
expect_stall hartree 1 "Hartree integrator stalled at t = .*hartree.max_steps_per_output" \
    --nbody.evolve false --hartree.max_steps_per_output 1
expect_stall gibbs -1 "Gibbs-state (imaginary-time) integrator stalled at t = .*nbody.max_steps_per_output" \
    --initial.nbody_state gibbs --nbody.max_steps_per_output 1 --nbody.backend dense

# The same run with the default limits finishes.
run_qrem "$np" run --model.N 4 --time.t_end 0.2 --output.plot false --output.quiet \
    --output.dir "$work/default"
[ "$status" -eq 0 ] && [ -f "$work/default/summary.json" ] || fail "the default limits stopped a healthy run"

echo "$((6 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
