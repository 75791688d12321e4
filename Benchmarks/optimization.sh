#!/usr/bin/env bash
# -O against -Ounchecked (issue 23): the release build as shipped (SwiftPM's default -O with whole-module
# optimisation; Package.swift sets no optimisation flag) and the same tree built with -Ounchecked for every
# Swift module (`-Xswiftc -Ounchecked`, in its own scratch folder), side by side in one run, alternating A
# and B, on the encoder (2,000 persona texts), the index (top-k search and self-join of 50,000 × 384) and
# the audit (20,000 personas with stored embeddings). Prints each run's figures and the medians;
# Benchmarks/RESULTS.md records them.
#
#   bash Benchmarks/optimization.sh [RUNS]     # default 3 alternating rounds
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
OTHER=${OPTIMIZATION_SCRATCH:-Benchmarks/data/build-Ounchecked}
say() { printf 'optimization: %s\n' "$*" >&2; }

! grep -q 'unsafeFlags(\["-O' Package.swift || { say "Package.swift sets an optimisation flag; this script compares the default -O with -Ounchecked"; exit 1; }
say "building -O (as shipped) and -Ounchecked ($OTHER)"
swift build -c release --product spb-bench >&2
swift build -c release --product spb-bench --scratch-path "$OTHER" -Xswiftc -Ounchecked >&2
TEXTS=Benchmarks/data/encoder_texts.txt
python3 Benchmarks/python/encoder_bench.py --write-texts --texts "$TEXTS" >/dev/null
A=$(swift build -c release --show-bin-path)/spb-bench
B=$(swift build -c release --scratch-path "$OTHER" --show-bin-path)/spb-bench
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
echo "A = -O (shipped), B = -Ounchecked"
results=$(mktemp)
for round in $(seq "$RUNS"); do
  for side in A B; do
    bin=$([ $side = A ] && echo "$A" || echo "$B")
    enc=$("$bin" encoder --texts "$PWD/$TEXTS" --runs 1 | sed -n 's/.*"texts_per_second": \([0-9.]*\).*/\1/p' | head -1)
    idx=$("$bin" index --count 50000 --queries 1000 --runs 1 --data-dir "Benchmarks/data/optimization/index-$side")
    search=$(printf '%s\n' "$idx" | sed -n 's/^top-10 batch *\([0-9.]*\) s.*/\1/p' | head -1)
    join=$(printf '%s\n' "$idx" | sed -n 's/^self-join [^ ]* *\([0-9.]*\) s.*/\1/p' | head -1)
    start=$(date +%s.%N); "$bin" audit 20000 "Benchmarks/data/optimization/audit-$side" >/dev/null 2>&1; end=$(date +%s.%N)
    audit=$(python3 -c "print(f'{$end - $start:.2f}')")
    echo "$side $round encoder_texts_per_s=$enc search_s=$search selfjoin_s=$join audit_s=$audit" | tee -a "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, _round, *fields = line.split()
    for field in fields:
        key, value = field.split("=")
        if value:
            rows.setdefault((side, key), []).append(float(value))
keys = ["encoder_texts_per_s", "search_s", "selfjoin_s", "audit_s"]
print("| measure | A median | B median | B/A |")
print("|---|---:|---:|---:|")
for key in keys:
    a, b = rows.get(("A", key)), rows.get(("B", key))
    if a and b:
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"| {key} | {ma:.2f} | {mb:.2f} | {mb / ma:.3f} |")
PY
