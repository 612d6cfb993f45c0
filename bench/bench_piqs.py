#!/usr/bin/python3
"""qrem's symmetric (Schur-Weyl block) backend side by side with QuTiP's PIQS.

The run (both tools): two-site Bose-Hubbard dimer, J = U = 1, site dephasing `number 0.5`
(L = sqrt(0.5) n on every particle), Gamma_0 = gamma_0^(x)N with gamma_0 = e^{-(h + 0.3 n)}/Z,
t in [0, 2], output every 0.25 (9 times).

    /usr/bin/python3 bench/bench_piqs.py [--qrem build/app/qrem] [--ranks 1] [--N 32,64]

Needs Debian's python3-qutip (4.7; its first import calibrates OpenMP once, ~40 s). Prints one
line of key=value per step:
  check N=4 ...          PIQS against qrem's dense backend (one-body marginal, energy)
  tool=qrem N=.. ...     whole `qrem run` process, all diagnostics, plus summary.json timings
  tool=piqs N=.. ...     Liouvillian build + initial state + qutip.mesolve to the 9 times
  check N=.. ...         PIQS against qrem's symmetric backend at that N
  ratio N=.. piqs/qrem=  PIQS wall time over qrem's
Exit status 1 when a check exceeds --check-tol.

Mapping (qubit basis: qrem level 0 = spin up, sigma_z = +1; n = |1><1| = (1 - sigma_z)/2):
  h = J(1 - sigma_x), W = U(|00><00| + |11><11|) = U(1 + sigma_z sigma_z)/2, so
  H_N = sum_i h_i + 1/(N-1) sum_{i<j} W_ij
      = J N - 2J J_x + U/(N-1) (J_z^2 + N(N-2)/4)               (J_a = sum_i sigma_a,i / 2);
  sum_i D[sqrt(k) n_i] = k sum_i D[sigma_z,i / 2]  (a scalar shift of a Hermitian L drops out),
  PIQS's local dephasing g multiplies 2 A rho A^+ - {A^+A, rho} by g/2 with A = J_z,i =
  sigma_z,i/2, i.e. g sum_i D[sigma_z,i/2]: dephasing = k;
  gamma_0^(x)N = exp(beta(2J J_x + tilt J_z))/Z, a function of collective operators, built
  block by block in PIQS's Dicke representation (block j holds degeneracy(N, j) copies:
  PIQS stores the block times the degeneracy, so the plain trace is the full trace);
  Gamma^{N:1} = (1 + x sigma_x + y sigma_y + z sigma_z)/2, (x, y, z) = 2<(J_x, J_y, J_z)>/N.

Agreement: at N = 4 the marginals agree to mesolve's tolerance (~1e-10). From N = 8 on they
differ by a few 1e-9 whatever the tolerances: QuTiP 4.7.1's PIQS computes its Lindbladian
coefficients in single precision (`cdef float` in qutip/cy/piqs.pyx; e.g. 0.79166669 for
0.79166667 at N = 8), while qrem's dense and block backends and a plain 2^N-space mesolve
agree with one another to 1e-12 there. Hence --check-tol 1e-8.
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

# Both tools on the same cores: OpenBLAS single-threaded (set before NumPy loads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

J_HOP, U_INT, KAPPA, BETA, TILT = 1.0, 1.0, 0.5, 1.0, 0.3


def qrem_command(args, N, backend, out):
    cmd = [] if args.no_mpiexec else [args.mpiexec, "-n", str(args.ranks), "--oversubscribe"]
    return cmd + [
        args.qrem, "run",
        "--model.type", "bose-hubbard", "--model.N", str(N),
        "--model.bose_hubbard.dimension", "1", "--model.bose_hubbard.sites", "2",
        "--model.bose_hubbard.J", repr(J_HOP), "--model.bose_hubbard.U", repr(U_INT),
        "--lindblad.jump", f"number {KAPPA!r}",
        "--initial.nbody_state", "product", "--initial.beta", repr(BETA),
        "--initial.tilt", repr(TILT),
        "--time.t_end", repr(args.t_end), "--time.dt_out", repr(args.dt_out),
        "--nbody.backend", backend,
        "--nbody.rtol", repr(args.rtol), "--nbody.atol", repr(args.atol),
        "--output.dir", out, "--output.overwrite", "--output.quiet", "--output.plot", "false",
    ]


def mpi_environment():
    """This environment, plus what Open MPI needs to run as root."""
    env = dict(os.environ)
    if os.getuid() == 0:
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    return env


def run_qrem_process(cmd, out, script):
    """Runs `cmd` (a qrem run writing to `out`), exits on failure; (wall seconds, summary.json)."""
    env = mpi_environment()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout)
        sys.exit(f"{script}: qrem exited with status {proc.returncode}: {' '.join(cmd)}")
    with open(os.path.join(out, "summary.json")) as f:
        return wall, json.load(f)


def run_qrem(args, N, backend, workdir):
    out = os.path.join(workdir, f"qrem-N{N}-{backend}")
    wall, summary = run_qrem_process(qrem_command(args, N, backend, out), out, "bench_piqs")
    marg = {}
    with open(os.path.join(out, "marginal.csv")) as f:
        for row in csv.DictReader(f):
            t = round(float(row["t"]), 9)
            m = marg.setdefault(t, np.zeros((2, 2), complex))
            m[int(row["a"]), int(row["b"])] = complex(float(row["re"]), float(row["im"]))
    energy = {}
    with open(os.path.join(out, "timeseries.csv")) as f:
        for row in csv.DictReader(f):
            energy[round(float(row["t"]), 9)] = float(row["energy"])
    times = sorted(marg)
    return dict(wall=wall, summary=summary, times=times,
                marginal=np.array([marg[t] for t in times]),
                energy=np.array([energy[t] for t in times]))


def piqs_state_and_ops(piqs, qutip, N):
    """H_N, J_x, J_y, J_z and gamma_0^(x)N in PIQS's Dicke basis."""
    jx, jy, jz = piqs.jspin(N)
    one = qutip.Qobj(np.eye(jz.shape[0]), dims=jz.dims)
    H = (J_HOP * N) * one - (2 * J_HOP) * jx + (U_INT / (N - 1)) * (jz * jz + (N * (N - 2) / 4) * one)
    # exp(beta(2J J_x + tilt J_z)) block by block (blocks j = N/2, N/2 - 1, ..., in order),
    # each times degeneracy(N, j); shifted by the largest exponent so nothing overflows.
    A = (BETA * (2 * J_HOP * jx + TILT * jz)).full()
    blocks, pos = [], 0
    j = N / 2
    while j >= 0:
        dim = int(round(2 * j + 1))
        w, v = np.linalg.eigh(A[pos:pos + dim, pos:pos + dim])
        blocks.append((pos, dim, j, w, v))
        pos += dim
        j -= 1
    shift = max(b[3].max() for b in blocks)
    rho = np.zeros_like(A)
    for pos, dim, j, w, v in blocks:
        deg = float(piqs.state_degeneracy(N, j))
        rho[pos:pos + dim, pos:pos + dim] = deg * (v * np.exp(w - shift)) @ v.conj().T
    rho /= np.trace(rho).real
    rho = 0.5 * (rho + rho.conj().T)
    return H, jx, jy, jz, qutip.Qobj(rho, dims=jz.dims)


def run_piqs(args, N):
    import qutip
    from qutip import piqs
    start = time.perf_counter()
    H, jx, jy, jz, rho0 = piqs_state_and_ops(piqs, qutip, N)
    t_state = time.perf_counter()
    L = piqs.Dicke(N, hamiltonian=H, dephasing=KAPPA).liouvillian()
    t_build = time.perf_counter()
    opts = qutip.Options(rtol=args.piqs_rtol, atol=args.piqs_atol, nsteps=10**7,
                         use_openmp=args.piqs_threads > 1, openmp_threads=args.piqs_threads)
    tlist = np.linspace(0.0, args.t_end, int(round(args.t_end / args.dt_out)) + 1)
    res = qutip.mesolve(L, rho0, tlist, [], [jx, jy, jz, H], options=opts)
    end = time.perf_counter()
    x, y, z, e = (np.real(np.asarray(v)) for v in res.expect)
    marginal = np.empty((len(tlist), 2, 2), complex)
    bx, by, bz = 2 * x / N, 2 * y / N, 2 * z / N
    marginal[:, 0, 0] = (1 + bz) / 2
    marginal[:, 1, 1] = (1 - bz) / 2
    marginal[:, 0, 1] = (bx - 1j * by) / 2
    marginal[:, 1, 0] = (bx + 1j * by) / 2
    return dict(wall=end - start, state=t_state - start, build=t_build - t_state,
                solve=end - t_build, nds=jz.shape[0], liouv_nnz=L.data.nnz,
                times=[round(t, 9) for t in tlist], marginal=marginal, energy=e)


def compare(label, N, q, p, tol):
    if [round(t, 6) for t in q["times"]] != [round(t, 6) for t in p["times"]]:
        sys.exit(f"bench_piqs: output times differ: qrem {q['times']} piqs {p['times']}")
    dm = np.abs(q["marginal"] - p["marginal"]).max()
    de = np.abs(q["energy"] - p["energy"]).max()
    de_rel = (np.abs(q["energy"] - p["energy"]) / np.abs(q["energy"])).max()
    # how far the marginal moves, so the difference has a scale
    moved = np.abs(q["marginal"] - q["marginal"][0]).max()
    ok = dm <= tol
    print(f"check N={N} qrem_backend={label} max_abs_marginal_diff={dm:.3e} "
          f"max_abs_energy_diff={de:.3e} max_rel_energy_diff={de_rel:.3e} marginal_change_over_run={moved:.3e} "
          f"tol={tol:.0e} {'ok' if ok else 'FAILED'}", flush=True)
    return ok


def qrem_line(N, args, q):
    s = q["summary"]
    ts = s.get("timings_seconds", {})
    nb = s.get("nbody", {})
    parts = [f"tool=qrem N={N} ranks={args.ranks} wall_s={q['wall']:.3f}",
             f"backend={s.get('config', {}).get('nbody.backend', '?')}"]
    for k in ("total", "evolution", "spectrum", "marginals", "hartree", "output"):
        if k in ts:
            parts.append(f"{k}_s={ts[k]:.3f}")
    for k in ("steps", "rhs_evaluations"):
        if k in nb:
            parts.append(f"{k}={nb[k]}")
    parts.append(f"rtol={args.rtol:g} atol={args.atol:g}")
    print(" ".join(parts), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qrem", default=os.path.join(REPO, "build", "app", "qrem"),
                    help="qrem executable (default: build/app/qrem of this repository)")
    ap.add_argument("--ranks", type=int, default=1, help="MPI ranks of qrem (default 1)")
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--no-mpiexec", action="store_true", help="start qrem directly (1 rank)")
    ap.add_argument("--N", default="32,64", help="particle numbers (default 32,64)")
    ap.add_argument("--check-N", type=int, default=4,
                    help="N of the check against the dense backend (0: none; default 4)")
    ap.add_argument("--check-tol", type=float, default=1e-8,
                    help="largest allowed |Gamma^{N:1}_qrem - Gamma^{N:1}_piqs| entry (1e-8)")
    ap.add_argument("--t-end", type=float, default=2.0)
    ap.add_argument("--dt-out", type=float, default=0.25)
    ap.add_argument("--rtol", type=float, default=1e-10, help="qrem nbody.rtol (its default)")
    ap.add_argument("--atol", type=float, default=1e-12, help="qrem nbody.atol (its default)")
    ap.add_argument("--piqs-rtol", type=float, default=1e-10, help="mesolve rtol (1e-10)")
    ap.add_argument("--piqs-atol", type=float, default=1e-12, help="mesolve atol (1e-12)")
    ap.add_argument("--piqs-threads", type=int, default=None,
                    help="QuTiP OpenMP threads for mesolve (default: --ranks; 1 = no OpenMP)")
    ap.add_argument("--keep", help="keep qrem's result folders here (default: a temporary folder)")
    args = ap.parse_args()
    if args.piqs_threads is None:
        args.piqs_threads = args.ranks
    if args.no_mpiexec and args.ranks != 1:
        ap.error("--no-mpiexec needs --ranks 1")
    if not (os.path.isfile(args.qrem) and os.access(args.qrem, os.X_OK)):
        ap.error(f"no qrem executable at {args.qrem} (build it, or pass --qrem)")
    if not args.no_mpiexec and shutil.which(args.mpiexec) is None:
        ap.error(f"{args.mpiexec} not found")
    Ns = [int(n) for n in args.N.split(",") if n.strip()]

    t0 = time.perf_counter()
    import qutip  # noqa: F401  (first import on a machine calibrates OpenMP, ~40 s)
    print(f"# qutip {qutip.__version__} (import {time.perf_counter() - t0:.1f} s), "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
          f"piqs openmp_threads={args.piqs_threads}, mesolve {qutip.Options().method} "
          f"rtol={args.piqs_rtol:g} atol={args.piqs_atol:g}; qrem {args.qrem}", flush=True)

    workdir = args.keep or tempfile.mkdtemp(prefix="bench-piqs-")
    os.makedirs(workdir, exist_ok=True)
    ok = True
    try:
        if args.check_N:
            q = run_qrem(args, args.check_N, "dense", workdir)
            p = run_piqs(args, args.check_N)
            ok &= compare("dense", args.check_N, q, p, args.check_tol)
        ratios = []
        for N in Ns:
            q = run_qrem(args, N, "symmetric", workdir)
            qrem_line(N, args, q)
            p = run_piqs(args, N)
            print(f"tool=piqs N={N} threads={args.piqs_threads} wall_s={p['wall']:.3f} "
                  f"state_s={p['state']:.3f} liouvillian_s={p['build']:.3f} "
                  f"mesolve_s={p['solve']:.3f} dicke_states={p['nds']} "
                  f"liouvillian_nnz={p['liouv_nnz']} rtol={args.piqs_rtol:g} "
                  f"atol={args.piqs_atol:g}", flush=True)
            ok &= compare("symmetric", N, q, p, args.check_tol)
            ratios.append((N, p["wall"] / q["wall"]))
        for N, r in ratios:
            print(f"ratio N={N} piqs/qrem={r:.1f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
