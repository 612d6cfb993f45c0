#!/usr/bin/env bash
# scripts/plot_entropy.py draws entropy.png from a small timeseries.csv with inf values and a
# violated check, writes it atomically, and fails with exit 2 and one clear line on a missing
# column or folder. Usage: plot_entropy.sh PYTHON SCRIPT
# Exits 77 (skipped) after the error checks when PYTHON has no matplotlib/numpy (the script's
# exit 3), so that ctest can report a skip with SKIP_RETURN_CODE 77.
set -euo pipefail
python=$1 script=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failures=0 skipped=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

run() { # run ARGS...: sets $status; stderr in $work/err
    set +e
    "$python" "$script" "$@" >"$work/out" 2>"$work/err"
    status=$?
    set -e
}

mkdir "$work/run"
cat >"$work/run/timeseries.csv" <<'EOF'
t,S_N,bound_aposteriori,bound_thm3,ln_bound_thm3,S_1,S_2,tr1,tr2,bound_cor1_k1,bound_cor1_k2,production,production_integral,violations,energy
0,1.1e-16,0,0.6931471805599453,-0.36651292058166435,0,-1e-16,2e-16,3e-16,0,0,0,0,0,3.5
0.1,1e-05,4.4e-05,2.2e+300,691.8,5e-07,1.75e-06,0.0006,0.0011,0.0033,0.0047,0.0002,1e-05,0,3.5
0.2,4e-05,0.00019,inf,1383.9,2e-06,7e-06,0.0012,0.0022,0.0069,0.0098,0.0004,4e-05,0,3.5
0.3,9e-05,0.00045,inf,2075.9,4.5e-06,1.6e-05,0.0018,0.0033,0.0106,0.015,0.0006,9e-05,1,3.5
0.4,0.00016,0.00088,inf,2768.0,8e-06,2.8e-05,0.0024,0.0044,0.0148,0.021,0.0008,0.00016,0,3.5
0.5,0.00025,inf,inf,3460.0,nan,4.4e-05,0.003,0.0055,inf,inf,0.001,0.00025,0,3.5
EOF
cat >"$work/run/config.ini" <<'EOF'
# a flat config, as the title reader must also accept
model.type = bose-hubbard
model.N = 8
[model.bose_hubbard]
sites = 2
EOF

# Error checks: these need no matplotlib, the CSV is read first.
mkdir "$work/nocol"
cut -d, -f1-10,12- "$work/run/timeseries.csv" >"$work/nocol/timeseries.csv" # no bound_cor1_k2
run "$work/nocol"
if [ "$status" -eq 2 ] && grep -q "bound_cor1_k2" "$work/err" && [ "$(wc -l <"$work/err")" -eq 1 ]; then
    ok "missing column: $(cat "$work/err")"
else
    fail "missing column: exit $status, stderr: $(cat "$work/err")"
fi
run "$work/no-such-folder"
if [ "$status" -eq 2 ] && grep -q "no-such-folder/timeseries.csv" "$work/err"; then
    ok "missing folder: $(cat "$work/err")"
else
    fail "missing folder: exit $status, stderr: $(cat "$work/err")"
fi

check_png() { # check_png FILE WHAT
    if [ ! -f "$1" ]; then
        fail "$2: $1 not written"
    elif [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" != 89504e47 ]; then
        fail "$2: $1 is not a PNG"
    elif [ "$(wc -c <"$1")" -lt 20000 ]; then
        fail "$2: $1 has only $(wc -c <"$1") bytes"
    elif [ -n "$(find "$(dirname "$1")" -maxdepth 1 -name '*.tmp-*')" ]; then
        fail "$2: temporary file left: $(find "$(dirname "$1")" -maxdepth 1 -name '*.tmp-*')"
    else
        ok "$2: $1, $(wc -c <"$1") bytes"
    fi
}

run "$work/run"
if [ "$status" -eq 3 ] && grep -q "^plot_entropy: matplotlib not available" "$work/err"; then
    echo "SKIP: $(cat "$work/err")"
    skipped=1
elif [ "$status" -ne 0 ]; then
    fail "plot: exit $status, stderr: $(cat "$work/err")"
else
    check_png "$work/run/entropy.png" "plot"
    mkdir "$work/elsewhere"
    run "$work/run" --output "$work/elsewhere/e.png"
    [ "$status" -eq 0 ] || fail "--output: exit $status, stderr: $(cat "$work/err")"
    check_png "$work/elsewhere/e.png" "--output"
fi

echo "$passed passed, $failures failed, $skipped skipped"
[ "$failures" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
