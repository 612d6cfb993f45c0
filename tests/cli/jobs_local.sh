#!/usr/bin/env bash
# The job templates parse (bash -n), carry their documentation header and the restart
# settings, and the single-run template's local fallback (no Slurm) writes its run folder.
# Usage: jobs_local.sh QREM JOBS_DIR DATA_DIR
set -e
qrem=$1 jobs=$2 data=$3 mpiexec=""
. "$(dirname "$0")/common.sh"
passed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

for name in qrem-run qrem-array qrem-strong-scaling qrem-weak-scaling; do
    [ -f "$jobs/$name.sbatch" ] || bad "missing template jobs/$name.sbatch"
done
for job in "$jobs"/*.sbatch; do
    base=$(basename "$job")
    if bash -n "$job"; then ok "bash -n $base"; else bad "bash -n $base"; fi
    header=$(sed -n '1,/^set -euo pipefail/p' "$job")
    missing=""
    for word in "What to change" "What it writes" "Submit:" "Locally:" "#SBATCH --time"; do
        grep -qF -- "$word" <<<"$header" || missing+=" '$word'"
    done
    if [ -z "$missing" ]; then ok "$base documents what to change, what it writes, submit, locally"; else
        bad "$base lacks$missing"; fi
done
if bash -n "$jobs/qrem-launch.sh"; then ok "bash -n qrem-launch.sh"; else bad "bash -n qrem-launch.sh"; fi
# The array belongs on the sbatch line: an #SBATCH --array would apply to a plain sbatch too.
if grep -q '^#SBATCH --array' "$jobs/qrem-array.sbatch"; then bad "qrem-array.sbatch fixes --array"; else
    ok "qrem-array.sbatch leaves --array to the sbatch line"; fi
for base in qrem-run qrem-array; do
    if grep -q '^#SBATCH --signal=USR1@300' "$jobs/$base.sbatch" && grep -q '^#SBATCH --requeue' "$jobs/$base.sbatch"; then
        ok "$base.sbatch: --signal=USR1@300 and --requeue"
    else
        bad "$base.sbatch: no '#SBATCH --signal=USR1@300' or '#SBATCH --requeue'"
    fi
done

status=0
(cd "$work" && unset SLURM_JOB_ID SLURM_SUBMIT_DIR RUN_ID && QREM="$qrem" CONFIG="$data/reference-dephasing.ini" \
    QREM_RANKS=2 bash "$jobs/qrem-run.sbatch" --output.quiet >"$work/job.out" 2>&1) || status=$?
dir=$(ls -d "$work"/runs/local-* 2>/dev/null | head -1)
if [ "$status" -ne 0 ]; then
    bad "local fallback: exit $status"; cat "$work/job.out"
elif [ -n "$dir" ] && [ -f "$dir/summary.json" ] && [ -f "$dir/timeseries.csv" ] && [ -f "$dir/config.ini" ]; then
    ok "local fallback wrote runs/$(basename "$dir")/ ($(cd "$dir" && ls | tr '\n' ' '))"
    grep -q '"ranks": 2' "$dir/summary.json" && ok "local fallback ran on QREM_RANKS=2 ranks" ||
        bad "summary.json does not say 2 ranks"
else
    bad "no summary.json, timeseries.csv, config.ini under $work/runs/local-*"; cat "$work/job.out"
fi
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
