#!/usr/bin/env bash
# PersonaBank demo: generate personas with the semantic gate on into runs/demo, then audit them.
#
#   bash scripts/setup.sh        # once: OpenBLAS + MiniLM weights
#   bash scripts/demo.sh
#
# Endpoint: PERSONABANK_BASE_URL (+ PERSONABANK_MODEL, key in OPENAI_API_KEY) when set; otherwise
# the local llama-cpp-python server of scripts/llm-server.sh (set up and started here, stopped at
# the end). Tunables: DEMO_COUNT (100), DEMO_CONCURRENCY (2), DEMO_OUT (runs/demo).
# Running it again continues runs/demo (--resume) instead of starting over.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'demo: %s\n' "$*" >&2; }
COUNT=${DEMO_COUNT:-100}
CONCURRENCY=${DEMO_CONCURRENCY:-2}
OUT=${DEMO_OUT:-runs/demo}
STARTED_SERVER=0

cleanup() {
  if [ "$STARTED_SERVER" = 1 ]; then
    say "stopping the local LLM server"
    bash scripts/llm-server.sh stop || true
  fi
}
trap cleanup EXIT

if [ -n "${PERSONABANK_BASE_URL:-}" ]; then
  BASE_URL=$PERSONABANK_BASE_URL
  MODEL=${PERSONABANK_MODEL:?PERSONABANK_MODEL must name the model when PERSONABANK_BASE_URL is set}
  say "using $BASE_URL ($MODEL)"
else
  [ -f scripts/llm-server.sh ] || { say "scripts/llm-server.sh is missing and PERSONABANK_BASE_URL is not set"; exit 1; }
  bash scripts/llm-server.sh setup
  if bash scripts/llm-server.sh status >/dev/null 2>&1; then
    say "a local LLM server is already running; using it (and leaving it running)"
    BASE_URL=$(bash scripts/llm-server.sh status | sed -n 's/.*\(http[^ ]*\/v1\).*/\1/p')
  else
    BASE_URL=$(bash scripts/llm-server.sh start | tail -n 1)
    STARTED_SERVER=1
  fi
  MODEL=smollm2
  say "using the local server at $BASE_URL ($MODEL)"
fi

say "building release binaries"
swift build -c release --product spb-generate >&2
swift build -c release --product spb-analyze >&2
BIN=$(swift build -c release --show-bin-path)

RESUME=()
if [ -f "$OUT/manifest.json" ]; then
  say "$OUT already holds a run: continuing it"
  RESUME=(--resume)
fi
"$BIN/spb-generate" --out "$OUT" --target "$COUNT" --concurrency "$CONCURRENCY" \
  --base-url "$BASE_URL" --model "$MODEL" --gate semantic "${RESUME[@]}"

if "$BIN/spb-analyze" audit --help >/dev/null 2>&1; then
  say "auditing $OUT"
  "$BIN/spb-analyze" audit "$OUT" --out "$OUT/audit"
  AUDIT="$OUT/audit"
else
  say "spb-analyze has no audit command in this build; skipping the audit"
  AUDIT=""
fi

echo
echo "personas:   $OUT/personas.jsonl ($(wc -l <"$OUT/personas.jsonl") lines)"
echo "rejected:   $OUT/rejected.jsonl"
echo "events:     $OUT/events.jsonl"
echo "embeddings: $OUT/embeddings.f32"
echo "manifest:   $OUT/manifest.json"
[ -n "$AUDIT" ] && echo "audit:      $AUDIT"
exit 0
