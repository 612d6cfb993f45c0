#!/usr/bin/env python3
"""Draw Proposition 3.3's counts from a `qrem theory` folder.

Usage: plot_theory.py FOLDER [--output FILE]

Reads FOLDER/index_counts.csv (columns m, N, count, ratio, C0_needed) and writes
FOLDER/theory.png (or FILE), atomically, with two log-x panels against N, one curve per m:

  left,  "C_0 needed": (|I_{m,N}| / m!)^(1/m) / N, the smallest C_0 with
         |I_{m,N}| <= (C_0 N)^m m!, beside the paper's admissible C_0 = 8 (dashed);
  right, "|I_{m,N}| / (N^m m!)" on a log scale.

Exit status: 0 drawn, 2 missing/unreadable CSV or column, 3 matplotlib missing, 1 the PNG
could not be written.
"""
import argparse
import csv
import os
import sys

from qrem_files import save_png  # scripts/qrem_files.py, beside this script


def fail(status, message):
    print(f"plot_theory: {message}", file=sys.stderr)
    sys.exit(status)


def read_counts(path):
    """{m: [(N, ratio, C0_needed), ...]} sorted by N; exits 2 on anything unreadable."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        fail(2, f"{path}: cannot read ({getattr(e, 'strerror', None) or e})")
    by_m = {}
    for line, row in enumerate(rows, start=2):
        try:
            m, N = int(row["m"]), int(row["N"])
            ratio, C0 = float(row["ratio"]), float(row["C0_needed"])
        except (KeyError, TypeError, ValueError) as e:
            fail(2, f"{path}: line {line}: {e}")
        by_m.setdefault(m, []).append((N, ratio, C0))
    if not by_m:
        fail(2, f"{path}: no data rows")
    return {m: sorted(points) for m, points in sorted(by_m.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--output")
    args = parser.parse_args()
    by_m = read_counts(os.path.join(args.folder, "index_counts.csv"))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        fail(3, f"matplotlib not available ({e})")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    colours = plt.cm.viridis
    for k, (m, points) in enumerate(by_m.items()):
        shown = [p for p in points if p[1] > 0]
        if not shown:
            continue
        colour = colours(k / max(1, len(by_m) - 1))
        Ns = [p[0] for p in shown]
        left.plot(Ns, [p[2] for p in shown], "o-", ms=3, color=colour, label=f"m = {m}")
        right.plot(Ns, [p[1] for p in shown], "o-", ms=3, color=colour, label=f"m = {m}")
    left.axhline(8, color="k", ls="--", lw=1, label="paper: C_0 = 8")
    left.set_xscale("log")
    left.set_xlabel("N")
    left.set_ylabel("(|I_{m,N}| / m!)^(1/m) / N")
    left.set_title("C_0 needed (Proposition 3.3)")
    left.legend(fontsize=7, ncol=2)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("N")
    right.set_title("|I_{m,N}| / (N^m m!)")
    fig.tight_layout()
    try:
        save_png(fig, args.output or os.path.join(args.folder, "theory.png"), dpi=110)
    except OSError as e:
        fail(1, f"cannot write the PNG ({e.strerror or e})")


if __name__ == "__main__":
    main()
