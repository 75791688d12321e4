#!/usr/bin/env bash
# Prints the path of a Python that has the pinned Parquet references (requirements.txt beside this
# file: pyarrow, polars, pandas, datasets), creating Benchmarks/python/parquet/.venv (git-ignored) the
# first time or when the pins change.
#
#   PY=$(bash Benchmarks/python/parquet/venv.sh)
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
STAMP=$VENV/requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "parquet: installing the pinned Python references into Benchmarks/python/parquet/$VENV (once)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt >&2
  echo "$wanted" >"$STAMP"
fi
echo "$PWD/$VENV/bin/python"
