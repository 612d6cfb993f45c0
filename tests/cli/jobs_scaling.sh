#!/usr/bin/env bash
# Scaling studies end to end: jobs/qrem-strong-scaling.sbatch's local fallback at RANKS="1 2"
# (N = 8, t_end 0.3), then scripts/qrem_scaling.py: a 2-row scaling.csv with speedup and
# efficiency (1 and 1 at one rank; T1/T2 and T1/(2 T2) at two), scaling.png; a resubmission
# skips the finished points; jobs/qrem-weak-scaling.sbatch at RANKS="1 4", N_BASE=5 runs
# N = 5 and 6 (D^2 per rank constant) and reports efficiency T1/T4.
# Usage: jobs_scaling.sh QREM MPIEXEC PYTHON REPO_DIR
# Exits 77 (skipped) when PYTHON has no matplotlib (the report's exit 3), after the other checks.
set -u
qrem=$1 mpiexec=$2 python=$3 repo=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0 skipped=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset SLURM_JOB_ID SLURM_SUBMIT_DIR SLURM_NTASKS CONFIG NS RANKS_PER_N
export QREM=$qrem MPIEXEC=$mpiexec QREM_PYTHON=$python
study() { # study TEMPLATE ARGS...: in $work; sets $status, output in $work/out
    (cd "$work" && bash "$repo/jobs/$1" "${@:2}") >"$work/out" 2>&1
    status=$?
}
png_or_skip() { # png_or_skip FILE
    if grep -q "scaling.png not drawn: matplotlib not available" "$work/out"; then
        echo "SKIP: $1 (matplotlib not available to $python)"; skipped=1
    elif [ -f "$1" ] && [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
        ok "$(basename "$(dirname "$1")")/scaling.png is a PNG"
    else
        fail "$1 missing or not a PNG"
    fi
}

s=$work/strong
start=$(date +%s)
RANKS="1 2" STUDY=$s study qrem-strong-scaling.sbatch --model.N 8 --time.t_end 0.3 --time.dt_out 0.1 --output.quiet
cat "$work/out"
if [ "$status" -eq 0 ] && [ -f "$s/np1/summary.json" ] && [ -f "$s/np2/summary.json" ] && [ ! -e "$s/np1/entropy.png" ]; then
    ok "strong study at 1 and 2 ranks: np1/, np2/ without entropy.png ($(($(date +%s) - start)) s)"
else
    fail "strong study: exit $status"
fi
if "$python" - "$s/scaling.csv" <<'EOF'; then ok "scaling.csv: 2 rows, speedup T1/T2 and efficiency T1/(2 T2)"; else fail "scaling.csv"; fi
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["ranks"] for r in rows] == ["1", "2"] and [r["N"] for r in rows] == ["8", "8"], rows
for c in ("D", "total_s", "evolution_s", "spectrum_s", "speedup", "efficiency", "peak_memory_MiB_per_rank"):
    assert c in rows[0], c
t1, t2 = float(rows[0]["total_s"]), float(rows[1]["total_s"])
assert float(rows[0]["speedup"]) == 1 and float(rows[0]["efficiency"]) == 1, rows[0]
assert abs(float(rows[1]["speedup"]) - t1 / t2) < 1e-12, rows[1]
assert abs(float(rows[1]["efficiency"]) - t1 / (2 * t2)) < 1e-12, rows[1]
assert rows[1]["D"] == "256" and float(rows[1]["gamma_entries_per_rank"]) == 256 ** 2 / 2
EOF
grep -q "^strong scaling, 2 run(s)" "$work/out" && grep -Eq "^ +2 +8 +256 " "$work/out" && ok "the table is printed" ||
    fail "no table printed"
png_or_skip "$s/scaling.png"
RANKS="1 2" STUDY=$s study qrem-strong-scaling.sbatch --model.N 8 --time.t_end 0.3 --time.dt_out 0.1 --output.quiet
[ "$status" -eq 0 ] && [ "$(grep -c "done, skipped" "$work/out")" -eq 2 ] && ok "a resubmission skips the finished points" ||
    { fail "resubmission"; cat "$work/out"; }

w=$work/weak
RANKS="1 4" N_BASE=5 STUDY=$w study qrem-weak-scaling.sbatch --time.t_end 0.3 --time.dt_out 0.1 --output.quiet
cat "$work/out"
[ "$status" -eq 0 ] && [ -f "$w/np1-N5/summary.json" ] && [ -f "$w/np4-N6/summary.json" ] &&
    ok "weak study: np1-N5/, np4-N6/ (N + 1 when the ranks quadruple)" || fail "weak study: exit $status"
if "$python" - "$w/scaling.csv" <<'EOF'; then ok "weak scaling.csv: D^2 per rank constant, efficiency T1/T4, speedup 4 T1/T4"; else fail "weak scaling.csv"; fi
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [(r["ranks"], r["N"]) for r in rows] == [("1", "5"), ("4", "6")], rows
assert rows[0]["gamma_entries_per_rank"] == rows[1]["gamma_entries_per_rank"], rows
t1, t4 = float(rows[0]["total_s"]), float(rows[1]["total_s"])
assert abs(float(rows[1]["efficiency"]) - t1 / t4) < 1e-12 and abs(float(rows[1]["speedup"]) - 4 * t1 / t4) < 1e-12
EOF
png_or_skip "$w/scaling.png"

"$python" "$repo/scripts/qrem_scaling.py" "$work/nothing-here" >"$work/out" 2>&1
[ $? -eq 2 ] && ok "qrem_scaling.py on a missing folder: exit 2" || fail "qrem_scaling.py on a missing folder"

echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
