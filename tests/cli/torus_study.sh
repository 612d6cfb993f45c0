#!/usr/bin/env bash
# scripts/torus_hbar_study.py end to end on a small sweep (hbar 0.2, 0.4; N 2, 3; t <= 0.2 at 2
# ranks): a run folder per point, study.csv with one row per run whose sup_dist1_sq is the
# largest dist1_k1^2 of that run's timeseries.csv, envelope.csv the largest over hbar at each N,
# study.png; a second call keeps the finished runs; a failing point is reported (exit 1).
# Usage: torus_study.sh QREM MPIEXEC PYTHON REPO_DIR
set -u
qrem=$1 mpiexec=$2 python=$3 repo=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
study() {
    "$python" "$repo/scripts/torus_hbar_study.py" --qrem "$qrem" --mpiexec "$mpiexec" --ranks 2 \
        --output "$work/s" --hbar 0.2,0.4 --N 2,3 --t-end 0.2 --dt-out 0.1 "$@" >"$work/out" 2>&1
}
study
status=$?
[ "$status" -eq 0 ] && ok "the study runs (exit 0)" || { fail "exit $status"; cat "$work/out"; }
"$python" - "$work/s" <<'PY' && ok "study.csv and envelope.csv agree with the runs' timeseries.csv" || fail "tables"
import csv, math, sys
folder = sys.argv[1]
study = list(csv.DictReader(open(f"{folder}/study.csv")))
assert len(study) == 4, study
for row in study:
    series = list(csv.DictReader(open(f"{folder}/hbar={float(row['hbar']):g}/N={row['N']}/timeseries.csv")))
    assert float(row["sup_dist1_sq"]) == max(float(r["dist1_k1"]) ** 2 for r in series)
    assert float(row["sup_dist1_sq"]) > 0
for row in csv.DictReader(open(f"{folder}/envelope.csv")):
    assert float(row["envelope"]) == max(float(s["sup_dist1_sq"]) for s in study if s["N"] == row["N"])
    assert abs(float(row["rate_log"]) - math.log(int(row["N"])) ** -0.5) < 1e-15
    N = int(row["N"])  # log log N <= 0 for N <= e: nan there
    loglog = float(row["rate_loglog"])
    assert math.isnan(loglog) if N <= math.e else abs(loglog - 1 / math.log(math.log(N))) < 1e-14
PY
if [ "$(head -c 4 "$work/s/study.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
    ok "study.png is a PNG"
else
    grep -q "matplotlib not available" "$work/out" && echo "SKIP: study.png (no matplotlib)" ||
        fail "study.png missing"
fi
study
[ "$(grep -c "done before, kept" "$work/out")" -eq 4 ] && ok "a second call keeps the 4 finished runs" ||
    { fail "rerun"; cat "$work/out"; }
# the finished runs are kept; a failing new point: the width only matters for new runs, so
# ask for a new N
study --N 4 -- --model.torus.width -1
status=$?
[ "$status" -eq 1 ] && grep -q "model.torus.width" "$work/out" &&
    ok "a failing run (bad qrem argument): exit 1, qrem's error shown" || { fail "failure: exit $status"; cat "$work/out"; }
echo "$failures failed"
[ "$failures" -eq 0 ]
