#!/usr/bin/env bash
# The judge on a generated run (issues 12, 21): spb-generate with the field-aware first stage and the LLM
# judge (--score fields --judge), the writer JUDGE_WRITER (default qwen2.5-coder-0.5b, the demo's model and
# prompt) on one local server and the judge JUDGE_MODEL (default qwen2.5-coder-1.5b) on a second one, one
# request at a time, then from events.jsonl: how many candidates reached the gate, the share whose
# first-stage score fell in the band (went to the judge), the judge's verdicts, calls, tokens and time per
# call against the persona calls'.
#   bash Benchmarks/judge-run.sh                  # 40 accepted personas, seed 11
#   JUDGE_COUNT=100 JUDGE_SEED=3 bash Benchmarks/judge-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${JUDGE_COUNT:-40}
SEED=${JUDGE_SEED:-11}
WRITER=${JUDGE_WRITER:-qwen2.5-coder-0.5b}
JUDGE=${JUDGE_MODEL:-qwen2.5-coder-1.5b}
OUT=${JUDGE_OUT:-runs/judge-bench}/seed-$SEED-n$COUNT
status=0
if [ -z "${PERSONABANK_LLM_URL:-}" ]; then
  LLM_MODEL=$WRITER exec bash scripts/with-llm-server.sh bash "$0" "$@"
fi
JUDGE_STATE=$(mktemp -d "${TMPDIR:-/tmp}/personabank-judge.XXXXXX")
trap 'PERSONABANK_LLM_STATE=$JUDGE_STATE bash scripts/llm-server.sh stop >/dev/null 2>&1 || true; rm -rf "$JUDGE_STATE"' EXIT
judge_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LLM_MODEL=$JUDGE bash scripts/llm-server.sh setup >/dev/null
JUDGE_URL=$(PERSONABANK_LLM_STATE=$JUDGE_STATE LLM_MODEL=$JUDGE bash scripts/llm-server.sh start "$judge_port" | tail -n 1)
swift build -c release --product spb-generate >&2
BIN=$(swift build -c release --show-bin-path)
mkdir -p "$(dirname "$OUT")"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "writer $WRITER at $PERSONABANK_LLM_URL, judge $JUDGE at $JUDGE_URL"
"$BIN/spb-generate" --out "$OUT" --force --target "$COUNT" --seed "$SEED" --concurrency 1 --temperature 0.7 \
  --base-url "$PERSONABANK_LLM_URL" --model "$WRITER" --prompt-template scripts/demo-prompt.json --max-tokens 320 \
  --structured-output json-object-schema --max-attempts $((COUNT * 20)) --score fields \
  --judge --judge-base-url "$JUDGE_URL" --judge-model "$JUDGE" >"$OUT.log" || status=$?
tail -n 12 "$OUT.log"   # an interrupted run (Ctrl-C) is still summarised
python3 - "$OUT" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines() if line.strip()]
gated = [e for e in events if e.get("decision") in ("accepted", "near-duplicate", "judged-duplicate", "exact-duplicate")]
judged = [e for e in gated if e.get("judge")]
calls = sum(e["judge"]["calls"] for e in judged)
verdicts = {}
for e in judged:
    verdicts[e["judge"]["verdict"]] = verdicts.get(e["judge"]["verdict"], 0) + 1
persona_ms = [e["latency_ms"] for e in gated if not e.get("judge")]
judge_ms = [e["latency_ms"] for e in judged]
tokens = sum(e["judge"]["prompt_tokens"] + e["judge"]["completion_tokens"] for e in judged)
persona_tokens = sum(e.get("prompt_tokens", 0) + e.get("completion_tokens", 0) for e in events)
accepted = sum(1 for e in events if e.get("decision") == "accepted")
mean = lambda xs: sum(xs) / len(xs) if xs else 0
print(f"candidates that reached the gate: {len(gated)}; in the band (judged): {len(judged)} "
      f"({100 * len(judged) / max(len(gated), 1):.1f} %); judge calls: {calls} ({calls / max(accepted, 1):.2f} per accepted persona)")
print(f"verdicts: {verdicts}; decisions: " + str({d: sum(1 for e in events if e.get('decision') == d) for d in sorted({e.get('decision') for e in events})}))
print(f"judge tokens: {tokens} ({100 * tokens / max(persona_tokens, 1):.1f} % of the persona calls' {persona_tokens}); "
      f"mean attempt latency with a judge call {mean(judge_ms) / 1000:.2f} s, without {mean(persona_ms) / 1000:.2f} s")
PY
exit "$status"
