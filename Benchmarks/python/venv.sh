#!/usr/bin/env bash
# Prints the path of a Python that has the pinned references of a folder (its requirements.txt),
# creating FOLDER/.venv (git-ignored) the first time or when the pins change. FOLDER defaults to this
# file's folder (the benchmark references); Benchmarks/python/parquet/venv.sh passes its own.
#
#   PY=$(bash Benchmarks/python/venv.sh [FOLDER])
set -euo pipefail
cd "${1:-$(dirname "$0")}"
VENV=.venv
STAMP=$VENV/requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "venv: installing the pinned Python references of $PWD into $VENV (once)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt >&2
  echo "$wanted" >"$STAMP"
fi
echo "$PWD/$VENV/bin/python"
