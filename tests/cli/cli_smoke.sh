#!/usr/bin/env bash
# The documented commands work: help texts, info, a short run with its four files, and a
# re-run from the effective config.ini that reproduces the time series exactly.
# Usage: cli_smoke.sh QREM [SOURCE_DIR]
set -e
qrem=$1 source_dir=${2:-} mpiexec=""
. "$(dirname "$0")/common.sh"
check() { # check "description" command...
    if "${@:2}" >/dev/null 2>&1; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi
}
passed() { echo "$1 passed, $failures failed"; [ "$failures" -eq 0 ]; }

check "qrem --help lists the commands" bash -c "'$qrem' --help | grep -q 'run '"
check "qrem --version" bash -c "'$qrem' --version | grep -q '^qrem [0-9]'"
# The commit built, not the one configured (version.hpp is regenerated at every build).
if [ -n "$source_dir" ] && commit=$(git -C "$source_dir" describe --always 2>/dev/null); then
    check "qrem --version names the commit built ($commit)" \
        bash -c "'$qrem' --version | grep -q '($commit[-)]'"
fi
check "qrem run --help lists config keys" bash -c "'$qrem' run --help | grep -q 'model.bose_hubbard.J'"
check "qrem run --help mentions PETSc options" bash -c "'$qrem' run --help | grep -q 'PETSc'"
check "qrem info --help" bash -c "'$qrem' info --help | grep -q 'D = d^N'"
check "qrem info prints D and the memory verdict" bash -c "'$qrem' info --model.N 10 | grep -q 'D = d^N = 1024'"
check "qrem info flags 32-bit index overflow" bash -c "'$qrem' info --model.N 40 | grep -q '64-bit-indices'"
check "qrem info estimates the run time from a trial" bash -c "'$qrem' info --model.N 8 --time.t_end 1 | grep -q '^run time        about .* output times'"
check "qrem info's trial takes 3 steps past a spent budget" bash -c "'$qrem' info --model.N 8 --time.t_end 1 --time.dt_out 1 --estimate-seconds 1e-9 | grep -q '; 3 N-body steps .* more steps of'"
check "qrem info --estimate-seconds 0 skips the trial" bash -c "! '$qrem' info --model.N 8 --estimate-seconds 0 | grep -q '^run time'"
# --output.overwrite moves the old run aside: a new run that fails leaves no summary.json of the
# old files (the folder looked finished while its files disagreed), one that finishes removes it.
"$qrem" run --model.N 8 --time.t_end 0.1 --output.dir "$work/over" --output.quiet >/dev/null
"$qrem" run --model.N 8 --time.t_end 0.1 --output.dir "$work/over" --output.quiet --output.overwrite \
    -ts_rk_typ 3bs >/dev/null 2>&1 && fail "a run with an unused PETSc option succeeded"
check "a failed --output.overwrite run leaves the old files aside, not a finished-looking folder" \
    bash -c "test ! -e '$work/over/summary.json' && test -e '$work/over/previous-run/summary.json'"
"$qrem" run --model.N 8 --time.t_end 0.1 --output.dir "$work/over" --output.quiet --output.overwrite >/dev/null
check "a finished --output.overwrite run removes the old files" \
    bash -c "test -e '$work/over/summary.json' && test ! -e '$work/over/previous-run'"
check "run.force runs what the memory check would refuse" \
    "$qrem" run --model.N 8 --time.t_end 0.1 --run.memory_per_rank 0.001 --run.force --output.dir "$work/forced" --output.quiet
check "qrem info reports a non-normal L" bash -c "'$qrem' info --lindblad.jump 'amplitude-damping 0.1' | grep -q 'does NOT hold'"
(cd "$work" && "$qrem" run --time.t_end 0.5 --output.quiet >/dev/null)
check "default output folder qrem-runs/<timestamp> holds the result files and the plot" \
    bash -c "ls '$work'/qrem-runs/*/timeseries.csv '$work'/qrem-runs/*/gamma.csv '$work'/qrem-runs/*/summary.json '$work'/qrem-runs/*/config.ini '$work'/qrem-runs/*/entropy.png"
first=$(ls -d "$work"/qrem-runs/*)
check "PETSc options reach the Hartree TS (-hartree_ts_rk_type 5dp changes the step count)" \
    bash -c "'$qrem' run --time.t_end 0.5 --output.dir '$work/dp' --output.quiet -hartree_ts_rk_type 5dp &&
             ! cmp -s '$work/dp/timeseries.csv' '$first/timeseries.csv'"
check "re-running the effective config.ini reproduces timeseries.csv exactly" \
    bash -c "'$qrem' run --config '$first/config.ini' --output.dir '$work/again' --output.quiet &&
             cmp '$work/again/timeseries.csv' '$first/timeseries.csv'"
check "summary.json is valid JSON with the model and timings" \
    python3 -c "import json,sys; s=json.load(open('$first/summary.json')); sys.exit(0 if s['model']['N']==64 and 'hartree' in s['timings_seconds'] else 1)"
check "summary.json has the peak memory's growth per phase: the evolution's is positive, none negative" \
    python3 -c "import json,sys; g=json.load(open('$first/summary.json'))['peak_memory_growth_bytes_by_phase']; sys.exit(0 if g['evolution'] > 0 and min(g.values()) >= 0 and set(g) >= {'initial_state', 'spectrum'} else 1)"
check "summary.json lists entropy.png, the checks, no violation, and the config" \
    python3 -c "import json,sys; s=json.load(open('$first/summary.json')); sys.exit(0 if 'entropy.png' in s['files'] and 'pinsker_k1' in s['checks'] and s['violations']==0 and s['config']['model.N']=='64' else 1)"
check "without a plotting interpreter the run succeeds, with a note" \
    bash -c "QREM_PYTHON=/nonexistent/python3 '$qrem' run --time.t_end 0.2 --output.dir '$work/noplot' --output.quiet &&
             test ! -e '$work/noplot/entropy.png' &&
             grep -q 'entropy.png not drawn' '$work/noplot/summary.json'"
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3 # Debian's, with NumPy
check "scripts/qrem_results.py loads every file of the run into NumPy arrays" \
    "$py" "$(dirname "$0")/results_reader_check.py" "$(dirname "$0")/../../scripts" "$first" 64
check "docs/outputs.md documents exactly the columns of timeseries.csv" \
    python3 "$(dirname "$0")/docs_columns.py" "$(dirname "$0")/../../docs/outputs.md" "$first/timeseries.csv" 2
check "timeseries.csv has the documented columns" \
    bash -c "head -1 '$first/timeseries.csv' | grep -q '^t,nbody_steps,.*,S_N,S_vN,.*,S_1,tr1,S_2,tr2,production,.*,bound_aposteriori,bound_cor1_k1,bound_cor1_k2,Phi_N,lemma1_slack,moment_1,.*,C_star,violations,'"
check "progress lines between output times (output.progress_interval)" \
    bash -c "'$qrem' run --time.t_end 0.2 --time.dt_out 0.2 --output.dir '$work/progress' --output.progress_interval 1e-6 |
             grep -q '^    \.\.\. t = .*steps'"
check "quiet mode prints nothing" \
    bash -c "test -z \"\$('$qrem' run --time.t_end 0.2 --output.dir '$work/quiet' --output.quiet --output.progress_interval 1e-6)\""
passed $((19 - failures))
