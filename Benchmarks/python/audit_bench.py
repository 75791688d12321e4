#!/usr/bin/env python3
"""Counterpart of `spb-bench audit [n]`: the audit's numeric core in numpy/scikit-learn on n
clustered unit vectors (d = 384, 40 directions plus noise, one in 200 a near-copy), the same
shape as the Swift benchmark's synthetic data (not the same random numbers).

Timed: one blocked pass over the lower triangle of X Xᵀ (nearest neighbour, nearest earlier
row, pairs >= 0.9), Vendi scores from the d x d second moment, k-means (k = 12, k-means++),
silhouette on a 2,000 sample and a 2-D PCA. Text statistics and report writing are not included.

Run from the repository root: python3 Benchmarks/python/audit_bench.py [n]
"""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score


def synthetic(n, d=384, seed=7):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, d)).astype(np.float32)
    x = centres[rng.integers(0, 40, size=n)] + 1.2 * rng.normal(size=(n, d)).astype(np.float32)
    for i in range(200, n, 200):
        x[i] = x[rng.integers(0, i)] + 0.01 * rng.normal(size=d)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def scan(x, tau=0.9, block=1024):
    n = x.shape[0]
    nearest = np.full(n, -np.inf, dtype=np.float32)
    earlier = np.full(n, -np.inf, dtype=np.float32)
    pairs = 0
    for i0 in range(0, n, block):
        xi = x[i0:i0 + block]
        for j0 in range(0, i0 + 1, block):
            s = xi @ x[j0:j0 + block].T
            if j0 == i0:
                s = np.tril(s, -1) + np.triu(np.full_like(s, -np.inf))
            earlier[i0:i0 + block] = np.maximum(earlier[i0:i0 + block], s.max(axis=1))
            nearest[j0:j0 + block] = np.maximum(nearest[j0:j0 + block], s.max(axis=0))
            pairs += int((s >= tau).sum())
    return np.maximum(nearest, earlier), earlier, pairs


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    x = synthetic(n)
    t = time.perf_counter()
    nearest, earlier, pairs = scan(x)
    t_scan = time.perf_counter() - t
    t = time.perf_counter()
    moment = (x.T.astype(np.float64) @ x.astype(np.float64)) / n
    w = np.clip(np.linalg.eigvalsh(moment), 0, None)
    p = w[w > 0] / w.sum()
    vendi = (np.exp(-(p * np.log(p)).sum()), 1 / (p ** 2).sum(), 1 / p.max())
    cov = moment - np.outer(x.mean(0), x.mean(0))
    _, vectors = np.linalg.eigh(cov)
    _ = (x - x.mean(0)) @ vectors[:, -2:]
    t_div = time.perf_counter() - t
    t = time.perf_counter()
    labels = KMeans(12, n_init=1 if n > 20_000 else 3, random_state=42).fit_predict(x)
    sample = np.random.default_rng(1).choice(n, size=min(2000, n), replace=False)
    sil = silhouette_score(x[sample], labels[sample])
    t_km = time.perf_counter() - t
    print(f"python audit core: n={n} scan {t_scan:.2f} s ({pairs} pairs >= 0.9, mean NN {nearest.mean():.3f}), "
          f"Vendi+PCA {t_div:.2f} s (q1 {vendi[0]:.1f}), k-means+silhouette {t_km:.2f} s (silhouette {sil:.3f}), "
          f"total {t_scan + t_div + t_km:.2f} s")


if __name__ == "__main__":
    main()
