#!/usr/bin/env python3
"""faiss counterpart of `spb-bench index`: the same vectors, the same work, 2 threads.

Reads Benchmarks/data/index_{vectors,queries}.npy written by `swift run -c release spb-bench index`,
times faiss IndexFlatIP.search (top-k) and range_search (radius = the Swift self-join threshold,
all vectors as queries), median of --runs runs after one warm-up, checks that the answers agree
with Swift's, and prints the Swift/faiss speed ratios (faiss seconds / Swift seconds; > 1 means
Swift is faster) from Benchmarks/data/index_swift.json.

Usage: python3 Benchmarks/python/index_bench.py [--data-dir Benchmarks/data] [--runs 3] [--join-runs N] [--threads 2]
"""
import argparse
import json
import os
import statistics
import sys
import time

import faiss
import numpy as np


def median_time(runs, body, warm_up=1):
    for _ in range(warm_up):
        body()
    times = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--join-runs", type=int, default=None, help="range_search runs (default: --runs; 0 skips)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    join_runs = args.runs if args.join_runs is None else args.join_runs

    paths = {name: os.path.join(args.data_dir, name) for name in
             ("index_vectors.npy", "index_queries.npy", "index_swift.json", "index_swift_topk_ids.npy")}
    for name in ("index_vectors.npy", "index_queries.npy", "index_swift.json"):
        if not os.path.exists(paths[name]):
            print(f"error: {paths[name]} is missing: run `swift run -c release spb-bench index` first", file=sys.stderr)
            return 65
    vectors = np.load(paths["index_vectors.npy"])
    queries = np.load(paths["index_queries.npy"])
    with open(paths["index_swift.json"]) as handle:
        swift = json.load(handle)
    k, radius = swift["k"], float(np.float32(swift["threshold"]))

    faiss.omp_set_num_threads(args.threads)
    env = " ".join(f"{name}={os.environ.get(name, '(unset)')}" for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    print(f"faiss {faiss.__version__}: {vectors.shape[0]} × {vectors.shape[1]} vectors, {queries.shape[0]} queries, "
          f"k={k}, radius={radius:.6g}, {faiss.omp_get_max_threads()} threads, {env}")
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)

    result = {}
    search_s, search_runs = median_time(args.runs, lambda: result.__setitem__("search", index.search(queries, k)))
    print(f"faiss top-{k} search          {search_s:8.3f} s")
    _, ids = result["search"]
    if os.path.exists(paths["index_swift_topk_ids.npy"]):
        swift_ids = np.load(paths["index_swift_topk_ids.npy"])
        agree = np.mean([len(set(a) & set(b)) / k for a, b in zip(ids, swift_ids)])
        print(f"              top-{k} ids agree with Swift: {100 * agree:.2f}% (ties and last-bit rounding aside)")

    join_s = None
    if join_runs > 0:
        def range_search():
            result["range"] = index.range_search(vectors, radius)
        join_s, _ = median_time(join_runs, range_search, warm_up=0)
        lims = result["range"][0]
        # faiss keeps score > radius for both orders and each vector with itself.
        pairs = (int(lims[-1]) - vectors.shape[0]) // 2
        print(f"faiss range_search (r={radius:.6g}) {join_s:8.3f} s   ~{pairs} pairs i<j (Swift: {swift['join_pairs']})")

    print("\nSwift / faiss speed ratio (faiss seconds ÷ Swift seconds; ≥ 1 means Swift is faster):")
    print(f"  top-{k} search: {search_s / swift['search_seconds']:.2f}   "
          f"(Swift {swift['search_seconds']:.3f} s, {100 * swift['search_gflops'] / swift['peak_gflops']:.1f}% of the sgemm peak)")
    if join_s is not None and swift.get("join_seconds"):
        print(f"  self-join vs range_search: {join_s / swift['join_seconds']:.2f}   "
              f"(Swift {swift['join_seconds']:.3f} s, {100 * swift['join_gflops'] / swift['peak_gflops']:.1f}% of the sgemm peak)")
    with open(os.path.join(args.data_dir, "index_faiss.json"), "w") as handle:
        json.dump({"search_seconds": search_s, "search_runs": search_runs, "range_search_seconds": join_s,
                   "threads": args.threads, "environment": env}, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
