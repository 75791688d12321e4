#!/usr/bin/env bash
# Prints the path of a Python that has the pinned Parquet references (requirements.txt beside this
# file: pyarrow, polars, pandas, datasets), creating Benchmarks/python/parquet/.venv (git-ignored) the
# first time or when the pins change; the venv logic is Benchmarks/python/venv.sh's.
#
#   PY=$(bash Benchmarks/python/parquet/venv.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../venv.sh" "$here"
