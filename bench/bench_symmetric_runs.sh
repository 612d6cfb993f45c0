#!/usr/bin/env bash
# Whole `qrem run`s on the symmetric backend, the issue's benchmark case: two-site Bose-Hubbard
# (J = U = 1; QREM_BENCH_SITES=3 or 4 for the d-site ring, the Gelfand-Tsetlin blocks), site
# dephasing `number 0.5`, gamma_0 = e^{-(h + 0.3 n)}/Z, t in [0, 2], 9 output times, every
# diagnostic. Per (ranks, N) one JSON line: wall seconds of the process, qrem's own
# timings, steps, right-hand side evaluations, peak memory per rank (summary.json), and
# `qrem info`'s prediction of the memory per rank. Build first: bash scripts/build.sh
#   bash bench/bench_symmetric_runs.sh [N list, default "64 128 256"] (QREM_BENCH_RANKS="1 2",
#   QREM_BENCH_SITES=2)
set -euo pipefail
cd "$(dirname "$0")/.."
qrem=${QREM_BUILD_DIR:-build}/app/qrem
if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
export OPENBLAS_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sites=${QREM_BENCH_SITES:-2}
case_args=(--model.type bose-hubbard --model.bose_hubbard.dimension 1 --model.bose_hubbard.sites "$sites"
    --model.bose_hubbard.J 1 --model.bose_hubbard.U 1 --lindblad.jump "number 0.5"
    --initial.nbody_state product --initial.beta 1 --initial.tilt 0.3
    --time.t_end 2 --time.dt_out 0.25 --nbody.backend symmetric --output.plot false --output.quiet)
for ranks in ${QREM_BENCH_RANKS:-1 2}; do
    for N in ${1:-64 128 256}; do
        predicted=$(mpiexec -n "$ranks" --oversubscribe "$qrem" info "${case_args[@]}" --model.N "$N" |
            sed -n 's/^memory per rank about \(.*\) on .*/\1/p' | head -1)
        start=$(date +%s.%N)
        mpiexec -n "$ranks" --oversubscribe --bind-to core "$qrem" run "${case_args[@]}" --model.N "$N" \
            --output.dir "$work/N$N-r$ranks"
        end=$(date +%s.%N)
        /usr/bin/python3 - "$work/N$N-r$ranks/summary.json" "$ranks" "$N" "$start" "$end" "$predicted" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["timings_seconds"]
print(json.dumps({"d": s["model"]["d"], "N": int(sys.argv[3]), "ranks": int(sys.argv[2]),
                  "wall_s": round(float(sys.argv[5]) - float(sys.argv[4]), 2),
                  "total_s": round(t["total"], 2), "evolution_s": round(t["evolution"], 2),
                  "diagnostics_s": round(t["marginals"] + t["spectrum"] + t["invariants"], 2),
                  "steps": s["nbody"]["steps"], "rhs_evaluations": s["nbody"]["rhs_evaluations"],
                  "peak_MiB_per_rank": round(s["peak_memory_bytes_per_rank"] / 2**20, 1),
                  "info_predicted_per_rank": sys.argv[6]}))
PY
    done
done
