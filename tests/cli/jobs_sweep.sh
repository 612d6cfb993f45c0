#!/usr/bin/env bash
# A 3-point N-sweep end to end: scripts/qrem_sweep.py generate (N = 4, 6, 8, t_end 0.3),
# run through jobs/qrem-array.sbatch's local fallback on 2 ranks, collect: collect.csv has 3
# rows, fit.json an exponent with its standard error per trk, S_k and S_N, table.md the runs
# and the fits beside the paper's rates, collect.png is a PNG with the time curves of the 3
# runs and the S_N, trk, S_k panels against N.
# Then: a second `run` skips the finished runs; collect on a partial sweep (2 N done, one
# unfinished, one not started) reports the skipped runs and says that no fit is possible.
# Last, scripts/run-default-study.sh with QREM set (no install, no build) on N = 4, 6, 8:
# its arguments reach qrem or replace the study's keys, it prints the S_N and tr1 exponents
# beside the paper's and the wall time, a second call moves the first study aside, and
# --output.dir is refused.
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
grep -q "sbatch --array=1-3 --ntasks=2 jobs/qrem-array.sbatch" "$work/out" && ok "generate prints the sbatch line" ||
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
    if "$python" - "$s/fit.json" <<'EOF'
import json, math, sys
fit = json.load(open(sys.argv[1]))
g = fit["groups"]
assert len(g) == 1 and g[0]["N"] == [4, 6, 8], g
for q, paper in (("tr1", 0.5), ("tr2", 0.5), ("S_1", 1.0), ("S_2", 1.0), ("S_N", 0.0)):
    f = g[0]["fits"][q]
    assert f["fit_possible"] and f["points"] == 3, f
    assert "rough" in f.get("warning", ""), f  # 3 points: one degree of freedom
    assert math.isfinite(f["exponent"]) and 0 <= f["exponent_stderr"] < 1, f
    assert math.isfinite(f["log_c"]) and math.isfinite(f["log_c_stderr"]), f
    assert f["paper_exponent"] == paper, f
    if q != "S_N":
        assert f["exponent"] > 0, f"{q} does not decrease with N: {f}"
EOF
    then ok "fit.json: exponents with standard errors for tr1, tr2, S_1, S_2 and S_N (paper: 0)"; else fail "fit.json"; fi
    if [ "$(grep -c '^| [468] | [0-9]' "$s/table.md")" -eq 3 ] &&
        grep -q '^| S_N | -\{0,1\}[0-9.]* ± [0-9.]* | .* | 0 | Theorem 3' "$s/table.md" &&
        grep -q '^| tr1 | [0-9.]* ± [0-9.]* | .* | 0.5 | Corollary 1' "$s/table.md"; then
        ok "table.md: 3 runs, the S_N and tr1 fits beside the paper's"
    else
        fail "table.md"; cat "$s/table.md"
    fi
    grep -q '^ *8  *[0-9.e+-]*  *[0-9.e+-]* .* N8$' "$work/out" && ok "collect prints the runs' maxima" ||
        fail "collect: no table of the runs on stdout"
else
    fail "collect: exit $status"
fi
if [ "$collect_status" -eq 3 ] && grep -q "matplotlib not available" "$work/out"; then
    echo "SKIP: collect.png (matplotlib not available to $python)"
    skipped=1
elif [ -f "$s/collect.png" ] && [ "$(head -c 4 "$s/collect.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
    ok "collect.png is a PNG ($(wc -c <"$s/collect.png") bytes)"
    grep -q "collect.png: S_N(t) of 3 run(s), tr1(t) of 3; max over t against N with fits: S_N, tr1, tr2, S_1, S_2$" \
        "$work/out" && ok "collect.png: time curves of the 3 runs, S_N, trk and S_k against N" ||
        fail "collect.png panels: $(grep 'collect.png' "$work/out")"
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
[ "$status" -eq 3 ] || grep -q "collect.png: S_N(t) of 2 run(s), tr1(t) of 2; .*: S_N (no fit), tr1 (no fit)" "$work/out" &&
    ok "partial sweep: time curves of the 2 finished runs only" || { fail "partial sweep: collect.png"; show; }

# scripts/run-default-study.sh on a built qrem: small N, short times.
study() { # study ARGS...: sets $status, output in $work/out
    QREM=$qrem QREM_STUDY_DIR=$work/study QREM_PYTHON=$python bash "$repo/scripts/run-default-study.sh" "$@" \
        >"$work/out" 2>&1
    status=$?
}
start=$(date +%s)
study --model.N 4,6,8 --time.t_end 0.3 --lindblad.jump 'site-dephasing 0.3' --output.quiet
if { [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; } && [ -f "$work/study/table.md" ] && [ -f "$work/study/fit.json" ] &&
    grep -q "S(Gamma_t, gamma_t^(x)N) *a = *-\{0,1\}[0-9.]* ± [0-9.]*   paper: a = 0 (Theorem 3" "$work/out" &&
    grep -q "||Gamma_t^{N:1} - gamma_t||_1 *a = *[0-9.]* ± [0-9.]*   paper: a = 0.5 (Corollary 1" "$work/out" &&
    grep -q "^study: [0-9.]* s wall" "$work/out" && grep -q "^results: $work/study/" "$work/out"; then
    ok "run-default-study.sh: N = 4, 6, 8 in $(($(date +%s) - start)) s, the S_N and tr1 exponents beside the paper's"
else
    fail "run-default-study.sh"; show
fi
if "$python" - "$work/study" <<'EOF'; then ok "run-default-study.sh: arguments reach every qrem run or replace the study's keys"; else fail "run-default-study.sh: the runs' configuration"; show; fi
import json, sys
for n in (4, 6, 8):
    c = json.load(open(f"{sys.argv[1]}/runs/N{n}/summary.json"))["config"]
    assert float(c["time.t_end"]) == 0.3 and float(c["time.dt_out"]) == 0.1, c
    assert c["lindblad.jump"] == "site-dephasing 0.3" and c["output.quiet"] == "true", c
    assert c["output.plot"] == "false" and int(c["model.N"]) == n, c
EOF
study --model.N 6 --time.t_end 0.2
if [ "$status" -eq 0 ] && [ -f "$work/study.prev/runs/N8/summary.json" ] && [ -f "$work/study/runs/N6/summary.json" ] &&
    [ ! -e "$work/study/runs/N8" ] && grep -q "previous study is now in $work/study.prev/" "$work/out" &&
    grep -q "no fit (fewer than 3 N)" "$work/out"; then
    ok "run-default-study.sh again: the first study moved to study.prev/, one N: no fit"
else
    fail "run-default-study.sh again"; show
fi
study --output.dir "$work/elsewhere"
[ "$status" -eq 2 ] && [ "$(wc -l <"$work/out")" -eq 1 ] && [ -d "$work/study" ] &&
    ok "run-default-study.sh --output.dir: exit 2, $(cat "$work/out")" || { fail "run-default-study.sh --output.dir"; show; }

# A Python without matplotlib (here Debian's with -S: no site packages) re-runs collect under
# one that has it ($QREM_PYTHON, then /usr/bin/python3) instead of drawing nothing.
if [ "$skipped" -eq 0 ] && [ -x /usr/bin/python3 ]; then
    rm -f "$s/collect.png"
    if /usr/bin/python3 -S "$sweep_py" collect "$s" >"$work/out" 2>&1 && [ -s "$s/collect.png" ]; then
        ok "collect under a Python without matplotlib re-runs under /usr/bin/python3 and draws collect.png"
    else
        fail "collect under a Python without matplotlib"; show
    fi
fi

echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
