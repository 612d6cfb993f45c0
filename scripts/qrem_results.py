#!/usr/bin/env python3
"""Loads a qrem run folder into NumPy arrays.

    import sys; sys.path.insert(0, "scripts")          # or copy this file beside your notebook
    from qrem_results import load_run
    run = load_run("qrem-runs/20261130-120000")
    run.t, run.series["S_N"], run.gamma[-1], run.marginal[-1], run.summary["final"]["S_N"]

load_run(folder) returns a Run with
  t         the output times (1-D float array), as in timeseries.csv
  series    {column name: 1-D float array} of timeseries.csv (docs/outputs.md lists them)
  gamma     gamma_t as a complex array [time index, a, b] (gamma.csv), or None if absent
  marginal  Gamma_t^{N:1} the same way (marginal.csv), or None if absent
  summary   summary.json as a dict, or None (a stopped run has none)
  config    config.ini as {"section.key": [values]} (lists such as lindblad.jump keep every value)
  states    {t: file name} of the states saved by output.save_state_at (state_t=<t>.h5)
  husimi    torus runs (husimi.csv): {"q": the d grid points, "p": the d momenta, "gamma" and
            "marginal": the Husimi weights as arrays [time index, q index, p index]}; else None
Only NumPy is needed. With h5py (Debian: python3-h5py) also:
  load_results(folder)  results.h5 as {"t", "timeseries": {column: array}, "gamma",
                        "marginal", "states": {t: Gamma_t}} (complex arrays)
  load_state(path)      a state file of the dense backend as the D x D complex matrix Gamma_t
As a script, `qrem_results.py FOLDER` prints what it loaded.
"""
import csv
import json
import os
import sys

import numpy as np


class Run:
    def __init__(self, folder, t, series, gamma, marginal, summary, config, states, husimi=None):
        self.folder, self.t, self.series = folder, t, series
        self.gamma, self.marginal, self.summary, self.config = gamma, marginal, summary, config
        self.states, self.husimi = states, husimi

    def __repr__(self):
        d = None if self.gamma is None else self.gamma.shape[1]
        return (f"Run({self.folder!r}: {len(self.t)} output times, {len(self.series)} columns, "
                f"d = {d}, summary {'yes' if self.summary else 'no'})")


def _read_series(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    # float() reads "inf" and "nan" as written by qrem.
    values = np.array([[float(x) for x in row] for row in body], dtype=float).reshape(len(body), len(header))
    return {name: values[:, j] for j, name in enumerate(header)}


def _read_entries(path, times):
    """A long-format matrix file (t, a, b, re, im) as a complex array [time index, a, b]."""
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return np.zeros((0, 0, 0), dtype=complex)
    d = 1 + max(max(int(r["a"]), int(r["b"])) for r in rows)
    index = {float(t): i for i, t in enumerate(times)}
    out = np.full((len(times), d, d), np.nan + 0j)
    for r in rows:
        out[index[float(r["t"])], int(r["a"]), int(r["b"])] = complex(float(r["re"]), float(r["im"]))
    return out


def _read_config(path):
    config, section = {}, ""
    if not os.path.exists(path):
        return config
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _, value = line.partition("=")
        config.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return config


def _read_husimi(path, times):
    """husimi.csv (t, q, p, gamma, marginal; p fastest) as in Run.husimi, or None if absent."""
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    q = np.unique([float(r["q"]) for r in rows])
    p = np.unique([float(r["p"]) for r in rows])
    shape = (len(times), len(q), len(p))
    out = {"q": q, "p": p}
    for key in ("gamma", "marginal"):
        out[key] = np.array([float(r[key]) for r in rows]).reshape(shape)
    return out


def load_run(folder):
    series_path = os.path.join(folder, "timeseries.csv")
    if not os.path.exists(series_path):
        raise FileNotFoundError(f"{folder!r} holds no timeseries.csv: not a qrem run folder")
    series = _read_series(series_path)
    t = series["t"]
    summary_path = os.path.join(folder, "summary.json")
    summary = json.load(open(summary_path)) if os.path.exists(summary_path) else None
    states = {}
    for name in sorted(os.listdir(folder)):
        if name.startswith("state_t=") and name.endswith(".h5"):
            states[float(name[len("state_t="):-len(".h5")])] = name
    return Run(folder, t, series, _read_entries(os.path.join(folder, "gamma.csv"), t),
               _read_entries(os.path.join(folder, "marginal.csv"), t), summary,
               _read_config(os.path.join(folder, "config.ini")), states,
               _read_husimi(os.path.join(folder, "husimi.csv"), t))


def _complex(values):
    """PETSc writes a complex Vec with a trailing axis (re, im); results.h5 a compound read
    as complex already."""
    values = np.asarray(values)
    if values.dtype.kind == "c":
        return values
    return values[..., 0] + 1j * values[..., 1]


def load_state(path):
    """Gamma_t of a dense-backend state file (dataset /Gamma: D^2 entries, row-major)."""
    import h5py
    with h5py.File(path, "r") as f:
        values = _complex(f["Gamma"][()]).reshape(-1)
    D = int(round(np.sqrt(values.size)))
    if D * D != values.size:
        raise ValueError(f"{path}: {values.size} entries are not a D x D matrix")
    return values.reshape(D, D)


def load_results(folder):
    """results.h5 of a run folder as plain NumPy arrays."""
    import h5py
    with h5py.File(os.path.join(folder, "results.h5"), "r") as f:
        out = {"t": f["t"][()],
               "timeseries": {name: f["timeseries"][name][()] for name in f["timeseries"]},
               "gamma": _complex(f["gamma"][()]),
               "marginal": _complex(f["marginal"][()]) if "marginal" in f else None,
               "states": {}}
        times = f["states"]["times"][()]
        for i, t in enumerate(times):
            link = f["states"].get(f"state_{i}")  # None if the state file is gone
            if link is None:
                out["states"][float(t)] = None
                continue
            values = _complex(link[()]).reshape(-1)
            D = int(round(np.sqrt(values.size)))
            # The dense backend's Gamma (attributes d and N) as D x D; the blocks' packed storage flat.
            dense = "N" in link.attrs and D * D == values.size
            out["states"][float(t)] = values.reshape(D, D) if dense else values
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    run = load_run(sys.argv[1])
    print(run)
    print("columns:", ", ".join(run.series))
    if run.gamma is not None:
        print("gamma_t at the last time:\n", run.gamma[-1])
