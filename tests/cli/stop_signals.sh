#!/usr/bin/env bash
# SIGTERM (a job's time limit) outside the N-body integration: during the set-up, before t = 0
# (here the Gibbs state of the blocks at N = 400, seconds of eigendecompositions), and in a
# Hartree-only run (nbody.evolve = false). Both must end with a line on stderr that says what
# happened and exit status 75 (the job templates requeue on it); before, both died with 143
# and no word.
# Usage: stop_signals.sh QREM MPIEXEC NP
set -e
qrem=$1 mpiexec=$2 np=$3
. "$(dirname "$0")/common.sh"

# Runs qrem in the background on folder $1 (further arguments: qrem's), waits until its
# stdout shows the line matching $2, then sends SIGTERM to its ranks and sets $status.
stop_when() {
    local folder=$1 pattern=$2
    shift 2
    set +e
    "$mpiexec" -n "$np" --oversubscribe "$qrem" run --output.dir "$folder" "$@" \
        >"$work/out" 2>"$work/err" &
    local launcher=$!
    for _ in $(seq 1 3000); do
        grep -q "$pattern" "$work/out" 2>/dev/null && break
        sleep 0.01
    done
    terminate_ranks "$folder"
    wait "$launcher"
    status=$?
    set -e
    out="$work/out" err="$work/err"
}

# During the set-up: the header ("results: ...") is printed before Gamma_0 is built.
stop_when "$work/setup" "^results:" --model.N 400 --nbody.backend symmetric \
    --initial.nbody_state gibbs --time.t_end 1 --output.plot false
[ "$status" -eq 75 ] || fail "set-up: expected exit status 75, got $status"
grep -q "stopped by signal 15 during the set-up, before t = 0; nothing was computed" "$err" ||
    fail "set-up: no message on stderr"
[ ! -f "$work/setup/checkpoint.h5" ] || fail "set-up: a checkpoint of nothing"
# Nothing was computed: the same command runs again in the same folder.
run_qrem "$np" run --output.dir "$work/setup" --model.N 4 --time.t_end 0.1 --output.quiet \
    --output.plot false
[ "$status" -eq 0 ] || fail "the folder of a run stopped in its set-up is not reusable"

# Hartree only: stopped after some rows, which stay.
stop_when "$work/hartree" "t = *0.500" --nbody.evolve false --time.t_end 1000 \
    --time.dt_out 0.1 --output.plot false
[ "$status" -eq 75 ] || fail "nbody.evolve = false: expected exit status 75, got $status"
grep -q "stopped by signal 15 at t = .*keep no checkpoint" "$err" ||
    fail "nbody.evolve = false: no message on stderr"
[ "$(wc -l <"$work/hartree/timeseries.csv")" -ge 6 ] || fail "nbody.evolve = false: rows lost"

[ "$failures" -eq 0 ] && echo "stop signals at $np rank(s): ok"
exit "$failures"
