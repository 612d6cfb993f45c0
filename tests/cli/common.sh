# Shared by the CLI tests: run qrem under mpiexec with a given rank count.
#   run_qrem NP ARGS...   sets $status, $out, $err (files in $work)
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

run_qrem() {
    local np=$1
    shift
    set +e
    "$mpiexec" -n "$np" --oversubscribe "$qrem" "$@" >"$work/out" 2>"$work/err"
    status=$?
    set -e
    out="$work/out"
    err="$work/err"
}

fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$out"
    echo "--- stderr"; cat "$err"
    failures=$((failures + 1))
}
