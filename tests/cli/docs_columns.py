#!/usr/bin/env python3
"""The columns docs/outputs.md documents for timeseries.csv are exactly those of a real run.

Usage: docs_columns.py OUTPUTS_MD TIMESERIES_CSV K_MAX
Names with k (S_k, trk, bound_cor1_kk) stand for k = 1..K_MAX. Exit 1 on a difference, naming
the columns documented but absent and present but undocumented.
"""
import csv
import re
import sys

doc, series, k_max = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(doc, encoding="utf-8").read()
section = text.split("## `timeseries.csv`", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
documented = set()
for name in re.findall(r"^\| `([A-Za-z0-9_]+)` \|", section, flags=re.M):
    if name.endswith("_kk") or name in ("S_k", "trk"):
        stem = name[:-1]  # bound_cor1_kk -> bound_cor1_k, S_k -> S_, trk -> tr
        documented.update(f"{stem}{k}" for k in range(1, k_max + 1))
    else:
        documented.add(name)
header = next(csv.reader(open(series, encoding="utf-8")))
actual = set(header)
missing, undocumented = sorted(documented - actual), sorted(actual - documented)
print(f"{len(actual)} columns in {series}, {len(documented)} documented")
if missing:
    print("documented but not in the run:", ", ".join(missing))
if undocumented:
    print("in the run but not documented:", ", ".join(undocumented))
sys.exit(1 if missing or undocumented else 0)
