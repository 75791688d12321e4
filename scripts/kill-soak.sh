#!/usr/bin/env bash
# Kill soak: SIGKILL the real spb-generate at seeded random moments many times, resume it each
# time with --resume, and check the run directory at the end (exact target, no duplicate ids,
# valid JSON lines, embeddings aligned with the records, events consistent, no lock left).
# It drives the HardeningTests kill test with bigger settings and prints a verdict.
#
# Usage: scripts/kill-soak.sh [--kills N] [--target N] [--seed N]
#   defaults: --kills 100 --target 300 --seed 1; exit 0 on PASS, 1 on FAIL, 64 on a usage error.
set -euo pipefail

kills=100 target=300 seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) kills="${2:?--kills needs a number}"; shift 2 ;;
    --target) target="${2:?--target needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; echo "hint: scripts/kill-soak.sh --help" >&2; exit 64 ;;
  esac
done
for value in "$kills" "$target" "$seed"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "error: expected a non-negative integer, got $value" >&2; exit 64; }
done

cd "$(dirname "$0")/.."
echo "kill-soak: building (debug) ..." >&2
swift build --build-tests >&2
log="$(mktemp -t kill-soak.XXXXXX)"
trap 'rm -f "$log"' EXIT
started=$(date +%s)
set +e
SPB_SOAK_KILLS="$kills" SPB_SOAK_TARGET="$target" SPB_SOAK_SEED="$seed" \
  swift test --skip-build --no-parallel --filter 'HardeningTests.KillResumeTests/killAndResume' >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - started ))
grep -E '^kill test' "$log" || true
if [[ $status -eq 0 ]] && grep -q 'kill test verdict' "$log" && ! grep -qE 'recorded an issue|skipped' "$log"; then
  echo "VERDICT: PASS ($kills SIGKILLs, target $target, seed $seed, ${elapsed}s)"
  exit 0
fi
grep -E 'recorded an issue|skipped|error' "$log" | head -40 || true
echo "VERDICT: FAIL ($kills SIGKILLs, target $target, seed $seed, ${elapsed}s; test exit $status)"
exit 1
