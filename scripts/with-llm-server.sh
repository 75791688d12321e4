#!/usr/bin/env bash
# Runs a command with a local LLM server (scripts/llm-server.sh) started just for it, then stops
# the server however the command ends, and exits with the command's status.
#
#   bash scripts/with-llm-server.sh swift test --no-parallel
#
# The server listens on a free 127.0.0.1 port and keeps its PID, port and log in a temporary
# state directory (PERSONABANK_LLM_STATE), so a server you started yourself is left alone. The
# command sees PERSONABANK_LLM_URL=http://127.0.0.1:PORT/v1. When PERSONABANK_LLM_URL is already
# set, no server is started and the command runs against that URL.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'with-llm-server: %s\n' "$*" >&2; }
[ "$#" -gt 0 ] || { say "usage: bash scripts/with-llm-server.sh COMMAND [ARGS...]"; exit 64; }

if [ -n "${PERSONABANK_LLM_URL:-}" ]; then
  say "PERSONABANK_LLM_URL is set ($PERSONABANK_LLM_URL): using it, starting no server"
  exec "$@"
fi

bash scripts/llm-server.sh setup
PERSONABANK_LLM_STATE=$(mktemp -d "${TMPDIR:-/tmp}/personabank-llm.XXXXXX")
export PERSONABANK_LLM_STATE
stop_server() {
  bash scripts/llm-server.sh stop || true
  rm -rf "$PERSONABANK_LLM_STATE"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PERSONABANK_LLM_URL=$(bash scripts/llm-server.sh start "$port" | tail -n 1)
export PERSONABANK_LLM_URL
say "running with PERSONABANK_LLM_URL=$PERSONABANK_LLM_URL: $*"
status=0
"$@" || status=$?
exit "$status"
