#!/usr/bin/env python3
"""Reference values for selection steering (Sources/Generation/Steering/FinalSelection.swift), from numpy
on seeded inputs written here: each row's removal score x' log(rho) x with rho = X'X / m, the Vendi score
(q = 1), the rows the first-order rule withdraws (highest score first, one at a time, rescored after
each), and the Vendi score exact backward elimination reaches (each step removes the row whose removal
raises the Vendi score most), which the first-order rule should come close to.
Re-run: python3 scripts/reference/make_selection_fixtures.py
Writes Tests/GenerationTests/Fixtures/selection_reference.json."""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/GenerationTests/Fixtures/selection_reference.json"
rng = np.random.default_rng(20261128)


def unit_rows(m):
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def vendi(x):
    w = np.linalg.eigvalsh(x.T @ x / x.shape[0])
    w = w[w > 0]
    p = w / w.sum()
    return float(np.exp(-(p * np.log(p)).sum()))


def removal_scores(x):
    w, v = np.linalg.eigh(x.T @ x / x.shape[0])
    logs = np.log(np.maximum(w, 1e-12))
    projections = x @ v
    return (projections ** 2) @ logs


def first_order(x, target):
    kept, withdrawn = list(range(len(x))), []
    while len(kept) > target:
        scores = removal_scores(x[kept])
        position = int(np.argmax(scores))
        withdrawn.append(kept.pop(position))
    return withdrawn, kept


def exact(x, target):
    kept = list(range(len(x)))
    while len(kept) > target:
        best = max(range(len(kept)), key=lambda k: vendi(x[kept[:k] + kept[k + 1:]]))
        kept.pop(best)
    return kept


cases = []
# A crowded cluster of 18 around one direction and 12 rows spread over 16 dimensions: selection should
# withdraw from the cluster.
centre = unit_rows(rng.normal(size=(1, 16)))
crowded = unit_rows(centre + 0.25 * rng.normal(size=(18, 16)))
spread = unit_rows(rng.normal(size=(12, 16)))
x = np.vstack([crowded, spread]).astype(np.float32)
# Three clusters of different sizes in 12 dimensions.
centres = unit_rows(rng.normal(size=(3, 12)))
labels = np.repeat(np.arange(3), [14, 8, 4])
y = unit_rows(centres[labels] + 0.4 * rng.normal(size=(26, 12))).astype(np.float32)
# Fewer rows than dimensions (the Swift side then decomposes the Gram matrix instead of the moment):
# 14 rows in 48 dimensions, 8 of them near one direction.
wide_centre = unit_rows(rng.normal(size=(1, 48)))
z = unit_rows(np.vstack([wide_centre + 0.3 * rng.normal(size=(8, 48)), rng.normal(size=(6, 48))])).astype(np.float32)
for name, rows, target in [("crowded-cluster-16d", x, 20), ("three-clusters-12d", y, 18), ("wide-14-rows-48d", z, 9)]:
    rows64 = rows.astype(np.float64)
    withdrawn, kept = first_order(rows64, target)
    cases.append({
        "name": name, "rows": int(rows.shape[0]), "columns": int(rows.shape[1]), "target": target,
        "data": [float(v) for v in rows.ravel()],
        "scores": [float(v) for v in removal_scores(rows64)],
        "vendi": vendi(rows64),
        "withdrawn": withdrawn,
        "vendiKept": vendi(rows64[kept]),
        "vendiExact": vendi(rows64[exact(rows64, target)]),
    })

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"cases": cases}, indent=1))
print(json.dumps([{k: c[k] for k in ("name", "vendi", "vendiKept", "vendiExact", "withdrawn")} for c in cases], indent=1))
