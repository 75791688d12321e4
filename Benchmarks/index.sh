#!/usr/bin/env bash
# The vector-index benchmark side by side: Swift (spb-bench index) then faiss on the same vectors,
# ending with the Swift/faiss ratios. Options go to both sides: --runs N, --join-runs N
# (0 skips the self-join); everything else (e.g. --count 20000) only to the Swift side.
#   bash Benchmarks/index.sh                      # the full 100,000 × 384 run
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bash Benchmarks/index.sh   # OpenBLAS left to detect the CPU
set -euo pipefail
cd "$(dirname "$0")/.."
python_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --runs | --join-runs) python_args+=("${args[i]}" "${args[i + 1]}") ;;
        --runs=* | --join-runs=*) python_args+=("${args[i]}") ;;
    esac
done
swift build -c release --product spb-bench >&2
.build/release/spb-bench index --data-dir Benchmarks/data "$@"
echo
PY=$(bash Benchmarks/python/venv.sh)
"$PY" Benchmarks/python/index_bench.py --data-dir Benchmarks/data --threads 2 "${python_args[@]+"${python_args[@]}"}"
