#!/usr/bin/env bash
# The job templates under a real (throw-away, one-node) Slurm, submitted as their headers tell
# a user:
#   - jobs/qrem-run.sbatch with the default launcher (srun --mpi=pmix; plain srun fails with
#     Debian's Open MPI), stopped by `scancel --signal=USR1` once a few rows exist: checkpoint,
#     exit 75, requeue, --restart, finished; the time series equals an uninterrupted run's
#     (rhs_evaluations exactly), and summary.json counts 2 attempts and sums their timings;
#   - the same signal during qrem's set-up: exit 75 and a requeue;
#   - a time limit not above the signal lead is refused at once (it used to requeue forever);
#   - submitted from outside the repository: a clear line without QREM_HOME, a run with it;
#   - jobs/qrem-array.sbatch over a 2-run sweep with the sbatch line qrem_sweep.py prints,
#     then plain sbatch (no --array) on the same runs file: one job, every line (skipped as
#     finished); the collected table counts the attempts;
#   - jobs/qrem-strong-scaling.sbatch at 1 and 2 ranks.
# Usage: jobs_slurm.sh QREM MPIEXEC PYTHON REPO. Exits 77 (skipped) with the reason where a
# cluster cannot be started here (not root, no Slurm and no package access).
set -u
qrem=$1 mpiexec=$2 python=$3 repo=$(cd "$4" && pwd)
work=$(mktemp -d /tmp/qrem-slurm.XXXXXX)
. "$repo/tests/slurm/cluster.sh"
cleanup() {
    scancel --quiet --user=root 2>/dev/null || true
    slurm_cluster_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM # the EXIT trap then stops the daemons (a ctest timeout)
passed=0 failures=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
    slurm_show_queue
}
show_log() { echo "--- $1"; cat "$1" 2>/dev/null || echo "(none)"; }

unset SLURM_JOB_ID SLURM_SUBMIT_DIR SLURM_ARRAY_TASK_ID SLURM_ARRAY_JOB_ID RUN_ID TASKS RUNS CONFIG \
    QREM_LAUNCHER QREM_RANKS QREM_SIGNAL_LEAD
slurm_cluster_start "$work/cluster" || { echo "FAIL: the test cluster did not start"; exit 1; }
echo "slurm: $(sinfo -V), node $(hostname -s) with $(nproc) CPUs"
export QREM=$qrem QREM_HOME=$repo
mkdir -p "$work/submit" && cd "$work/submit"

# ---- one run, stopped by scancel --signal=USR1, requeued, restarted, finished
# The dense backend at N = 9: ~10 s at 2 ranks, long enough to be signalled midway.
physics=(--model.N 9 --nbody.backend dense --time.t_end 2 --time.dt_out 0.25 --output.plot false)
job=$(sbatch --parsable --ntasks=2 --time=30 "$repo/jobs/qrem-run.sbatch" "${physics[@]}")
run_dir=$work/submit/runs/$job
for _ in $(seq 1 600); do
    [ "$(cat "$run_dir/timeseries.csv" 2>/dev/null | wc -l)" -ge 4 ] && break
    sleep 0.1
done
scancel --signal=USR1 "$job"
state=$(slurm_wait_job "$job" 240)
log=$work/submit/qrem-$job.log
restarts=$(scontrol -o show job "$job" | grep -o 'Restarts=[0-9]*' | cut -d= -f2)
if [ "$state" = COMPLETED ] && [ "$restarts" = 1 ] && grep -q "launcher: srun --mpi=pmix" "$log" &&
    grep -q "stopped by signal 10" "$log" && grep -q "requeueing job $job" "$log" &&
    grep -q "restarting from the checkpoint in $run_dir (requeue 1)" "$log" && [ -f "$run_dir/summary.json" ]; then
    ok "scancel --signal=USR1: checkpoint, exit 75, requeue, restart, finished"
else
    fail "the signalled job: state $state, restarts '$restarts'"
    show_log "$log"
fi
"$mpiexec" -n 2 --oversubscribe "$qrem" run "${physics[@]}" --output.dir "$work/uninterrupted" \
    --output.quiet >"$work/uninterrupted.out" 2>&1 || { fail "the uninterrupted run failed"; cat "$work/uninterrupted.out"; }
if "$python" - "$work/uninterrupted" "$run_dir" <<'PY'; then
import csv, json, math, sys
a = list(csv.DictReader(open(sys.argv[1] + "/timeseries.csv")))
b = list(csv.DictReader(open(sys.argv[2] + "/timeseries.csv")))
assert len(a) == len(b) == 9, (len(a), len(b))
# As tests/cli/restart.sh: the same steps from the same state, so rounding differences of
# the parallel reductions only; S_0-dependent bounds at t = 0 absolutely.
worst = 0.0
for x, y in zip(a, b):
    assert x["rhs_evaluations"] == y["rhs_evaluations"], ("rhs_evaluations", x["t"], x["rhs_evaluations"], y["rhs_evaluations"])
    for k in x:
        if math.isinf(float(x[k])):
            continue
        d = abs(float(x[k]) - float(y[k]))
        d = d * 1e-4 if float(x["t"]) == 0 and k.startswith("bound_cor1") else d / max(1.0, abs(float(x[k])))
        worst = max(worst, d)
print(f"requeued vs uninterrupted: largest relative difference {worst:.3g}")
assert worst <= 1e-10
s = json.load(open(sys.argv[2] + "/summary.json"))
t, last = s["timings_seconds"], s["timings_seconds_last_attempt"]
assert s["attempts"] == 2, s["attempts"]
assert t["total"] > last["total"] > 0, (t, last)
assert t["evolution"] >= last["evolution"], (t, last)
print(f"attempts 2, wall {t['total']:.2f} s in all, {last['total']:.2f} s in the last")
PY
    ok "requeued results equal the uninterrupted run's; timings summed over 2 attempts"
else
    fail "requeued results or summary.json"
fi

# ---- a signal during qrem's set-up (the header is printed before Gamma_0 is built): exit 75
# and a requeue, not a kill by SIGUSR1 (exit 138) or a lost signal; then cancelled.
job=$(sbatch --parsable --ntasks=2 --time=30 "$repo/jobs/qrem-run.sbatch" --model.N 400 \
    --nbody.backend symmetric --initial.nbody_state gibbs --time.t_end 1 --output.plot false)
log=$work/submit/qrem-$job.log
for _ in $(seq 1 600); do
    grep -q "^results:" "$log" 2>/dev/null && break
    sleep 0.1
done
scancel --signal=USR1 "$job"
# Cancel once the requeue has taken effect (Restarts=1), not at the log line before it: a
# scancel first would be undone by the script's `scontrol requeue` (Slurm requeues a cancelled
# batch job), and the requeued N = 400 run would hold the node's CPUs for the next cases.
for _ in $(seq 1 600); do
    [ "$(scontrol -o show job "$job" 2>/dev/null | grep -o 'Restarts=[0-9]*' | cut -d= -f2)" = 1 ] && break
    sleep 0.1
done
scancel "$job"
slurm_wait_job "$job" 60 >/dev/null
slurm_wait_idle 120 || fail "the node was not idle 120 s after the cancel"
if grep -q "stopped by signal 10 during the set-up, before t = 0" "$log" &&
    grep -q "requeueing job $job" "$log"; then
    ok "scancel --signal=USR1 during the set-up: exit 75 and a requeue"
else
    fail "a signal during the set-up"
    show_log "$log"
fi

# ---- a time limit that leaves no time before the signal (--signal=USR1@300, --time=2 min)
job=$(sbatch --parsable --ntasks=1 --time=2 "$repo/jobs/qrem-run.sbatch" --model.N 4)
state=$(slurm_wait_job "$job" 120)
log=$work/submit/qrem-$job.log
if [ "$state" = FAILED ] && grep -q "time limit (2:00, 120 s) leaves no time to run" "$log" &&
    [ ! -d "$work/submit/runs/$job" ]; then
    ok "a time limit within the signal lead is refused"
else
    fail "time limit 2 min: state $state"
    show_log "$log"
fi

# ---- outside the repository without QREM_HOME: one clear line
job=$(env -u QREM_HOME -u QREM sbatch --parsable --ntasks=1 "$repo/jobs/qrem-run.sbatch" --model.N 4)
state=$(slurm_wait_job "$job" 120)
log=$work/submit/qrem-$job.log
if [ "$state" = FAILED ] && grep -q "is not the qrem repository: submit from its folder or set QREM_HOME" "$log"; then
    ok "submitted outside the repository: says how to point at it"
else
    fail "outside the repository: state $state"
    show_log "$log"
fi

# ---- a sweep as an array job, with the line qrem_sweep.py prints; then plain sbatch
"$python" "$repo/scripts/qrem_sweep.py" generate --out "$work/submit/sweep" --vary model.N=4,5 \
    --set time.t_end=0.5 --set output.plot=false --ranks 1 >"$work/generate.out" 2>&1
line=$(sed -n 's/^  on Slurm:  //p' "$work/generate.out")
if [ "$line" = "sbatch --array=1-2 --ntasks=1 jobs/qrem-array.sbatch $work/submit/sweep/runs.txt" ]; then
    ok "qrem_sweep.py generate prints the array and the ranks"
else
    fail "qrem_sweep.py generate printed '$line'"
fi
read -r -a words <<<"${line/jobs\//$repo/jobs/}"
job=$("${words[@]:0:1}" --parsable "${words[@]:1}")
s1=$(slurm_wait_job "${job}_1" 120) s2=$(slurm_wait_job "${job}_2" 120)
if [ "$s1" = COMPLETED ] && [ "$s2" = COMPLETED ] && [ -f "$work/submit/sweep/runs/N4/summary.json" ] &&
    [ -f "$work/submit/sweep/runs/N5/summary.json" ]; then
    ok "the array job ran both lines"
else
    fail "array tasks: $s1 $s2"
    show_log "$work/submit/qrem-${job}_1.log"
    show_log "$work/submit/qrem-${job}_2.log"
fi
job=$(sbatch --parsable --ntasks=1 "$repo/jobs/qrem-array.sbatch" sweep/runs.txt)
state=$(slurm_wait_job "$job" 120)
log=$(ls "$work/submit"/qrem-"$job"_*.log 2>/dev/null | head -n 1)
if [ "$state" = COMPLETED ] && grep -q "task 1 (N4): finished, skipped" "$log" &&
    grep -q "task 2 (N5): finished, skipped" "$log" && ! grep -q "task 3" "$log"; then
    ok "plain sbatch of the array template: one job over every line"
else
    fail "plain sbatch of the array template: state $state"
    show_log "$log"
fi
if "$python" "$repo/scripts/qrem_sweep.py" collect "$work/submit/sweep" >"$work/collect.out" 2>&1 &&
    head -n 1 "$work/submit/sweep/collect.csv" | grep -q ",wall_seconds,attempts$"; then
    ok "collect.csv has wall_seconds and attempts"
else
    fail "collect"
    cat "$work/collect.out"
fi

# ---- strong scaling at 1 and 2 ranks
job=$(RANKS="1 2" CONFIG="" sbatch --parsable --ntasks=2 --mem-per-cpu=1G --time=10 \
    "$repo/jobs/qrem-strong-scaling.sbatch" --model.N 5 --time.t_end 0.5)
state=$(slurm_wait_job "$job" 120)
study=$work/submit/studies/strong-$job
if [ "$state" = COMPLETED ] && [ -f "$study/np1/summary.json" ] && [ -f "$study/np2/summary.json" ] &&
    [ -f "$study/scaling.csv" ]; then
    ok "strong scaling at 1 and 2 ranks"
else
    fail "strong scaling: state $state"
    show_log "$work/submit/qrem-strong-$job.log"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
