#!/usr/bin/env python3
"""Chooses the LLM judge's default band [LOW, HIGH) for each first-stage score, on the dev split only.

Usage (from the repository root, with the pinned benchmark venv):

    PY=$(bash Benchmarks/python/venv.sh)
    $PY Benchmarks/persona-pairs/judge_band.py [--model models/all-MiniLM-L6-v2] [--max-error 0.02]

Dev is dev.jsonl + dev-names.jsonl, personas read name-blind as the gate reads them (fit_fields.py).
The band is the narrowest one outside which the first stage alone makes at most --max-error errors on
dev: HIGH is the smallest grid value such that at least 98 % of the dev pairs scoring >= HIGH are
duplicates, LOW the largest such that at least 98 % of the pairs scoring < LOW are not. Scores are the
whole-text MiniLM cosine, and the field-aware probability out of fold (nested cross-validation, as p*
was chosen in fit_fields.py). Prints each band, the dev share of pairs inside it (what would go to the
judge) and, for information only, the same share on test.jsonl + test-names.jsonl (never used to choose anything).
The chosen values are copied by hand into Sources/Judging/JudgeBand.swift.
"""
import argparse, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit_fields as ff  # noqa: E402

GRID = np.round(np.arange(0.00, 1.001, 0.01), 2)


def band(y, scores, max_error):
    """(LOW, HIGH): the narrowest grid band outside which `scores` err on at most `max_error` of each side."""
    high = next((t for t in GRID if (scores >= t).any() and np.mean(y[scores >= t] == 1) >= 1 - max_error), 1.0)
    low = next((t for t in GRID[::-1] if (scores < t).any() and np.mean(y[scores < t] == 0) >= 1 - max_error), 0.0)
    return float(min(low, high)), float(high)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(ff.ROOT, "models/all-MiniLM-L6-v2"))
    ap.add_argument("--max-error", type=float, default=0.02)
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(args.model, device="cpu")
    dev = [r for name in ff.DEV_FILES for r in ff.load(name)[0]]
    test = [r for name in ff.TEST_FILES for r in ff.load(name)[0]]
    Xd, _ = ff.features(model, dev)
    Xt, _ = ff.features(model, test)
    yd = np.array([r["label"] for r in dev])
    yt = np.array([r["label"] for r in test])
    oof = ff.out_of_fold(Xd, yd)
    b, w = ff.MonotoneLogistic(ff.choose_c(Xd, yd, seed=0)).fit(Xd, yd).raw()
    scores = {"cosine": (Xd[:, 0], Xt[:, 0]), "fields": (oof, ff.probability(b, w, Xt))}
    print(f"band: at most {args.max_error:.0%} errors outside it on dev ({len(dev)} pairs); test ({len(test)}) for information")
    for name, (sd, st) in scores.items():
        low, high = band(yd, sd, args.max_error)
        inside_d = (sd >= low) & (sd < high)
        inside_t = (st >= low) & (st < high)
        above, below = sd >= high, sd < low
        print(f"{name:6s} [{low:.2f}, {high:.2f})  dev in band {inside_d.mean():6.1%} ({inside_d.sum()}), "
              f"above: {above.sum()} ({np.mean(yd[above] == 1) if above.any() else float('nan'):.3f} duplicates), "
              f"below: {below.sum()} ({np.mean(yd[below] == 0) if below.any() else float('nan'):.3f} non-duplicates); "
              f"test in band {inside_t.mean():6.1%}, errors outside on test {np.sum(((st >= high) & (yt == 0)) | ((st < low) & (yt == 1)))}")


if __name__ == "__main__":
    main()
