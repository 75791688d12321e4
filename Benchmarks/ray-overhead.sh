#!/usr/bin/env bash
# The Ray path's overhead (issue 13): the same steps run directly (xargs, one process per CPU)
# and through cluster/spb_ray.py on a local Ray cluster of the same CPUs, alternating, RAY_RUNS
# times; reports each run's wall times, their ratio, and the median ratio.
#   1. embed: ../shared/data/corpora/personahub-5000.txt (or RAY_CORPUS) in 8 shards (texts/s per shard from the direct runs);
#   2. dedup: the scale benchmark's vectors (Benchmarks/scale.sh generates them) as plan, join tasks, merge.
# Ray runs as on a cluster: a head node of this machine's CPUs is started once (`ray start --head`)
# and each driver run joins it (--address auto); the driver's wall time, connecting included, is
# what is compared. Both paths give each task 1 CPU.
#   bash Benchmarks/ray-overhead.sh                 # after Benchmarks/scale.sh (or with SCALE_COUNT set, it generates)
#   RAY_RUNS=1 SCALE_COUNT=100000 bash Benchmarks/ray-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
data=${DATA_DIR:-Benchmarks/data/scale}
runs=${RAY_RUNS:-3}
cpus=$(nproc)
corpus=${RAY_CORPUS:-../shared/data/corpora/personahub-5000.txt}
swift build -c release --scratch-path "$scratch" --product spb-analyze >&2
swift build -c release --scratch-path "$scratch" --product spb-bench >&2
analyze=$(cd "$scratch/release" && pwd)/spb-analyze
python=$(bash cluster/venv.sh)
[ -f "$data/vectors.npy" ] || "$scratch/release/spb-bench" scale generate --count "${SCALE_COUNT:-1000000}" --data-dir "$data"
work=$data/ray-overhead
rm -rf "$work"
mkdir -p "$work"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $cpus cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-(unset)}"

seconds() { date +%s.%N; }
elapsed() { awk -v now="$(seconds)" -v start="$1" 'BEGIN { print now - start }'; }
divide() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }

direct_embed() {
    local out=$1
    seq 1 8 | xargs -P "$cpus" -I{} sh -c "'$analyze' embed '$corpus' --out '$out/embeddings' --shard {}/8 --threads 1 2>>'$out/embed.log' >/dev/null"
}
direct_dedup() {
    local input=$1 out=$2
    "$analyze" dedup "$input" --out "$out" --stage plan --tasks $((4 * cpus)) --threads "$cpus" >/dev/null
    local tasks
    tasks=$("$python" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tasks"]))' "$out/work/plan.json")
    seq 0 $((tasks - 1)) | xargs -P "$cpus" -I{} "$analyze" dedup --out "$out" --stage join --task {} --threads 1 >/dev/null
    "$analyze" dedup --out "$out" --stage merge >/dev/null
}
ray_run() {
    "$python" cluster/spb_ray.py "$@" --binary "$analyze" --address auto --cpus-per-task 1 >/dev/null 2>>"$work/ray.log"
}
ray_cli=$(dirname "$python")/ray
export RAY_USAGE_STATS_ENABLED=0
"$ray_cli" start --head --num-cpus "$cpus" --include-dashboard=false >/dev/null 2>&1
trap '"$ray_cli" stop >/dev/null 2>&1' EXIT

ratios_embed=() ratios_dedup=()
for run in $(seq 1 "$runs"); do
    if [ -f "$corpus" ]; then
        out=$work/direct-embed-$run; mkdir -p "$out"
        start=$(seconds); direct_embed "$out"; direct=$(elapsed "$start")
        rates=$(sed -n 's/.*embedding \([0-9]*\/8\): .* texts, \([0-9.]*\) texts\/s.*/\2/p' "$out/embed.log" | tr '\n' ' ')
        # The Ray run also deduplicates the embeddings; its wall time less those stages compares with the direct embed.
        start=$(seconds); ray_run "$corpus" --out "$work/ray-embed-$run" --shards 8 --tasks $((4 * cpus)); ray=$(elapsed "$start")
        ray_embed=$("$python" -c 'import json,sys; s=json.load(open(sys.argv[1]))["stage_seconds"]; print(float(sys.argv[2]) - s["plan"] - s["join"] - s["merge"])' "$work/ray-embed-$run/ray-run.json" "$ray")
        ratio=$(divide "$ray_embed" "$direct")
        ratios_embed+=("$ratio")
        printf 'run %d embed %d texts in 8 shards: direct %.1f s (texts/s per shard: %s), ray %.1f s → %.3f×\n' "$run" "$(wc -l < "$corpus")" "$direct" "$rates" "$ray_embed" "$ratio"
        cmp "$out/embeddings/embeddings-00003-of-00008.npy" "$work/ray-embed-$run/embeddings/embeddings-00003-of-00008.npy" \
            && echo "  shard 3's .npy is byte-identical on both paths"
    fi
    out=$work/direct-dedup-$run
    start=$(seconds); direct_dedup "$data/vectors.npy" "$out"; direct=$(elapsed "$start")
    start=$(seconds); ray_run "$data/vectors.npy" --out "$work/ray-dedup-$run" --tasks $((4 * cpus)); ray=$(elapsed "$start")
    ratio=$(divide "$ray" "$direct")
    ratios_dedup+=("$ratio")
    same=$(cmp -s "$out/drops.csv" "$work/ray-dedup-$run/drops.csv" && cmp -s "$out/keep.txt" "$work/ray-dedup-$run/keep.txt" && echo "same keep.txt and drops.csv" || echo "OUTPUTS DIFFER")
    printf 'run %d dedup %s: direct %.1f s, ray %.1f s → %.3f× (%s)\n' "$run" "$(basename "$data")/vectors.npy" "$direct" "$ray" "$ratio" "$same"
    rm -rf "$out/work" "$work/ray-dedup-$run/work"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
[ ${#ratios_embed[@]} -gt 0 ] && printf 'median Ray / direct, embed: %.3f×\n' "$(median "${ratios_embed[@]}")"
printf 'median Ray / direct, dedup: %.3f×\n' "$(median "${ratios_dedup[@]}")"
