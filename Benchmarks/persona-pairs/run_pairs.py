#!/usr/bin/env python3
"""Candidate persona pairs from real `spb-generate` runs, for labelling by reading.

    python3 Benchmarks/persona-pairs/run_pairs.py RUN_DIR [RUN_DIR ...] --out draft.jsonl [--closest 3]

For each run it writes, as records of the persona-pair format with `"label": null`:
- `rejected`: every candidate the gate rejected as a near-duplicate, with the persona it was nearest to
  (an accepted persona of the run or a bundled seed persona);
- `closest`: each accepted persona with its nearest accepted persona (MiniLM cosine of the run's own
  `embeddings.f32`, which holds the gate's name-masked texts), the `--closest` closest pairs per run;
- `seed`: every accepted persona against every bundled seed persona
  (`Sources/PersonaKit/DefaultComponents/personas.jsonl`).
A person then reads each pair and sets `label` (1: the same character written again, 0: different
people; see README.md), `kind` and `note`; `runs-qwen2.5-coder-0.5b.jsonl` was made this way.
"""
import argparse
import json
import pathlib
import struct

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIELDS = ("name", "username", "age", "traits", "background", "chatting_style")


def persona(record):
    return {key: record.get(key) for key in FIELDS}


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def embeddings(run):
    data = (run / "embeddings.f32").read_bytes()
    magic, _version, dimension, _ = struct.unpack("<4sIII", data[:16])
    assert magic == b"SPBE", f"{run}/embeddings.f32: bad header"
    return np.frombuffer(data[16:], dtype="<f4").reshape(-1, dimension)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="+", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--closest", type=int, default=3)
    args = parser.parse_args()
    seeds = lines(ROOT / "Sources/PersonaKit/DefaultComponents/personas.jsonl")
    seed_by_id = {f"seed-{index + 1}": seed for index, seed in enumerate(seeds)}
    pairs = []
    for run in args.runs:
        accepted = lines(run / "personas.jsonl")
        by_id = {p["id"]: p for p in accepted}
        for rejected in lines(run / "rejected.jsonl"):
            if rejected.get("reason") != "near-duplicate" or not rejected.get("candidate"):
                continue
            nearest = by_id.get(rejected.get("nearest_id")) or seed_by_id.get(rejected.get("nearest_id"))
            if nearest:
                pairs.append(("rejected", run, rejected["candidate"], nearest, rejected.get("nearest_score")))
        vectors = embeddings(run)[: len(accepted)]
        if len(accepted) > 1:
            similarity = vectors @ vectors.T
            np.fill_diagonal(similarity, -1)
            best = [(similarity[i].max(), i, int(similarity[i].argmax())) for i in range(len(accepted))]
            seen = set()
            for score, i, j in sorted(best, reverse=True):
                if (min(i, j), max(i, j)) in seen:
                    continue
                seen.add((min(i, j), max(i, j)))
                pairs.append(("closest", run, accepted[i], accepted[j], float(score)))
                if len(seen) == args.closest:
                    break
        for candidate in accepted:
            for seed in seeds:
                pairs.append(("seed", run, candidate, seed, None))
    with args.out.open("w", encoding="utf-8") as out:
        for index, (source, run, a, b, score) in enumerate(pairs):
            record = {"id": f"run-{index + 1:03d}", "label": None, "kind": None, "source": source, "run": run.name,
                      "score": score, "a": persona(a), "b": persona(b), "note": ""}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
