#!/usr/bin/env bash
# One run at a time per folder (qrem.lock): while a run is going, a second `qrem run` on its
# folder, even with --output.overwrite, and a --restart are refused naming the owner, and touch
# none of its files (before, --output.overwrite moved the live run's files aside). The lock
# goes when the run ends (here by SIGTERM, exit 75); a lock left by a run that is gone (a dead
# pid on this host) is taken over; one of another host is refused with what to do.
# Usage: run_folder_lock.sh QREM MPIEXEC NP
set -e
qrem=$1 mpiexec=$2 np=$3
. "$(dirname "$0")/common.sh"
folder="$work/run"
physics=(--model.N 9 --nbody.backend dense --time.dt_out 0.25 --output.quiet --checkpoint.every 1)

set +e
"$mpiexec" -n "$np" --oversubscribe "$qrem" run "${physics[@]}" --time.t_end 1000 \
    --output.dir "$folder" >"$work/A.out" 2>&1 &
launcher=$!
for _ in $(seq 1 1500); do
    [ -f "$folder/checkpoint.h5" ] && break
    sleep 0.02
done
set -e
[ -f "$folder/qrem.lock" ] && grep -q "^pid=[0-9]" "$folder/qrem.lock" || fail "no qrem.lock while running"

for extra in "" --output.overwrite; do
    run_qrem "$np" run "${physics[@]}" --time.t_end 1 --output.dir "$folder" $extra
    [ "$status" -eq 2 ] && grep -q "output.dir: '$folder' is in use by another qrem run (pid [0-9]* on host" "$err" ||
        fail "a second run ${extra:-without options} on a live run's folder was not refused"
    [ -f "$folder/timeseries.csv" ] && [ ! -d "$folder/previous-run" ] ||
        fail "a refused second run ${extra} touched the live run's files"
done
run_qrem "$np" run --restart --output.dir "$folder"
[ "$status" -eq 2 ] && grep -q "is in use by another qrem run" "$err" ||
    fail "--restart on a live run's folder was not refused"

terminate_ranks "$folder"
set +e
wait "$launcher"
status=$?
set -e
[ "$status" -eq 75 ] && [ ! -e "$folder/qrem.lock" ] || fail "the stopped run (exit $status) left its lock"

# A lock of a run that is gone (its pid no longer exists on this host): taken over.
sh -c 'exit 0' &
dead=$!
wait "$dead"
printf 'pid=%s\nhost=%s\nslurm_job=\nstarted=then\n' "$dead" "$(hostname)" >"$folder/qrem.lock"
run_qrem "$np" run "${physics[@]}" --time.t_end 0.5 --output.dir "$folder" --output.overwrite
[ "$status" -eq 0 ] && [ -f "$folder/summary.json" ] && [ ! -e "$folder/qrem.lock" ] ||
    fail "a stale lock (dead pid $dead) was not taken over"

# A lock of another host: cannot be checked from here, refused with what to do.
printf 'pid=1\nhost=elsewhere.example\nslurm_job=\nstarted=then\n' >"$folder/qrem.lock"
run_qrem "$np" run "${physics[@]}" --time.t_end 0.5 --output.dir "$folder" --output.overwrite
[ "$status" -eq 2 ] && grep -q "on host elsewhere.example.*remove '$folder/qrem.lock'" "$err" &&
    [ -f "$folder/summary.json" ] || fail "a lock of another host was not respected"

[ "$failures" -eq 0 ] && echo "run_folder_lock: all passed"
[ "$failures" -eq 0 ]
