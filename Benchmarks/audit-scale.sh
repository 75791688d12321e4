#!/usr/bin/env bash
# A million personas (issue 25): `spb-analyze audit --embeddings` and `spb-analyze dedup` on synthetic persona
# records (text from word lists written for the project) with stored 384-d embeddings, in two variants:
# clustered (topic clusters, like sentence embeddings) and isotropic (no cluster structure, the hard case for
# k-means partitions); both have the same planted near-duplicate groups (2-4 rows at cosine 0.93-0.97 to the
# group's first row). `spb-bench audit-scale generate` writes the data. Each command runs under /usr/bin/time -v
# (wall time, peak RSS); the audit is scored against the planted pairs by `spb-bench audit-scale evaluate`, the
# dedup (drops, pairs and its own recall estimate) by `spb-bench scale evaluate`.
#   bash Benchmarks/audit-scale.sh                        # 1,000,000 personas (the issue's size)
#   AUDIT_SCALE_COUNT=50000 bash Benchmarks/audit-scale.sh   # a quick one
# SCRATCH_PATH chooses the build directory (default .build); DATA_DIR where the data goes; TAU the threshold (0.9);
# SKIP_AUDIT=1 runs only the dedups. Past --exact-below (50,000) the audit finds its pairs by the partitioned search
# and its nearest-neighbour figures from a sample; its accuracy table says how well (issue 25 item 2).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
count=${AUDIT_SCALE_COUNT:-1000000}
data=${DATA_DIR:-Benchmarks/data/audit-scale-$count}
tau=${TAU:-0.9}
swift build -c release --scratch-path "$scratch" --product spb-bench >&2
swift build -c release --scratch-path "$scratch" --product spb-analyze >&2
bench="$scratch/release/spb-bench"
analyze="$scratch/release/spb-analyze"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-(unset)}; $(date -u '+%Y-%m-%d %H:%M UTC')"
if [ ! -f "$data/isotropic/planted-pairs.csv" ]; then
    "$bench" audit-scale generate --count "$count" --data-dir "$data"
fi
out="$data/runs"
mkdir -p "$out"

# One spb-analyze command under /usr/bin/time -v: its own output, then wall time and peak RSS.
timed() {
    local name=$1
    shift
    /usr/bin/time -v -o "$out/$name.time" "$analyze" "$@"
    awk -F': ' '/Elapsed \(wall clock\)/ { wall = $2 } /Maximum resident set size/ { rss = $2 }
        END { printf "  /usr/bin/time: wall %s, peak RSS %.2f GB\n", wall, rss / 1e6 }' "$out/$name.time"
}

for variant in clustered isotropic; do
    echo
    if [ "${SKIP_AUDIT:-0}" != 1 ]; then
        echo "== $variant: spb-analyze audit --embeddings, $count personas, τ $tau"
        timed "audit-$variant" audit "$data/personas.jsonl" --embeddings "$data/$variant/vectors.npy" --threshold "$tau" \
            --out "$out/audit-$variant" --name "$variant" 2>"$out/audit-$variant.log"
        "$bench" audit-scale evaluate --data-dir "$data/$variant" --audit "$out/audit-$variant" --threshold "$tau"
    fi
    echo "== $variant: spb-analyze dedup, $count rows, τ $tau (defaults: --target-recall 0.99, --recall-sample 2000)"
    timed "dedup-$variant" dedup "$data/$variant/vectors.npy" --threshold "$tau" --out "$out/dedup-$variant"
    "$bench" scale evaluate --data-dir "$data/$variant" --run "$out/dedup-$variant" --threshold "$tau"
done
