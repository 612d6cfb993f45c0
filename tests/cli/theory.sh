#!/bin/bash
# `qrem theory` end to end: its files and their agreement with each other, the exact count
# against values computed here by a plain Python enumeration, and its input errors.
#   theory.sh QREM MPIEXEC NP PYTHON
qrem=$1 mpiexec=$2 np=$3 python=$4
source "$(dirname "$0")/common.sh"
set -e

dir="$work/theory"
run_qrem "$np" theory --output.dir "$dir" --theory.m_max 4 --theory.N 2,3,5,100 \
    --theory.cancellation_N_max 4 --theory.cancellation_m_max 2 --theory.lemma1_d_max 4 \
    --theory.lemma1_cases 2 --output.plot false
[ "$status" = 0 ] || fail "qrem theory exited with $status"
for f in theory.json index_counts.csv cancellation.csv lemma1.csv; do
    [ -s "$dir/$f" ] || fail "no $f"
done
grep -q "smallest C_0 over the range" "$out" || fail "no C_0 line on stdout"

"$python" - "$dir" <<'PY' || fail "theory files disagree"
import csv, itertools, json, math, os, sys
folder = sys.argv[1]
summary = json.load(open(os.path.join(folder, "theory.json")))
rows = list(csv.DictReader(open(os.path.join(folder, "index_counts.csv"))))
# Enumerate I_{m,N} here (m <= 3, N <= 5): conditions (1)-(3) of Proposition 3.3.
def count(m, N):
    n = 0
    for t in itertools.product(range(N), repeat=2 * m):
        I, J = t[:m], t[m:]
        if any(i == j for i, j in zip(I, J)):
            continue
        if all(t.count(x) >= 2 for x in t):
            n += 1
    return n
worst = 0.0
for r in rows:
    m, N, c = int(r["m"]), int(r["N"]), int(r["count"])
    if m <= 3 and N <= 5:
        assert c == count(m, N), (m, N, c, count(m, N))
    if m == 2:
        assert c == 2 * N * (N - 1), (N, c)
    if c > 0:
        C0 = (c / math.factorial(m)) ** (1 / m) / N
        assert abs(C0 - float(r["C0_needed"])) < 1e-12 * C0, r
        worst = max(worst, C0)
p33 = summary["proposition_3_3"]
assert abs(p33["smallest_C0"] - worst) < 1e-12 * worst, (p33["smallest_C0"], worst)
assert p33["paper_C0_holds"] and p33["exact_equals_enumeration_m4_N8"]
p32 = summary["proposition_3_2"]
assert p32["cancelled_moments_vanish"] and p32["survivors_in_index_set"]
assert p32["largest_cancelled_moment"] < 1e-12
for r in csv.DictReader(open(os.path.join(folder, "cancellation.csv"))):
    assert float(r["cancelled"]) + float(r["survivors"]) == float(r["pairs"]), r
    N, m = int(float(r["N"])), int(float(r["m"]))
    assert float(r["pairs"]) == (N * (N - 1)) ** m, r
lemma = list(csv.DictReader(open(os.path.join(folder, "lemma1.csv"))))
assert len(lemma) == 3 * 2 * 6 == summary["lemma_1"]["cases"]
assert all(float(r["slack"]) >= -1e-12 for r in lemma)
assert summary["lemma_1"]["holds"]
PY

# A folder with results is not overwritten by accident; --output.overwrite replaces them.
run_qrem "$np" theory --output.dir "$dir" --theory.m_max 2 --output.plot false
[ "$status" = 2 ] && grep -q "theory.json" "$err" || fail "a second run into the folder was not refused"
grep -q '"m_max": 4' "$dir/theory.json" || fail "the refused run changed theory.json"
run_qrem "$np" theory --output.dir "$dir" --theory.m_max 2 --output.plot false --output.overwrite
[ "$status" = 0 ] && grep -q '"m_max": 2' "$dir/theory.json" || fail "--output.overwrite did not replace theory.json"
[ ! -e "$dir/previous-run" ] || fail "previous-run/ left behind after a finished overwrite"
run_qrem "$np" theory --output.dir "$dir" --theory.m_max 4 --theory.N 2,3,5,100 \
    --theory.cancellation_N_max 4 --theory.cancellation_m_max 2 --theory.lemma1_d_max 4 \
    --theory.lemma1_cases 2 --output.plot false --output.overwrite
[ "$status" = 0 ] || fail "rerun with --output.overwrite exited with $status"

# The same numbers at every rank count (every rank computes them; rank 0 writes).
if [ "$np" != 1 ]; then
    run_qrem 1 theory --output.dir "$work/one" --theory.m_max 4 --theory.N 2,3,5,100 \
        --theory.cancellation_N_max 4 --theory.cancellation_m_max 2 --theory.lemma1_d_max 4 \
        --theory.lemma1_cases 2 --output.plot false
    cmp -s "$dir/index_counts.csv" "$work/one/index_counts.csv" || fail "index_counts differ from 1 rank"
    cmp -s "$dir/cancellation.csv" "$work/one/cancellation.csv" || fail "cancellation differs from 1 rank"
    cmp -s "$dir/lemma1.csv" "$work/one/lemma1.csv" || fail "lemma1 differs from 1 rank"
fi

# Input errors name the key, on every rank, exit 2.
expect_error() {
    local key=$1
    shift
    run_qrem "$np" theory --output.dir "$work/bad" "$@"
    [ "$status" = 2 ] || fail "$* exited with $status, not 2"
    grep -q "$key" "$err" || fail "$* does not name $key"
}
expect_error theory.N --theory.N 0,5
expect_error theory.N --theory.N 2,x
expect_error theory.m_max --theory.m_max 17
expect_error theory.lambda --theory.lambda -1
expect_error theory.cancellation_d --theory.cancellation_d 5
expect_error theory.seed --theory.seed -3
expect_error theory.cancellation_N_max --theory.cancellation_d 4 --theory.cancellation_N_max 6
[ ! -e "$work/bad/theory.json" ] || fail "a refused run wrote theory.json"

run_qrem "$np" theory --help
[ "$status" = 0 ] && grep -q "theory.m_max" "$out" || fail "theory --help"

[ "$failures" = 0 ] && echo "all theory checks passed"
exit "$failures"
