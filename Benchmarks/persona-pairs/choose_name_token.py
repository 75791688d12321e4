#!/usr/bin/env python3
"""Chooses the word NameMask puts in place of a persona's own name, on the dev splits only.

    PY=$(bash Benchmarks/python/venv.sh)
    $PY Benchmarks/persona-pairs/choose_name_token.py [--model models/all-MiniLM-L6-v2]

For each candidate token, every persona of dev.jsonl and dev-names.jsonl is read name-blind with it
(name_mask.py), the whole persona text (the gate's template) is embedded with MiniLM, and the
single-cosine gate is scored: F1 at τ = 0.75 (the shipped τ), the best F1 over τ, and on the
name-in-text pairs alone. The test splits are never read. Prints a table; the winner goes into
NameMask.token (then re-run fit_fields.py).
"""
import argparse, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fit_fields import GRID, ROOT, load, prf, whole_text  # noqa: E402
from name_mask import name_blind  # noqa: E402

CANDIDATES = ["Someone", "They", "The person", "Person", "X", "[NAME]", "Alex"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "models/all-MiniLM-L6-v2"))
    ap.add_argument("--tau", type=float, default=0.75)
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(args.model, device="cpu")
    splits = {name: load(name)[0] for name in ("dev", "dev-names")}
    rows = splits["dev"] + splits["dev-names"]
    names_only = np.array([False] * len(splits["dev"]) + [True] * len(splits["dev-names"]))
    y = np.array([r["label"] for r in rows])

    def cosines(token):
        shown = [(r["a"], r["b"]) if token is None else (name_blind(r["a"], token), name_blind(r["b"], token)) for r in rows]
        emb = model.encode([whole_text(p) for pair in shown for p in pair], batch_size=64, normalize_embeddings=True)
        emb = emb.reshape(len(rows), 2, -1)
        return (emb[:, 0] * emb[:, 1]).sum(-1)

    print(f"{'token':12s}  {'F1@τ all':>8s}  {'F1@τ names':>10s}  {'F1@τ dev':>8s}  {'best F1 (τ)':>13s}")
    for token in [None] + CANDIDATES:
        cos = cosines(token)
        best = max((prf(y, cos >= t)[2], t) for t in GRID)
        print(f"{token or '(names kept)':12s}  {prf(y, cos >= args.tau)[2]:8.3f}  {prf(y[names_only], cos[names_only] >= args.tau)[2]:10.3f}  "
              f"{prf(y[~names_only], cos[~names_only] >= args.tau)[2]:8.3f}  {best[0]:7.3f} ({best[1]:.2f})")


if __name__ == "__main__":
    main()
