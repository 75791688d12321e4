#!/usr/bin/env python3
"""Writes an ungated synthetic run directory with planted near-duplicate groups, for `spb-analyze split`.

    python3 Benchmarks/python/make_planted_run.py OUT_DIR
    .build/release/spb-analyze split OUT_DIR --out /tmp/planted-split

2,500 groups (seed 5): a third are single items, the rest hold 2-5 noisy copies of one random
384-d unit vector (noise 0.25/sqrt(d) per coordinate, so copies sit at cosine ~0.94), each group with
one of ten professions. personas.jsonl, events.jsonl (the profession as a sampled component) and
embeddings.f32 (the stored-embeddings layout spb-generate writes) are aligned; no manifest, no text
worth reading: the split works from the stored embeddings. Standard library only.
"""
import json
import math
import pathlib
import random
import struct
import sys

DIMENSION, GROUPS = 384, 2500
PROFESSIONS = ["nurse", "baker", "pilot", "teacher", "farmer", "welder", "lawyer", "chef", "miner", "poet"]


def unit(vector):
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector]


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    random.seed(5)
    items = []
    for group in range(GROUPS):
        size = 1 if group % 3 == 0 else random.randint(2, 5)
        base = unit([random.gauss(0, 1) for _ in range(DIMENSION)])
        profession = random.choice(PROFESSIONS)
        for _ in range(size):
            items.append((group, profession, unit([b + 0.25 / math.sqrt(DIMENSION) * random.gauss(0, 1) for b in base])))
    random.shuffle(items)
    with open(out / "personas.jsonl", "w") as personas, open(out / "events.jsonl", "w") as events, \
            open(out / "embeddings.f32", "wb") as embeddings:
        embeddings.write(b"SPBE" + struct.pack("<III", 1, DIMENSION, 0))
        for index, (_, profession, vector) in enumerate(items):
            pid = f"s-{index}"
            personas.write(json.dumps({"name": f"Person {index}", "username": f"u{index}", "age": random.randint(18, 80),
                                       "traits": ["a", "b", "c"], "background": f"Synthetic persona {index}.",
                                       "chatting_style": "short", "model": "synthetic", "id": pid}, separators=(",", ":")) + "\n")
            # Every key spb-generate's events carry (RunFormat's AttemptEvent): the audit and split read them typed.
            components = {"profession": profession, "age": 30, "life_context": "synthetic", "traits": ["a", "b", "c"],
                          "chatting_quirk": "short", "name": f"Person {index}", "username": f"u{index}"}
            events.write(json.dumps({"attempt": index + 1, "decision": "accepted", "id": pid, "faults": [], "references": [],
                                     "components": components}) + "\n")
            embeddings.write(struct.pack(f"<{DIMENSION}f", *vector))
    print(f"{len(items)} items in {GROUPS} groups written to {out}")


if __name__ == "__main__":
    main()
