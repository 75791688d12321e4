#!/usr/bin/env bash
# -O against -Ounchecked (issue 23): the release build as shipped and the same tree with the Swift
# optimisation flag swapped, side by side in one run, alternating A and B, on the encoder (2,000 persona
# texts), the index (top-k search and self-join of 50,000 × 384) and the audit (20,000 personas with
# stored embeddings). Prints each run's figures and the medians; Benchmarks/RESULTS.md records them.
#
#   bash Benchmarks/optimization.sh [RUNS]     # default 3 alternating rounds
#
# The shipped tree is this checkout; the other is a copy of HEAD in Benchmarks/data/build-O (or
# OPTIMIZATION_TREE, reused when it already has the other flag) with Package.swift's `optimize` setting
# swapped, built in its own .build.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
OTHER=${OPTIMIZATION_TREE:-Benchmarks/data/build-O}
say() { printf 'optimization: %s\n' "$*" >&2; }

current=$(sed -n 's/^let optimize: .*unsafeFlags(\["\(-O[a-z]*\)".*/\1/p' Package.swift)
[ "$current" = "-Ounchecked" ] || [ "$current" = "-O" ] || { say "cannot read the optimize setting of Package.swift"; exit 1; }
other_flag=$([ "$current" = "-Ounchecked" ] && echo "-O" || echo "-Ounchecked")
if ! grep -q "unsafeFlags(\[\"$other_flag\", \"-wmo\"\]" "$OTHER/Package.swift" 2>/dev/null; then
  rm -rf "$OTHER"; mkdir -p "$OTHER"
  git archive HEAD | tar -x -C "$OTHER"
fi
sed -i "s/unsafeFlags(\[\"$current\", \"-wmo\"\]/unsafeFlags([\"$other_flag\", \"-wmo\"]/" "$OTHER/Package.swift"
grep -q "unsafeFlags(\[\"$other_flag\"" "$OTHER/Package.swift" || { say "could not swap the flag"; exit 1; }
ln -sfn "$PWD/models" "$OTHER/models"
say "building $current (this tree) and $other_flag ($OTHER)"
swift build -c release --product spb-bench >&2
(cd "$OTHER" && swift build -c release --product spb-bench >&2)
TEXTS=Benchmarks/data/encoder_texts.txt
python3 Benchmarks/python/encoder_bench.py --write-texts --texts "$TEXTS" >/dev/null
A=$(swift build -c release --show-bin-path)/spb-bench
B=$(cd "$OTHER" && swift build -c release --show-bin-path)/spb-bench
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
echo "A = $current (shipped), B = $other_flag"
results=$(mktemp)
for round in $(seq "$RUNS"); do
  for side in A B; do
    bin=$([ $side = A ] && echo "$A" || echo "$B")
    enc=$("$bin" encoder --texts "$PWD/$TEXTS" --runs 1 | sed -n 's/.*"texts_per_second": \([0-9.]*\).*/\1/p' | head -1)
    idx=$("$bin" index --count 50000 --queries 1000 --runs 1 --data-dir "$OTHER/index-$side")
    search=$(printf '%s\n' "$idx" | sed -n 's/^top-10 batch *\([0-9.]*\) s.*/\1/p' | head -1)
    join=$(printf '%s\n' "$idx" | sed -n 's/^self-join [^ ]* *\([0-9.]*\) s.*/\1/p' | head -1)
    start=$(date +%s.%N); "$bin" audit 20000 "$OTHER/audit-$side" >/dev/null 2>&1; end=$(date +%s.%N)
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
