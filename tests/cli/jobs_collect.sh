#!/usr/bin/env bash
# scripts/qrem_sweep.py without qrem: generate (Cartesian product, run names, shell quoting,
# argument errors) and collect on made-up summary.json files with exact power laws, in two
# groups of a second varied key: the fitted exponents and constants come back exactly with a
# zero standard error; a zero value is left out of the fit; collect.csv has one row per run.
# Usage: jobs_collect.sh PYTHON SCRIPTS_DIR
# Exits 77 (skipped) when PYTHON has no matplotlib (collect's exit 3), after the other checks.
set -u
python=$1 sweep_py=$2/qrem_sweep.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0 skipped=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sweep() { "$python" "$sweep_py" "$@" >"$work/out" 2>&1; status=$?; }
show() { echo "--- exit $status:"; cat "$work/out"; }

# --- generate
s=$work/s
echo "[time]" >"$work/base.ini"
sweep generate --base "$work/base.ini" --out "$s" --vary model.N=4,6,8 --vary model.bose_hubbard.J=0.5,1 \
    --set 'lindblad.jump=site-dephasing 0.5' --set time.t_end=0.3
expected="N4_J0.5 N4_J1 N6_J0.5 N6_J1 N8_J0.5 N8_J1"
if [ "$status" -eq 0 ] && [ "$(cut -d' ' -f1 "$s/runs.txt" | tr '\n' ' ')" = "$expected " ]; then
    ok "generate: 3 x 2 runs named $expected"
else
    fail "generate: names $(cut -d' ' -f1 "$s/runs.txt" 2>/dev/null | tr '\n' ' ')"; show
fi
line=$(grep "^N6_J0.5 " "$s/runs.txt")
read -r _ rest <<<"$line"
eval "args=($rest)"
want=(--config "$work/base.ini" --lindblad.jump "site-dephasing 0.5" --time.t_end 0.3 --model.N 6 --model.bose_hubbard.J 0.5)
[ "${args[*]}" = "${want[*]}" ] && [ "${#args[@]}" -eq "${#want[@]}" ] &&
    ok "runs.txt line as shell words: $line" || fail "runs.txt line: $line"
sweep generate --out "$s" --vary model.N=4
[ "$status" -eq 2 ] && grep -q "exists" "$work/out" && ok "generate refuses to replace runs.txt without --force" ||
    { fail "generate over an existing sweep"; show; }
sweep generate --out "$work/q" --vary 'lindblad.jump=site-dephasing 0.1|none' --vary model.N=4
grep -q "^jump-site-dephasing-0.1_N4  --lindblad.jump 'site-dephasing 0.1' --model.N 4$" "$work/q/runs.txt" &&
    grep -q "^jump-none_N4 " "$work/q/runs.txt" && ok "generate: '|' separates values that hold commas/spaces" ||
    { fail "generate with '|'"; cat "$work/q/runs.txt"; }
for bad in "--vary model.N" "--vary N=4,6" "--vary model.N=4,,6" "--vary output.dir=a,b" \
    "--vary model.N=4,6 --set model.N=8" "--base $work/none.ini --vary model.N=4"; do
    # shellcheck disable=SC2086
    sweep generate --out "$work/bad" $bad
    [ "$status" -eq 2 ] && [ "$(wc -l <"$work/out")" -eq 1 ] && ok "generate $bad: $(cat "$work/out")" ||
        { fail "generate $bad"; show; }
done

# --- collect on made-up results: tr_k = c_k N^(-1/2), S_k = k^2/N (S_1 at N = 8 is 0: dropped)
"$python" - "$s" <<'EOF'
import json, os, sys
s = sys.argv[1]
sweep = json.load(open(os.path.join(s, "sweep.json")))
for r in sweep["runs"]:
    n, j = int(r["values"]["model.N"]), float(r["values"]["model.bose_hubbard.J"])
    m = {"S_N": 0.1 * j, "S_1": 0.0 if (n == 8 and j == 1) else j / n, "S_2": 4 * j / n,
         "tr1": 0.3 * j * n ** -0.5, "tr2": 0.6 * j * n ** -0.5}
    f = {k: v / 2 for k, v in m.items()}
    summary = {"ranks": 2, "model": {"N": n, "d": 2}, "nbody": {"D": 2 ** n}, "final_t": 0.3,
               "config": {"time.t_end": "0.29999999999999999"}, "final": f, "max": m,
               "violations": 0, "timings_seconds": {"total": 1.5}}
    os.makedirs(os.path.join(s, "runs", r["name"]))
    json.dump(summary, open(os.path.join(s, "runs", r["name"], "summary.json"), "w"))
EOF
sweep collect "$s"
collect_status=$status
cat "$work/out"
[ "$(wc -l <"$s/collect.csv")" -eq 7 ] && head -1 "$s/collect.csv" | grep -q "^name,model.bose_hubbard.J,N,d,D," &&
    ok "collect.csv: 6 rows, the group key as a column" || fail "collect.csv: $(head -2 "$s/collect.csv")"
if "$python" - "$s/fit.json" <<'EOF'; then ok "fit.json: per J group, exact exponents 0.5 and 1, stderr 0, log c exact, zero dropped"; else fail "fit.json"; fi
import json, math, sys
fit = json.load(open(sys.argv[1]))
groups = {g["values"]["model.bose_hubbard.J"]: g for g in fit["groups"]}
assert sorted(groups) == ["0.5", "1"], groups.keys()
for jtext, g in groups.items():
    j = float(jtext)
    for q, a, c in (("tr1", 0.5, 0.3 * j), ("tr2", 0.5, 0.6 * j), ("S_2", 1.0, 4 * j)):
        f = g["fits"][q]
        assert abs(f["exponent"] - a) < 1e-9 and f["exponent_stderr"] < 1e-7, (q, f)
        assert abs(f["log_c"] - math.log(c)) < 1e-9 and f["log_c_stderr"] < 1e-7, (q, f)
    s0 = g["fits"]["S_N"]
    assert abs(s0["exponent"]) < 1e-9, s0
f = groups["1"]["fits"]["S_1"]
assert not f["fit_possible"] and "dropped_points" in f and f["N"] == [4, 6], f
assert groups["0.5"]["fits"]["S_1"]["fit_possible"]
EOF
if [ "$collect_status" -eq 3 ] && grep -q "matplotlib not available" "$work/out"; then
    echo "SKIP: collect.png (matplotlib not available to $python)"; skipped=1
elif [ "$collect_status" -eq 0 ] && [ "$(head -c 4 "$s/collect.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then
    ok "collect.png with two groups"
else
    fail "collect: exit $collect_status"
fi

# collect without sweep.json: every folder under runs/, no group keys; nothing finished: exit 1
mkdir -p "$work/loose/runs"
cp -r "$s/runs/N4_J1" "$s/runs/N6_J1" "$work/loose/runs/"
sweep collect "$work/loose"
{ [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; } && [ "$(wc -l <"$work/loose/collect.csv")" -eq 3 ] &&
    ok "collect without sweep.json: the run folders found" || { fail "collect without sweep.json"; show; }
mkdir -p "$work/empty/runs/N4"
sweep collect "$work/empty"
[ "$status" -eq 1 ] && grep -q "nothing to collect" "$work/out" && ok "collect with no finished run: exit 1" ||
    { fail "collect with no finished run"; show; }

echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
