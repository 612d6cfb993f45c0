#!/usr/bin/env bash
# A 3-point N-sweep end to end: scripts/qrem_sweep.py generate (N = 4, 6, 8, t_end 0.3),
# run through jobs/qrem-array.sbatch's local fallback on 2 ranks, collect: collect.csv has 3
# rows, fit.json an exponent with its standard error per trk and S_k, collect.png is a PNG.
# Then: a second `run` skips the finished runs; collect on a partial sweep (2 N done, one
# unfinished, one not started) reports the skipped runs and says that no fit is possible.
# Usage: jobs_sweep.sh QREM MPIEXEC PYTHON REPO_DIR
# Exits 77 (skipped) when PYTHON has no matplotlib (collect's exit 3), after the other checks.
set -u
qrem=$1 mpiexec=$2 python=$3 repo=$4
sweep_py=$repo/scripts/qrem_sweep.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0 skipped=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sweep() { # sweep ARGS...: sets $status, output in $work/out
    "$python" "$sweep_py" "$@" >"$work/out" 2>&1
    status=$?
}
show() { echo "--- exit $status:"; cat "$work/out"; }
export MPIEXEC=$mpiexec
unset SLURM_JOB_ID SLURM_ARRAY_TASK_ID SLURM_ARRAY_JOB_ID SLURM_SUBMIT_DIR TASKS RUNS

s=$work/sweep
sweep generate --out "$s" --vary model.N=4,6,8 --set time.t_end=0.3 --set time.dt_out=0.1 \
    --set output.quiet=true --set output.plot=false
if [ "$status" -eq 0 ] && [ "$(wc -l <"$s/runs.txt")" -eq 3 ] && grep -q "^N6 .*--model.N 6$" "$s/runs.txt" &&
    [ -f "$s/sweep.json" ]; then ok "generate: runs.txt with 3 lines, sweep.json"; else fail "generate"; show; fi
grep -q "sbatch --array=1-3 jobs/qrem-array.sbatch" "$work/out" && ok "generate prints the sbatch line" ||
    fail "generate: no sbatch line"

start=$(date +%s)
sweep run --sweep "$s" --ranks 2 --qrem "$qrem"
if [ "$status" -eq 0 ] && [ -f "$s/runs/N4/summary.json" ] && [ -f "$s/runs/N6/summary.json" ] &&
    [ -f "$s/runs/N8/summary.json" ]; then
    ok "run through jobs/qrem-array.sbatch: runs/N4, N6, N8 finished ($(($(date +%s) - start)) s)"
else
    fail "run"; show
fi
grep -q '"ranks": 2' "$s/runs/N8/summary.json" 2>/dev/null && ok "runs on --ranks 2" || fail "N8 not on 2 ranks"
sweep run --sweep "$s" --ranks 2 --qrem "$qrem"
[ "$status" -eq 0 ] && [ "$(grep -c "finished, skipped" "$work/out")" -eq 3 ] &&
    ok "a second run skips the 3 finished runs" || { fail "second run"; show; }

sweep collect "$s"
cat "$work/out"
collect_status=$status
if [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; then
    rows=$(($(wc -l <"$s/collect.csv") - 1))
    [ "$rows" -eq 3 ] && ok "collect.csv has 3 rows" || fail "collect.csv has $rows rows"
    head -1 "$s/collect.csv" | grep -q "^name,N,d,D,ranks,final_t,S_N_final,S_N_max,.*tr1_max,.*violations" &&
        ok "collect.csv columns: $(head -1 "$s/collect.csv")" || fail "collect.csv header: $(head -1 "$s/collect.csv")"
    if "$python" - "$s/fit.json" <<'EOF'; then ok "fit.json: exponents with standard errors for tr1, tr2, S_1, S_2"; else fail "fit.json"; fi
import json, math, sys
fit = json.load(open(sys.argv[1]))
g = fit["groups"]
assert len(g) == 1 and g[0]["N"] == [4, 6, 8], g
for q, paper in (("tr1", 0.5), ("tr2", 0.5), ("S_1", 1.0), ("S_2", 1.0)):
    f = g[0]["fits"][q]
    assert f["fit_possible"] and f["points"] == 3, f
    assert math.isfinite(f["exponent"]) and 0 <= f["exponent_stderr"] < 1, f
    assert math.isfinite(f["log_c"]) and math.isfinite(f["log_c_stderr"]), f
    assert f["paper_exponent"] == paper, f
    assert f["exponent"] > 0, f"{q} does not decrease with N: {f}"
EOF
else
    fail "collect: exit $status"
fi
if [ "$collect_status" -eq 3 ] && grep -q "matplotlib not available" "$work/out"; then
    echo "SKIP: collect.png (matplotlib not available to $python)"
    skipped=1
elif [ -f "$s/collect.png" ] && [ "$(head -c 4 "$s/collect.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
    ok "collect.png is a PNG ($(wc -c <"$s/collect.png") bytes)"
else
    fail "collect.png missing or not a PNG"
fi
[ -z "$(find "$s" -maxdepth 1 -name '*.tmp-*')" ] || fail "temporary files left in $s"

# A partial sweep: N4, N6 finished (copied), N8 unfinished (no summary.json), N10 not started.
p=$work/partial
sweep generate --out "$p" --vary model.N=4,6,8,10 --set time.t_end=0.3
mkdir -p "$p/runs/N8"
cp -r "$s/runs/N4" "$s/runs/N6" "$p/runs/"
cp "$s/runs/N8/timeseries.csv" "$p/runs/N8/"
sweep collect "$p"
if { [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; } && grep -q "skipped N8: unfinished" "$work/out" &&
    grep -q "skipped N10: not started" "$work/out" && grep -q "fit not possible" "$work/out" &&
    [ "$(wc -l <"$p/collect.csv")" -eq 3 ] &&
    "$python" -c "import json,sys; g=json.load(open(sys.argv[1]))['groups'][0]['fits']['tr1']; sys.exit(g['fit_possible'])" "$p/fit.json"
then
    ok "partial sweep: 2 rows, N8 and N10 reported, 'fit not possible' (2 distinct N)"
else
    fail "partial sweep"; show
fi

echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
