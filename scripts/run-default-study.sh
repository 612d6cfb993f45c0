#!/usr/bin/env bash
# Sets up everything on a fresh Debian 12 machine, builds qrem and runs the default study: the
# mean-field limit of qrem's default model (two-site Bose-Hubbard, J = U = 1, site dephasing
# 0.5, Gamma_0 = gamma_0^(x)N) as an N-sweep, N = 8, 16, 32, 64, 128, 256, t in [0, 1] with
# output every 0.1, through scripts/qrem_sweep.py (generate, run, collect). Every N runs on the
# Schur-Weyl blocks (nbody.backend = auto), one after the other on QREM_RANKS MPI ranks.
# It prints per N the largest S(Gamma_t, gamma_t^(x)N) and ||Gamma_t^{N:1} - gamma_t||_1 over
# t, the fitted rates in N beside the paper's (Theorem 3: S_N bounded in N; Corollary 1:
# tr1 ~ N^(-1/2)), the wall time, and where the results are:
#   results/default-study/table.md     the table (per N and the fits)
#   results/default-study/collect.png  the picture: S_N(t) and tr1(t) for every N, and
#                                      max_t S_N, trk, S_k against N with the fits and the
#                                      paper's slopes
#   results/default-study/collect.csv, fit.json, runs/N<N>/ (each run's qrem folder)
# (docs/cluster.md, "Sweeps"). A previous study in that folder is moved to
# results/default-study.prev/ first.
#
# Extra arguments go to every `qrem run` of the study (e.g. --model.bose_hubbard.U 2,
# --lindblad.jump none, --config my.ini, -log_view), except these, which replace the study's
# own values: --model.N 8,16,32 (the list of N; one N is a single run, no fit),
# --time.t_end T (1), --time.dt_out DT (0.1), --output.quiet (true), --output.plot (false:
# no entropy.png per run; `python3 scripts/plot_entropy.py results/default-study/runs/N256`
# draws one). --output.dir is refused (the study's folder is QREM_STUDY_DIR).
# Environment: QREM_RANKS (MPI ranks per run, default 2), QREM_BUILD_DIR (default build),
#   QREM (a qrem executable: then nothing is installed or built, QREM_BUILD_DIR is unused),
#   QREM_STUDY_DIR (the study's folder, default results/default-study in the repository),
#   QREM_PYTHON (default /usr/bin/python3, which has matplotlib once install-deps.sh ran),
#   MPIEXEC (the launcher, default mpiexec).
# Exit status: 0 done; 1 a run failed (the others are still collected); 2 bad arguments;
#   3 no picture (matplotlib missing); otherwise that of the failing setup step.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."

declare -A study=([model.N]=8,16,32,64,128,256 [time.t_end]=1 [time.dt_out]=0.1
                  [output.quiet]=true [output.plot]=false)
forward=()
while [ $# -gt 0 ]; do
    arg=$1
    shift
    case $arg in
    --output.dir | --output.dir=*)
        echo "run-default-study: $arg: the study's folder is set by QREM_STUDY_DIR (default results/default-study)" >&2
        exit 2 ;;
    --model.N | --time.t_end | --time.dt_out | --output.quiet | --output.plot)
        key=${arg#--}
        if [ $# -gt 0 ] && [[ $1 != -* ]]; then
            study[$key]=$1
            shift
        elif [[ $key == output.* ]]; then
            study[$key]=true # a bare switch, as qrem reads it
        else
            echo "run-default-study: $arg needs a value" >&2
            exit 2
        fi ;;
    --model.N=* | --time.t_end=* | --time.dt_out=* | --output.quiet=* | --output.plot=*)
        key=${arg%%=*}
        study[${key#--}]=${arg#*=} ;;
    --config) # relative to where the script was called from
        if [ $# -eq 0 ]; then echo "run-default-study: --config needs a file" >&2; exit 2; fi
        forward+=(--config "$(cd "$caller" && realpath -m -- "$1")")
        shift ;;
    --config=*)
        forward+=(--config "$(cd "$caller" && realpath -m -- "${arg#--config=}")") ;;
    *) forward+=("$arg") ;;
    esac
done

if [ -z "${QREM:-}" ]; then
    bash scripts/install-deps.sh
    bash scripts/build.sh -DQREM_BUILD_TESTS=OFF
    qrem=${QREM_BUILD_DIR:-build}/app/qrem
elif qrem=$(cd "$caller" && realpath -e -- "$QREM" 2>/dev/null) && [ -x "$qrem" ]; then
    : # installed and built already
else
    echo "run-default-study: QREM=$QREM is not an executable" >&2
    exit 2
fi
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
python=${QREM_PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3
ranks=${QREM_RANKS:-2}
out=${QREM_STUDY_DIR:-results/default-study}
case $out in /*) ;; results/default-study) ;; *) out=$caller/$out ;; esac
sweep=("$python" scripts/qrem_sweep.py)

if [ -e "$out" ]; then # only a sweep folder (or an empty one) is moved aside
    if [ -f "$out/runs.txt" ] || [ -f "$out/sweep.json" ] || [ -z "$(ls -A "$out" 2>/dev/null)" ]; then
        rm -rf "$out.prev"
        mv "$out" "$out.prev"
        echo "run-default-study: the previous study is now in $out.prev/"
    else
        echo "run-default-study: $out exists and is not a study folder; set QREM_STUDY_DIR" >&2
        exit 2
    fi
fi

start=$(date +%s%N)
"${sweep[@]}" generate --out "$out" --vary "model.N=${study[model.N]}" \
    --set "time.t_end=${study[time.t_end]}" --set "time.dt_out=${study[time.dt_out]}" \
    --set "output.quiet=${study[output.quiet]}" --set "output.plot=${study[output.plot]}" >/dev/null
echo "run-default-study: N = ${study[model.N]//,/, }, t in [0, ${study[time.t_end]}], $ranks MPI rank(s) per run${forward[*]:+, qrem run ${forward[*]}}"
run_status=0
"${sweep[@]}" run --sweep "$out" --ranks "$ranks" --qrem "$qrem" -- "${forward[@]}" || run_status=$?
collect_status=0
"${sweep[@]}" collect "$out" || collect_status=$?
ms=$((($(date +%s%N) - start) / 1000000))

[ ! -f "$out/fit.json" ] || "$python" - "$out/fit.json" <<'EOF' || true
import json, sys
fit = json.load(open(sys.argv[1]))
for g in fit["groups"]:
    label = ", ".join(f"{k} = {v}" for k, v in g["values"].items())
    print(f"\nthe mean-field limit{' (' + label + ')' if label else ''}, N = {', '.join(map(str, g['N']))}:"
          f" max over t of q ~ N^(-a)")
    for q, name in (("S_N", "S(Gamma_t, gamma_t^(x)N)     "), ("tr1", "||Gamma_t^{N:1} - gamma_t||_1")):
        f = g["fits"].get(q)
        if not f:
            continue
        a = f"{f['exponent']:.3f}" if f["fit_possible"] else ""
        a = a[1:] if a.startswith("-") and float(a) == 0 else a  # no "-0.000"
        measured = (f"a = {a:>6} ± {f['exponent_stderr']:.3f}" if f["fit_possible"]
                    else "no fit (fewer than 3 N)")
        print(f"  {name}  {measured}   paper: a = {f['paper_exponent']:g} ({f['paper']})")
print("  (the paper's rates are upper bounds: a measured a above the paper's means the bound is not sharp in N)")
EOF
echo "study: $((ms / 1000)).$((ms % 1000 / 100)) s wall (the runs and collect; install and build not counted)"
echo "results: $out/  table.md (the table), collect.png (the picture), collect.csv, fit.json, runs/N*/"
if [ "$run_status" -ne 0 ]; then exit 1; fi
exit "$collect_status"
