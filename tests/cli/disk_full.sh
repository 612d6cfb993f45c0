#!/usr/bin/env bash
# A full disk while a run writes: the checkpoint (refused before it starts, and failing inside
# HDF5's write) and the small files of an output time. Each must end with exit status 74 and
# one line that names the file and "No space left on device", leave no temporary file, never
# hang or crash in finalisation, and keep the last checkpoint usable: once there is room,
# --restart finishes the run. Before, a failing checkpoint hung at 3 ranks, or left a
# checkpoint.h5.tmp as large as Gamma and HDF5's stack dump.
# Needs a small file system: a tmpfs mounted in a private mount namespace (unshare), or
# directly as root; where neither is allowed the test is skipped (exit 77).
# Usage: disk_full.sh QREM MPIEXEC NP
set -e
if [ -z "${QREM_DISK_FULL_NAMESPACE:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
    exec env QREM_DISK_FULL_NAMESPACE=1 unshare --mount --propagation private bash "$0" "$@"
fi
qrem=$1 mpiexec=$2 np=$3
. "$(dirname "$0")/common.sh"
fs="$work/fs"
mkdir "$fs"
if ! mount -t tmpfs -o size=2m tmpfs "$fs" 2>/dev/null; then
    echo "SKIP: cannot mount a small file system here (needs unshare or root)"
    exit 77
fi
trap 'umount "$fs" 2>/dev/null; rm -rf "$work"' EXIT
resize() { mount -o remount,size="$1" "$fs"; }

dense=(--model.N 8 --nbody.backend dense --time.t_end 0.4 --checkpoint.every 1)

# No temporary file, no crash, the error line: the checks every case shares.
check_failed_write() {
    local what=$1 file=$2
    [ "$status" -eq 74 ] || fail "$what: exit status $status, expected 74"
    grep -q "cannot write '.*$file' (.*No space left on device" "$err" ||
        fail "$what: no line naming $file and 'No space left on device'"
    grep -q "HDF5-DIAG\|Segmentation\|signal 11" "$err" && fail "$what: HDF5 dump or crash"
    local left
    left=$(find "$fs" -name '*.tmp*')
    [ -z "$left" ] || fail "$what: temporary files left behind: $left"
}

# Restart once there is room: the run must finish from the checkpoint that was kept.
check_restart() {
    local what=$1
    resize 16m
    run_qrem "$np" run --restart --output.dir "$fs/run"
    [ "$status" -eq 0 ] && [ -f "$fs/run/summary.json" ] ||
        fail "$what: --restart after freeing space did not finish (status $status)"
}

# 1. The second checkpoint does not fit: refused before the write starts.
run_qrem "$np" run "${dense[@]}" --output.dir "$fs/run"
check_failed_write "checkpoint, refused" checkpoint.h5
grep -q "continue from the last checkpoint with: .*qrem run --restart --output.dir $fs/run" "$err" ||
    fail "checkpoint, refused: no restart command"
check_restart "checkpoint, refused"

# 2. The same inside HDF5's write (the pre-check switched off): the failing rank ends the run.
rm -rf "${fs:?}"/*
resize 2m
QREM_TEST_SKIP_DISK_CHECK=1 run_qrem "$np" run "${dense[@]}" --output.dir "$fs/run"
check_failed_write "checkpoint, inside the write" checkpoint.h5
grep -q "\[PETSc error" "$err" || fail "checkpoint, inside the write: the write did not fail in HDF5"
check_restart "checkpoint, inside the write"

# 3. The small files of an output time (a Hartree-only run): refused before, and failing in
#    write(2) (pre-check off).
for skip in "" 1; do
    rm -rf "${fs:?}"/*
    resize 1m
    head -c 900000 /dev/zero >"$fs/filler"
    QREM_TEST_SKIP_DISK_CHECK=$skip run_qrem "$np" run --nbody.evolve false --time.t_end 50 \
        --output.dir "$fs/run"
    check_failed_write "output files (pre-check ${skip:-on})" "\(csv\|results.h5\)"
    [ -z "$skip" ] || grep -q "(write: No space left" "$err" ||
        fail "output files: the write itself did not fail"
    grep -q "keeps no checkpoint: once there is room, run the same command again" "$err" ||
        fail "output files: no advice"
done

[ "$failures" -eq 0 ] && echo "disk_full: all passed" || exit 1
