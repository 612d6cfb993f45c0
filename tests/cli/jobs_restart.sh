#!/usr/bin/env bash
# The checkpoint/restart logic of jobs/qrem-run.sbatch and jobs/qrem-array.sbatch, with stubs
# instead of qrem, mpiexec, srun and scontrol (no MPI, no Slurm): a fake qrem that logs its
# arguments and exits 75 (checkpoint written) for chosen runs; --restart is passed when the run
# folder holds checkpoint.h5; exit 75 requeues the job (the right id) under Slurm and prints a
# working continue command locally; finished runs are skipped; failures are reported.
# Usage: jobs_restart.sh JOBS_DIR
set -u
jobs=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() { # expect "description" test-args...; returns 1 on failure (for `|| show`)
    if "${@:2}"; then ok "$1"; else fail "$1"; return 1; fi
}

mkdir -p "$work/bin" "$work/submit"
# fake qrem: one line per call in $FAKE_LOG, the arguments joined by '|'; creates the
# --output.dir; exits 75 and writes checkpoint.h5 if the folder's name is in $FAKE_STOP,
# exits $FAKE_STATUS (default 0) otherwise, writing summary.json on 0 (the checkpoints stay,
# as with qrem).
cat >"$work/bin/qrem" <<'EOF'
#!/usr/bin/env bash
(IFS='|'; echo "$*") >>"$FAKE_LOG"
dir=""
while [ $# -gt 0 ]; do [ "$1" = --output.dir ] && dir=$2; shift; done
mkdir -p "$dir"
for stop in ${FAKE_STOP:-}; do
    if [ "$(basename "$dir")" = "$stop" ]; then touch "$dir/checkpoint.h5"; exit 75; fi
done
status=${FAKE_STATUS:-0}
if [ "$status" -eq 0 ]; then echo "{}" >"$dir/summary.json"; fi
exit "$status"
EOF
# fake launchers: drop the options (srun --ntasks=4; mpiexec -n 2 --oversubscribe), run the rest
cat >"$work/bin/srun" <<'EOF'
#!/usr/bin/env bash
# the list in two writes, the second after a pause, as a real srun may: a reader that stops at
# "pmix" (grep -q) closes the pipe first, so a launcher reading it through `| grep -q` under
# pipefail sees srun die of SIGPIPE (a CI failure, now made certain)
if [ "$*" = --mpi=list ]; then printf 'MPI plugin types are...\n\tpmix\n'; sleep 0.2; printf '\tnone\n'; exit 0; fi
echo "srun $*" >>"$FAKE_LAUNCH_LOG"
while [[ $1 == -* ]]; do shift; done
exec "$@"
EOF
cat >"$work/bin/mpiexec" <<'EOF'
#!/usr/bin/env bash
echo "mpiexec $*" >>"$FAKE_LAUNCH_LOG"
[ "$1" = -n ] && shift 2
[ "$1" = --oversubscribe ] && shift
exec "$@"
EOF
cat >"$work/bin/scontrol" <<'EOF'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_SCONTROL_LOG"
EOF
# fake squeue: the job's time limit, as `squeue -h -j ID -o %l` prints it
cat >"$work/bin/squeue" <<'EOF'
#!/usr/bin/env bash
echo "${FAKE_TIME_LIMIT:-UNLIMITED}"
EOF
chmod +x "$work/bin"/*
export PATH="$work/bin:$PATH" QREM="$work/bin/qrem" MPIEXEC="$work/bin/mpiexec"
export FAKE_LOG="$work/qrem.log" FAKE_LAUNCH_LOG="$work/launch.log" FAKE_SCONTROL_LOG="$work/scontrol.log"
unset SLURM_JOB_ID SLURM_SUBMIT_DIR SLURM_ARRAY_JOB_ID SLURM_ARRAY_TASK_ID SLURM_RESTART_COUNT RUN_ID TASKS RUNS \
    FAKE_STOP FAKE_STATUS QREM_RANKS CONFIG

job() { # job TEMPLATE ARGS...: runs it in $work/submit; sets $status and $out
    rm -f "$FAKE_LOG" "$FAKE_LAUNCH_LOG" "$FAKE_SCONTROL_LOG"
    out=$(cd "$work/submit" && bash "$jobs/$1" "${@:2}" 2>&1)
    status=$?
}
calls() { if [ -f "$FAKE_LOG" ]; then wc -l <"$FAKE_LOG"; else echo 0; fi; }
logged() { [ -f "$FAKE_LOG" ] && grep -qxF -- "$1" "$FAKE_LOG"; }
requeued() { [ -f "$FAKE_SCONTROL_LOG" ] && [ "$(cat "$FAKE_SCONTROL_LOG")" = "$1" ]; }
no_scontrol() { [ ! -f "$FAKE_SCONTROL_LOG" ]; }
show() { echo "--- exit $status; output:"; echo "$out"; echo "--- qrem calls:"; cat "$FAKE_LOG" 2>/dev/null; }

# --- qrem-run.sbatch, locally
sub=$work/submit
job qrem-run.sbatch --time.t_end 1
dir=$(ls -d "$sub"/runs/local-* 2>/dev/null | head -1)
expect "run, local: fresh start passes no --restart, runs/local-*/ written" \
    test "$status" -eq 0 -a -n "$dir" -a -f "$dir/summary.json"
logged "run|--output.dir|$dir|--time.t_end|1" || { fail "run, local: qrem arguments"; show; }
grep -q "^mpiexec -n 2 --oversubscribe " "$FAKE_LAUNCH_LOG" || fail "run, local: mpiexec -n 2 --oversubscribe"

CONFIG=$work/my.ini RUN_ID=r1 FAKE_STOP=r1 job qrem-run.sbatch --model.N 6
expect "run, local, exit 75: the script exits 75 and does not call scontrol" test "$status" -eq 75
no_scontrol || fail "run, local: scontrol called"
logged "run|--config|$work/my.ini|--output.dir|$sub/runs/r1|--model.N|6" || { fail "run, local: first call"; show; }
continue_line=$(echo "$out" | grep -A1 "continue with:" | tail -1)
expect "run, local, exit 75: prints how to continue (RUN_ID=r1): $continue_line" \
    bash -c '[[ $0 == *"CONFIG="*"my.ini RUN_ID=r1 "*"qrem-run.sbatch --model.N 6"* ]]' "$continue_line"
rm -f "$FAKE_LOG"
(cd / && bash -c "$continue_line") >/dev/null 2>&1
expect "run, local: the printed command restarts (same CONFIG and arguments, --restart) and finishes" \
    test "$(cat "$FAKE_LOG" 2>/dev/null)" = "run|--config|$work/my.ini|--output.dir|$sub/runs/r1|--restart|--model.N|6" \
    -a -f "$sub/runs/r1/summary.json" || { echo "$continue_line"; cat "$FAKE_LOG"; }

FAKE_STATUS=3 RUN_ID=r3 job qrem-run.sbatch
expect "run, local: a failure's exit status (3) is the job's, nothing requeued" test "$status" -eq 3
no_scontrol || fail "run: scontrol called after a failure"

# --- qrem-run.sbatch under "Slurm" (stub srun and scontrol)
export SLURM_SUBMIT_DIR=$sub
SLURM_JOB_ID=4242 FAKE_STOP=4242 job qrem-run.sbatch
expect "run, Slurm, exit 75: scontrol requeue 4242, run folder runs/4242" \
    bash -c '[ "$0" -eq 75 ] && [ "$(cat "$1")" = "requeue 4242" ] && [ -f "$2/runs/4242/checkpoint.h5" ]' \
    "$status" "$FAKE_SCONTROL_LOG" "$sub"
grep -q "^srun --mpi=pmix " "$FAKE_LAUNCH_LOG" 2>/dev/null || fail "run, Slurm: launched without srun --mpi=pmix"
SLURM_JOB_ID=4242 SLURM_RESTART_COUNT=1 CONFIG=$work/my.ini job qrem-run.sbatch -log_view
expect "run, Slurm, requeued: same CONFIG and arguments plus --restart, finishes, no requeue" \
    bash -c '[ "$0" -eq 0 ] && [ "$(cat "$1")" = "run|--config|$4|--output.dir|$2/runs/4242|--restart|-log_view" ] &&
             [ ! -e "$3" ]' "$status" "$FAKE_LOG" "$sub" "$FAKE_SCONTROL_LOG" "$work/my.ini" || show
mkdir -p "$sub/runs/prev"
touch "$sub/runs/prev/checkpoint.prev.h5"
RUN_ID=prev job qrem-run.sbatch
expect "run: checkpoint.prev.h5 alone (checkpoint.h5 lost) also restarts" \
    test "$(cat "$FAKE_LOG" 2>/dev/null)" = "run|--output.dir|$sub/runs/prev|--restart" || show
# The time limit against the template's --signal=USR1@300: 300 s + 60 s is refused (every
# attempt would be signalled at once and requeued), a second more runs; QREM_SIGNAL_LEAD
# stands for a --signal given to sbatch.
SLURM_JOB_ID=4243 FAKE_TIME_LIMIT=6:00 job qrem-run.sbatch
expect "run, Slurm, time limit 6:00 within the signal lead + 60 s: refused, exit 2, qrem not started" \
    bash -c '[ "$0" -eq 2 ] && [ "$1" -eq 0 ] && [[ $2 == *"time limit (6:00, 360 s) leaves no time to run"* ]]' \
    "$status" "$(calls)" "$out" || show
SLURM_JOB_ID=4244 FAKE_TIME_LIMIT=6:01 job qrem-run.sbatch
expect "run, Slurm, time limit 6:01: runs" test "$status" -eq 0 -a "$(calls)" -eq 1 || show
SLURM_JOB_ID=4245 FAKE_TIME_LIMIT=2 QREM_SIGNAL_LEAD=30 job qrem-run.sbatch
expect "run, Slurm, time limit 2 (minutes) with QREM_SIGNAL_LEAD=30: runs" test "$status" -eq 0 || show
SLURM_JOB_ID=4246 FAKE_TIME_LIMIT=1-00:00:00 job qrem-run.sbatch
expect "run, Slurm, time limit 1-00:00:00: runs" test "$status" -eq 0 || show
SLURM_JOB_ID=4247 FAKE_TIME_LIMIT=0-00:05 job qrem-run.sbatch
expect "run, Slurm, time limit 0-00:05 (D-HH:MM): refused" test "$status" -eq 2 || show
# The weak-scaling default on 2 tasks: 1 and 2 ranks (it used to be the one point 1).
SLURM_JOB_ID=4248 SLURM_NTASKS=2 STUDY=$work/weak QREM_PYTHON=true job qrem-weak-scaling.sbatch
expect "weak scaling, Slurm, --ntasks=2: two points, np1-N8 and np2-N8" \
    test "$status" -eq 0 -a -d "$work/weak/np1-N8" -a -d "$work/weak/np2-N8" -a "$(calls)" -eq 2 || show
unset SLURM_SUBMIT_DIR

# --- qrem-array.sbatch
sweep=$work/sweep
mkdir -p "$sweep"
cat >"$sweep/runs.txt" <<'EOF'
# a comment line, skipped
N4  --config /base.ini --model.N 4

N6  --config /base.ini --model.N 6 --lindblad.jump 'site-dephasing 0.5'
N8  --config /base.ini --model.N 8
EOF
export SLURM_SUBMIT_DIR=$sub
SLURM_JOB_ID=9001 SLURM_ARRAY_JOB_ID=9000 SLURM_ARRAY_TASK_ID=2 FAKE_STOP=N6 job qrem-array.sbatch "$sweep/runs.txt" -log_view
expect "array, Slurm task 2, exit 75: runs line 2 (quoted value kept), scontrol requeue 9000_2" \
    bash -c '[ "$0" -eq 75 ] && [ "$(cat "$1")" = "requeue 9000_2" ] &&
             [ "$(cat "$2")" = "run|--config|/base.ini|--model.N|6|--lindblad.jump|site-dephasing 0.5|--output.dir|$3/runs/N6|-log_view" ]' \
    "$status" "$FAKE_SCONTROL_LOG" "$FAKE_LOG" "$sweep" || show
SLURM_JOB_ID=9001 SLURM_ARRAY_JOB_ID=9000 SLURM_ARRAY_TASK_ID=2 job qrem-array.sbatch "$sweep/runs.txt" -log_view
expect "array, Slurm task 2 requeued: the same line plus --restart, no requeue" \
    bash -c '[ "$0" -eq 0 ] && [ ! -e "$3" ] && [ "$(cat "$1")" = \
             "run|--config|/base.ini|--model.N|6|--lindblad.jump|site-dephasing 0.5|--restart|--output.dir|$2/runs/N6|-log_view" ]' \
    "$status" "$FAKE_LOG" "$sweep" "$FAKE_SCONTROL_LOG" || show
touch "$sweep/runs/N6/checkpoint.h5" # qrem keeps its checkpoints after finishing
SLURM_JOB_ID=9001 SLURM_ARRAY_JOB_ID=9000 SLURM_ARRAY_TASK_ID=2 job qrem-array.sbatch "$sweep/runs.txt"
expect "array, Slurm task 2 finished (summary.json; checkpoint kept): skipped" test "$status" -eq 0 -a "$(calls)" -eq 0
SLURM_JOB_ID=9001 SLURM_ARRAY_JOB_ID=9000 SLURM_ARRAY_TASK_ID=4 job qrem-array.sbatch "$sweep/runs.txt"
expect "array, task 4 of 3 lines: an error naming the count" \
    bash -c '[ "$0" -ne 0 ] && [[ $1 == *"has 3 run lines"* ]]' "$status" "$out"
unset SLURM_SUBMIT_DIR

rm -rf "$sweep/runs"
FAKE_STOP=N6 job qrem-array.sbatch "$sweep"
continue_line=$(echo "$out" | grep -A1 "continue with" | tail -1)
expect "array, local: runs lines in order, stops at exit 75 (task 2), prints how to continue" \
    bash -c '[ "$0" -eq 75 ] && [ "$(cat "$1" | wc -l)" -eq 2 ] && [ -f "$2/runs/N4/summary.json" ] &&
             [ -f "$2/runs/N6/checkpoint.h5" ] && [ ! -e "$2/runs/N8" ] && [ ! -e "$3" ] && [[ $4 == *qrem-array.sbatch* ]]' \
    "$status" "$FAKE_LOG" "$sweep" "$FAKE_SCONTROL_LOG" "$continue_line" || show
rm -f "$FAKE_LOG"
(cd / && bash -c "$continue_line") >/dev/null 2>&1
expect "array, local: the printed command skips N4, restarts N6, starts N8" \
    bash -c '[ "$(wc -l <"$0")" -eq 2 ] && grep -q "^run|.*|--model.N|6|.*|--restart|--output.dir|$1/runs/N6$" "$0" &&
             grep -q "^run|--config|/base.ini|--model.N|8|--output.dir|$1/runs/N8$" "$0" && [ -f "$1/runs/N8/summary.json" ]' \
    "$FAKE_LOG" "$sweep" || { echo "$continue_line"; cat "$FAKE_LOG"; }

rm -rf "$sweep/runs"
TASKS="1 3" FAKE_STATUS=3 job qrem-array.sbatch "$sweep/runs.txt"
expect "array, local, TASKS=\"1 3\", both failing: both tried, exit 1, failures listed" \
    bash -c '[ "$0" -eq 1 ] && [ "$(cat "$1" | wc -l)" -eq 2 ] && [[ $2 == *"2 of 2 task(s) failed: 1 3"* ]]' \
    "$status" "$FAKE_LOG" "$out" || show
RUNS=$sweep/runs.txt TASKS="2-3" job qrem-array.sbatch --checkpoint.minutes 5
expect "array, local, RUNS and TASKS=2-3: two runs, extra arguments passed" \
    bash -c '[ "$0" -eq 0 ] && [ "$(grep -c -- "--checkpoint.minutes|5$" "$1")" -eq 2 ] && [ ! -e "$2/runs/N4/summary.json" ]' \
    "$status" "$FAKE_LOG" "$sweep" || show
job qrem-array.sbatch "$work/no-such-file"
expect "array: a missing runs file is an error (exit 2)" test "$status" -eq 2

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
