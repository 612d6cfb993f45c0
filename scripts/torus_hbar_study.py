#!/usr/bin/env python3
"""Theorem 2's hbar-uniform study: sup_t dist_1^2 of the Husimi transforms against N, per hbar.

Usage: torus_hbar_study.py [--output DIR] [--hbar 0.05,0.1,0.2,0.4] [--N 2,3,4,6,8]
                           [--points 4] [--t-end 1] [--dt-out 0.1] [--ranks 2] [--qrem PATH]
                           [--plot-only] [-- more qrem run arguments]

For every (hbar, N) it runs `qrem run` on the torus model in the paper's §8 scaling
(h = -hbar Laplacian, V = Phi/hbar; Phi the periodic Gaussian of width 0.2) from Toeplitz
initial data Gamma_0 = gamma_0^(x)N (initial.type = toeplitz, defaults), closed system, into
DIR/hbar=<h>/N=<N>/ (a finished run, one with summary.json, is kept and not run again), then
writes, atomically:
  DIR/study.csv     hbar, N, sup_dist1_sq (sup over the output times of dist1_k1^2), t_sup,
                    sup_S_1, sup_tr1, sup_S_N (one row per run);
  DIR/envelope.csv  N, envelope (the sup over hbar of sup_dist1_sq), hbar_sup, and the rate
                    shapes (log N)^(-1/2) (Theorem 2) and (log log N)^(-1) (Golse-Paul-
                    Pulvirenti; nan where log log N <= 0);
  DIR/study.png     sup_t dist_1^2 against N for each hbar, the envelope, and both rate shapes
                    scaled to meet the envelope at the largest N (the theorems fix the rates,
                    not the constants), with 1/N for comparison.
The block backend (nbody.backend = auto) takes d = points <= 4; the largest N that fits is
what `qrem info --model.type torus --model.torus.points D --model.N N` allows.

Exit status: 0 done, 1 a qrem run failed (the others are still run and collected), 2 bad
arguments.
"""
import argparse
import csv
import io
import math
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qrem_files import atomic_write, save_png, use_plotting_python  # noqa: E402


def number_list(text, kind):
    try:
        values = [kind(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of numbers")
    if not values:
        raise argparse.ArgumentTypeError("the list is empty")
    return values


def default_qrem():
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", "build", "app", "qrem")
    return os.path.abspath(built) if os.path.exists(built) else (shutil.which("qrem") or built)


def run_folder(out, hbar, N):
    return os.path.join(out, f"hbar={hbar:g}", f"N={N}")


def run_one(args, hbar, N, extra):
    folder = run_folder(args.output, hbar, N)
    if os.path.exists(os.path.join(folder, "summary.json")):
        print(f"hbar = {hbar:g}, N = {N}: done before, kept ({folder})", flush=True)
        return True
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    cmd = ([args.mpiexec, "-n", str(args.ranks)] if args.ranks > 1 else []) + [
        args.qrem, "run", "--model.type", "torus", "--model.torus.points", str(args.points),
        "--model.torus.hbar", repr(hbar), "--model.torus.semiclassical",
        "--model.torus.potential", "gaussian", "--model.torus.width", "0.2",
        "--initial.type", "toeplitz", "--lindblad.jump", "none", "--model.N", str(N),
        "--time.t_end", repr(args.t_end), "--time.dt_out", repr(args.dt_out),
        "--output.dir", folder, "--output.overwrite", "--output.quiet", *extra]
    print(f"hbar = {hbar:g}, N = {N}: {' '.join(cmd)}", flush=True)
    status = subprocess.run(cmd).returncode
    if status != 0:
        print(f"hbar = {hbar:g}, N = {N}: qrem exited with {status}", file=sys.stderr)
    return status == 0


def read_series(folder):
    path = os.path.join(folder, "timeseries.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


def table(header, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[repr(x) if isinstance(x, float) else x for x in r] for r in rows])
    return text.getvalue()


def collect(args):
    study = []
    for hbar in args.hbar:
        for N in args.N:
            rows = read_series(run_folder(args.output, hbar, N))
            if not rows or "dist1_k1" not in rows[0]:
                continue
            best = max(rows, key=lambda r: r["dist1_k1"])
            study.append((hbar, N, best["dist1_k1"] ** 2, best["t"],
                          max(r["S_1"] for r in rows), max(r["tr1"] for r in rows),
                          max(r["S_N"] for r in rows)))
    atomic_write(os.path.join(args.output, "study.csv"),
                 table(["hbar", "N", "sup_dist1_sq", "t_sup", "sup_S_1", "sup_tr1", "sup_S_N"],
                       study))
    envelope = []
    for N in sorted({r[1] for r in study}):
        top = max((r for r in study if r[1] == N), key=lambda r: r[2])
        loglog = math.log(math.log(N)) if N > math.e else float("nan")
        envelope.append((N, top[2], top[0], math.log(N) ** -0.5,
                         1.0 / loglog if loglog > 0 else float("nan")))
    atomic_write(os.path.join(args.output, "envelope.csv"),
                 table(["N", "envelope", "hbar_sup", "rate_log", "rate_loglog"], envelope))
    return study, envelope


def plot(args, study, envelope):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as e:
        print(f"torus_hbar_study: no plot, matplotlib not available ({e})", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(7, 5), dpi=120)
    for hbar in args.hbar:
        points = sorted((r[1], r[2]) for r in study if r[0] == hbar)
        if points:
            ax.plot(*zip(*points), "o-", ms=4, lw=1, label=f"ħ = {hbar:g}")
    if envelope:
        Ns = [e[0] for e in envelope]
        ax.plot(Ns, [e[1] for e in envelope], "k-", lw=2.5, label="sup over ħ (envelope)")
        last = envelope[-1]
        shapes = ((3, "(log N)$^{-1/2}$ (Theorem 2)", "C3", "--"),
                  (4, "(log log N)$^{-1}$ (Golse–Paul–Pulvirenti)", "C4", ":"))
        for column, name, colour, style in shapes:
            if math.isfinite(last[column]) and last[column] > 0:
                scale = last[1] / last[column]
                ys = [scale * e[column] if math.isfinite(e[column]) else float("nan")
                      for e in envelope]
                ax.plot(Ns, ys, style, color=colour, lw=1.5, label=name + ", scaled")
        ax.plot(Ns, [last[1] * last[0] / n for n in Ns], "-.", color="grey", lw=1,
                label="1/N, scaled")
    ax.set(xscale="log", yscale="log", xlabel="N",
           ylabel=r"sup$_t$ dist$_1$(Husimi of $\Gamma_t^{N:1}$, of $\gamma_t$)$^2$",
           title=f"Theorem 2 on the torus: d = {args.points}, t ≤ {args.t_end:g}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    save_png(fig, os.path.join(args.output, "study.png"), dpi=120)


def main():
    use_plotting_python(("matplotlib",))
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="torus-hbar-study", help="study folder")
    parser.add_argument("--hbar", type=lambda s: number_list(s, float), default=[0.05, 0.1, 0.2, 0.4])
    parser.add_argument("--N", type=lambda s: number_list(s, int), default=[2, 3, 4, 6, 8])
    parser.add_argument("--points", type=int, default=4, help="grid points d of the torus")
    parser.add_argument("--t-end", type=float, default=1.0)
    parser.add_argument("--dt-out", type=float, default=0.1)
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--qrem", default=default_qrem())
    parser.add_argument("--mpiexec", default=os.environ.get("MPIEXEC", "mpiexec"))
    parser.add_argument("--plot-only", action="store_true", help="collect and plot, run nothing")
    args = parser.parse_args(argv)
    if any(h <= 0 for h in args.hbar) or any(n < 2 for n in args.N) or args.ranks < 1:
        parser.error("hbar must be positive, N >= 2, ranks >= 1")
    os.makedirs(args.output, exist_ok=True)
    failed = 0
    if not args.plot_only:
        if not os.access(args.qrem, os.X_OK):
            parser.error(f"no qrem executable at {args.qrem}: build it (bash scripts/build.sh) "
                         "or give --qrem")
        for hbar in args.hbar:
            for N in args.N:
                failed += not run_one(args, hbar, N, extra)
    study, envelope = collect(args)
    plot(args, study, envelope)
    for e in envelope:
        print(f"N = {e[0]:4d}: sup over hbar and t of dist_1^2 = {e[1]:.4e} (at hbar = {e[2]:g})")
    print(f"written: {args.output}/study.csv, envelope.csv, study.png"
          + (f"; {failed} run(s) failed" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
