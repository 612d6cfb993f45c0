#!/usr/bin/env bash
# Ranks reporting an error at the same moment: every line of the merged standard error must be
# whole. Ten runs of one line per rank (written the old way, piece by piece, 12 of 20 such runs
# at 3 ranks broke a line). Many lines per rank are no test: Open MPI forwards a rank's output
# in chunks of up to 4 KiB, which may end inside a line whatever qrem does.
# Usage: error_lines.sh ERROR_LINES MPIEXEC NP
set -eu
program=$1 mpiexec=$2 np=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
whole_line="^qrem: error( \(rank [0-9]+\))?: line 0 x{200}$"
for run in $(seq 1 10); do
    "$mpiexec" -n "$np" --oversubscribe "$program" 1 2>"$log"
    whole=$(grep -cE "$whole_line" "$log" || true)
    if [ "$whole" -ne "$np" ]; then
        echo "FAIL: run $run: $whole whole lines of $np; the broken ones:"
        grep -vE "$whole_line" "$log" | head -5
        exit 1
    fi
done
echo "error_lines: 10 runs, every line whole ($np ranks)"
