#!/usr/bin/env bash
# Checkpoint/restart through the job templates with the real qrem (local fallback, 2 ranks):
# jobs/qrem-run.sbatch and jobs/qrem-array.sbatch are stopped by SIGUSR1 sent to their
# mpiexec (Open MPI forwards it; under Slurm, --signal=USR1@300 sends it) after 3 output times;
# the template exits 75 and prints a continue command; running that command restarts from
# the checkpoint and finishes; the time series equals an uninterrupted run's.
# Usage: jobs_checkpoint.sh QREM MPIEXEC PYTHON JOBS_DIR
# Exits 77 (skipped) when this qrem has no --restart.
set -u
qrem=$1 mpiexec=$2 python=$3 jobs=$(cd "$4" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
if ! "$qrem" run --help 2>/dev/null | grep -q -- "--restart"; then
    echo "SKIP: $qrem run has no --restart"
    exit 77
fi
export QREM=$qrem MPIEXEC=$mpiexec QREM_RANKS=2
unset SLURM_JOB_ID SLURM_SUBMIT_DIR SLURM_ARRAY_TASK_ID SLURM_ARRAY_JOB_ID RUN_ID TASKS RUNS CONFIG
# The dense backend: a run of ~5 s, so that the signal after 3 rows comes well before its end
# (the symmetric backend finishes this N in well under a second).
physics=(--model.N 9 --nbody.backend dense --time.t_end 2 --time.dt_out 0.25 --output.plot false
    --output.quiet)

stop_after_rows() { # stop_after_rows CSV JOBPID: SIGUSR1 to the job's mpiexec once CSV has 3 rows
    local csv=$1 job=$2 pid
    for _ in $(seq 1 1500); do
        [ "$(cat "$csv" 2>/dev/null | wc -l)" -ge 4 ] && break
        sleep 0.02
    done
    for pid in $(pgrep -P "$job"); do
        [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$(basename "$mpiexec")" ] && kill -USR1 "$pid"
    done
}
same_series() { # same_series A.csv B.csv: t, S_N, S_1, tr1, tr2 agree (relative 1e-9, absolute 1e-12)
    "$python" - "$1" "$2" <<'EOF'
import csv, sys
a, b = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
assert len(a) == len(b) == 9, (len(a), len(b))
for x, y in zip(a, b):
    for k in ("t", "S_N", "S_1", "tr1", "tr2"):
        u, v = float(x[k]), float(y[k])
        assert abs(u - v) <= 1e-12 + 1e-9 * abs(u), (k, x["t"], u, v)
EOF
}

"$mpiexec" -n 2 --oversubscribe "$qrem" run "${physics[@]}" --output.dir "$work/reference" >/dev/null 2>&1 ||
    fail "uninterrupted reference run"

# jobs/qrem-run.sbatch
mkdir "$work/submit"
(cd "$work/submit" && RUN_ID=r1 exec bash "$jobs/qrem-run.sbatch" "${physics[@]}" --checkpoint.every 1) >"$work/run.out" 2>&1 &
job=$!
stop_after_rows "$work/submit/runs/r1/timeseries.csv" "$job"
wait "$job"
status=$?
line=$(grep -A1 "continue with:" "$work/run.out" | tail -1)
if [ "$status" -eq 75 ] && [ -f "$work/submit/runs/r1/checkpoint.h5" ] && [ ! -f "$work/submit/runs/r1/summary.json" ] &&
    [[ $line == *"RUN_ID=r1 "* ]]; then
    ok "qrem-run.sbatch stopped by SIGUSR1: exit 75, checkpoint.h5, continue line: $line"
else
    fail "qrem-run.sbatch stop: exit $status"; cat "$work/run.out"
fi
(cd / && bash -c "$line") >"$work/run2.out" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q "restarting from the checkpoint" "$work/run2.out" &&
    [ -f "$work/submit/runs/r1/summary.json" ] && same_series "$work/reference/timeseries.csv" "$work/submit/runs/r1/timeseries.csv"; then
    ok "the continue line restarts and finishes; timeseries.csv equals the uninterrupted run's"
else
    fail "qrem-run.sbatch continue: exit $status"; cat "$work/run2.out"
fi

# jobs/qrem-array.sbatch, a one-line sweep
mkdir "$work/sweep"
echo "N9  ${physics[*]} --checkpoint.every 1" >"$work/sweep/runs.txt"
(cd "$work/submit" && exec bash "$jobs/qrem-array.sbatch" "$work/sweep/runs.txt") >"$work/array.out" 2>&1 &
job=$!
stop_after_rows "$work/sweep/runs/N9/timeseries.csv" "$job"
wait "$job"
status=$?
line=$(grep -A1 "continue with" "$work/array.out" | tail -1)
if [ "$status" -eq 75 ] && [ -f "$work/sweep/runs/N9/checkpoint.h5" ] && [[ $line == *qrem-array.sbatch* ]]; then
    ok "qrem-array.sbatch stopped by SIGUSR1: exit 75, continue line printed"
else
    fail "qrem-array.sbatch stop: exit $status"; cat "$work/array.out"
fi
(cd / && bash -c "$line") >"$work/array2.out" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q "restarting from the checkpoint" "$work/array2.out" &&
    same_series "$work/reference/timeseries.csv" "$work/sweep/runs/N9/timeseries.csv"; then
    ok "the array's continue line restarts N9 and finishes; timeseries.csv equals the uninterrupted run's"
else
    fail "qrem-array.sbatch continue: exit $status"; cat "$work/array2.out"
fi

# SIGTERM to the template itself (a local `kill`), and SIGINT to its whole process group (Ctrl-C
# at a terminal, which reaches mpiexec too): the template turns both into the SIGUSR1 qrem
# checkpoints on, and exits 75. Sent to mpiexec directly, they ended with status 1.
wait_for_rows() { # wait_for_rows CSV: until CSV has 3 rows
    for _ in $(seq 1 1500); do
        [ "$(cat "$1" 2>/dev/null | wc -l)" -ge 4 ] && break
        sleep 0.02
    done
}
(cd "$work/submit" && RUN_ID=term exec bash "$jobs/qrem-run.sbatch" "${physics[@]}") >"$work/term.out" 2>&1 &
job=$!
wait_for_rows "$work/submit/runs/term/timeseries.csv"
kill -TERM "$job"
wait "$job"
status=$?
if [ "$status" -eq 75 ] && [ -f "$work/submit/runs/term/checkpoint.h5" ]; then
    ok "qrem-run.sbatch stopped by SIGTERM to the script: exit 75, checkpoint.h5"
else
    fail "qrem-run.sbatch, SIGTERM to the script: exit $status"; cat "$work/term.out"
fi
# A background job of this script ignores SIGINT (and could not trap it): start the template
# in a session of its own from Python, which leaves SIGINT at its default.
status=$(cd "$work/submit" && RUN_ID=int "$python" - "$jobs/qrem-run.sbatch" "$work/submit/runs/int/timeseries.csv" "${physics[@]}" 2>"$work/int.out" <<'EOF'
import os, signal, subprocess, sys, time
template, csv, physics = sys.argv[1], sys.argv[2], sys.argv[3:]
job = subprocess.Popen(["bash", template] + physics, stdout=sys.stderr, start_new_session=True)
for _ in range(1500):
    if os.path.exists(csv) and sum(1 for _ in open(csv)) >= 4:
        break
    time.sleep(0.02)
os.killpg(job.pid, signal.SIGINT)
print(job.wait())
EOF
)
if [ "$status" = 75 ] && [ -f "$work/submit/runs/int/checkpoint.h5" ]; then
    ok "qrem-run.sbatch stopped by SIGINT to its process group (Ctrl-C): exit 75, checkpoint.h5"
else
    fail "qrem-run.sbatch, SIGINT to the process group: exit $status"; cat "$work/int.out"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
