"""The file model end to end: random complex h, W (Hermitian, exchange-symmetric, every entry
non-zero, so that terms like <00|W|01> occur) and a non-normal complex L written to files,
`qrem run` on them, and every comparable column of timeseries.csv and gamma.csv checked against
an independent dense NumPy calculation (Kronecker products, the Liouvillian's exact flow, RK4
for Hartree, literal partial traces and logarithms), the proof's partition function Phi_N and
moments among them (computed on the blocks for both backends, here in the whole space).

Usage: file_model_reference.py [--d D --N N] QREM MPIEXEC NP [WORKDIR]
(default d = 2, N = 5, a temporary folder; d = 3, 4 run the Gelfand-Tsetlin blocks)
Runs two cases, each on both representations of Gamma (nbody.backend dense and symmetric): the
perturbed product state and the Gibbs state (on the dense backend by imaginary time through the
same few-body terms as the right-hand side, on the blocks by exponentiation).

Tolerance 1e-8: qrem integrates Gamma with rtol 1e-12, atol 1e-14 here (set below) and gamma
with its default 1e-12; the entropies lose a few digits through log of eigenvalues down to
~1e-3. Measured deviations are ~1e-11.
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

TOLERANCE = 1e-8
d, N = 2, 5
beta, tilt, epsilon = 1.0, 0.3, 0.2
t_end, dt_out = 0.4, 0.2


def random_operators(seed):
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    h = (h + h.conj().T) / 2
    A = rng.normal(size=(d * d, d * d)) + 1j * rng.normal(size=(d * d, d * d))
    A = (A + A.conj().T) / 2
    S = np.zeros((d * d, d * d))  # the swap
    for a in range(d):
        for c in range(d):
            S[c * d + a, a * d + c] = 1
    W = (A + S @ A @ S) / 2
    L = 0.5 * (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    assert np.min(np.abs(W)) > 1e-3, "every entry of W non-zero"
    assert np.linalg.norm(L @ L.conj().T - L.conj().T @ L) > 0.1, "L not normal"
    return h, W, L


def write_matrix(path, M):
    with open(path, "w") as f:
        for row in M:
            f.write(" ".join(f"({x.real!r},{x.imag!r})" for x in row) + "\n")


def digits(r):
    return [(r // d ** (N - 1 - j)) % d for j in range(N)]


def index(ds):
    return sum(x * d ** (N - 1 - j) for j, x in enumerate(ds))


def embed(op, legs):
    """op on the given legs (in that order), identity elsewhere, by its matrix elements."""
    D = d ** N
    k = len(legs)
    M = np.zeros((D, D), complex)
    for r in range(D):
        dr = digits(r)
        row = sum(dr[leg] * d ** (k - 1 - n) for n, leg in enumerate(legs))
        for col in range(d ** k):
            value = op[row, col]
            if value == 0:
                continue
            ds = list(dr)
            for n, leg in enumerate(legs):
                ds[leg] = (col // d ** (k - 1 - n)) % d
            M[r, index(ds)] += value
    return M


def logm_h(M):
    w, v = np.linalg.eigh(M)
    return v @ np.diag(np.log(w)) @ v.conj().T


def entropy(rho):
    w = np.linalg.eigvalsh(rho)
    w = w[w > 0]
    return -np.sum(w * np.log(w))


def relative_entropy(rho, sigma):
    return -entropy(rho) - np.trace(rho @ logm_h(sigma)).real


def trace_norm(M):
    return np.sum(np.abs(np.linalg.eigvalsh((M + M.conj().T) / 2)))


def marginal(G, legs):
    """Gamma^{(legs)}: trace out every other leg (legs kept in the given order)."""
    T = G.reshape([d] * (2 * N))
    rest = [j for j in range(N) if j not in legs]
    perm = list(legs) + rest + [N + j for j in legs] + [N + j for j in rest]
    T = T.transpose(perm).reshape(d ** len(legs), d ** len(rest), d ** len(legs), d ** len(rest))
    return np.einsum("aibi->ab", T)


def lindblad(H, Ls, G):
    F = -1j * (H @ G - G @ H)
    for L in Ls:
        K = L.conj().T @ L
        F += L @ G @ L.conj().T - 0.5 * (K @ G + G @ K)
    return F


def flow(H, Ls, G, t):
    """exp(t L) G by Taylor series on sub-intervals with tau * ||L|| <= 1 (L linear)."""
    bound = 2 * np.linalg.norm(H, 2) + sum(2 * np.linalg.norm(L, 2) ** 2 for L in Ls)
    pieces = max(1, int(np.ceil(t * bound)))
    tau = t / pieces
    for _ in range(pieces):
        term = G.copy()
        for k in range(1, 60):
            term = tau / k * lindblad(H, Ls, term)
            G = G + term
            if np.max(np.abs(term)) < 1e-18:
                break
    return G


def hartree(h, W, L, gamma, t, steps):
    def rhs(g):
        V = np.einsum("acbe,ec->ab", W.reshape(d, d, d, d), g)
        return lindblad(h + V, [L], g)

    dt = t / steps
    for _ in range(steps):
        k1 = rhs(gamma)
        k2 = rhs(gamma + dt / 2 * k1)
        k3 = rhs(gamma + dt / 2 * k2)
        k4 = rhs(gamma + dt * k3)
        gamma = gamma + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return gamma


def thermal(h0):
    w, v = np.linalg.eigh(h0)
    g = v @ np.diag(np.exp(-beta * w)) @ v.conj().T
    return g / np.trace(g).real


def columns(G, gamma, H, W):
    """The reference's values of the compared timeseries columns."""
    logg = logm_h(gamma)
    out = {"S_vN": entropy(G), "energy": np.trace(H @ G).real,
           "trace_error": abs(np.trace(G) - 1)}
    out["S_N"] = -out["S_vN"] - sum(np.trace(marginal(G, [j]) @ logg).real for j in range(N))
    G1, G2 = marginal(G, [0]), marginal(G, [0, 1])
    out["S_1"], out["tr1"] = relative_entropy(G1, gamma), trace_norm(G1 - gamma)
    gg = np.kron(gamma, gamma)
    out["S_2"], out["tr2"] = relative_entropy(G2, gg), trace_norm(G2 - gg)
    V = np.einsum("acbe,ec->ab", W.reshape(d, d, d, d), gamma)
    A, B = W - np.kron(V, np.eye(d)), np.kron(logg, np.eye(d))
    X = -1j * (A @ B - B @ A)
    out["production"] = sum(np.trace(marginal(G, [i, j]) @ X).real
                            for i in range(N) for j in range(N) if i != j) / (N - 1)
    out["X_op"] = np.linalg.norm(X, 2)
    product = marginal_free_product(gamma)
    out["trN"] = trace_norm(G - product)
    # The proof's partition function and moments (docs/theory.md) in the whole space:
    # A = 1/(N-1) sum_{i != j} X_ij, Phi_N = ln Tr(gamma^(x)N e^{lambda A}), lambda = 1/(32 ||X||).
    A = sum(embed(X, [i, j]) for i in range(N) for j in range(N) if i != j) / (N - 1)
    a, v = np.linalg.eigh((A + A.conj().T) / 2)
    lam = 1 / (32 * out["X_op"])
    out["Phi_N"] = np.log(np.trace(product @ (v * np.exp(lam * a)) @ v.conj().T).real)
    # m <= 2: higher moments grow like (N ||X||)^m, beyond an absolute tolerance.
    out["moment_1"] = np.trace(product @ A).real
    out["moment_2"] = np.trace(product @ A @ A).real
    out["gronwall_rate"] = out["production"] / (out["S_N"] + np.log(2))
    out["gronwall_rate_bound"] = 32 * out["X_op"]
    out["m0"] = np.min(np.linalg.eigvalsh(gamma))
    return out


def main(qrem, mpiexec, np_ranks, work):
    h, W, L = random_operators(20261130)
    for name, M in (("h.txt", h), ("W.txt", W), ("L.txt", L)):
        write_matrix(os.path.join(work, name), M)
    D = d ** N
    H = sum(embed(h, [j]) for j in range(N))
    H = H + sum(embed(W, [i, j]) for i in range(N) for j in range(i + 1, N)) / (N - 1)
    Ls = [embed(L, [j]) for j in range(N)]
    n = np.diag(np.arange(d, dtype=float))
    gamma0 = thermal(h + tilt * n)
    initial = {
        "perturbed": (1 - epsilon) * marginal_free_product(gamma0) + epsilon * np.eye(D) / D,
        "gibbs": gibbs(H + tilt * sum(embed(n, [j]) for j in range(N))),
    }
    failures = 0
    for (case, G0), backend in [(c, b) for c in initial.items() for b in ("dense", "symmetric")]:
        folder = os.path.join(work, case + "-" + backend)
        command = [mpiexec, "-n", np_ranks, "--oversubscribe", qrem, "run",
                   "--model.type", "file", "--model.N", str(N),
                   "--model.file.h", os.path.join(work, "h.txt"),
                   "--model.file.W", os.path.join(work, "W.txt"),
                   "--lindblad.jump", "matrix " + os.path.join(work, "L.txt"),
                   "--initial.beta", str(beta), "--initial.tilt", str(tilt),
                   "--initial.nbody_state", case, "--initial.epsilon", str(epsilon),
                   "--nbody.rtol", "1e-12", "--nbody.atol", "1e-14",
                   "--time.t_end", str(t_end), "--time.dt_out", str(dt_out),
                   "--nbody.backend", backend, "--output.dir", folder, "--output.quiet"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=240)
        if result.returncode != 0:
            print(f"{case}, {backend}: qrem run failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
            failures += 1
            continue
        series = list(csv.DictReader(open(os.path.join(folder, "timeseries.csv"))))
        gamma_rows = list(csv.DictReader(open(os.path.join(folder, "gamma.csv"))))
        worst, where = 0.0, ""
        for row in series:
            t = float(row["t"])
            G = flow(H, Ls, G0, t)
            gamma = hartree(h, W, L, gamma0, t, max(1, int(round(t * 20000))))
            for key, value in columns(G, gamma, H, W).items():
                deviation = abs(float(row[key]) - value)
                if not deviation <= worst:  # also catches NaN
                    worst, where = deviation, f"{key} at t = {t:g}"
            for g in gamma_rows:
                if float(g["t"]) == t:
                    a, b = int(float(g["a"])), int(float(g["b"]))
                    deviation = abs(complex(float(g["re"]), float(g["im"])) - gamma[a, b])
                    if not deviation <= worst:
                        worst, where = deviation, f"gamma[{a}][{b}] at t = {t:g}"
        ok = worst <= TOLERANCE and len(series) == round(t_end / dt_out) + 1
        print(f"d = {d}, N = {N}, {case}, {backend} backend, at {np_ranks} rank(s): {len(series)} rows, largest deviation {worst:.3g} "
              f"({where}; tolerance {TOLERANCE:g}) {'ok' if ok else 'FAIL'}")
        failures += not ok
    return 1 if failures else 0


def marginal_free_product(gamma):
    G = gamma
    for _ in range(N - 1):
        G = np.kron(G, gamma)
    return G


def gibbs(H):
    w, v = np.linalg.eigh(H)
    G = v @ np.diag(np.exp(-beta * (w - w.min()))) @ v.conj().T
    return G / np.trace(G).real


if __name__ == "__main__":
    args = sys.argv[1:]
    while args and args[0] in ("--d", "--N"):
        globals()[args[0][2:]] = int(args[1])
        args = args[2:]
    if len(args) == 4:
        sys.exit(main(*args))
    with tempfile.TemporaryDirectory() as folder:
        sys.exit(main(*args[:3], folder))
