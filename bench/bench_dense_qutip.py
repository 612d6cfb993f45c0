#!/usr/bin/python3
"""qrem's dense engine side by side with QuTiP's mesolve (issue 14's figures, one run).

The run (both tools): two-site Bose-Hubbard dimer, J = U = 1, `--lindblad.jump "number 0.5"`
(L = sqrt(0.5) n on every particle), Gamma_0 = gamma_0^(x)N with gamma_0 = e^{-(h + 0.3 n)}/Z,
t in [0, 1], one output time, tolerances rtol 1e-8, atol 1e-10 in both; qrem with
`--nbody.backend dense` and every diagnostic.

    /usr/bin/python3 bench/bench_dense_qutip.py [--N 10] [--ranks 1,2] [--compare-ts] [--repeat 3]

Prints key=value lines:
  tool=qrem N=.. ranks=.. method=..   the whole `qrem run` process and summary.json's timings
                                      (evolution_s includes the quadrature nodes; nodes_s is
                                      their share, PETSc's log events QuadratureNodes and
                                      StageSamples, the stage derivatives' samples taken in
                                      the error pass)
  tool=qutip N=..                     Liouvillian build + initial state + mesolve (full 2^N space)
  check N=..                          Gamma^{N:1}(t_end) of qrem against QuTiP's
  tool=lapack N=..                    SciPy's LAPACK zheevd, values only, one core, random Hermitian D x D
  ratio ...                           QuTiP over qrem; dormand-prince over PETSc TS (--compare-ts);
                                      the spectrum's core-seconds over LAPACK's; the right-hand side's
                                      bandwidth over the copy bandwidth (qrem_bench_nbody, dephasing
                                      and damping; with --bench-nbody from a build configured
                                      -DQREM_COUNT_OPERATIONS=ON also the multiply-adds per entry and
                                      the ratio no kernel of that count exceeds at zgemm's rate,
                                      bench/README.md "Arithmetic ceiling"); the quadrature nodes'
                                      share of the evolution
QuTiP is Debian's python3-qutip; without it the qrem lines are printed and the script says so.
Exit status 1 when a check exceeds --check-tol.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Both tools single-threaded per process (set before NumPy loads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

# The same physics as the PIQS comparison, and its way of running qrem.
from bench_piqs import (BETA, J_HOP, KAPPA, REPO, TILT, U_INT, mpi_environment,  # noqa: E402
                        run_qrem_process)


def run_qrem(args, N, ranks, method, workdir, extra=()):
    out = os.path.join(workdir, f"qrem-N{N}-np{ranks}-{method}-{len(extra)}")
    cmd = [args.mpiexec, "-n", str(ranks), "--oversubscribe", "--bind-to", "core", args.qrem, "run",
           "--model.type", "bose-hubbard", "--model.N", str(N),
           "--model.bose_hubbard.dimension", "1", "--model.bose_hubbard.sites", "2",
           "--model.bose_hubbard.J", repr(J_HOP), "--model.bose_hubbard.U", repr(U_INT),
           "--lindblad.jump", f"number {KAPPA!r}",
           "--initial.nbody_state", "product", "--initial.beta", repr(BETA),
           "--initial.tilt", repr(TILT),
           "--time.t_end", repr(args.t_end), "--time.dt_out", repr(args.t_end),
           "--nbody.backend", "dense", "--nbody.method", method,
           "--nbody.rtol", repr(args.rtol), "--nbody.atol", repr(args.atol),
           "--output.dir", out, "--output.overwrite", "--output.quiet", "--output.plot", "false",
           "-log_view", ":" + os.path.join(out, "log_view.txt"), *extra]
    wall, summary = run_qrem_process(cmd, out, "bench_dense_qutip")
    marginal = np.zeros((2, 2), complex)
    with open(os.path.join(out, "marginal.csv")) as f:
        for row in csv.DictReader(f):
            if abs(float(row["t"]) - args.t_end) < 1e-9:
                marginal[int(row["a"]), int(row["b"])] = complex(float(row["re"]), float(row["im"]))
    # The quadrature nodes' time: PETSc's log events QuadratureNodes and StageSamples (each
    # the slowest rank's).
    nodes = 0.0
    with open(os.path.join(out, "log_view.txt")) as f:
        for line in f:
            if line.startswith("QuadratureNodes") or line.startswith("StageSamples"):
                nodes += float(line.split()[3])
    return dict(wall=wall, summary=summary, marginal=marginal, nodes_s=nodes)


def run_qutip(args, N):
    import qutip
    start = time.perf_counter()
    ident, sx = qutip.qeye(2), qutip.sigmax()
    n = qutip.basis(2, 1) * qutip.basis(2, 1).dag()
    h = J_HOP * (ident - sx)  # level 0 and 1 are the two sites: hopping -J, on-site offset J
    P0 = qutip.basis(2, 0) * qutip.basis(2, 0).dag()  # W = U(P0 (x) P0 + n (x) n): U per pair on a site

    def one(op, i):
        return qutip.tensor([op if j == i else ident for j in range(N)])

    H = sum(one(h, i) for i in range(N))
    for i in range(N):
        for j in range(i + 1, N):
            H += (U_INT / (N - 1)) * (
                qutip.tensor([P0 if k in (i, j) else ident for k in range(N)]) +
                qutip.tensor([n if k in (i, j) else ident for k in range(N)]))
    c_ops = [np.sqrt(KAPPA) * one(n, i) for i in range(N)]
    L = qutip.liouvillian(H, c_ops)
    w, v = np.linalg.eigh((-BETA * (h + TILT * n)).full())
    g = (v * np.exp(w - w.max())) @ v.conj().T
    g = qutip.Qobj(g / np.trace(g).real)
    rho0 = qutip.tensor([g] * N)
    built = time.perf_counter()
    opts = qutip.Options(rtol=args.rtol, atol=args.atol, nsteps=10**7)
    e_ops = [one(qutip.sigmax(), 0), one(qutip.sigmay(), 0), one(qutip.sigmaz(), 0)]
    res = qutip.mesolve(L, rho0, [0.0, args.t_end], [], e_ops, options=opts)
    end = time.perf_counter()
    x, y, z = (float(np.real(v[-1])) for v in res.expect)
    marginal = np.array([[1 + z, x - 1j * y], [x + 1j * y, 1 - z]]) / 2
    return dict(wall=end - start, build=built - start, solve=end - built, marginal=marginal)


def lapack_seconds(D, seed=1):
    """LAPACK zheevd, values only, on a random Hermitian D x D matrix (one core: the BLAS
    threads are pinned to 1 above): the per-core reference for qrem's ScaLAPACK spectrum."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((D, D)) + 1j * rng.standard_normal((D, D))
    a = a + a.conj().T
    try:
        import scipy.linalg
        start = time.perf_counter()
        scipy.linalg.eigh(a, eigvals_only=True, driver="evd")
    except ImportError:  # NumPy's eigvalsh is zheevd too
        start = time.perf_counter()
        np.linalg.eigvalsh(a)
    return time.perf_counter() - start


def rhs_bandwidth(args, N, ranks):
    """qrem_bench_nbody's right-hand side against the copy bandwidth (issue 3's measure):
    {jumps: its JSON row}."""
    exe = args.bench_nbody or os.path.join(os.path.dirname(os.path.dirname(args.qrem)), "bench",
                                           "qrem_bench_nbody")
    if not os.access(exe, os.X_OK):
        print(f"# {exe} not built: no RHS bandwidth figures", flush=True)
        return {}
    out = subprocess.run([args.mpiexec, "-n", str(ranks), "--oversubscribe", "--bind-to", "core",
                          exe, "--N", str(N), "--jumps", "dephasing,damping", "--repeat", "3",
                          "--t-end", "0.01"], check=True, capture_output=True, text=True,
                         env=mpi_environment()).stdout
    result = {}
    for line in out.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            result[row["jumps"]] = row
    return result


def fastest(args, run):
    """The result of the fastest of --repeat runs (wall time)."""
    return min((run() for _ in range(args.repeat)), key=lambda r: r["wall"])


def qrem_line(N, ranks, method, q, nodes_s=None):
    s = q["summary"]
    ts = s.get("timings_seconds", {})
    nb = s.get("nbody", {})
    parts = [f"tool=qrem N={N} ranks={ranks} method={method} wall_s={q['wall']:.3f}"]
    for k in ("total", "evolution", "spectrum", "invariants", "marginals", "initial_state"):
        if k in ts:
            parts.append(f"{k}_s={ts[k]:.3f}")
    if nodes_s is not None:
        parts.append(f"nodes_s={nodes_s:.3f} nodes_share={nodes_s / ts['evolution']:.3f}")
    parts.append(f"steps={nb.get('steps')} rhs_evaluations={nb.get('rhs_evaluations')}")
    parts.append(f"peak_GiB_per_rank={s.get('peak_memory_bytes_per_rank', 0) / 2**30:.2f}")
    print(" ".join(parts), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qrem", default=os.path.join(REPO, "build", "app", "qrem"))
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--N", default="10", help="particle numbers (default 10; 12 takes QuTiP ~9 min, 17 GB)")
    ap.add_argument("--ranks", default="1,2", help="qrem rank counts (default 1,2)")
    ap.add_argument("--t-end", type=float, default=1.0)
    ap.add_argument("--rtol", type=float, default=1e-8)
    ap.add_argument("--atol", type=float, default=1e-10)
    ap.add_argument("--check-tol", type=float, default=1e-6,
                    help="largest allowed |Gamma^{N:1} entry difference| (default 1e-6: both "
                         "tools at rtol 1e-8 over ~20 steps)")
    ap.add_argument("--compare-ts", action="store_true",
                    help="also run nbody.method = runge-kutta (PETSc TS rk 5dp) for the ratio")
    ap.add_argument("--no-qutip", action="store_true", help="qrem only")
    ap.add_argument("--no-lapack", action="store_true",
                    help="skip the spectrum's reference (SciPy's LAPACK zheevd on one core)")
    ap.add_argument("--no-rhs-bandwidth", action="store_true",
                    help="skip qrem_bench_nbody's right-hand side bandwidth figures")
    ap.add_argument("--bench-nbody",
                    help="qrem_bench_nbody to run (default: the one beside --qrem's build); one "
                         "from a -DQREM_COUNT_OPERATIONS=ON build adds the arithmetic ceiling")
    ap.add_argument("--keep", help="keep qrem's result folders here")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each tool and case; the fastest counts (the machine is shared)")
    args = ap.parse_args()
    if not (os.path.isfile(args.qrem) and os.access(args.qrem, os.X_OK)):
        ap.error(f"no qrem executable at {args.qrem} (build it, or pass --qrem)")
    if shutil.which(args.mpiexec) is None:
        ap.error(f"{args.mpiexec} not found")
    Ns = [int(v) for v in args.N.split(",") if v.strip()]
    ranks_list = [int(v) for v in args.ranks.split(",") if v.strip()]
    have_qutip = False
    if not args.no_qutip:
        try:
            t0 = time.perf_counter()
            import qutip
            have_qutip = True
            print(f"# qutip {qutip.__version__} (import {time.perf_counter() - t0:.1f} s), "
                  f"mesolve {qutip.Options().method}, OPENBLAS_NUM_THREADS="
                  f"{os.environ.get('OPENBLAS_NUM_THREADS')}", flush=True)
        except ImportError:
            print("# QuTiP absent (Debian: apt-get install python3-qutip): qrem figures only",
                  flush=True)
    workdir = args.keep or tempfile.mkdtemp(prefix="bench-dense-")
    os.makedirs(workdir, exist_ok=True)
    ok = True
    ratios = []
    try:
        for N in Ns:
            results = {}
            methods = ["dormand-prince"] + (["runge-kutta"] if args.compare_ts else [])
            for ranks in ranks_list:
                for method in methods:
                    q = fastest(args, lambda: run_qrem(args, N, ranks, method, workdir))
                    qrem_line(N, ranks, method, q, q["nodes_s"])
                    results[(ranks, method)] = q
                if args.compare_ts:
                    ratios.append(f"ratio N={N} ranks={ranks} runge-kutta/dormand-prince="
                                  f"{results[(ranks, 'runge-kutta')]['wall'] / results[(ranks, 'dormand-prince')]['wall']:.2f}"
                                  f" (evolution {results[(ranks, 'runge-kutta')]['summary']['timings_seconds']['evolution'] / results[(ranks, 'dormand-prince')]['summary']['timings_seconds']['evolution']:.2f})")
            # The spectrum: the run has one D x D eigensolve (at t = 1; at t = 0 the product
            # state's spectrum is the products of gamma_0's eigenvalues), on `ranks` cores.
            if not args.no_lapack:
                reference = min(lapack_seconds(2**N) for _ in range(args.repeat))
                print(f"tool=lapack N={N} D={2**N} zheevd_values_s={reference:.3f}", flush=True)
                for (ranks, method), q in results.items():
                    if method == "dormand-prince":
                        core_s = q["summary"]["timings_seconds"]["spectrum"] * ranks
                        ratios.append(f"ratio N={N} ranks={ranks} spectrum core-seconds/"
                                      f"LAPACK zheevd={core_s / reference:.2f} (target <= 1.2)")
            if not args.no_rhs_bandwidth:
                for ranks in ranks_list:
                    for jumps, row in rhs_bandwidth(args, N, ranks).items():
                        target = "1/3" if jumps == "dephasing" else "1/5"
                        ceiling = row.get("ceiling_to_copy_bandwidth")
                        counted = (f"; arithmetic ceiling {ceiling:.3f} at zgemm's "
                                   f"{row['product_GFlops_per_rank']:.1f} GFlop/s per rank, "
                                   f"{row['multiply_adds_per_entry']:.2f} multiply-adds per entry, "
                                   f"kernel at {row['kernel_GFlops_per_rank']:.1f}"
                                   if isinstance(ceiling, float) else "")
                        ratios.append(f"ratio N={N} ranks={ranks} RHS/copy bandwidth {jumps}="
                                      f"{row['rhs_to_copy_bandwidth']:.3f} (target >= {target}"
                                      f"{counted})")
            for (ranks, method), q in results.items():
                ratios.append(f"ratio N={N} ranks={ranks} method={method} quadrature nodes/"
                              f"evolution={q['nodes_s'] / q['summary']['timings_seconds']['evolution']:.3f}"
                              f" (target <= 0.1)")
            if have_qutip:
                p = fastest(args, lambda: run_qutip(args, N))
                print(f"tool=qutip N={N} wall_s={p['wall']:.3f} build_s={p['build']:.3f} "
                      f"mesolve_s={p['solve']:.3f} rtol={args.rtol:g} atol={args.atol:g}", flush=True)
                for (ranks, method), q in results.items():
                    diff = np.abs(q["marginal"] - p["marginal"]).max()
                    good = diff <= args.check_tol
                    ok &= good
                    print(f"check N={N} ranks={ranks} method={method} "
                          f"max_abs_marginal_diff={diff:.3e} tol={args.check_tol:.0e} "
                          f"{'ok' if good else 'FAILED'}", flush=True)
                    ratios.append(f"ratio N={N} ranks={ranks} method={method} "
                                  f"qutip/qrem={p['wall'] / q['wall']:.2f}")
        for line in ratios:
            print(line, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
