#!/usr/bin/env python3
"""Draw the relative entropies of a qrem run and the bounds on them.

Usage: plot_entropy.py FOLDER [--output FILE] [--non-normal]

Reads FOLDER/timeseries.csv (and FOLDER/config.ini, if there, for the title: model, d, N,
the jump operators; and N) and
writes FOLDER/entropy.png (or FILE), atomically, with two log-scale panels against t:

  left,  "Relative entropy": S_N, bound_aposteriori and Theorem 3's bound (from
         ln_bound_thm3, else bound_thm3), (N/k) S_k dashed for each k (Lemma 6 says these
         stay below S_N; drawn only when config.ini gives model.N), and red markers at
         rows whose `violations` is > 0;
  middle, "Marginals": trk with Corollary 1's bound bound_cor1_k{k} (dashed, same colour)
         and the Pinsker bound sqrt(2 S_k) (dotted, same colour) for each k;
  right, "The proof of Theorem 3" (when the run has the columns Phi_N, moment_ratio_max,
         gronwall_rate, gronwall_rate_bound): Phi_N / log 2, moment_ratio_max and
         |gronwall_rate| / gronwall_rate_bound, each <= 1 where the proof's statement holds.
Torus runs (timeseries columns dist1_k1, dist1_k2; FOLDER/husimi.csv): the middle panel adds
dist_1 of the Husimi transforms (dash-dotted), and a second row shows the Husimi weights of
Gamma^{N:1} (colour) and of gamma_t (contour lines) on the phase-space grid at the first, a
middle and the last output time.

--non-normal (qrem passes it when some L is not normal): Theorem 3's and Corollary 1's curves
say they assume normal L.

Columns needed: t, S_N, bound_aposteriori, ln_bound_thm3 or bound_thm3, and for every k
found in the header (from trk or S_k columns): S_k, trk, bound_cor1_k{k}. `violations`
is used if present. Values may be inf, -inf or nan; what cannot be drawn is left out.

Exit status: 0 drawn, 2 missing/unreadable CSV or column, 3 matplotlib/numpy missing,
1 the PNG could not be written.
"""
import argparse
import csv
import math
import os
import re
import sys

from qrem_files import save_png  # scripts/qrem_files.py, beside this script


def fail(status, message):
    print(f"plot_entropy: {message}", file=sys.stderr)
    sys.exit(status)


def read_series(path):
    """The CSV as {column: [float, ...]}; exits 2 on anything unreadable."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [row for row in csv.reader(f) if row and any(c.strip() for c in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        fail(2, f"{path}: cannot read ({getattr(e, 'strerror', None) or e})")
    if len(rows) < 2:
        fail(2, f"{path}: no data rows")
    header = [name.strip() for name in rows[0]]
    columns = {name: [] for name in header}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            fail(2, f"{path}: line {line} has {len(row)} fields, the header {len(header)}")
        for name, text in zip(header, row):
            try:
                columns[name].append(float(text))
            except ValueError:
                fail(2, f"{path}: line {line}, column {name}: not a number '{text.strip()}'")
    return columns


def read_config(path):
    """{'section.key': value} from an INI file; {} when it is missing or unreadable."""
    values, section = {}, ""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.split("#")[0].split(";")[0].strip()
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1].strip()
                elif "=" in line:
                    key, value = (part.strip() for part in line.split("=", 1))
                    name = f"{section}.{key}" if section else key
                    # A repeated key (lindblad.jump) keeps every value, joined by "; ".
                    values[name] = values[name] + "; " + value if name in values else value
    except OSError:
        pass
    return values


def title_of(cfg):
    """'bose-hubbard, d = 2, N = 8' from what the config gives, or ''."""
    kind, d = cfg.get("model.type", ""), cfg.get("model.d")
    try:
        if d is None and kind == "bose-hubbard":
            d = int(cfg.get("model.bose_hubbard.sites", "2")) ** int(
                cfg.get("model.bose_hubbard.dimension", "1"))
        elif d is None:
            d = {"torus": cfg.get("model.torus.points"),
                 "qudit": cfg.get("model.qudit.levels")}.get(kind)
    except ValueError:
        d = None
    parts = [kind] if kind else []
    parts += [f"d = {d}"] if d not in (None, "") else []
    parts += [f"N = {cfg['model.N']}"] if cfg.get("model.N") else []
    if cfg.get("lindblad.jump"):
        parts += ["L: " + cfg["lindblad.jump"]]
    return ", ".join(parts)


def frame_note(np, t, y, top):
    """' (leaves the frame at t ≈ ...)' where y first rises above top (+inf included), or ''."""
    ly = np.log(y)
    above = np.nonzero(ly > math.log(top))[0]
    if len(above) == 0:
        return ""
    i = above[0]
    if i == 0:
        return " (above the frame)"
    t_out = t[i]
    if np.isfinite(ly[i - 1]) and np.isfinite(ly[i]):
        t_out = t[i - 1] + (t[i] - t[i - 1]) * (math.log(top) - ly[i - 1]) / (ly[i] - ly[i - 1])
    return f" (leaves the frame at t ≈ {t_out:.3g})"


def read_husimi(path):
    """{t: (q, p, gamma, marginal)} from husimi.csv, or None when there is none."""
    if not os.path.exists(path):
        return None
    by_time = {}
    try:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                entry = by_time.setdefault(float(row["t"]), ([], [], [], []))
                for values, key in zip(entry, ("q", "p", "gamma", "marginal")):
                    values.append(float(row[key]))
    except (OSError, KeyError, ValueError) as e:
        fail(2, f"{path}: unreadable ({e})")
    return by_time or None


def draw_husimi(np, axes, husimi):
    """The Husimi weights of Gamma^{N:1} (colour) and gamma_t (lines) at spread-out times."""
    times = sorted(husimi)
    picks = sorted({times[round(i * (len(times) - 1) / max(len(axes) - 1, 1))]
                    for i in range(len(axes))})
    for ax in axes[len(picks):]:
        ax.axis("off")
    for ax, t in zip(axes, picks):
        q, p, gamma, marginal = (np.asarray(v) for v in husimi[t])
        qs, ps = np.unique(q), np.unique(p)
        shape = (len(qs), len(ps))  # rows of the file run over p fastest
        shown = marginal if np.isfinite(marginal).all() else gamma
        image = ax.pcolormesh(qs, ps, shown.reshape(shape).T, shading="nearest", cmap="viridis")
        ax.contour(qs, ps, gamma.reshape(shape).T, levels=5, colors="white", linewidths=0.8)
        ax.figure.colorbar(image, ax=ax, label="weight of the cell")
        what = r"$\Gamma^{N:1}$" if shown is marginal else r"$\gamma_t$"
        ax.set(xlabel="q", ylabel="p",
               title=f"Husimi at t = {t:g}: {what} (colour), " + r"$\gamma_t$ (lines)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a qrem results folder")
    parser.add_argument("--output", help="PNG to write (default FOLDER/entropy.png)")
    parser.add_argument("--non-normal", action="store_true",
                        help="some L is not normal: Theorem 3 and Corollary 1 do not apply "
                             "(their curves are labelled so)")
    args = parser.parse_args()

    csv_path = os.path.join(args.folder, "timeseries.csv")
    data = read_series(csv_path)
    ks = sorted({int(m.group(2)) for name in data
                 if (m := re.fullmatch(r"(tr|S_)(\d+)", name))})
    needed = ["t", "S_N", "bound_aposteriori"]
    needed += ["ln_bound_thm3" if "bound_thm3" not in data else "bound_thm3"]
    needed += [f"{c}{k}" for k in ks for c in ("S_", "tr", "bound_cor1_k")]
    for name in needed + ([] if ks else ["tr1"]):
        if name not in data:
            fail(2, f"{csv_path}: missing column '{name}'")

    try:
        import numpy as np
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as e:  # ImportError, or a broken installation
        fail(3, f"matplotlib not available ({e})")
    np.seterr(all="ignore")  # inf and nan are expected here, and 1e300 on a log axis

    cfg = read_config(os.path.join(args.folder, "config.ini"))
    try:
        N = int(cfg["model.N"])
    except (KeyError, ValueError):
        N = None
    col = {name: np.asarray(values) for name, values in data.items()}
    t = col["t"]
    later = t > t.min() if (t > t.min()).any() else np.ones_like(t, bool)

    def drawable(y):  # what a log axis can show; the rest becomes a gap
        return np.where(np.isfinite(y) & (y > 0), y, np.nan)

    def y_range(curves, top):  # bottom from the rows after t_0: S(0) is rounding noise
        low = [np.nanmin(c[later]) for c in curves if np.isfinite(c[later]).any()]
        return max(min(low) / 3, 1e-16) if low else top * 1e-6, top

    palette = ("C0", "C1", "C2", "C6", "C7", "C8")  # one colour per k; red is for violations
    colour = {k: palette[(k - 1) % len(palette)] for k in ks}
    # The proof's partition function, moments and rate as fractions of their bounds (columns of
    # qrem runs from 2026-12 on; older folders get two panels).
    proof = all(c in col for c in ("Phi_N", "moment_ratio_max", "gronwall_rate",
                                   "gronwall_rate_bound"))
    husimi = read_husimi(os.path.join(args.folder, "husimi.csv"))
    columns = 3 if proof else 2
    rows = 2 if husimi else 1
    fig, grid = plt.subplots(rows, columns, figsize=(5.4 * columns, 4.5 * rows), dpi=120,
                             squeeze=False)
    ax1, ax2 = grid[0][0], grid[0][1]
    ax3 = grid[0][2] if proof else None
    fig.suptitle(title_of(cfg) or os.path.basename(os.path.abspath(args.folder)))

    # Panel 1: S_N against its bounds.
    S_N, apost = drawable(col["S_N"]), drawable(col["bound_aposteriori"])
    ln3 = col.get("ln_bound_thm3")
    thm3 = np.exp(np.minimum(ln3, 700)) if ln3 is not None else col["bound_thm3"]
    lemma6 = [drawable(N / k * col[f"S_{k}"]) for k in ks] if N else []
    s_max = np.nanmax(S_N) if np.isfinite(S_N).any() else None
    a_max = np.nanmax(apost) if np.isfinite(apost).any() else None
    if s_max:  # room for S_N to grow a millionfold, not for a bound of 1e300
        top = max(min(1e6 * s_max, 10 * a_max if a_max else math.inf), 10 * s_max)
    else:
        top = 10 * a_max if a_max else 10.0
    thm3_shown = drawable(thm3)[np.isfinite(drawable(thm3))]
    if len(thm3_shown):  # show where Theorem 3 starts: S_0 + log 2
        top = max(top, 3 * thm3_shown[0])
    bottom, top = y_range([S_N, apost] + lemma6, top)
    infinite = np.nonzero(col["S_N"] == np.inf)[0]
    note = f" (+inf from t = {t[infinite[0]]:.3g})" if len(infinite) else ""
    ax1.plot(t, S_N, color="black", lw=2,
             label=r"$S_N = S(\Gamma_t, \gamma_t^{\otimes N})$" + note)
    # Theorem 3 (and Corollary 1, whose B may be Theorem 3's) assume normal L; the a-posteriori
    # bound does not.
    caveat = " (assumes normal L: no bound here)" if args.non_normal else ""
    for y, name, style in ((col["bound_aposteriori"], "a-posteriori bound", "C4"),
                           (thm3, "Theorem 3" + caveat, "C5")):
        ax1.plot(t, drawable(y), color=style, label=name + frame_note(np, t, y, top))
    for k, y in zip(ks, lemma6):
        ax1.plot(t, y, "--", color=colour[k], label=f"(N/{k})·S_{k}  (Lemma 6: ≤ S_N)")
    if "violations" in col and (bad := col["violations"] > 0).any():
        y_bad = np.where(np.isfinite(S_N), S_N, bottom * 1.5)[bad]
        ax1.plot(t[bad], np.clip(y_bad, bottom * 1.5, top / 1.5), "o", color="red",
                 mfc="none", ms=8, mew=1.5, label="check violated")
    ax1.set(yscale="log", ylim=(bottom, top), xlabel="t", ylabel="relative entropy (nats)",
            title="Relative entropy")

    # Panel 2: marginal trace distances against Corollary 1 and Pinsker.
    trs = [drawable(col[f"tr{k}"]) for k in ks]
    cor1 = [drawable(col[f"bound_cor1_k{k}"]) for k in ks]
    pinsker = [drawable(np.sqrt(2 * np.maximum(col[f"S_{k}"], 0))) for k in ks]
    bottom2, top2 = y_range(trs + pinsker, 10.0)
    ax2.axhline(2, color="grey", lw=0.8, ls="-.", label="2 (largest trace distance)")
    for k, tr, c1, pk in zip(ks, trs, cor1, pinsker):
        note = frame_note(np, t, col[f"bound_cor1_k{k}"], top2)
        distance = rf"$\Vert\Gamma^{{N:{k}}} - \gamma^{{\otimes {k}}}\Vert_1$"
        ax2.plot(t, tr, color=colour[k], lw=2, label=f"tr{k} = {distance}")
        ax2.plot(t, c1, "--", color=colour[k], label=f"Corollary 1, k = {k}{note}{caveat}")
        ax2.plot(t, pk, ":", color=colour[k], label=f"Pinsker √(2 S_{k})")
    for k in (1, 2):  # Theorem 2's distance (torus runs)
        if f"dist1_k{k}" in col:
            ax2.plot(t, drawable(col[f"dist1_k{k}"]), "-.", color=colour.get(k, "C9"),
                     label=rf"dist$_1$(Husimi of $\Gamma^{{N:{k}}}$, of $\gamma^{{\otimes {k}}}$)")
    ax2.set(yscale="log", ylim=(bottom2, top2), xlabel="t", ylabel="trace distance",
            title="Marginals")
    axes = [ax1, ax2]
    if proof:
        # Panel 3: each finite statement of the proof of Theorem 3 as a fraction of its bound
        # (<= 1 where it holds): Phi_N / log 2, the moments, P / (S_N + log 2) / (32 ||X||).
        fractions = (
            (col["Phi_N"] / math.log(2), r"$\Phi_N / \log 2$", "C0"),
            (col["moment_ratio_max"], r"max$_m$ moment / $(2C_0\Vert X\Vert)^m m!$", "C1"),
            (np.abs(col["gronwall_rate"]) / col["gronwall_rate_bound"],
             r"|P| / (S_N + log 2) / (32$\Vert X\Vert$)", "C2"))
        curves = [drawable(y) for y, _, _ in fractions]
        bottom3, top3 = y_range(curves, 3.0)
        ax3.axhline(1, color="grey", lw=0.8, ls="-.", label="the proof's bound")
        for y, (_, name, style) in zip(curves, fractions):
            ax3.plot(t, y, color=style, lw=2, label=name)
        ax3.set(yscale="log", ylim=(bottom3, top3), xlabel="t", ylabel="fraction of the bound",
                title="The proof of Theorem 3 (C_0 = 8)")
        axes.append(ax3)
    if husimi:
        draw_husimi(np, grid[1], husimi)
    for ax in axes:
        ax.grid(True, which="major", alpha=0.3)
        if (span := np.nanmax(t) - np.nanmin(t)) > 0:  # the same t-range in both panels
            ax.set_xlim(np.nanmin(t) - span / 50, np.nanmax(t) + span / 50)
        ax.legend(fontsize="x-small", loc="best")
    fig.tight_layout()

    out = args.output or os.path.join(args.folder, "entropy.png")
    try:
        save_png(fig, out, dpi=120)
    except OSError as e:
        fail(1, f"{out}: cannot write ({e.strerror or e})")


if __name__ == "__main__":
    main()
