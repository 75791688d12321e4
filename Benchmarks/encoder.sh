#!/usr/bin/env bash
# Encoder benchmark: Swift MiniLMEncoder (fp32 and int8) against sentence-transformers and ONNX Runtime
# (fp32 and dynamic int8) on the same 2,000 texts.
#
#   bash Benchmarks/encoder.sh [RUNS]        (default 3 rounds, medians)
#
# Writes the texts (fixed seed) to Benchmarks/data/, exports the ONNX graphs from models/ with
# Benchmarks/python/export_onnx.py (once), builds spb-bench in release, then runs RUNS rounds, each
# timing every side once in turn (so that a change of load hits all sides alike): Python
# sentence-transformers (batch 64, torch 2 threads), ONNX Runtime fp32 and dynamic int8 (batch 64,
# 2 intra-op threads), Swift fp32 and Swift int8 (`spb-bench encoder --precision`, the encoder's
# defaults: batch 32, one batch per core). Prints texts/s (median of the rounds), the ratio to
# sentence-transformers and to ONNX Runtime int8, the cosine to sentence-transformers (the fp32
# reference) on all 2,000 texts, the machine's fp32 (sgemm) and int8 (the encoder's int8 product)
# peaks, the kernels Swift ran, the CPU model and the load.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
DATA=Benchmarks/data
TEXTS="$DATA/encoder_texts.txt"
BENCH_PY=Benchmarks/python/encoder_bench.py
ONNX="$DATA/onnx"
PY=$(bash Benchmarks/python/venv.sh)

"$PY" "$BENCH_PY" --write-texts --texts "$TEXTS"
if [ ! -f "$ONNX/minilm-int8.onnx" ] || [ Benchmarks/python/export_onnx.py -nt "$ONNX/minilm-int8.onnx" ]; then
  "$PY" Benchmarks/python/export_onnx.py --out "$ONNX" >/dev/null 2>&1
fi
swift build -c release --product spb-bench >/dev/null
BENCH=.build/release/spb-bench

json_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

sides=(st ort-fp32 ort-int8 swift-fp32 swift-int8)
declare -A label=([st]="Python sentence-transformers" [ort-fp32]="ONNX Runtime fp32" [ort-int8]="ONNX Runtime dynamic int8"
                  [swift-fp32]="Swift fp32 (default)" [swift-int8]="Swift int8")
declare -A rates peaks int8peaks kernels
echo "== $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$RUNS"); do
  for side in "${sides[@]}"; do
    case "$side" in
      st) json=$("$PY" "$BENCH_PY" --texts "$TEXTS" --runs 1 --out "$DATA/encoder_python.npy" 2>/dev/null) ;;
      ort-*) json=$("$PY" "$BENCH_PY" --texts "$TEXTS" --runs 1 --onnx "$ONNX/minilm-${side#ort-}.onnx" --out "$DATA/encoder_$side.npy" 2>/dev/null) ;;
      swift-*) json=$("$BENCH" encoder --texts "$TEXTS" --runs 1 --precision "${side#swift-}" --out "$DATA/encoder_$side.f32")
               peaks[$side]+=" $(json_field "$json" sgemm_peak_gflops)"
               int8peaks[$side]+=" $(json_field "$json" int8_peak_gops 2>/dev/null || echo 0)"
               kernels[$side]=$(json_field "$json" kernels) ;;
    esac
    rate=$(json_field "$json" texts_per_second)
    rates[$side]+=" $rate"
    echo "   round $round  ${label[$side]}: $rate texts/s   (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done

st_rate=$(median ${rates[st]})
ort_int8_rate=$(median ${rates[ort-int8]})
echo
echo "== summary: $(lscpu | sed -n 's/^Model name: *//p'), $(lscpu | sed -n 's/^CPU family: *//p;s/^Model: *//p' | paste -sd/ -) (family/model),"
echo "== $(nproc) cores, load at end $(cut -d' ' -f1-3 /proc/loadavg), medians of $RUNS rounds"
printf '%-32s %9s %9s %11s %13s %13s\n' side "texts/s" "vs ST" "vs ORT int8" "min cosine" "mean cosine"
for side in "${sides[@]}"; do
  rate=$(median ${rates[$side]})
  case "$side" in
    st) agreement='{"min_cosine": 1, "mean_cosine": 1}' ;;
    ort-*) agreement=$("$PY" "$BENCH_PY" --compare "$DATA/encoder_$side.npy" --out "$DATA/encoder_python.npy") ;;
    swift-*) agreement=$("$PY" "$BENCH_PY" --compare "$DATA/encoder_$side.f32" --out "$DATA/encoder_python.npy") ;;
  esac
  printf '%-32s %9.1f %8.2fx %10.2fx %13.7f %13.7f\n' "${label[$side]}" "$rate" "$(python3 -c "print($rate / $st_rate)")" \
    "$(python3 -c "print($rate / $ort_int8_rate)")" "$(json_field "$agreement" min_cosine)" "$(json_field "$agreement" mean_cosine)"
done
echo "fp32 limit: sgemm peak $(median ${peaks[swift-fp32]} ${peaks[swift-int8]}) GFLOP/s on all cores;" \
     "int8 limit: the encoder's int8 product $(median ${int8peaks[swift-fp32]} ${int8peaks[swift-int8]}) GOP/s on all cores"
echo "Swift int8 kernels: ${kernels[swift-int8]}"
