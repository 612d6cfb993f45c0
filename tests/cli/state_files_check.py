#!/usr/bin/env python3
"""results.h5 and output.save_state_at through the qrem executable, read by
scripts/qrem_results.py: results.h5 holds exactly the CSV files' values; on the dense backend a
saved Gamma_t is the D x D density matrix and, as initial.Gamma_file, continues the run (the
energy and S_vN of the continuation at t equal the original run's at t + 0.2); on the blocks,
the state files are written, linked, and continue a run on the blocks. Needs h5py (python3-h5py).
Usage: state_files_check.py QREM SCRIPTS_DIR"""
import os
import subprocess
import sys
import tempfile

import numpy as np

qrem, scripts = sys.argv[1], sys.argv[2]
sys.path.insert(0, scripts)
from qrem_results import load_results, load_run, load_state  # noqa: E402


def run(folder, *options):
    subprocess.run([qrem, "run", "--output.dir", folder, "--output.quiet", "--output.plot", "false",
                    *options], check=True, stdout=subprocess.DEVNULL)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


work = tempfile.mkdtemp()
a = os.path.join(work, "a")
run(a, "--model.N", "4", "--nbody.backend", "dense", "--time.t_end", "0.6",
    "--output.save_state_at", "0.2, 0.4")
r, h5 = load_run(a), load_results(a)
if sorted(r.states) != [0.2, 0.4]:
    fail(f"state files {r.states}")
if not np.array_equal(h5["t"], r.t):
    fail("results.h5 /t")
for name, values in r.series.items():
    # Both are the same doubles: CSV numbers read back bit-identical.
    if not np.array_equal(h5["timeseries"][name], values, equal_nan=True):
        fail(f"results.h5 /timeseries/{name}")
if not (np.array_equal(h5["gamma"], r.gamma) and np.array_equal(h5["marginal"], r.marginal)):
    fail("results.h5 /gamma or /marginal")
G = load_state(os.path.join(a, "state_t=0.2.h5"))
if G.shape != (16, 16):
    fail(f"Gamma shape {G.shape}")
# A density matrix: trace 1 and Hermitian to rounding, as the run's own columns say.
if abs(np.trace(G) - 1) > 1e-12 or np.abs(G - G.conj().T).max() > 1e-14:
    fail("Gamma_0.2 is not a density matrix")
if not np.array_equal(h5["states"][0.2], G):
    fail("/states/state_0 does not link to state_t=0.2.h5")
# Its one-body marginal is the run's Gamma^{N:1} at t = 0.2 (to rounding).
G4 = G.reshape(2, 8, 2, 8)
marginal = np.einsum("ajbj->ab", G4)
k = int(np.argmin(abs(r.t - 0.2)))
if np.abs(marginal - r.marginal[k]).max() > 1e-13:
    fail("Gamma_0.2's marginal differs from marginal.csv")

b = os.path.join(work, "b")
run(b, "--model.N", "4", "--time.t_end", "0.2", "--initial.nbody_state", "file",
    "--initial.Gamma_file", os.path.join(a, "state_t=0.4.h5"))
rb = load_run(b)
ka, kb = int(np.argmin(abs(r.t - 0.6))), int(np.argmin(abs(rb.t - 0.2)))
# Two integrations of the same flow at nbody.rtol = 1e-10 from the same state: 1e-8.
for column in ("energy", "S_vN"):
    if abs(rb.series[column][kb] - r.series[column][ka]) > 1e-8:
        fail(f"continuation: {column} {rb.series[column][kb]} vs {r.series[column][ka]}")

c = os.path.join(work, "c")
run(c, "--model.N", "16", "--time.t_end", "0.2", "--output.save_state_at", "0.1")
hc, rc = load_results(c), load_run(c)
if list(hc["states"]) != [0.1] or hc["states"][0.1] is None:
    fail("blocks: the state file is not linked")
# The blocks' state file continues a run on the blocks (auto).
d = os.path.join(work, "d")
run(d, "--model.N", "16", "--time.t_end", "0.1", "--initial.nbody_state", "file",
    "--initial.Gamma_file", os.path.join(c, "state_t=0.1.h5"))
rd = load_run(d)
if rd.summary["nbody"]["backend"] != "symmetric":
    fail("a blocks state file did not select the symmetric backend")
for column in ("energy", "S_vN"):
    if abs(rd.series[column][-1] - rc.series[column][-1]) > 1e-8:
        fail(f"blocks continuation: {column} {rd.series[column][-1]} vs {rc.series[column][-1]}")
# ... and the dense backend refuses it, naming the key.
refused = subprocess.run([qrem, "run", "--output.dir", os.path.join(work, "e"), "--output.quiet",
                          "--model.N", "16", "--nbody.backend", "dense", "--initial.nbody_state",
                          "file", "--initial.Gamma_file", os.path.join(c, "state_t=0.1.h5")],
                         capture_output=True, text=True)
if refused.returncode == 0 or "initial.Gamma_file: holds Schur-Weyl blocks" not in refused.stderr:
    fail(f"dense backend with a blocks file: {refused.returncode} {refused.stderr!r}")
print("ok: results.h5 equals the CSV files; state files load, link and continue a run")
