#!/usr/bin/env bash
# Tunes the local LLM server (scripts/llm-server.sh) by measurement: for one model, each configuration
# below starts its own server, runs spb-generate for a fixed number of attempts (one request at a time,
# the default prompt with three references, as a real run) and reports the median seconds per attempt,
# the prompt tokens the server actually evaluated per attempt (what its KV cache did not already hold)
# and its prompt and decode rates, read from the server's own log.
#
#   bash Benchmarks/llm-server.sh [MODEL] [ATTEMPTS]      # default qwen2.5-coder-0.5b, 12 attempts
#
# Configurations (name: server settings, generator settings):
#   default        context 2048, batch 512, 2 threads; the default prompt (fixed text first)
#   refs-first     the same server; the previous prompt order (references first: Benchmarks/llm/references-first-prompt.json)
#   batch-128      batch 128
#   batch-1024     batch 1024
#   context-1024   context 1024
#   ram-cache      LLM_SERVER_CACHE=1 (llama-cpp-python's RAM prompt cache)
#   one-thread     1 thread
#   no-grammar     --structured-output none: no JSON-schema grammar (the reply is parsed as it comes)
#   plain-json     --structured-output json-object: llama.cpp's generic JSON grammar, no schema
# The structured output is json-object-schema (llama-cpp-python's json_object with the persona schema:
# its json_schema mode answers 500, so auto would spend one request finding that out) unless said otherwise.
# Every configuration uses the same seed, so it sends the same first prompt; later prompts differ only
# as the accepted references do. Prints the CPU model and the load average before each configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-qwen2.5-coder-0.5b}
ATTEMPTS=${2:-12}
CONFIGS=${LLM_TUNING_CONFIGS:-default refs-first batch-128 batch-1024 context-1024 ram-cache one-thread no-grammar plain-json}
OUT=${LLM_TUNING_OUT:-Benchmarks/data/llm-server-$MODEL}
mkdir -p "$OUT"

LLM_MODEL=$MODEL bash scripts/llm-server.sh setup >/dev/null
swift build -c release --product spb-generate >/dev/null
BIN=$(swift build -c release --show-bin-path)/spb-generate
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'); model $MODEL; $ATTEMPTS attempts per configuration"
printf '%-14s %9s %12s %14s %14s %9s\n' config "s/attempt" "prompt eval" "prompt tok/s" "decode tok/s" accepted

for config in $CONFIGS; do
  context=2048 batch=512 threads=2 cache=0 prompt=(--structured-output json-object-schema)
  case $config in
    default) ;;
    refs-first) prompt+=(--prompt-template Benchmarks/llm/references-first-prompt.json) ;;
    batch-128) batch=128 ;;
    batch-1024) batch=1024 ;;
    context-1024) context=1024 ;;
    ram-cache) cache=1 ;;
    one-thread) threads=1 ;;
    no-grammar) prompt=(--structured-output none) ;;
    plain-json) prompt=(--structured-output json-object) ;;
    *) echo "unknown configuration $config" >&2; exit 64 ;;
  esac
  state=$(mktemp -d)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url=$(PERSONABANK_LLM_STATE=$state LLM_MODEL=$MODEL LLM_SERVER_CONTEXT=$context LLM_SERVER_BATCH=$batch LLM_SERVER_THREADS=$threads \
        LLM_SERVER_CACHE=$cache bash scripts/llm-server.sh start "$port" 2>/dev/null | tail -n 1)
  run="$OUT/$config"
  rm -rf "$run"
  echo "  ($config: load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$BIN" --out "$run" --base-url "$url" --model "$MODEL" --target "$ATTEMPTS" --max-attempts "$ATTEMPTS" --concurrency 1 \
    --seed 11 "${prompt[@]}" >/dev/null 2>"$run.stderr" || true
  cp "$state/llm-server.log" "$run.server.log"
  PERSONABANK_LLM_STATE=$state bash scripts/llm-server.sh stop >/dev/null 2>&1 || true
  rm -rf "$state"
  python3 - "$run" "$config" <<'PY'
import json, re, statistics, sys
run, config = sys.argv[1], sys.argv[2]
events = [json.loads(line) for line in open(f"{run}/events.jsonl")]
seconds = statistics.median(e["latency_ms"] for e in events) / 1000
log = open(f"{run}.server.log").read()
# The first completion is llm-server.sh's readiness check; the generator's requests follow.
prompt = [(float(ms), int(n)) for ms, n in re.findall(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens", log)][1:]
decode = [(float(ms), int(n)) for ms, n in re.findall(r"\n\S*\s*eval time =\s*([\d.]+) ms /\s*(\d+) runs", log)][1:]
evaluated = statistics.median(n for _, n in prompt) if prompt else float("nan")
prompt_rate = sum(n for _, n in prompt) / (sum(ms for ms, _ in prompt) / 1000) if prompt else float("nan")
decode_rate = sum(n for _, n in decode) / (sum(ms for ms, _ in decode) / 1000) if decode else float("nan")
accepted = sum(e["decision"] == "accepted" for e in events)
print(f"{config:14s} {seconds:9.2f} {evaluated:12.0f} {prompt_rate:14.1f} {decode_rate:14.1f} {accepted:5d}/{len(events)}")
PY
done
