#!/usr/bin/env python3
"""scripts/qrem_results.py on a real run folder: every file loads, the values are the files'.
Usage: results_reader_check.py SCRIPTS_DIR RUN_FOLDER N"""
import csv
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])
from qrem_results import load_run  # noqa: E402

folder, N = sys.argv[2], int(sys.argv[3])
run = load_run(folder)
rows = list(csv.reader(open(folder + "/timeseries.csv")))
assert list(run.series) == rows[0] and len(run.t) == len(rows) - 1, "time series"
assert run.series["S_N"][-1] == float(rows[-1][rows[0].index("S_N")]), "values read bit-identical"
for m in (run.gamma, run.marginal):
    assert m.shape == (len(run.t), 2, 2) and not np.isnan(m).any(), m.shape
    assert np.allclose(np.trace(m, axis1=1, axis2=2), 1), "trace 1"
    assert np.allclose(m, m.conj().transpose(0, 2, 1)), "Hermitian"
assert run.summary["model"]["N"] == N and run.config["model.N"] == [str(N)], "summary, config"
print(run)
