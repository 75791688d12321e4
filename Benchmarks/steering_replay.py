#!/usr/bin/env python3
"""Replays an unsteered run's candidate stream through crowding rules: what acceptance alone can buy.

    python3 Benchmarks/steering_replay.py RUN_DIR [--at 100] [--tau 0.75] [--k 8] [--bin .build/release]

RUN_DIR is an unsteered `spb-generate` run (e.g. the `off` arm of Benchmarks/steering.sh). Its attempts,
in order, are the stream a model produces when it ignores every prompt feedback: each attempt is the
candidate it made (accepted ones from personas.jsonl, rejected ones from rejected.jsonl) or nothing
(invalid JSON and the like). Every candidate is embedded once with `spb-analyze embed` (MiniLM, the
gate's persona text) and the stream is re-decided under each policy: the gate's near-duplicate rule
(max cosine to an accepted persona >= tau), then a crowding rule on the log-determinant gain
ln(1 - s'K^-1 s) against the k nearest accepted, while steering's rejection budget
(rejections < budget x (accepted + 1)) allows. Two kinds of crowding rule are compared: a fixed floor,
and the relative cut `--steer crowding` ships (the share-quantile of the last 40 gains measured, at
most the ceiling, nothing before 10 gains; CrowdingRule.swift). For each policy it prints the attempts
needed to accept `--at` personas, and the Vendi score (q = 1) and mean nearest-neighbour cosine of
those personas, against the policy without crowding; then the best subset a greedy search finds after
the fact within 1.5x the attempts, which no rule deciding one candidate at a time can beat by much.
The seed personas the real gate also holds are left out, so absolute numbers differ slightly from the
run's own.
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile

import numpy as np


def read_lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def stream_of(run):
    """The run's attempts in order: a persona dict, or None for an attempt that produced no candidate."""
    personas = {p["id"]: p for p in read_lines(run / "personas.jsonl")}
    rejected = {r["attempt"]: r.get("candidate") for r in read_lines(run / "rejected.jsonl")}
    stream = []
    for event in sorted(read_lines(run / "events.jsonl"), key=lambda e: e["attempt"]):
        if event.get("decision") in ("cancelled", "surplus"):
            continue
        if event.get("decision") == "accepted":
            stream.append(personas.get(event.get("id")))
        else:
            stream.append(rejected.get(event["attempt"]))
    return stream


def embed(personas, binary):
    """Unit MiniLM embeddings of the personas, one row each, through `spb-analyze embed`."""
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        source = scratch / "candidates.jsonl"
        fields = ("name", "username", "age", "traits", "background", "chatting_style")
        source.write_text("".join(json.dumps({k: p.get(k) for k in fields}) + "\n" for p in personas))
        subprocess.run([str(binary / "spb-analyze"), "embed", str(source), "--out", str(scratch / "out")], check=True,
                       stdout=subprocess.DEVNULL)
        matrix = np.load(next((scratch / "out").glob("*.npy"))).astype(np.float64)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def crowding_gain(candidate, held, k):
    if len(held) == 0:
        return 0.0
    scores = held @ candidate
    nearest = np.argsort(-scores, kind="stable")[:k]
    s = scores[nearest]
    gram = held[nearest] @ held[nearest].T + 1e-6 * np.eye(len(nearest))
    explained = float(s @ np.linalg.solve(gram, s))
    return math.log(max(1.0 - explained, 1e-12))


def vendi(rows):
    eigen = np.clip(np.linalg.eigvalsh(rows @ rows.T / len(rows)), 0, None)
    eigen = eigen[eigen > 1e-12]
    return float(math.exp(-(eigen * np.log(eigen)).sum()))


def mean_nn(rows):
    sims = rows @ rows.T
    np.fill_diagonal(sims, -np.inf)
    return float(sims.max(axis=1).mean())


WINDOW, MINIMUM_MEASURED = 40, 10


def relative_cut(gains, share, ceiling):
    """CrowdingRule.cut: the gain at sorted position floor(share x (n - 1)) of the last 40, at most ceiling."""
    recent = sorted(gains[-WINDOW:])
    if len(recent) < MINIMUM_MEASURED:
        return None
    return min(recent[int(share * (len(recent) - 1))], ceiling)


def replay(stream, vectors, at, tau, k, rule, budget):
    """Attempts to accept `at` personas and the accepted rows; attempts None when the stream ran out.
    `rule` is None (no crowding), ("floor", gain) or ("share", share, ceiling)."""
    held, rejections, gains = [], 0, []
    for attempt, row in enumerate(vectors, start=1):
        if row is None:
            continue
        matrix = np.array(held) if held else np.zeros((0, len(row)))
        if held and float((matrix @ row).max()) >= tau:
            continue
        if rule is not None:
            gain = crowding_gain(row, matrix, k)
            cut = rule[1] if rule[0] == "floor" else relative_cut(gains, rule[1], rule[2])
            gains.append(gain)
            if cut is not None and gain < cut and rejections < budget * (len(held) + 1):
                rejections += 1
                continue
        held.append(row)
        if len(held) == at:
            return attempt, np.array(held), rejections
    return None, np.array(held), rejections


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=pathlib.Path)
    parser.add_argument("--at", type=int, default=100, help="accepted personas compared (default 100)")
    parser.add_argument("--tau", type=float, default=0.75)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--bin", type=pathlib.Path, default=pathlib.Path(".build/release"))
    parser.add_argument("--floors", default="-1.4,-1.2,-1.0,-0.8")
    parser.add_argument("--shares", default="0.2,0.33,0.5")
    parser.add_argument("--ceiling", type=float, default=-0.69)
    parser.add_argument("--budgets", default="0.25,0.5,1000")
    args = parser.parse_args()

    stream = stream_of(args.run)
    candidates = [p for p in stream if p is not None]
    embedded = iter(embed(candidates, args.bin))
    vectors = [None if p is None else next(embedded) for p in stream]
    print(f"{args.run}: {len(stream)} attempts, {len(candidates)} candidates; tau {args.tau}, k {args.k}, compared at {args.at} accepted\n")

    base_attempts, base_rows, _ = replay(stream, vectors, args.at, args.tau, args.k, None, 0)
    if base_attempts is None:
        sys.exit(f"the stream accepts only {len(base_rows)} personas without crowding; lower --at")
    base_vendi = vendi(base_rows)
    print(f"no crowding: {base_attempts} attempts, Vendi q1 {base_vendi:.2f}, mean NN cosine {mean_nn(base_rows):.3f}\n")
    print("| crowding rule | budget | attempts | attempts ratio | crowded | Vendi q1 | Vendi ratio | mean NN cosine |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rules = [("floor", f) for f in map(float, args.floors.split(","))] + [("share", q, args.ceiling) for q in map(float, args.shares.split(","))]
    results = []
    for rule in rules:
        name = f"gain < {rule[1]:.2f}" if rule[0] == "floor" else f"lowest {rule[1]:.2f} of the last {WINDOW}, < {rule[2]:.2f}"
        for budget in map(float, args.budgets.split(",")):
            attempts, rows, rejections = replay(stream, vectors, args.at, args.tau, args.k, rule, budget)
            shown_budget = "none" if budget >= 1000 else f"{budget:g}"
            if attempts is None:
                print(f"| {name} | {shown_budget} | stream ran out at {len(rows)} accepted | | {rejections} | | | |")
                continue
            v = vendi(rows)
            results.append({"rule": name, "budget": shown_budget, "attempts": attempts, "vendi": v})
            print(f"| {name} | {shown_budget} | {attempts} | {attempts / base_attempts:.2f} | {rejections} | {v:.2f} | "
                  f"{v / base_vendi:.2f} | {mean_nn(rows):.3f} |")
    affordable = [r for r in results if r["attempts"] <= 1.5 * base_attempts]
    if affordable:
        best = max(affordable, key=lambda r: r["vendi"])
        print(f"\nbest Vendi within 1.5x the attempts: {best['vendi'] / base_vendi:.2f}x ({best['rule']}, budget {best['budget']})")
    window = int(1.5 * base_attempts)
    pool = np.array([row for row in vectors[:window] if row is not None])
    chosen = greedy_subset(pool, args.at, args.tau)
    print(f"after the fact: the {len(chosen)} of the {len(pool)} candidates of the first {window} attempts (1.5x) that a greedy "
          f"search picks for Vendi (no pair at cosine >= tau): Vendi q1 {vendi(pool[chosen]):.2f}, "
          f"{vendi(pool[chosen]) / base_vendi:.2f}x; no acceptance rule at that cost does much better on this stream")


def greedy_subset(pool, size, tau):
    """Indices of `size` rows of `pool` chosen one at a time, each the one that raises Vendi q1 most,
    skipping rows at cosine >= tau to a chosen one."""
    chosen = []
    for _ in range(size):
        best, best_score = None, -1.0
        for index in range(len(pool)):
            if index in chosen or (chosen and float((pool[chosen] @ pool[index]).max()) >= tau):
                continue
            score = vendi(pool[chosen + [index]])
            if score > best_score:
                best, best_score = index, score
        if best is None:
            break
        chosen.append(best)
    return chosen


if __name__ == "__main__":
    main()
