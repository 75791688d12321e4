#!/usr/bin/env python3
"""Reference values for the Analysis module's metrics (Vendi, pairwise distance, distinct-n,
entropy, Jensen-Shannon, silhouette, PCA, ARI), from numpy/scikit-learn on small seeded inputs
written here. Re-run: python3 scripts/reference/make_analysis_fixtures.py
Writes Tests/AnalysisTests/Fixtures/metrics_reference.json."""
import json
import pathlib
import re

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/AnalysisTests/Fixtures/metrics_reference.json"
rng = np.random.default_rng(20251125)


def unit_rows(m):
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def vendi(x):
    """Vendi scores from the n x n cosine kernel K/n (the independent route)."""
    k = x @ x.T / x.shape[0]
    w = np.linalg.eigvalsh(k)
    w = w[w > 0]
    p = w / w.sum()
    return {"order1": float(np.exp(-(p * np.log(p)).sum())), "order2": float(1 / (p ** 2).sum()),
            "orderInfinity": float(1 / p.max())}


def mean_pairwise_distance(x):
    s = x @ x.T
    n = x.shape[0]
    return float(1 - (s.sum() - np.trace(s)) / (n * (n - 1)))


def words(text):
    return re.findall(r"[^\W_]+", text.lower())


def distinct(n, texts):
    grams = [tuple(t[i:i + n]) for t in map(words, texts) for i in range(len(t) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def entropy_bits(counts):
    c = np.asarray(counts, float)
    p = c[c > 0] / c.sum()
    return float(-(p * np.log2(p)).sum())


def js_bits(p, q):
    p = np.asarray(p, float) / np.sum(p)
    q = np.asarray(q, float) / np.sum(q)
    m = (p + q) / 2
    def kl(a, b):
        mask = a > 0
        return (a[mask] * np.log2(a[mask] / b[mask])).sum()
    return float(0.5 * kl(p, m) + 0.5 * kl(q, m))


def matrix_case(name, x, labels):
    pca = PCA(n_components=2, svd_solver="full").fit(x)
    comps = pca.components_.copy()
    for r in range(comps.shape[0]):
        if comps[r, np.argmax(np.abs(comps[r]))] < 0:
            comps[r] = -comps[r]
    proj = (x - x.mean(axis=0)) @ comps.T
    return {
        "name": name, "rows": int(x.shape[0]), "columns": int(x.shape[1]),
        "data": [float(v) for v in x.astype(np.float32).ravel()],
        "labels": [int(v) for v in labels],
        "vendi": vendi(x.astype(np.float64)),
        "meanPairwiseCosineDistance": mean_pairwise_distance(x.astype(np.float64)),
        "silhouette": float(silhouette_score(x, labels, metric="euclidean")),
        "pcaExplainedVarianceRatio": [float(v) for v in pca.explained_variance_ratio_],
        "pcaProjection": [float(v) for v in proj.ravel()],
    }


cases = []
# Three clusters in 8-d plus noise, and plain random directions in 16-d.
centres = unit_rows(rng.normal(size=(3, 8)))
labels = np.repeat(np.arange(3), [12, 9, 9])
x = unit_rows(centres[labels] + 0.35 * rng.normal(size=(30, 8))).astype(np.float32)
cases.append(matrix_case("three-clusters-8d", x, labels))
x2 = unit_rows(rng.normal(size=(25, 16))).astype(np.float32)
labels2 = rng.integers(0, 4, size=25)
cases.append(matrix_case("random-16d", x2, labels2))
# More rows than dimensions and fewer: both sides of the kernel trick.
x3 = unit_rows(rng.normal(size=(5, 12)) + 1.0).astype(np.float32)
cases.append(matrix_case("few-rows-12d", x3, np.array([0, 0, 1, 1, 1])))

texts = [
    "A former lighthouse keeper who now repairs clocks in a small harbour town.",
    "A former lighthouse keeper who now paints ships for tourists.",
    "After losing her bakery to a flood, she teaches bread classes online!",
    "Night-shift nurse; collects vinyl records & rescues old cats.",
    "Café owner (Lisbon) who writes poems about espresso, 3 times a day.",
    "after losing his job, he started streaming chess -- badly.",
]
text_case = {"texts": texts, "distinct": {str(n): distinct(n, texts) for n in (1, 2, 3)},
             "words": [words(t) for t in texts]}

histograms = []
for counts, other in [([5, 3, 0, 2], [1, 1, 1, 1]), ([10, 0, 0], [0, 5, 5]), ([7, 2, 1, 9, 3], [6, 3, 2, 8, 4])]:
    histograms.append({"p": counts, "q": other, "entropyP": entropy_bits(counts), "js": js_bits(counts, other)})

ari_cases = []
for a, b in [([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2]), ([0, 0, 0, 1, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2, 2, 2]),
             ([0, 1, 2, 0, 1, 2, 0, 1, 2], [0, 0, 0, 1, 1, 1, 2, 2, 2])]:
    ari_cases.append({"a": a, "b": b, "ari": float(adjusted_rand_score(a, b))})

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"matrices": cases, "text": text_case, "histograms": histograms, "ari": ari_cases}, indent=1))
print(f"wrote {OUT}")
