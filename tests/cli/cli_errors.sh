#!/usr/bin/env bash
# Bad input gives one clear line naming the field, a non-zero exit, and no hang, at any rank
# count. Usage: cli_errors.sh QREM MPIEXEC NP DATA_DIR
set -e
qrem=$1 mpiexec=$2 np=$3 data=$4
. "$(dirname "$0")/common.sh"

expect_error() { # expect_error "expected text" args...
    local expected=$1
    shift
    local folder=(--output.dir "$work/run")
    case " $* " in *" --output.dir "*) folder=() ;; esac
    run_qrem "$np" run "${folder[@]}" --time.t_end 0.1 "$@"
    if [ "$status" -eq 0 ]; then
        fail "exit status 0 for: $*"
        return
    fi
    local lines
    lines=$(grep -c '^qrem: error' "$err" || true)
    if [ "$lines" -ne 1 ]; then
        fail "expected one 'qrem: error' line, got $lines for: $*"
        return
    fi
    if ! grep -q -- "$expected" "$err"; then
        fail "message lacks '$expected' for: $*"
        return
    fi
    if grep -qi 'traceback\|PETSC ERROR\|HDF5-DIAG' "$err"; then
        fail "PETSc stack dump printed for: $*"
        return
    fi
    echo "ok: $(grep '^qrem: error' "$err")"
}

bad=$data/bad
expect_error "model.file.h: is not Hermitian: max |h_ab - conj(h_ba)| = 1" \
    --model.type file --model.file.h "$bad/h-not-hermitian.txt" --model.file.W "$bad/W-on-site.txt"
expect_error "model.file.W: is not exchange-symmetric" \
    --model.type file --model.file.h "$bad/h-dimer.txt" --model.file.W "$bad/W-not-exchange-symmetric.txt"
expect_error "model.N: must be at least 2" --model.N 1
expect_error "model.file.h: cannot open file '/nonexistent/h.txt'" \
    --model.type file --model.file.h /nonexistent/h.txt --model.file.W "$bad/W-on-site.txt"
expect_error "config: cannot open file '/nonexistent/run.ini'" --config /nonexistent/run.ini
# Special files are refused by type or size before they are read (a FIFO blocked, /dev/zero
# grew without end, a directory read as an empty config); a declared size is checked before
# allocating (a size line of 30000 30000 allocated 14 GB on every rank).
expect_error "config: '$work' is a directory, not a file" --config "$work"
expect_error "config: '/dev/zero' is not a regular file" --config /dev/zero
echo "not hdf5" >"$work/not-hdf5.h5"
expect_error "initial.Gamma_file: '$work/not-hdf5.h5' is not an HDF5 file" --model.N 4 \
    --initial.nbody_state file --initial.Gamma_file "$work/not-hdf5.h5"
mkfifo "$work/fifo"
expect_error "model.file.W: '$work/fifo' is not a regular file" \
    --model.type file --model.file.h "$bad/h-dimer.txt" --model.file.W "$work/fifo"
printf '%%%%MatrixMarket matrix coordinate complex general\n30000 30000 1\n1 1 1.0 0.0\n' >"$work/huge.mtx"
expect_error "declares 30000 x 30000, more entries than a model matrix may have" \
    --model.type file --model.file.h "$work/huge.mtx" --model.file.W "$bad/W-on-site.txt"
printf '%%%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1.0 0.0\n2 2 1.0 0.0\n' >"$work/extra.mtx"
expect_error "more values than its size line declares" \
    --model.type file --model.file.h "$work/extra.mtx" --model.file.W "$bad/W-on-site.txt"
expect_error "model.colour" --model.colour red
expect_error "model.N" --model.N four
expect_error "lindblad.jump: rate must be >= 0" --lindblad.jump "site-dephasing -1"
expect_error "initial.beta" --initial.beta 1e6
expect_error "time.dt_out: must be positive" --time.dt_out 0
# Silently wrong configurations before: a qrem key with one dash went to PETSc, which ignored
# it (N = 8 ran); a misspelt PETSc option was dropped; NaN and infinities passed range checks.
expect_error "-model.N: qrem's keys take two dashes (--model.N)" -model.N 4
# A run that cannot fit is refused before its folder exists (it was OOM-killed, exit 137).
expect_error "run.memory_per_rank: the run needs about" --model.N 64 --run.memory_per_rank 0.001 \
    --output.dir "$work/too-big"
[ ! -e "$work/too-big" ] || fail "a refused run created its folder"
expect_error "run.memory_per_rank: must be >= 0" --run.memory_per_rank -1
expect_error "model.qudit.levels: gives d = 100000 one-body levels, more than 90" \
    --model.type qudit --model.qudit.levels 100000
expect_error "nbody.backend: symmetric supports d <= 8 (d^2 collective operators per block), this model has d = 9" \
    --model.type qudit --model.qudit.levels 9 --model.N 2 --nbody.backend symmetric
# An interrupted run's folder (checkpoint.h5, no summary.json) is not taken over by a new run.
mkdir -p "$work/interrupted" && : >"$work/interrupted/checkpoint.h5"
expect_error "output.dir: '$work/interrupted' holds an interrupted run (checkpoint.h5): continue it with qrem run --restart" \
    --output.dir "$work/interrupted"
expect_error "PETSc options: -ts_rk_typ was given but read by nothing in this run" -ts_rk_typ 3bs
expect_error "model.bose_hubbard.U: must be a finite number, got inf" --model.bose_hubbard.U inf
expect_error "initial.tilt: must be a finite number, got nan" --initial.tilt nan
expect_error "lindblad.jump: rate must be at most 1e8" --lindblad.jump "site-dephasing 1e300"
expect_error "nbody.method: must be dormand-prince, krylov or runge-kutta" --nbody.method euler
expect_error "nbody.krylov_dimension: must lie in \[2, 200\]" --nbody.krylov_dimension 1
# An implicit TS type needs a complex-linear Jacobian, which the packed blocks cannot hold.
expect_error "-ts_type: 'bdf' needs the generator's Jacobian" --model.N 8 --nbody.backend symmetric \
    --nbody.method runge-kutta -ts_type bdf
# PETSc's TS options with qrem's own integrator would do nothing: named, not ignored.
expect_error "-ts_rk_type: applies to nbody.method = runge-kutta (PETSc TS), not to the default" \
    --model.N 8 -ts_rk_type 3bs
expect_error "diagnostics.spectrum: must be scalapack or slepc" --diagnostics.spectrum lapack
expect_error "diagnostics.k_max: must lie in 1..model.N = 8, got 9" --model.N 8 --diagnostics.k_max 9
expect_error "diagnostics.k_max: d^k_max = 3^7 exceeds 1024" \
    --model.type qudit --model.N 8 --model.qudit.levels 3 --diagnostics.k_max 7
expect_error "diagnostics.quadrature_step: must be positive" --diagnostics.quadrature_step 0
expect_error "diagnostics.production_tolerance: must be positive" --diagnostics.production_tolerance -1
expect_error "initial.Gamma_file: cannot open file '/nonexistent/G.h5'" \
    --model.N 8 --initial.nbody_state file --initial.Gamma_file /nonexistent/G.h5

# A finished run is never overwritten by accident.
run_qrem "$np" run --output.dir "$work/done" --time.t_end 0.1 --output.quiet
[ "$status" -eq 0 ] || fail "first run into $work/done failed"
expect_error "already holds a finished run" --output.dir "$work/done"

# An unknown subcommand.
run_qrem "$np" frobnicate
[ "$status" -ne 0 ] && grep -q "unknown subcommand 'frobnicate'" "$err" || fail "unknown subcommand accepted"

echo "$((18 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
