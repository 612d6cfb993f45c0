#!/usr/bin/env python3
"""Parameter sweeps of qrem: generate the runs, run them locally, collect and fit the results.

Usage:
  qrem_sweep.py generate --out SWEEP [--base BASE.ini] --vary KEY=V1,V2,... [--vary ...]
                         [--set KEY=VALUE ...] [--ranks 2] [--force]
  qrem_sweep.py run --sweep SWEEP [--ranks 2] [--tasks "1-3"] [--qrem PATH] [-- QREM_ARGS]
  qrem_sweep.py collect SWEEP

generate  The Cartesian product of the --vary lists (values split at commas, or at '|' when
          the list holds one, e.g. --vary 'lindblad.jump=site-dephasing 0.1|none'); --set
          keys go to every run. Writes SWEEP/runs.txt, one run per line:
              NAME  ARGS...
          NAME (e.g. N4, N4_J0.5) names the run folder SWEEP/runs/NAME/, ARGS are the
          `qrem run` arguments as shell words (shlex quoting): --config BASE (absolute path)
          if given, then the --set keys, then the varied keys, e.g.
              N4  --config /home/me/base.ini --time.t_end 1 --model.N 4
          and SWEEP/sweep.json (base, varied keys and values, fixed keys, every run with its
          values and arguments). Submit with the printed `sbatch --array=1-K --ntasks=RANKS`
          line (--ranks, default 2, the MPI ranks of each run).
run       Runs the lines one after the other on this machine through the local fallback of
          jobs/qrem-array.sbatch (mpiexec -n RANKS); finished runs are skipped, checkpointed
          ones restarted. QREM_ARGS go to every `qrem run`.
collect   Reads SWEEP/runs/*/summary.json of the finished runs (unfinished ones are listed and
          skipped) and writes
            SWEEP/collect.csv  one row per run: name, the varied keys but model.N, N, d, D, ranks, final_t,
                               for S_N, S_k and trk (k = 1..k_max) the final value and the
                               maximum over t ({q}_final, {q}_max), violations, wall seconds
                               (all attempts of a requeued run), attempts;
            SWEEP/fit.json     per group of the varied keys other than model.N and per
                               quantity q in trk, S_k (and S_N): the least-squares fit
                               log max_t q = log c - a log N, with the standard errors of a and
                               of log c, beside the paper's rate (Corollary 1: trk ~ N^(-1/2),
                               a = 1/2; Lemma 6: S_k <= (k/N) S_N, a = 1; Theorem 3: S_N
                               bounded in N, a = 0; upper bounds, for comparison only). Fewer
                               than 3 distinct N: no fit, and fit.json says so; exactly 3
                               points: a "warning" that the error is rough (also printed);
            SWEEP/table.md     the same for reading: per group a table of the runs (N, max over t
                               of S_N, trk, S_k, t_end, violations, wall seconds) and one of
                               the fitted exponents a ± error beside the paper's (also printed);
            SWEEP/collect.png  top: S_N(t) and tr1(t) of every run (from its timeseries.csv),
                               coloured by N; bottom, log-log against N: max_t S_N, max_t trk
                               and max_t S_k with the fitted lines and the paper's slopes
                               (N^0, N^(-1/2) with N^(-1) for comparison, N^(-1)).
          Needs matplotlib only for the PNG; a run without a readable timeseries.csv has no
          time curves (said on stdout), its maxima are still drawn.

Exit status: 0 done; 1 a run failed (run) or nothing to collect; 2 bad arguments or files;
3 collect wrote collect.csv, fit.json and table.md but no PNG (matplotlib missing or failing).
"""
import argparse
import csv
import datetime
import io
import itertools
import json
import math
import os
import re
import shlex
import subprocess
import sys

from qrem_files import atomic_write, save_png, use_plotting_python  # scripts/qrem_files.py, beside this script

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+=-]*$")  # as jobs/qrem-array.sbatch checks
REPEATABLE = {"lindblad.jump"}  # keys qrem accepts more than once
RESERVED = {"output.dir": "every run's folder is set by the job template",
            "output.overwrite": "a finished run is skipped, not overwritten"}


def fail(status, message):
    print(f"qrem_sweep: {message}", file=sys.stderr)
    sys.exit(status)


# ---------------------------------------------------------------------------- generate

def parse_key_value(text, option):
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep:
        fail(2, f"{option} {text!r}: expected KEY=VALUE")
    if key.startswith("--"):
        key = key[2:]
    if not KEY_RE.match(key):
        fail(2, f"{option} {text!r}: '{key}' is not a config key (section.key, as in `qrem run --help`)")
    if key in RESERVED:
        fail(2, f"{option} {key}: not allowed, {RESERVED[key]}")
    return key, value


def run_name_parts(keys):
    """The prefix of every varied key in run names: its last component, or the whole key
    (dots as '-') where two keys share a last component."""
    last = [k.rsplit(".", 1)[1] for k in keys]
    return [l if last.count(l) == 1 else k.replace(".", "-") for k, l in zip(keys, last)]


def name_part(prefix, value):
    text = re.sub(r"[^A-Za-z0-9.+-]+", "-", value).strip("-") or "x"
    return prefix + text if re.match(r"^[-+.]?[0-9]", text) else f"{prefix}-{text}"


def generate(args):
    if args.base is not None and not os.path.isfile(args.base):
        fail(2, f"--base {args.base}: no such file")
    base = os.path.abspath(args.base) if args.base else None
    varied = []  # [(key, [values])]
    for text in args.vary:
        key, values = parse_key_value(text, "--vary")
        if any(key == k for k, _ in varied):
            fail(2, f"--vary {key}: given twice (put all values in one list)")
        sep = "|" if "|" in values else ","
        values = [v.strip() for v in values.split(sep)]
        if not values or any(v == "" for v in values):
            fail(2, f"--vary {text!r}: empty value in the list")
        if len(set(values)) != len(values):
            fail(2, f"--vary {text!r}: repeated value")
        varied.append((key, values))
    fixed = [parse_key_value(text, "--set") for text in args.set]
    for key, value in fixed:
        if value.strip() == "":
            fail(2, f"--set {key}: empty value")
        if any(key == k for k, _ in varied):
            fail(2, f"--set {key}: also varied (qrem takes a key once)")
        if key not in REPEATABLE and [k for k, _ in fixed].count(key) > 1:
            fail(2, f"--set {key}: given twice (qrem takes it once)")
    if not varied:
        fail(2, "nothing to vary: give at least one --vary KEY=V1,V2,...")

    os.makedirs(args.out, exist_ok=True)
    runs_path = os.path.join(args.out, "runs.txt")
    if os.path.exists(runs_path) and not args.force:
        fail(2, f"{runs_path} exists (a sweep is there); --force replaces it")

    prefixes = run_name_parts([k for k, _ in varied])
    common = (["--config", base] if base else []) + [a for k, v in fixed for a in (f"--{k}", v)]
    runs, seen = [], {}
    for combo in itertools.product(*[values for _, values in varied]):
        name = "_".join(name_part(p, v) for p, v in zip(prefixes, combo))
        if not NAME_RE.match(name):
            name = "run-" + name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}-{seen[name]}"
        qrem_args = common + [a for (k, _), v in zip(varied, combo) for a in (f"--{k}", v)]
        runs.append({"task": len(runs) + 1, "name": name,
                     "values": {k: v for (k, _), v in zip(varied, combo)}, "args": qrem_args})

    width = max(len(r["name"]) for r in runs)
    text = "".join(f"{r['name']:<{width}}  {shlex.join(r['args'])}\n" for r in runs)
    sweep = {
        "format": "qrem sweep 1: runs.txt lines are 'NAME ARGS...', ARGS `qrem run` arguments as "
                  "shell words; task i of jobs/qrem-array.sbatch runs line i into runs/NAME/",
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "command": shlex.join(sys.argv),
        "base": base,
        "vary": [{"key": k, "values": v} for k, v in varied],
        "set": [[k, v] for k, v in fixed],
        "runs": runs,
    }
    atomic_write(runs_path, text)
    atomic_write(os.path.join(args.out, "sweep.json"), json.dumps(sweep, indent=2) + "\n")
    print(text, end="")
    print(f"qrem_sweep: wrote {runs_path} ({len(runs)} runs) and sweep.json")
    # --ntasks here: the template's own default (4) is more than a small node has.
    print(f"  on Slurm:  sbatch --array=1-{len(runs)} --ntasks={args.ranks} jobs/qrem-array.sbatch {runs_path}")
    print(f"  locally:   {sys.argv[0]} run --sweep {args.out} --ranks {args.ranks}")
    print(f"  then:      {sys.argv[0]} collect {args.out}")


# ---------------------------------------------------------------------------------- run

def run(args):
    runs_path = os.path.join(args.sweep, "runs.txt")
    if not os.path.isfile(runs_path):
        fail(2, f"{runs_path}: no such file (qrem_sweep.py generate writes it)")
    job = args.job or os.path.join(REPO, "jobs", "qrem-array.sbatch")
    if not os.path.isfile(job):
        fail(2, f"{job}: no such file (--job names the array template)")
    env = dict(os.environ)
    for var in ("SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_SUBMIT_DIR", "RUNS"):
        env.pop(var, None)  # the local fallback, also inside an allocation
    env["QREM_RANKS"] = str(args.ranks)
    if args.qrem:
        env["QREM"] = os.path.abspath(args.qrem)
    elif "QREM" not in env and os.path.isfile(os.path.join(REPO, "build", "app", "qrem")):
        env["QREM"] = os.path.join(REPO, "build", "app", "qrem")
    if args.tasks:
        env["TASKS"] = args.tasks
    else:
        env.pop("TASKS", None)
    extra = args.qrem_args[1:] if args.qrem_args[:1] == ["--"] else args.qrem_args
    command = ["bash", job, os.path.abspath(runs_path)] + extra
    print(f"qrem_sweep: {shlex.join(command)} (QREM_RANKS={args.ranks})", flush=True)
    status = subprocess.call(command, env=env)
    if status == 0:
        print(f"qrem_sweep: done; collect with: {sys.argv[0]} collect {args.sweep}")
    return status


# ------------------------------------------------------------------------------ collect

def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return e


def as_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def run_state(folder):
    """(summary or None, why not finished or None)."""
    summary_path = os.path.join(folder, "summary.json")
    if not os.path.isdir(folder):
        return None, "not started"
    if not os.path.isfile(summary_path):
        return None, "unfinished" + (" (checkpoint.h5 there)" if os.path.isfile(
            os.path.join(folder, "checkpoint.h5")) else " (no summary.json)")
    summary = read_json(summary_path)
    if isinstance(summary, Exception):
        return None, f"unreadable summary.json ({summary})"
    final_t = as_float(summary.get("final_t"))
    t_end = as_float((summary.get("config") or {}).get("time.t_end"))
    if math.isfinite(final_t) and math.isfinite(t_end) and final_t < t_end - 1e-9 * max(1.0, abs(t_end)):
        return None, f"unfinished (final_t = {final_t:g} < time.t_end = {t_end:g})"
    if not isinstance(summary.get("max"), dict) or not isinstance(summary.get("final"), dict):
        return None, "summary.json has no 'final'/'max' (qrem run with nbody.evolve = false?)"
    return summary, None


def linear_fit(x, y):
    """Least squares y = b + m x: (m, se_m, b, se_b, rms residual); len(x) >= 3, x not constant."""
    n = len(x)
    xm, ym = sum(x) / n, sum(y) / n
    sxx = sum((xi - xm) ** 2 for xi in x)
    m = sum((xi - xm) * (yi - ym) for xi, yi in zip(x, y)) / sxx
    b = ym - m * xm
    ssr = sum((yi - b - m * xi) ** 2 for xi, yi in zip(x, y))
    s2 = ssr / (n - 2)
    return m, math.sqrt(s2 / sxx), b, math.sqrt(s2 * (1.0 / n + xm * xm / sxx)), math.sqrt(ssr / n)


PAPER = {
    "tr": (0.5, "Corollary 1: trk <= sqrt(2k B/N), rate N^(-1/2)"),
    "S_": (1.0, "Lemma 6: S_k <= (k/N) S_N with S_N bounded, rate N^(-1)"),
    "S_N": (0.0, "Theorem 3: S_N bounded uniformly in N, rate N^0"),
}


def paper_rate(quantity):
    return PAPER["S_N"] if quantity == "S_N" else PAPER[quantity[:2]]


def fit_group(rows, quantities):
    """{quantity: fit or reason} for one group's rows."""
    fits = {}
    for q in quantities:
        points = [(r["N"], r.get(f"{q}_max")) for r in rows]
        good = [(n, v) for n, v in points if isinstance(v, float) and math.isfinite(v) and v > 0]
        dropped = len(points) - len(good)
        distinct = sorted({n for n, _ in good})
        a_paper, why = paper_rate(q)
        fit = {"quantity": f"max over t of {q}", "model": "log y = log c - a log N",
               "N": [n for n, _ in good], "values": [v for _, v in good],
               "paper_exponent": a_paper, "paper": why}
        if dropped:
            fit["dropped_points"] = f"{dropped} (zero, negative or non-finite: no logarithm)"
        if len(distinct) < 3:
            fit["fit_possible"] = False
            fit["reason"] = f"{len(distinct)} distinct N with positive finite values; a fit with an error needs 3"
        else:
            m, se_m, b, se_b, rms = linear_fit([math.log(n) for n, _ in good], [math.log(v) for _, v in good])
            fit.update({"fit_possible": True, "exponent": -m, "exponent_stderr": se_m,
                        "log_c": b, "log_c_stderr": se_b, "c": math.exp(b),
                        "rms_log_residual": rms, "points": len(good)})
            if len(good) == 3:
                fit["warning"] = "3 points, one degree of freedom: the standard error is rough"
        fits[q] = fit
    return fits


def collect(args):
    sweep_dir = args.sweep
    if not os.path.isdir(sweep_dir):
        fail(2, f"{sweep_dir}: no such folder")
    sweep = read_json(os.path.join(sweep_dir, "sweep.json"))
    runs_dir = os.path.join(sweep_dir, "runs")
    if isinstance(sweep, dict) and isinstance(sweep.get("runs"), list):
        varied = [v["key"] for v in sweep.get("vary", [])]
        runs = [(r["name"], r.get("values", {})) for r in sweep["runs"]]
    else:  # a folder of run folders without sweep.json
        if os.path.exists(os.path.join(sweep_dir, "sweep.json")):
            print(f"qrem_sweep: {sweep_dir}/sweep.json unreadable ({sweep}); using the folders in runs/",
                  file=sys.stderr)
        varied = []
        names = sorted(os.listdir(runs_dir)) if os.path.isdir(runs_dir) else []
        runs = [(n, {}) for n in names if os.path.isdir(os.path.join(runs_dir, n))]
    others = [k for k in varied if k != "model.N"]

    rows, skipped = [], []
    for name, values in runs:
        summary, why = run_state(os.path.join(runs_dir, name))
        if summary is None:
            skipped.append((name, why))
            continue
        model = summary.get("model") or {}
        row = {"name": name, **{k: values.get(k, "") for k in others},
               "N": int(model.get("N", (summary.get("config") or {}).get("model.N", 0))),
               "d": model.get("d", ""), "D": (summary.get("nbody") or {}).get("D", ""),
               "ranks": summary.get("ranks", ""), "final_t": as_float(summary.get("final_t")),
               "violations": summary.get("violations", ""),
               # All attempts of a requeued run together (summary.json sums them).
               "wall_seconds": as_float((summary.get("timings_seconds") or {}).get("total")),
               "attempts": summary.get("attempts", 1)}
        for part in ("final", "max"):
            for q, v in summary[part].items():
                if q == "S_N" or re.fullmatch(r"(S_|tr)[0-9]+", q):
                    row[f"{q}_{part}"] = as_float(v)
        rows.append(row)

    for name, why in skipped:
        print(f"qrem_sweep: skipped {name}: {why}")
    if not rows:
        print(f"qrem_sweep: nothing to collect in {runs_dir} ({len(skipped)} run(s) not finished)",
              file=sys.stderr)
        return 1

    ks = sorted({int(m.group(2)) for r in rows for c in r
                 for m in [re.fullmatch(r"(S_|tr)([0-9]+)_max", c)] if m})
    quantities = ["S_N"] + [f"S_{k}" for k in ks] + [f"tr{k}" for k in ks]
    columns = (["name"] + others + ["N", "d", "D", "ranks", "final_t"]
               + [f"{q}_{part}" for q in quantities for part in ("final", "max")]
               + ["violations", "wall_seconds", "attempts"])
    rows.sort(key=lambda r: ([str(r.get(k, "")) for k in others], r["N"], r["name"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([repr(v) if isinstance(v, float) else v for v in (r.get(c, "") for c in columns)])
    csv_path = os.path.join(sweep_dir, "collect.csv")
    atomic_write(csv_path, out.getvalue())

    groups = {}
    for r in rows:
        groups.setdefault(tuple(str(r.get(k, "")) for k in others), []).append(r)
    fit_quantities = [f"tr{k}" for k in ks] + [f"S_{k}" for k in ks] + ["S_N"]
    fit = {"sweep": os.path.abspath(sweep_dir), "group_keys": others,
           "model": "max over t of q = c * N^(-a): least squares of log q against log N; "
                    "stderr from the residuals (n - 2 degrees of freedom)",
           "skipped": [{"name": n, "why": w} for n, w in skipped], "groups": []}
    for key, members in groups.items():
        fit["groups"].append({"values": dict(zip(others, key)), "runs": [r["name"] for r in members],
                              "N": sorted({r["N"] for r in members}),
                              "fits": fit_group(members, fit_quantities)})
    fit_path = os.path.join(sweep_dir, "fit.json")
    atomic_write(fit_path, json.dumps(fit, indent=2, allow_nan=True) + "\n")

    print(f"qrem_sweep: {len(rows)} finished run(s), {len(skipped)} skipped -> {csv_path}")
    table_quantities = ["S_N"] + [f"tr{k}" for k in ks] + [f"S_{k}" for k in ks]
    for g, members in zip(fit["groups"], groups.values()):
        label = ", ".join(f"{k} = {v}" for k, v in g["values"].items()) or "all runs"
        print(f"\n{label}: the maximum over t per run")
        print(f"  {'N':>5} " + " ".join(f"{q + '_max':>10}" for q in table_quantities) + f" {'wall s':>8}  run")
        for r in sorted(members, key=lambda r: r["N"]):
            wall = r.get("wall_seconds")
            wall = f"{wall:8.1f}" if isinstance(wall, float) and math.isfinite(wall) else " " * 8
            print(f"  {r['N']:>5} " + " ".join(f"{number(r.get(q + '_max')):>10}" for q in table_quantities)
                  + f" {wall}  {r['name']}")
        print(f"\n{label}: N = {', '.join(map(str, g['N']))}   fit max_t q = c N^(-a)")
        print(f"  {'q':<6} {'a':>9} {'± se':>9} {'log c':>9} {'± se':>9}   paper")
        for q in ordered(g["fits"]):
            f = g["fits"][q]
            if f["fit_possible"]:
                print(f"  {q:<6} {exponent_text(f['exponent'], 4):>9} {f['exponent_stderr']:9.4f} "
                      f"{f['log_c']:9.4f} {f['log_c_stderr']:9.4f}   a = {f['paper_exponent']:g} ({f['paper']})"
                      + (f"  [{f['warning']}]" if f.get("warning") else ""))
            else:
                print(f"  {q:<6} fit not possible: {f['reason']}")
    print(f"-> {fit_path}")

    table_path = os.path.join(sweep_dir, "table.md")
    atomic_write(table_path, table_text(sweep_dir, fit, groups, ks))
    print(f"-> {table_path}")
    curves = {r["name"]: read_curves(os.path.join(runs_dir, r["name"])) for r in rows}
    for name, c in curves.items():
        if isinstance(c, str):
            print(f"qrem_sweep: {name}: no time curves in collect.png ({c})")
    return plot(sweep_dir, fit, ks, {r["name"]: r["N"] for r in rows}, curves)


# The quantities, as the table and the figure name them.
SYMBOL = {"S_N": "S(Γ_t, γ_t^⊗N)"}
QUANTITY_ORDER = ("S_N", "tr", "S_")


def symbol(q):
    if q in SYMBOL:
        return SYMBOL[q]
    k = q[2:]
    return f"‖Γ_t^(N:{k}) − γ_t^⊗{k}‖_1" if q.startswith("tr") else f"S(Γ_t^(N:{k}), γ_t^⊗{k})"


def ordered(quantities):
    """S_N, then tr1, tr2, ..., then S_1, S_2, ..."""
    return sorted(quantities, key=lambda q: next(i for i, p in enumerate(QUANTITY_ORDER) if q.startswith(p)))


def exponent_text(a, digits):
    """a with `digits` decimals, never "-0.000"."""
    text = f"{a:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def number(v):
    return f"{v:.3e}" if isinstance(v, float) and math.isfinite(v) else ("" if v is None else str(v))


def table_text(sweep_dir, fit, groups, ks):
    """table.md: per group the maxima over t per run, then the fitted exponents beside the paper's."""
    quantities = ["S_N"] + [f"tr{k}" for k in ks] + [f"S_{k}" for k in ks]
    lines = [f"# {os.path.basename(os.path.abspath(sweep_dir))}: maxima over t against N", "",
             "q_max = max over the output times t ∈ [0, t_end] of q; "
             + ", ".join(f"{q} = {symbol(q)}" for q in quantities) + " (docs/outputs.md).",
             "Fit: log q_max = log c − a log N by least squares, a ± one standard error "
             "(n − 2 degrees of freedom). The paper's rates are upper bounds: a measured a at "
             "least the paper's agrees with them, a larger one means the bound is not sharp in N.", ""]
    for g, members in zip(fit["groups"], groups.values()):
        label = ", ".join(f"{k} = {v}" for k, v in g["values"].items())
        lines += [f"## {label}" if label else "## all runs", ""]
        lines.append("| N | " + " | ".join(f"{q}_max" for q in quantities) + " | t_end | violations | wall s | run |")
        lines.append("|--:|" + "--:|" * len(quantities) + "--:|--:|--:|---|")
        for r in sorted(members, key=lambda r: r["N"]):
            wall = r.get("wall_seconds")
            lines.append(f"| {r['N']} | " + " | ".join(number(r.get(f"{q}_max")) for q in quantities)
                         + f" | {r['final_t']:g} | {r.get('violations', '')} | "
                         + (f"{wall:.1f}" if isinstance(wall, float) and math.isfinite(wall) else "")
                         + f" | {r['name']} |")
        lines += ["", f"q_max = c N^(−a) over N = {', '.join(map(str, g['N']))}:", "",
                  "| q | a measured | c | paper's a | the paper |", "|---|--:|--:|--:|---|"]
        for q in ordered(g["fits"]):
            f = g["fits"][q]
            if f["fit_possible"]:
                measured, c = f"{exponent_text(f['exponent'], 3)} ± {f['exponent_stderr']:.3f}", f"{f['c']:.3g}"
            else:
                measured, c = f"fit not possible: {f['reason']}", ""
            lines.append(f"| {q} | {measured} | {c} | {f['paper_exponent']:g} | {f['paper']} |")
        lines.append("")
    if fit["skipped"]:
        lines += ["Not collected: " + "; ".join(f"{s['name']} ({s['why']})" for s in fit["skipped"]), ""]
    return "\n".join(lines)


def read_curves(folder):
    """{'t': [...], 'S_N': [...], 'tr1': [...]} from FOLDER/timeseries.csv, or why not (a str)."""
    path = os.path.join(folder, "timeseries.csv")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            table = [row for row in csv.reader(f) if row]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        return f"timeseries.csv: {getattr(e, 'strerror', None) or e}"
    if len(table) < 2:
        return "timeseries.csv has no rows"
    header = [h.strip() for h in table[0]]
    wanted = [c for c in ("t", "S_N", "tr1") if c in header]
    if "t" not in wanted or len(wanted) < 2:
        return "timeseries.csv has no t, S_N or tr1 column"
    columns = {c: [] for c in wanted}
    for row in table[1:]:
        if len(row) != len(header):
            return "timeseries.csv has a row of the wrong length"
        for c in wanted:
            columns[c].append(as_float(row[header.index(c)]))
    return columns


def plot(sweep_dir, fit, ks, n_of, curves):
    """collect.png: top, S_N(t) and tr1(t) of every run; bottom, max_t S_N, trk and S_k against N."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except Exception as e:  # ImportError, or a broken installation
        print(f"qrem_sweep: collect.png not drawn: matplotlib not available ({e}); install it (apt-get install python3-matplotlib) or set QREM_PYTHON to a Python that has it", file=sys.stderr)
        return 3
    png_path = os.path.join(sweep_dir, "collect.png")
    fig = plt.figure(figsize=(15, 9.5))
    grid = fig.add_gridspec(2, 6)
    ax_st, ax_tt = fig.add_subplot(grid[0, 0:3]), fig.add_subplot(grid[0, 3:6])
    ax_s, ax_tr, ax_sk = (fig.add_subplot(grid[1, 2 * i:2 * i + 2]) for i in range(3))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    markers = "osD^v<>p*h"
    styles = ["-", "--", ":", "-."]
    several = len(fit["groups"]) > 1

    def group_label(g):
        return (" [" + ", ".join(f"{k.rsplit('.', 1)[-1]}={v}" for k, v in g["values"].items()) + "]") if several else ""

    # Top: the time curves, coloured by N (light: small N, dark: large N).
    all_ns = sorted(set(n_of.values()))
    cmap = plt.get_cmap("viridis")

    def n_colour(n):
        if len(all_ns) < 2:
            return cmap(0.3)
        lo, hi = math.log(all_ns[0]), math.log(all_ns[-1])
        return cmap(0.9 - 0.85 * (math.log(n) - lo) / (hi - lo))

    drawn = {"S_N": [], "tr1": []}
    for gi, g in enumerate(fit["groups"]):
        for name in sorted(g["runs"], key=lambda n: n_of[n]):
            c = curves.get(name)
            if not isinstance(c, dict):
                continue
            for ax, q in ((ax_st, "S_N"), (ax_tt, "tr1")):
                if q not in c:
                    continue
                ys = [y if math.isfinite(y) and (q == "S_N" or y > 0) else math.nan for y in c[q]]
                ax.plot(c["t"], ys, styles[gi % len(styles)], color=n_colour(n_of[name]), lw=1.6,
                        label=f"N = {n_of[name]}{group_label(g)}")
                drawn[q].append(ys)
    for ax, q, ylabel in ((ax_st, "S_N", "$S(\\Gamma_t, \\gamma_t^{\\otimes N})$ (nats)"),
                          (ax_tt, "tr1", "$\\|\\Gamma_t^{N:1}-\\gamma_t\\|_1$")):
        ax.set_xlabel("t")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        if drawn[q]:
            ax.legend(fontsize=8, ncol=2 if len(drawn[q]) > 6 else 1)
        else:
            ax.text(0.5, 0.5, "no timeseries.csv", transform=ax.transAxes, ha="center", color="0.4")
    ax_st.set_title("relative entropy of the N-body state: bounded in N (Theorem 3)")
    ax_tt.set_title("one-body marginal against Hartree: $\\to 0$ as N grows (Corollary 1)")
    peaks = [max((y for y in ys if math.isfinite(y)), default=math.nan) for ys in drawn["tr1"]]
    peaks = [p for p in peaks if math.isfinite(p) and p > 0]
    if peaks:  # log scale from below the smallest curve's peak: t = 0 is rounding noise
        ax_tt.set_yscale("log")
        ax_tt.set_ylim(min(peaks) / 100, max(peaks) * 2)
    if drawn["S_N"]:
        ax_st.set_ylim(bottom=0)

    # Bottom: the maxima over t against N, the fits and the paper's slopes.
    panels = [(ax_s, ["S_N"], "max$_t$ $S(\\Gamma_t,\\gamma_t^{\\otimes N})$", "relative entropy of $\\Gamma_t$",
               [(0.0, "--", "$N^{0}$ (Theorem 3: bounded)")]),
              (ax_tr, [f"tr{k}" for k in ks], "max$_t$ $\\|\\Gamma_t^{N:k}-\\gamma_t^{\\otimes k}\\|_1$",
               "trace distance of marginals",
               [(0.5, "--", "$N^{-1/2}$ (Corollary 1)"), (1.0, ":", "$N^{-1}$ (for comparison)")]),
              (ax_sk, [f"S_{k}" for k in ks], "max$_t$ $S(\\Gamma_t^{N:k},\\gamma_t^{\\otimes k})$",
               "relative entropy of marginals", [(1.0, "--", "$N^{-1}$ (Lemma 6)")])]
    against_n = []  # what the bottom panels show, for the printed line
    for ax, qs, ylabel, title, slopes in panels:
        all_n, all_v, line = [], [], 0
        for gi, g in enumerate(fit["groups"]):
            for q in qs:
                f = g["fits"].get(q)
                if not f or not f["N"]:
                    continue
                colour = colours[line % len(colours)]
                line += 1
                label = f"{q}{group_label(g)}"
                if f["fit_possible"]:
                    label += f": a = {exponent_text(f['exponent'], 3)} ± {f['exponent_stderr']:.3f}"
                    n_lo, n_hi = min(f["N"]), max(f["N"])
                    ns = [n_lo * (n_hi / n_lo) ** (i / 50) for i in range(51)]
                    ax.plot(ns, [f["c"] * n ** -f["exponent"] for n in ns], "-", color=colour, lw=1)
                ax.plot(f["N"], f["values"], markers[gi % len(markers)], color=colour, label=label)
                against_n.append(q + group_label(g) + ("" if f["fit_possible"] else " (no fit)"))
                all_n += f["N"]
                all_v += f["values"]
        if all_n:  # the paper's slopes through the geometric centre of the data
            n_lo, n_hi = min(all_n), max(all_n)
            n_mid = math.sqrt(n_lo * n_hi)
            v_mid = math.exp(sum(map(math.log, all_v)) / len(all_v))
            ns = [n_lo, n_hi] if n_hi > n_lo else [n_lo * 0.9, n_lo * 1.1]
            for a, style, label in slopes:
                ax.plot(ns, [v_mid * (n / n_mid) ** -a for n in ns], style, color="0.4", label=label)
            if qs == ["S_N"]:  # a flat line on a log axis: show at least a decade
                v_lo, v_hi = min(all_v), max(all_v)
                ax.set_ylim(min(v_lo, v_hi / 10) / 1.5, max(v_hi, v_lo * 10) * 1.5)
        ax.set_xscale("log")
        ax.set_yscale("log")
        if all_n:  # N itself on the axis, not powers of ten
            ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
            ax.set_xticks(sorted(set(all_n)))
            ax.set_xticklabels([str(n) for n in sorted(set(all_n))])
        ax.set_xlabel("N")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"{os.path.basename(os.path.abspath(sweep_dir))}: the mean-field limit; "
                 f"fits max$_t$ q = c N$^{{-a}}$ beside the paper's rates")
    fig.tight_layout()
    try:
        save_png(fig, png_path, dpi=100)
    except Exception as e:
        print(f"qrem_sweep: collect.png not written: {e}", file=sys.stderr)
        return 3
    finally:
        plt.close(fig)
    print(f"-> {png_path}: S_N(t) of {len(drawn['S_N'])} run(s), tr1(t) of {len(drawn['tr1'])}; "
          f"max over t against N with fits: {', '.join(dict.fromkeys(against_n)) or 'none'}")
    return 0


def main():
    use_plotting_python()  # collect draws with matplotlib
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 1)[1])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write SWEEP/runs.txt and SWEEP/sweep.json")
    g.add_argument("--out", required=True, metavar="SWEEP", help="the sweep folder")
    g.add_argument("--base", metavar="BASE.ini", help="config file of every run (qrem's defaults without)")
    g.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2",
                   help="a key and its values (repeat for a Cartesian product)")
    g.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a key of every run")
    g.add_argument("--force", action="store_true", help="replace an existing runs.txt")
    g.add_argument("--ranks", type=int, default=2,
                   help="MPI ranks per run in the printed sbatch and run lines (default 2)")
    r = sub.add_parser("run", help="run every line locally through jobs/qrem-array.sbatch")
    r.add_argument("--sweep", required=True, metavar="SWEEP")
    r.add_argument("--ranks", type=int, default=2, help="MPI ranks per run (default 2)")
    r.add_argument("--tasks", metavar="LIST", help='task numbers, e.g. "2-3" or "1 3" (default all)')
    r.add_argument("--qrem", metavar="PATH", help="the qrem executable (default $QREM, else build/app/qrem)")
    r.add_argument("--job", metavar="PATH", help="the array template (default jobs/qrem-array.sbatch)")
    r.add_argument("qrem_args", nargs=argparse.REMAINDER, help="-- then arguments for every qrem run")
    c = sub.add_parser("collect", help="write collect.csv, fit.json, table.md and collect.png")
    c.add_argument("sweep", metavar="SWEEP")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args)
        return 0
    if args.command == "run":
        if args.ranks < 1:
            fail(2, "--ranks must be >= 1")
        return run(args)
    return collect(args)


if __name__ == "__main__":
    sys.exit(main())
