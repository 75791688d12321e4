#!/usr/bin/env bash
# Partitioned dedup at scale (issue 13): `spb-analyze dedup` on 1,000,000 synthetic 384-d unit vectors
# with planted near-duplicate groups (spb-bench scale generate), against the exact self-join run on the
# first 200,000 rows (1,000,000 is extrapolated quadratically from it). Each dedup runs under
# /usr/bin/time -v (wall time, peak RSS); spb-bench scale evaluate scores recall and precision of the
# planted duplicates, and at 200,000 rows the agreement with the exact run for a few margins ε.
#   bash Benchmarks/scale.sh                  # the full run (about 8 minutes on 2 cores, ~2 GB of data files)
#   SCALE_COUNT=100000 SCALE_SUBSET=50000 bash Benchmarks/scale.sh   # a quick one
# SCRATCH_PATH chooses the build directory (default .build); DATA_DIR where the data goes.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
data=${DATA_DIR:-Benchmarks/data/scale}
count=${SCALE_COUNT:-1000000}
subset=${SCALE_SUBSET:-200000}
swift build -c release --scratch-path "$scratch" --product spb-bench >&2
swift build -c release --scratch-path "$scratch" --product spb-analyze >&2
bench="$scratch/release/spb-bench"
analyze="$scratch/release/spb-analyze"
if ! "$analyze" dedup --help >/dev/null 2>&1; then
    echo "error: spb-analyze has no dedup command (Sources/Analyze/main.swift needs its case \"dedup\" line)" >&2
    exit 1
fi
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-(unset)} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"
"$bench" scale generate --count "$count" --subset "$subset" --data-dir "$data"
out="$data/runs"
mkdir -p "$out"

# One dedup under /usr/bin/time -v: prints the summary line, then wall time and peak RSS.
timed() {
    local name=$1
    shift
    /usr/bin/time -v -o "$out/$name.time" "$analyze" dedup "$@" --out "$out/$name"
    awk -F': ' '/Elapsed \(wall clock\)/ { wall = $2 } /Maximum resident set size/ { rss = $2 }
        END { printf "  /usr/bin/time: wall %s, peak RSS %.2f GB\n", wall, rss / 1e6 }' "$out/$name.time"
}

for tau in 0.9 0.8; do
    echo
    echo "== τ $tau: exact self-join on the first $subset rows"
    timed "exact-$subset-$tau" "$data/vectors-first-$subset.npy" --threshold "$tau" --exact
    "$bench" scale evaluate --data-dir "$data" --run "$out/exact-$subset-$tau" --threshold "$tau"
    for margin in 0 0.02 0.04; do
        echo "== τ $tau: partitioned, $subset rows, ε $margin"
        timed "part-$subset-$tau-$margin" "$data/vectors-first-$subset.npy" --threshold "$tau" --partitions $((subset / 1000)) --margin "$margin"
        "$bench" scale evaluate --data-dir "$data" --run "$out/part-$subset-$tau-$margin" --threshold "$tau" --reference "$out/exact-$subset-$tau"
    done
    echo "== τ $tau: partitioned (defaults), $count rows"
    timed "part-$count-$tau" "$data/vectors.npy" --threshold "$tau"
    "$bench" scale evaluate --data-dir "$data" --run "$out/part-$count-$tau" --threshold "$tau"
done
