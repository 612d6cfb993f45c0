"""Compare a qrem results folder with one case of the reference file: gamma_t, ||X(t)||_op,
m_0(t), ||Gamma^{N:1} - gamma_t||_1 and Tr Gamma_t (tolerance 1e-8: the reference agrees with
QuTiP to ~1e-9; qrem integrates Hartree with rtol = atol = 1e-12, Gamma with rtol = 1e-10)."""
import csv
import json
import sys

TOLERANCE = 1e-8


def main(reference_path, case_name, folder):
    reference = json.load(open(reference_path))
    case = next(c for c in reference["cases"] if c["name"] == case_name)
    series = {float(r["t"]): r for r in csv.DictReader(open(f"{folder}/timeseries.csv"))}
    gamma = {}
    for r in csv.DictReader(open(f"{folder}/gamma.csv")):
        gamma[(float(r["t"]), int(float(r["a"])), int(float(r["b"])))] = complex(float(r["re"]), float(r["im"]))
    worst = 0.0
    for row in case["rows"]:
        t = row["t"]
        if t not in series:
            print(f"{case_name}: no output at t = {t}")
            return 1
        for name, column in (("Xop", "X_op"), ("m0", "m0"), ("tr1", "marginal1_trace_distance")):
            worst = max(worst, abs(float(series[t][column]) - row[name]))
        worst = max(worst, float(series[t]["trace_error"]))
        for a in range(2):
            for b in range(2):
                expected = complex(row["gamma_re"][a][b], row["gamma_im"][a][b])
                worst = max(worst, abs(gamma[(t, a, b)] - expected))
    print(f"{case_name}: largest deviation from the reference {worst:.3g} (tolerance {TOLERANCE:g})")
    return 0 if worst <= TOLERANCE else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
