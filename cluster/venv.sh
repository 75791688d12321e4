#!/usr/bin/env bash
# Prints the path of a Python with the Ray driver's pinned requirements (requirements.txt beside
# this file), creating ~/.cache/personabank/ray-venv the first time or when the pins change.
# Idempotent; every node of a cluster needs the same venv (or the same pins) to join it.
#
#   PY=$(bash cluster/venv.sh)
set -euo pipefail
cd "$(dirname "$0")"
VENV=${PERSONABANK_CACHE:-$HOME/.cache/personabank}/ray-venv
STAMP=$VENV/requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "cluster: installing the pinned Ray driver requirements into $VENV (once, ~80 MB)" >&2
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt >&2
  "$VENV/bin/python" -c 'import ray' || { echo "cluster: ray did not install into $VENV" >&2; exit 1; }
  echo "$wanted" >"$STAMP"
fi
echo "$VENV/bin/python"
