#!/usr/bin/env bash
# The reference gamma_t, ||X(t)||_op and m_0(t) of bose-hubbard-dimer-N4.json, reproduced
# through the qrem command line.
# Usage: cli_reference.sh QREM MPIEXEC NP DATA_DIR PYTHON [BACKEND]   (nbody.backend, default auto)
set -e
qrem=$1 mpiexec=$2 np=$3 data=$4 python=$5 backend=${6:-auto}
. "$(dirname "$0")/common.sh"

# The copy in tests/data must equal the shared reference when that is beside the checkout.
shared=$(dirname "$0")/../../../shared/reference/bose-hubbard-dimer-N4.json
if [ -f "$shared" ] && ! cmp -s "$shared" "$data/bose-hubbard-dimer-N4.json"; then
    echo "FAIL: tests/data/bose-hubbard-dimer-N4.json differs from $shared"
    exit 1
fi

for case in closed dephasing; do
    run_qrem "$np" run --config "$data/reference-$case.ini" --output.dir "$work/$case" --output.quiet \
        --nbody.backend "$backend"
    [ "$status" -eq 0 ] || { fail "qrem run failed for $case"; continue; }
    "$python" "$(dirname "$0")/check_reference.py" "$data/bose-hubbard-dimer-N4.json" "$case" "$work/$case" ||
        fail "reference mismatch for $case"
done
echo "$((2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
