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

# Sends SIGTERM to the qrem ranks of the run writing to folder $1, all in one kill, as a
# launcher (Slurm) signals its ranks; not to mpiexec, and not to other tests' runs.
terminate_ranks() {
    local ranks=() pid
    for pid in $(pgrep -f -- "--output.dir $1"); do
        [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = qrem ] && ranks+=("$pid")
    done
    kill -TERM "${ranks[@]}"
}
