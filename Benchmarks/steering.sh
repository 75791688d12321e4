#!/usr/bin/env bash
# Steering benchmark (issues 11, 21): the same local-model run with steering off and on, then each run's audit.
#
#   bash Benchmarks/steering.sh                      # 150 accepted per arm, seed 42
#   STEER_COUNT=15 STEER_SEED=7 bash Benchmarks/steering.sh   # a quick check
#
# Both arms use the local llama-cpp-python server of scripts/llm-server.sh (started here on a free port
# and stopped at the end, via scripts/with-llm-server.sh; PERSONABANK_LLM_URL reuses a running one) with
# STEER_MODEL (default qwen2.5-coder-0.5b; smollm2 for the issue-11 figures), the demo's prompt
# (scripts/demo-prompt.json, which places {avoid}) as a JSON object with the persona schema, the bundled components, one
# request at a time, and the same seed and target. Per arm it reports, from `spb-analyze audit`'s
# report.json and the run's events.jsonl: Vendi q1 (MiniLM), distinct-2 of backgrounds, the share of the
# most frequent phrase template (openings, n-grams and one-gap templates of backgrounds), mean
# nearest-neighbour similarity, JS divergence of the sampled professions against their weights,
# attempts per accepted persona and wall time; then the steered/unsteered ratios against the issue's goal.
# Tunables: STEER_MODEL (qwen2.5-coder-0.5b), STEER_COUNT (150), STEER_SEED (42), STEER_PARTS (all), STEER_TEMPERATURE (0.7),
# STEER_OUT (runs/steering-bench), STEER_EXTRA (more spb-generate options for the steered arm),
# STEER_SCRATCH (a SwiftPM --scratch-path for the release build; default .build), STEER_ARMS ("off on";
# one arm alone runs just that arm, e.g. the unsteered one while the steered code is still changing; the
# table is printed once both arms of the seed are on disk).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${STEER_COUNT:-150}
SEED=${STEER_SEED:-42}
PARTS=${STEER_PARTS:-all}
TEMPERATURE=${STEER_TEMPERATURE:-0.7}
MODEL=${STEER_MODEL:-qwen2.5-coder-0.5b}
OUT=${STEER_OUT:-runs/steering-bench}/seed-$SEED-n$COUNT
say() { printf 'steering-bench: %s\n' "$*" >&2; }

if [ -z "${PERSONABANK_LLM_URL:-}" ]; then
  LLM_MODEL=$MODEL exec bash scripts/with-llm-server.sh bash "$0" "$@"
fi

say "building release binaries"
BUILD=(swift build -c release ${STEER_SCRATCH:+--scratch-path "$STEER_SCRATCH"})
"${BUILD[@]}" --product spb-generate >&2
"${BUILD[@]}" --product spb-analyze >&2
BIN=$("${BUILD[@]}" --show-bin-path)
mkdir -p "$OUT"

for arm in ${STEER_ARMS:-off on}; do
  steer=(--steer none)
  # shellcheck disable=SC2206
  [ "$arm" = on ] && steer=(--steer "$PARTS" ${STEER_EXTRA:-})
  say "arm $arm: generating $COUNT personas (seed $SEED) into $OUT/$arm"
  started=$(date +%s.%N)
  "$BIN/spb-generate" --out "$OUT/$arm" --force --target "$COUNT" --seed "$SEED" --concurrency 1 --temperature "$TEMPERATURE" \
    --base-url "$PERSONABANK_LLM_URL" --model "$MODEL" --prompt-template scripts/demo-prompt.json --max-tokens 320 \
    --structured-output json-object-schema \
    --max-attempts $((COUNT * 20)) "${steer[@]}" >"$OUT/$arm.log"
  ended=$(date +%s.%N)
  echo "$started $ended" >"$OUT/$arm.time"
  say "arm $arm: auditing"
  "$BIN/spb-analyze" audit "$OUT/$arm" --out "$OUT/$arm-audit" >/dev/null
done

if [ ! -f "$OUT/off-audit/report.json" ] || [ ! -f "$OUT/on-audit/report.json" ]; then
  say "only one arm of seed $SEED is on disk under $OUT; run the other (STEER_ARMS) for the table"
  exit 0
fi
python3 - "$OUT" "$COUNT" "$SEED" "$PARTS" "$MODEL" <<'PY'
import json, pathlib, sys
out, count, seed, parts, model = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

def measures(arm):
    report = json.loads((out / f"{arm}-audit" / "report.json").read_text())
    tropes = report["tropes"]
    top = max([p["share"] for key in ("openings", "ngrams", "patterns") for p in tropes[key]] or [0])
    fit = {c["name"]: c for c in (report.get("fit") or {}).get("components", [])}
    events = [json.loads(line) for line in (out / arm / "events.jsonl").read_text().splitlines() if line.strip()]
    # A not-selected line is a second line for an accepted attempt that selection withdrew at the end.
    attempts = sum(1 for e in events if e.get("decision") not in ("cancelled", "surplus", "not-selected"))
    accepted = sum(1 for line in (out / arm / "personas.jsonl").read_text().splitlines() if line.strip())
    reasons = {}
    for e in events:
        if e.get("decision") not in ("accepted", "cancelled", "surplus"):  # not-selected included
            reasons[e["decision"]] = reasons.get(e["decision"], 0) + 1
    started, ended = map(float, (out / f"{arm}.time").read_text().split())
    return {
        "vendi_q1": report["diversity"]["vendi"]["order1"],
        "distinct2_background": report["diversity"]["distinct"]["background"][1],
        "top_template_share": top,
        "mean_nn_similarity": report["diversity"]["meanNearestNeighbourSimilarity"],
        "js_professions": (fit.get("professions") or {}).get("jensenShannon"),
        "attempts_per_accepted": attempts / max(accepted, 1),
        "wall_seconds": ended - started,
        "accepted": accepted,
        "rejected_by_reason": reasons,
    }

off, on = measures("off"), measures("on")
rows = [("Vendi q1 (MiniLM)", "vendi_q1", 2), ("distinct-2 of backgrounds", "distinct2_background", 3),
        ("top phrase-template share", "top_template_share", 3), ("mean nearest-neighbour similarity", "mean_nn_similarity", 3),
        ("JS divergence, professions (bits)", "js_professions", 3), ("attempts per accepted persona", "attempts_per_accepted", 2),
        ("wall time (s)", "wall_seconds", 0)]
def fmt(value, places):
    return "—" if value is None else f"{value:.{places}f}"
print(f"\nSteering benchmark: {model}, demo prompt, seed {seed}, {count} accepted per arm, --steer {parts}\n")
print("| measure | steering off | steering on | on / off |")
print("|---|---:|---:|---:|")
for name, key, places in rows:
    a, b = off[key], on[key]
    ratio = "—" if a in (None, 0) or b is None else f"{b / a:.2f}"
    print(f"| {name} | {fmt(a, places)} | {fmt(b, places)} | {ratio} |")
print(f"\nrejections off: {off['rejected_by_reason']}\nrejections on:  {on['rejected_by_reason']}")
goal = [("Vendi q1 >= 1.25x", on["vendi_q1"] >= 1.25 * off["vendi_q1"]),
        ("top template share <= 0.5x", on["top_template_share"] <= 0.5 * off["top_template_share"]),
        ("JS divergence no worse", (on["js_professions"] or 0) <= (off["js_professions"] or 0)),
        ("attempts per accepted <= 1.5x", on["attempts_per_accepted"] <= 1.5 * off["attempts_per_accepted"])]
print("\ngoal: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in goal))
(out / "summary.json").write_text(json.dumps({"seed": int(seed), "count": int(count), "parts": parts, "off": off, "on": on}, indent=2))
print(f"\nruns, audits and summary.json under {out}")
PY
