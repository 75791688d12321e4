#!/usr/bin/env bash
# PersonaBank demo: generate personas with the semantic gate on into runs/demo, then audit them.
#
#   bash scripts/setup.sh        # once: OpenBLAS + MiniLM weights
#   bash scripts/demo.sh
#
# Endpoint: PERSONABANK_BASE_URL (+ PERSONABANK_MODEL, key in OPENAI_API_KEY) when set; otherwise
# the local llama-cpp-python server of scripts/llm-server.sh (set up and started here, stopped at
# the end). The local model is Qwen2.5-Coder-0.5B-Instruct (scripts/llm-models.tsv), so the demo uses
# the fill-in-the-form prompt of scripts/demo-prompt.json: with spb-generate's default prompt the 0.5B
# copies the reference personas it is shown or writes a bare job title as the background, and keeps far
# more attempts with the form (Benchmarks/RESULTS.md, "Demo prompt"). Replies are asked for as a
# JSON object with the persona schema (json-object-schema: llama-cpp-python answers json_schema requests
# with HTTP 500) and capped at 320 tokens; one request at a time, since the local server answers one
# at a time anyway. 12 personas keep the demo short even after a cold release build (its time: Benchmarks/RESULTS.md).
# Tunables: DEMO_COUNT (12), DEMO_CONCURRENCY (1), DEMO_TEMPERATURE (0.7), DEMO_OUT (runs/demo),
# DEMO_PROMPT (scripts/demo-prompt.json; empty for spb-generate's default prompt with references).
# Running it again continues runs/demo (--resume) instead of starting over.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'demo: %s\n' "$*" >&2; }
COUNT=${DEMO_COUNT:-12}
CONCURRENCY=${DEMO_CONCURRENCY:-1}
TEMPERATURE=${DEMO_TEMPERATURE:-0.7}
OUT=${DEMO_OUT:-runs/demo}
PROMPT=${DEMO_PROMPT-scripts/demo-prompt.json}
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
  MODEL=qwen2.5-coder-0.5b
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
PROMPT_ARGS=()
[ -z "$PROMPT" ] || PROMPT_ARGS=(--prompt-template "$PROMPT" --structured-output json-object-schema --max-tokens 320)
started=$SECONDS
"$BIN/spb-generate" --out "$OUT" --target "$COUNT" --concurrency "$CONCURRENCY" --temperature "$TEMPERATURE" \
  --base-url "$BASE_URL" --model "$MODEL" --gate semantic "${PROMPT_ARGS[@]}" "${RESUME[@]}"
generated=$SECONDS

say "auditing $OUT"
"$BIN/spb-analyze" audit "$OUT" --out "$OUT/audit"
audited=$SECONDS

echo
echo "The first personas of the run (names are drawn by the generator; the gate reads each text with its own name masked)"
python3 - "$OUT" <<'PY'
import json, pathlib, sys
run = pathlib.Path(sys.argv[1])
for line in (run / "personas.jsonl").read_text(encoding="utf-8").splitlines()[:5]:
    p = json.loads(line)
    print(f"  {p['name']}, {p['age']} ({', '.join(p['traits'])})")
    print(f"      {p['background']}")
    print(f"      chats: {p['chatting_style']}")
events = [json.loads(line) for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
accepted = sum(1 for e in events if e.get("decision") == "accepted")
if accepted:
    print(f"  {len(events)} attempts for {accepted} accepted personas: {len(events) / accepted:.2f} attempts per persona")
PY

echo
echo "The gate at work: every candidate is scored against every accepted and seed persona, names masked (the field"
echo "score by default: a duplicate probability from the whole-text, background and style cosines, rejected from 0.34)"
python3 - "$OUT" <<'PY'
import json, pathlib, sys
run = pathlib.Path(sys.argv[1])
names = {}
for line in (run / "personas.jsonl").read_text(encoding="utf-8").splitlines():
    persona = json.loads(line)
    names[persona.get("id")] = persona.get("name")
def who(identifier):
    return f"{identifier} ({names.get(identifier) or 'a seed persona'})"
rejected = [json.loads(line) for line in (run / "rejected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
near = [r for r in rejected if r.get("reason") == "near-duplicate"]
print(f"  rejected as near-duplicates: {len(near)} (of {len(rejected)} rejections in all: {run / 'rejected.jsonl'})")
for r in near[:5]:
    candidate = r.get("candidate") or {}
    probability = (r.get("nearest_components") or {}).get("probability")
    score = f", duplicate probability {probability:.2f}" if probability is not None else ""
    print(f"    {candidate.get('name', '?')!s:<22} nearest {who(r.get('nearest_id'))}, cosine {r.get('nearest_score', 0):.3f}{score}")
    print(f"        {str(candidate.get('background', ''))[:110]}")
events = [json.loads(line) for line in (run / "events.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
closest = sorted((e for e in events if e.get("decision") == "accepted" and e.get("nearest_id")),
                 key=lambda e: e.get("nearest_score", 0), reverse=True)[:3]
print("  the closest calls that passed (accepted, with the persona each was nearest to):")
for e in closest:
    probability = (e.get("nearest_components") or {}).get("probability")
    score = f", duplicate probability {probability:.2f} (rejected from 0.34)" if probability is not None else ""
    print(f"    {who(e.get('id'))} nearest {who(e.get('nearest_id'))}, cosine {e.get('nearest_score', 0):.3f}{score}")
PY

echo
echo "personas:   $OUT/personas.jsonl ($(wc -l <"$OUT/personas.jsonl") lines)"
echo "rejected:   $OUT/rejected.jsonl"
echo "events:     $OUT/events.jsonl"
echo "embeddings: $OUT/embeddings.f32"
echo "manifest:   $OUT/manifest.json"
echo "audit:      $OUT/audit/report.html (also report.json, summary.md, notebooks-data/)"
echo "time:       generation $((generated - started)) s, audit $((audited - generated)) s"
exit 0
