#!/usr/bin/env bash
# Encoder benchmark: Swift MiniLMEncoder vs sentence-transformers on the same 2,000 texts.
#
#   bash Benchmarks/encoder.sh [RUNS]        (default 3 timed runs per configuration, medians)
#
# Writes the texts (fixed seed) to Benchmarks/data/, builds spb-bench in release, runs Python once
# (batch 64, torch 2 threads) and Swift in four configurations: OpenBLAS as the environment sets
# it (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) and with both unset, each at the encoder's default (one
# batch per core, OpenBLAS single-threaded meanwhile) and with one batch at a time and OpenBLAS
# threading each product over every core (the default before 2026-11-28).
# Prints the CPU model, texts/s, the ratio to Python, the fraction of the fp32 limit (encoder FLOPs
# over the sgemm peak measured in the same run) and the cosine agreement of the embeddings.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
DATA=Benchmarks/data
TEXTS="$DATA/encoder_texts.txt"
BENCH_PY=Benchmarks/python/encoder_bench.py
PY=$(bash Benchmarks/python/venv.sh)

"$PY" "$BENCH_PY" --write-texts --texts "$TEXTS"
swift build -c release --product spb-bench >/dev/null
BENCH=.build/release/spb-bench

echo "== python (sentence-transformers, batch 64, torch 2 threads)"
"$PY" "$BENCH_PY" --texts "$TEXTS" --runs "$RUNS" --out "$DATA/encoder_python.npy" 2>/dev/null | tee "$DATA/encoder_python.json"
python_rate=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["texts_per_second"])' "$DATA/encoder_python.json")

summary=()
run_swift() {  # label, env prefix..., -- spb-bench options...
    local label="$1"; shift
    local prefix=()
    while [ "$1" != "--" ]; do prefix+=("$1"); shift; done; shift
    echo "== swift: $label"
    local out="$DATA/encoder_swift_${label// /_}.f32"
    local json
    json=$("${prefix[@]}" "$BENCH" encoder --texts "$TEXTS" --runs "$RUNS" --out "$out" "$@")
    echo "$json"
    local rate agreement
    rate=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["texts_per_second"])' "$json")
    agreement=$("$PY" "$BENCH_PY" --compare "$out" --out "$DATA/encoder_python.npy")
    echo "   agreement with python: $agreement"
    local fraction peak
    fraction=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["fraction_of_limit"])' "$json")
    peak=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["sgemm_peak_gflops"])' "$json")
    summary+=("$(printf '%-30s %8.1f texts/s   %5.2fx python   %5.1f%% of fp32 limit (sgemm peak %s GFLOP/s)   min cosine %s' "$label" "$rate" \
        "$(python3 -c "print($rate / $python_rate)")" "$(python3 -c "print(100 * $fraction)")" "$peak" \
        "$(python3 -c 'import json,sys; print(round(json.loads(sys.argv[1])["min_cosine"], 7))' "$agreement")")")
}
run_swift "env default" env --
run_swift "env blas2 conc1" env -- --blas-threads 2 --concurrency 1
run_swift "unset default" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE --
run_swift "unset blas2 conc1" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -- --blas-threads 2 --concurrency 1

echo
echo "== summary: $(lscpu | sed -n 's/^Model name: *//p'), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
echo "== ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${RUNS} runs each, medians)"
printf '%-34s %8.1f texts/s\n' "python sentence-transformers" "$python_rate"
printf '%s\n' "${summary[@]}"
