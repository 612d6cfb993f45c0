#!/usr/bin/env python3
"""Scaling report of a qrem study: speedup and parallel efficiency against the rank count.

Usage: qrem_scaling.py STUDY [--kind strong|weak]

Reads every run folder's summary.json under STUDY (any depth; written by
jobs/qrem-strong-scaling.sbatch or jobs/qrem-weak-scaling.sbatch, or by hand): "ranks",
"timings_seconds" (per phase and "total", slowest rank), "peak_memory_bytes_per_rank",
"model" {"N", "d"}, "nbody" {"D", "steps", "rhs_evaluations"}. Writes, atomically,

  STUDY/scaling.csv  one row per run, by ranks: run, ranks, N, d, D, gamma_entries_per_rank
                     (D^2/p), nbody_steps, total_s and <phase>_s for every phase, speedup,
                     efficiency, seconds_per_entry (total_s * p / D^2), peak_memory_MiB_per_rank;
  STUDY/scaling.png  speedup and efficiency against ranks (log2 axes) with the ideal lines, for
                     the total and the evolution and spectrum phases;

and prints the table. With p0 the smallest rank count and T the total wall time:
  strong (one problem):      speedup = T_p0 / T_p,              ideal p / p0;
                             efficiency = p0 T_p0 / (p T_p)     (T_1 / (p T_p) for p0 = 1);
  weak (N grows with ranks): efficiency = T_p0 / T_p,           ideal 1;
                             speedup = (p / p0) T_p0 / T_p      (scaled speedup), ideal p / p0.
Several runs at p0 (repeats): T_p0 is the fastest of them. --kind defaults to STUDY/study.json's
"kind", else strong when every run has the same N and d, weak otherwise.

Exit status: 0 done; 2 no readable summary.json or bad arguments; 3 scaling.csv written but no
PNG (matplotlib missing or failing).
"""
import argparse
import csv
import io
import json
import math
import os
import sys

from qrem_files import atomic_write, save_png, use_plotting_python  # scripts/qrem_files.py, beside this script

PHASES = ["assembly", "initial_state", "evolution", "hartree", "invariants", "spectrum",
          "marginals", "output"]  # the order of summary.json; others follow, then total


def fail(status, message):
    print(f"qrem_scaling: {message}", file=sys.stderr)
    sys.exit(status)


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def read_runs(study):
    runs, problems = [], []
    for folder, dirs, files in os.walk(study):
        dirs.sort()
        if "summary.json" not in files:
            continue
        path = os.path.join(folder, "summary.json")
        try:
            with open(path, encoding="utf-8") as f:
                s = json.load(f)
            model, nbody = s.get("model") or {}, s.get("nbody") or {}
            timings = {k: number(v) for k, v in (s.get("timings_seconds") or {}).items()}
            run = {"run": os.path.relpath(folder, study), "ranks": int(s["ranks"]),
                   "N": int(model["N"]), "d": int(model["d"]), "D": int(nbody.get("D", model["d"] ** model["N"])),
                   "nbody_steps": nbody.get("steps", ""), "timings": timings,
                   "memory": number(s.get("peak_memory_bytes_per_rank"))}
            if not math.isfinite(timings.get("total", math.nan)) or timings["total"] <= 0:
                raise KeyError("timings_seconds.total")
            runs.append(run)
        except (OSError, ValueError, KeyError, TypeError) as e:
            problems.append(f"{path}: {'missing ' + str(e) if isinstance(e, KeyError) else e}")
    return runs, problems


def main():
    use_plotting_python()  # collect draws with matplotlib
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 1)[1])
    parser.add_argument("study", metavar="STUDY", help="folder holding the run folders")
    parser.add_argument("--kind", choices=["strong", "weak"], help="default: study.json, else guessed")
    args = parser.parse_args()
    if not os.path.isdir(args.study):
        fail(2, f"{args.study}: no such folder")
    runs, problems = read_runs(args.study)
    for p in problems:
        print(f"qrem_scaling: skipped {p}", file=sys.stderr)
    if not runs:
        fail(2, f"{args.study}: no readable summary.json in its run folders")

    kind = args.kind
    if kind is None:
        try:
            with open(os.path.join(args.study, "study.json"), encoding="utf-8") as f:
                kind = json.load(f).get("kind")
        except (OSError, ValueError, AttributeError):
            kind = None
        if kind not in ("strong", "weak"):
            kind = "strong" if len({(r["N"], r["d"]) for r in runs}) == 1 else "weak"
    if kind == "strong" and len({(r["N"], r["d"]) for r in runs}) > 1:
        print("qrem_scaling: warning: a strong-scaling study with different problems (N, d)", file=sys.stderr)

    runs.sort(key=lambda r: (r["ranks"], r["N"], r["run"]))
    p0 = runs[0]["ranks"]
    t0 = min(r["timings"]["total"] for r in runs if r["ranks"] == p0)
    phase0 = {}
    for r in runs:
        if r["ranks"] == p0:
            for k, v in r["timings"].items():
                phase0[k] = min(phase0.get(k, math.inf), v)
    phases = [p for p in PHASES if any(p in r["timings"] for r in runs)]
    phases += sorted({k for r in runs for k in r["timings"]} - set(phases) - {"total"})

    def speedup(t, t_ref, p):
        if not (t > 0 and math.isfinite(t) and math.isfinite(t_ref)):
            return math.nan
        return t_ref / t if kind == "strong" else (p / p0) * t_ref / t

    rows = []
    for r in runs:
        p, t = r["ranks"], r["timings"]["total"]
        s = speedup(t, t0, p)
        entries = r["D"] ** 2 / p
        row = {"run": r["run"], "ranks": p, "N": r["N"], "d": r["d"], "D": r["D"],
               "gamma_entries_per_rank": entries, "nbody_steps": r["nbody_steps"], "total_s": t}
        row.update({f"{ph}_s": r["timings"].get(ph, math.nan) for ph in phases})
        row.update({"speedup": s, "efficiency": s * p0 / p, "seconds_per_entry": t / entries,
                    "peak_memory_MiB_per_rank": r["memory"] / 2**20})
        row["_phase_speedup"] = {ph: speedup(r["timings"].get(ph, math.nan), phase0.get(ph, math.nan), p)
                                 for ph in ("evolution", "spectrum")}
        rows.append(row)

    columns = (["run", "ranks", "N", "d", "D", "gamma_entries_per_rank", "nbody_steps", "total_s"]
               + [f"{ph}_s" for ph in phases]
               + ["speedup", "efficiency", "seconds_per_entry", "peak_memory_MiB_per_rank"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([repr(v) if isinstance(v, float) else v for v in (row[c] for c in columns)])
    csv_path = os.path.join(args.study, "scaling.csv")
    atomic_write(csv_path, out.getvalue())

    ideal = "speedup ideal p/p0, efficiency ideal 1"
    if kind == "strong":
        print(f"{kind} scaling, {len(rows)} run(s), against p0 = {p0} rank(s) (T_p0 = {t0:.4g} s): "
              f"speedup = T_p0/T_p, efficiency = p0 T_p0/(p T_p); {ideal}")
    else:
        print(f"{kind} scaling, {len(rows)} run(s), against p0 = {p0} rank(s) (T_p0 = {t0:.4g} s): "
              f"efficiency = T_p0/T_p, speedup = (p/p0) T_p0/T_p; {ideal}")
    shown = ["evolution", "spectrum", "hartree", "output"]
    shown = [ph for ph in shown if ph in phases]
    header = (f"{'ranks':>5} {'N':>3} {'D':>7} {'total s':>9} " + " ".join(f"{ph[:10] + ' s':>12}" for ph in shown)
              + f" {'speedup':>8} {'effic.':>7} {'MiB/rank':>9}  run")
    print(header)
    for row in rows:
        print(f"{row['ranks']:>5} {row['N']:>3} {row['D']:>7} {row['total_s']:>9.4g} "
              + " ".join(f"{row[ph + '_s']:>12.4g}" for ph in shown)
              + f" {row['speedup']:>8.3f} {row['efficiency']:>7.3f} {row['peak_memory_MiB_per_rank']:>9.1f}  {row['run']}")
    print(f"-> {csv_path}")
    return plot(args.study, kind, rows, p0)


def plot(study, kind, rows, p0):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except Exception as e:
        print(f"qrem_scaling: scaling.png not drawn: matplotlib not available ({e}); install it (apt-get install python3-matplotlib) or set QREM_PYTHON to a Python that has it", file=sys.stderr)
        return 3
    ranks = [r["ranks"] for r in rows]
    fig, (ax_s, ax_e) = plt.subplots(1, 2, figsize=(11, 4.5))
    p_lo, p_hi = min(ranks), max(ranks)
    ideal_p = [p_lo, p_hi] if p_hi > p_lo else [p_lo, p_lo * 2]
    ax_s.plot(ideal_p, [p / p0 for p in ideal_p], "--", color="0.5", label="ideal p/p0")
    ax_e.plot(ideal_p, [1, 1], "--", color="0.5", label="ideal")
    ax_s.plot(ranks, [r["speedup"] for r in rows], "o-", label="total")
    ax_e.plot(ranks, [r["efficiency"] for r in rows], "o-", label="total")
    for ph, style in (("evolution", "s:"), ("spectrum", "^:")):
        s = [r["_phase_speedup"][ph] for r in rows]
        if any(math.isfinite(v) for v in s):
            ax_s.plot(ranks, s, style, label=ph)
            ax_e.plot(ranks, [v * p0 / p for v, p in zip(s, ranks)], style, label=ph)
    labels = {r["ranks"]: f"{r['ranks']}" + (f"\nN={r['N']}" if kind == "weak" else "") for r in rows}
    for ax, title in ((ax_s, "speedup" if kind == "strong" else "scaled speedup"), (ax_e, "parallel efficiency")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sorted(labels))
        ax.set_xticklabels([labels[p] for p in sorted(labels)])
        ax.set_xlabel("MPI ranks")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    ax_s.set_yscale("log", base=2)
    ax_s.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax_e.set_ylim(bottom=0)
    n_text = f"N = {rows[0]['N']}" if kind == "strong" else "N = " + ", ".join(str(r["N"]) for r in rows)
    fig.suptitle(f"{kind} scaling of {os.path.basename(os.path.abspath(study))} ({n_text}, d = {rows[0]['d']})")
    fig.tight_layout()
    png_path = os.path.join(study, "scaling.png")
    try:
        save_png(fig, png_path, dpi=110)
    except Exception as e:
        print(f"qrem_scaling: scaling.png not written: {e}", file=sys.stderr)
        return 3
    finally:
        plt.close(fig)
    print(f"-> {png_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
