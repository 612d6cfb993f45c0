#!/usr/bin/env bash
# The job templates parse (bash -n) and their local fallback (no Slurm) runs.
# Usage: jobs_local.sh QREM JOBS_DIR DATA_DIR
set -e
qrem=$1 jobs=$2 data=$3 mpiexec=""
. "$(dirname "$0")/common.sh"
for job in "$jobs"/*.sbatch; do
    if bash -n "$job"; then echo "ok: bash -n $(basename "$job")"; else echo "FAIL: bash -n $job"; failures=$((failures + 1)); fi
done
(cd "$work" && unset SLURM_JOB_ID SLURM_SUBMIT_DIR && QREM="$qrem" CONFIG="$data/reference-dephasing.ini" QREM_RANKS=2 \
    bash "$jobs/qrem-run.sbatch" --output.quiet) || failures=$((failures + 1))
if ls "$work"/runs/local-*/summary.json >/dev/null 2>&1; then echo "ok: local fallback wrote runs/local-*/"; else
    echo "FAIL: no summary.json under $work/runs"; failures=$((failures + 1)); fi
echo "$((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
