#!/usr/bin/env bash
# Reading a 1,000,000-row Parquet persona file (issue 24): time and peak resident memory of PersonaKit's
# DatasetReader (`spb-bench parquet`, one process per file, streamed one row group at a time) beside
# pyarrow and polars (pinned in Benchmarks/python/parquet/) on the same files, medians of RUNS runs.
#
#   bash Benchmarks/parquet-read.sh [RUNS] [ROWS]    # defaults 3 and 1,000,000
#
# The files (Benchmarks/data/parquet-read/, written once): pyarrow's defaults (snappy, dictionary
# encoding, one row group of up to 1,048,576 rows), the same in row groups of 100,000, and polars'
# defaults (zstd).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
ROWS=${2:-1000000}
DIR=Benchmarks/data/parquet-read/rows-$ROWS
say() { printf 'parquet-read: %s\n' "$*" >&2; }

PY=$(bash Benchmarks/python/parquet/venv.sh)
mkdir -p "$DIR"
if [ ! -f "$DIR/polars.parquet" ]; then
  say "writing $ROWS rows with pyarrow and polars into $DIR"
  "$PY" Benchmarks/python/parquet/scale_files.py write "$DIR" "$ROWS"
fi
swift build -c release --product spb-bench >&2
BENCH=$(swift build -c release --show-bin-path)/spb-bench

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
results=$(mktemp)
for file in pyarrow pyarrow-100k polars; do
  path="$DIR/$file.parquet"
  echo "$file.parquet: $(du -m "$path" | cut -f1) MB, $("$PY" -c "import pyarrow.parquet as pq, sys; m = pq.ParquetFile(sys.argv[1]).metadata; print(f'{m.num_row_groups} row groups, codec {m.row_group(0).column(0).compression}')" "$path")"
  for run in $(seq "$RUNS"); do
    for reader in swift pyarrow-stream pyarrow-table polars; do
      if [ "$reader" = swift ]; then line=$("$BENCH" parquet "$path"); else line=$("$PY" Benchmarks/python/parquet/scale_files.py read "$path" "$reader"); fi
      echo "  run $run $line"
      echo "$file $reader $line" >>"$results"
    done
  done
done
python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    file, reader = line.split()[:2]
    seconds = float(re.search(r"([0-9.]+) s,", line).group(1))
    peak = float(re.search(r"peak resident ([0-9.]+) MB", line).group(1))
    rows.setdefault((file, reader), []).append((seconds, peak))
print("| file | reader | median s | median peak MB |")
print("|---|---|---:|---:|")
for (file, reader), values in rows.items():
    print(f"| {file} | {reader} | {statistics.median(v[0] for v in values):.2f} | {statistics.median(v[1] for v in values):.0f} |")
PY
