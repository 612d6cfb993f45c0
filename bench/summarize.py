"""Table of bench/run_benchmarks.sh results: per case and rank count, the RHS time, its
bandwidth as a fraction of the copy bandwidth measured in the same run, the full run's time,
the peak memory per rank against Gamma's share, and the speedup over 1 rank."""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    one_rank = {(r["N"], r["jumps"]): r for r in rows if r["ranks"] == 1}
    print(f"{'N':>3} {'jumps':<10} {'ranks':>5} {'RHS s':>9} {'RHS GB/s':>9} {'copy GB/s':>9} "
          f"{'RHS/copy':>8} {'run s':>8} {'RHS evals':>9} {'peak/Gamma':>10} {'speedup RHS':>11} {'speedup run':>11}")
    for r in sorted(rows, key=lambda r: (r["N"], r["jumps"], r["ranks"])):
        base = one_rank.get((r["N"], r["jumps"]))
        rhs_speedup = base["rhs_seconds"] / r["rhs_seconds"] if base else float("nan")
        run_speedup = base["run_seconds"] / r["run_seconds"] if base else float("nan")
        print(f"{r['N']:>3} {r['jumps']:<10} {r['ranks']:>5} {r['rhs_seconds']:>9.4f} {r['rhs_bandwidth_GBs']:>9.2f} "
              f"{r['copy_bandwidth_GBs']:>9.2f} {r['rhs_to_copy_bandwidth']:>8.3f} {r['run_seconds']:>8.2f} "
              f"{r['run_rhs_evaluations']:>9} {r['peak_memory_bytes_per_rank'] / r['gamma_bytes_per_rank']:>10.1f} "
              f"{rhs_speedup:>11.2f} {run_speedup:>11.2f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-results.jsonl")
