"""Theorem 2's quantities end to end: `qrem run` on the torus model in the paper's §8 scaling
with Toeplitz initial data, on both representations of Gamma, checked against NumPy:
  - gamma_0 (gamma.csv at t = 0) against the Toeplitz operator built here from the config;
  - husimi.csv against Husimi weights computed here from gamma.csv and marginal.csv, with
    coherent states built here (periodised Gaussians on the grid);
  - dist1_k1 between bounds that hold for any transport: below by |sum f (mu - nu)| for test
    functions f with |f(z) - f(z')| <= min(1, |z - z'|) (Kantorovich-Rubinstein), above by the
    l1/2 of the Husimi weights, which is <= tr1 / 2 (the Husimi map is a POVM); 0 at t = 0;
  - dist1_k1 and dist1_k2 equal on both backends.

Usage: torus_husimi_check.py QREM MPIEXEC NP [WORKDIR]

Tolerances: the NumPy constructions repeat qrem's arithmetic in another order (1e-12); the
transport is exact to 1e-9 (integer units, lib/phase_space/transport_distance.hpp); the
backends integrate Gamma to rtol 1e-10, so their marginals, and the distances, agree to 1e-7.
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from qrem_results import load_run  # noqa: E402

d, N, hbar = 6, 3, 0.08
q0, p0, wq, wp, u = 0.3, 0.25, 0.12, 0.4, 1e-3
failures = []


def check(ok, message):
    print(("ok: " if ok else "FAIL: ") + message)
    if not ok:
        failures.append(message)


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def matrices(path):
    out = {}
    for r in read_rows(path):
        M = out.setdefault(float(r["t"]), np.zeros((d, d), complex))
        M[int(float(r["a"])), int(float(r["b"]))] = float(r["re"]) + 1j * float(r["im"])
    return out


def phase_space():
    q = np.arange(d) / d
    p = 2 * np.pi * hbar * (np.arange(d) - d // 2)
    x = np.arange(d) / d
    states = np.zeros((d, d * d), complex)
    for i, qi in enumerate(q):
        envelope = sum(np.exp(-(x - k - qi) ** 2 / (2 * hbar)) for k in range(-4, 5))
        envelope /= np.linalg.norm(envelope)
        for j, pj in enumerate(p):
            states[:, i * d + j] = envelope * np.exp(1j * pj * x / hbar)
    Q, P = np.meshgrid(q, p, indexing="ij")
    return Q.ravel(), P.ravel(), states


Q, P, STATES = phase_space()


def husimi(M):
    return np.real(np.einsum("az,ab,bz->z", STATES.conj(), M, STATES)) / d


def toeplitz():
    dq = np.abs(Q - q0)
    dq = np.minimum(dq - np.floor(dq), 1 - (dq - np.floor(dq)))
    mu = np.exp(-0.5 * ((dq / wq) ** 2 + ((P - p0) / wp) ** 2))
    mu = (1 - u) * mu / mu.sum() + u / (d * d)
    return (STATES * mu) @ STATES.conj().T


def lower_bound(mu, nu):
    """max |sum f (mu - nu)| over test functions with |f(z) - f(z')| <= min(1, |z - z'|)."""
    tests = [np.clip(P - a, 0, 1) for a in np.linspace(P.min() - 1, P.max(), 25)]
    tests += [np.cos(2 * np.pi * (Q - s)) / (2 * np.pi) for s in np.linspace(0, 1, 12, endpoint=False)]
    return max(abs(np.dot(f, mu - nu)) for f in tests)


def run(qrem, mpiexec, np_ranks, folder, backend, jump):
    cmd = [mpiexec, "-n", str(np_ranks), "--oversubscribe", qrem, "run",
           "--model.type", "torus", "--model.torus.points", str(d), "--model.torus.hbar", str(hbar),
           "--model.torus.semiclassical", "--model.torus.potential", "gaussian",
           "--model.torus.width", "0.2", "--model.N", str(N),
           "--initial.type", "toeplitz", "--initial.toeplitz.q", str(q0),
           "--initial.toeplitz.p", str(p0), "--initial.toeplitz.width_q", str(wq),
           "--initial.toeplitz.width_p", str(wp), "--initial.toeplitz.uniform", str(u),
           "--lindblad.jump", jump, "--time.t_end", "0.2", "--time.dt_out", "0.1",
           "--nbody.backend", backend, "--diagnostics.dist1_k2_cells", "3",
           "--output.dir", folder, "--output.quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        sys.exit(f"qrem run failed ({result.returncode}): {' '.join(cmd)}")


def main():
    qrem, mpiexec, np_ranks = sys.argv[1], sys.argv[2], int(sys.argv[3])
    work = sys.argv[4] if len(sys.argv) > 4 else tempfile.mkdtemp()
    for jump in ("none", "site-dephasing 0.3"):
        series = {}
        for backend in ("dense", "symmetric"):
            folder = os.path.join(work, f"{backend}-{jump.split()[0]}")
            run(qrem, mpiexec, np_ranks, folder, backend, jump)
            name = f"{backend}, L = {jump}"
            gammas, marginals = matrices(f"{folder}/gamma.csv"), matrices(f"{folder}/marginal.csv")
            check(np.abs(gammas[0.0] - toeplitz()).max() < 1e-12,
                  f"{name}: gamma_0 is the Toeplitz operator of the configured mu")
            weights = {}
            for r in read_rows(f"{folder}/husimi.csv"):
                weights.setdefault(float(r["t"]), []).append(
                    (float(r["q"]), float(r["p"]), float(r["gamma"]), float(r["marginal"])))
            rows = read_rows(f"{folder}/timeseries.csv")
            series[backend] = rows
            loaded = load_run(folder).husimi  # scripts/qrem_results.py reads the same file
            check(loaded["gamma"].shape == (len(rows), d, d)
                  and all(np.allclose(loaded["marginal"][n].ravel(), husimi(marginals[float(r["t"])]),
                                      rtol=0, atol=1e-12) for n, r in enumerate(rows)),
                  f"{name}: qrem_results.load_run(...).husimi holds husimi.csv by time, q, p")
            for r in rows:
                t = float(r["t"])
                w = np.array(weights[t])
                good = (np.abs(w[:, 0] - Q).max() < 1e-14 and np.abs(w[:, 1] - P).max() < 1e-13
                        and np.abs(w[:, 2] - husimi(gammas[t])).max() < 1e-12
                        and np.abs(w[:, 3] - husimi(marginals[t])).max() < 1e-12)
                check(good, f"{name}, t = {t:g}: husimi.csv = the Husimi weights of gamma.csv, marginal.csv")
                mu, nu = husimi(marginals[t]), husimi(gammas[t])
                dist, tr1 = float(r["dist1_k1"]), float(r["tr1"])
                low, high = lower_bound(mu, nu), 0.5 * np.abs(mu - nu).sum()
                if t == 0:
                    check(abs(dist) < 1e-9 and abs(float(r["dist1_k2"])) < 1e-9,
                          f"{name}, t = 0: dist1_k1 = dist1_k2 = 0 (a product state)")
                else:
                    check(low - 1e-9 <= dist <= high + 1e-9 and high <= 0.5 * tr1 + 1e-12
                          and dist > 0,
                          f"{name}, t = {t:g}: {low:.3e} <= dist1_k1 = {dist:.3e} <= "
                          f"{high:.3e} <= tr1/2 = {0.5 * tr1:.3e}")
        for column in ("dist1_k1", "dist1_k2"):
            a = [float(r[column]) for r in series["dense"]]
            b = [float(r[column]) for r in series["symmetric"]]
            check(max(abs(x - y) for x, y in zip(a, b)) < 1e-7,
                  f"L = {jump}: {column} the same on both backends ({a[-1]:.6e}, {b[-1]:.6e})")
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
