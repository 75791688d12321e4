#!/usr/bin/env python3
"""Replays an unsteered run's candidate stream through crowding rules: what acceptance alone can buy.

    python3 Benchmarks/steering_replay.py RUN_DIR [--at 100] [--tau 0.75] [--k 8] [--bin .build/release] [--scores]
        [--phrase-bans 0.08:2,0.03:4] [--selections 0:0.25,0.15:0.25] [--reselect ON_RUN --caps 4,5,6]

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
`--phrase-bans` adds phrase steering's ban (PhraseLedger: a template of background or chatting style
used by at least the share, and the minimum documents, of the accepted personas, after 40) on the same
budget, alone and beside the shipped crowding cut, and reports the top phrase-template share of the
accepted backgrounds (as Benchmarks/steering.sh measures it) against the unsteered one. In a replay the
model never sees the avoid list, so this is a ban that is never named.
`--selections` replays selection steering (FinalSelection.swift): crowding with the given budget, until
the given oversample of `--at` personas is held, then the first-order selection down to `--at` with the
phrase-template cap (3 % of `--at`, at least 2), as BUDGET:OVERSAMPLE,...
`--reselect ON_RUN --caps 4,5,6` reads a run that selection steering finished (its kept personas and the
not-selected ones in rejected.jsonl are the personas it held) and selects again with other template caps:
the held set does not depend on the cap, so this is what those runs would have kept. Measures are against
RUN_DIR's own accepted personas (the unsteered arm).
`--scores` also replays the relative cut on other measures of what a candidate adds, in place of the
log-determinant gain: its cosine to the accepted set's centroid, its mean cosine to the accepted personas,
its nearest cosine, and the exact change of the Vendi score (q = 1) it makes.
The seed personas the real gate also holds are left out, so absolute numbers differ slightly from the
run's own.
"""
import argparse
import re
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
    """The run's attempts in order: a persona dict, or None for an attempt that produced no candidate;
    and beside it the blueprint the attempt sampled (its event's `components`, or None)."""
    personas = {p["id"]: p for p in read_lines(run / "personas.jsonl")}
    rejected = {r["attempt"]: r.get("candidate") for r in read_lines(run / "rejected.jsonl")}
    stream, blueprints = [], []
    for event in sorted(read_lines(run / "events.jsonl"), key=lambda e: e["attempt"]):
        if event.get("decision") in ("cancelled", "surplus"):
            continue
        if event.get("decision") == "accepted":
            stream.append(personas.get(event.get("id")))
        else:
            stream.append(rejected.get(event["attempt"]))
        blueprints.append(event.get("components"))
    return stream, blueprints


STOP_WORDS = set("""
a about after again all also am an and any are as at be because been before being but by can could did do does doing
down during each few for from further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she
should so some such than that the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your yours s t don often uses
use using
""".split())  # ClassTFIDF.stopWords


def words(text):
    """Lexical.words: lower-cased runs of letters and digits."""
    return re.findall(r"[^\W_]+", (text or "").lower())


def openings_and_ngrams(tokens):
    """PhraseTemplates.documentOpenings and documentNgrams of one text, each tagged with its kind."""
    found = {("opening", " ".join(tokens[:n])) for n in range(2, 5) if len(tokens) >= n}
    for n in range(3, 7):
        for start in range(len(tokens) - n + 1):
            gram = tokens[start:start + n]
            if not all(word in STOP_WORDS for word in gram):
                found.add(("phrase", " ".join(gram)))
    return found


def templates_of(persona, blueprint):
    """PhraseTemplate.templates: the openings and n-grams of background and chatting style, leaving out
    those whose non-stop words all come from the blueprint."""
    given = set()
    for text in [blueprint.get(key) or "" for key in ("name", "username", "profession", "life_context", "chatting_quirk")] + \
            list(blueprint.get("traits") or []) if blueprint else []:
        given.update(words(text))
    def explained(text):
        content = [word for word in text.split() if word not in STOP_WORDS]
        return bool(content) and all(word in given for word in content)
    return {(field, kind, text) for field in ("background", "chatting_style")
            for kind, text in openings_and_ngrams(words(persona.get(field))) if not explained(text)}


def top_template_share(personas):
    """The benchmark's top phrase-template share: the most documents of any opening, n-gram or one-gap
    pattern (PhraseTemplates.patterns: at least 3 fillers and 3 documents) of the backgrounds, over their count."""
    documents, pattern_documents, fillers = {}, {}, {}
    for persona in personas:
        tokens = words(persona.get("background"))
        for template in openings_and_ngrams(tokens):
            documents[template] = documents.get(template, 0) + 1
        seen = set()
        for n in (4, 5):
            for start in range(len(tokens) - n + 1):
                for gap in range(1, n - 1):
                    gram = list(tokens[start:start + n])
                    filler, gram[gap] = gram[gap], "*"
                    if all(word in STOP_WORDS for word in gram if word != "*"):
                        continue
                    key = " ".join(gram)
                    if key not in seen:
                        seen.add(key)
                        fillers.setdefault(key, set()).add(filler)
        for key in seen:
            pattern_documents[key] = pattern_documents.get(key, 0) + 1
    patterns = [count for key, count in pattern_documents.items() if len(fillers[key]) >= 3 and count >= 3]
    return max(list(documents.values()) + patterns + [0]) / max(len(personas), 1)


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


SCORES = {
    "logdet": "log-determinant gain against the k nearest (what `--steer crowding` ships)",
    "centroid": "minus the cosine to the accepted personas' centroid",
    "mean": "minus the mean cosine to the accepted personas",
    "nearest": "minus the nearest accepted persona's cosine",
    "vendi": "the change of the Vendi score (q = 1) of the accepted personas",
}


def added_by(kind, candidate, held, k):
    """What `candidate` adds to the `held` rows by the measure `kind` (higher adds more)."""
    if kind == "logdet":
        return crowding_gain(candidate, held, k)
    if len(held) == 0:
        return 0.0
    if kind == "centroid":
        centroid = held.mean(axis=0)
        return -float(centroid @ candidate) / max(float(np.linalg.norm(centroid)), 1e-12)
    if kind == "mean":
        return -float((held @ candidate).mean())
    if kind == "nearest":
        return -float((held @ candidate).max())
    if kind == "vendi":
        return vendi(np.vstack([held, candidate])) - vendi(held) if len(held) > 1 else 0.0
    raise ValueError(kind)


def removal_scores(rows):
    """FinalSelection.removalScores: x' log(rho) x for each row, rho = X'X / m (eigenvalues floored at 1e-12)."""
    values, vectors = np.linalg.eigh(rows.T @ rows / len(rows))
    return ((rows @ vectors) ** 2) @ np.log(np.maximum(values, 1e-12))


def select_final(rows, templates, size, cap):
    """FinalSelection.select: positions of the `size` rows kept; while a template is used by more than `cap`
    kept rows, its user with the highest removal score goes, then the highest score (one at a time here)."""
    kept = list(range(len(rows)))
    uses = {}
    for set_ in templates:
        for template in set_:
            uses[template] = uses.get(template, 0) + 1
    while len(kept) > size:
        scores = removal_scores(rows[kept])
        over = [t for t, count in uses.items() if count > cap]
        if over:
            worst = max(over, key=lambda t: (uses[t], tuple(-ord(c) for c in str(t))))
            position = max((k for k, row in enumerate(kept) if worst in templates[row]), key=lambda k: scores[k])
        else:
            position = int(np.argmax(scores))
        for template in templates[kept[position]]:
            uses[template] -= 1
        kept.pop(position)
    return kept


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


def replay(vectors, at, tau, k, rule, budget, score="logdet", phrases=None):
    """Attempts to accept `at` personas, the accepted rows, steering's rejections and the accepted attempts'
    indices; attempts None when the stream ran out. `rule` is None (no crowding), ("floor", gain) or
    ("share", share, ceiling); `score` is a key of SCORES (the ceiling applies to the log-determinant gain
    only). `phrases` is None or (templates per attempt, ban share, minimum documents, minimum accepted):
    PhraseLedger's ban, each template's documents counted over the accepted personas, a candidate using a
    banned one rejected within the same budget."""
    held, kept, rejections, gains = [], [], 0, []
    documents, banned = {}, set()
    for index, row in enumerate(vectors):
        if row is None:
            continue
        matrix = np.array(held) if held else np.zeros((0, len(row)))
        if held and float((matrix @ row).max()) >= tau:
            continue
        reject = phrases is not None and bool(phrases[0][index] & banned)
        if rule is not None:
            gain = added_by(score, row, matrix, k)
            ceiling = rule[2] if rule[0] == "share" and score == "logdet" else float("inf")
            cut = rule[1] if rule[0] == "floor" else relative_cut(gains, rule[1], ceiling)
            gains.append(gain)
            reject = reject or (cut is not None and gain < cut)
        if reject and rejections < budget * (len(held) + 1):
            rejections += 1
            continue
        held.append(row)
        kept.append(index)
        if phrases is not None:
            templates, share, minimum_documents, minimum_accepted = phrases
            for template in templates[index]:
                documents[template] = documents.get(template, 0) + 1
            if len(held) >= minimum_accepted:
                needed = max(minimum_documents, share * len(held))
                fresh = documents if len(held) == minimum_accepted else templates[index]
                banned.update(t for t in fresh if documents[t] >= needed)
        if len(held) == at:
            return index + 1, np.array(held), rejections, kept
    return None, np.array(held), rejections, kept


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
    parser.add_argument("--scores", action="store_true",
                        help="also compare the relative cut (--shares, budget 0.5) on other measures of what a candidate adds")
    parser.add_argument("--reselect", type=pathlib.Path, help="a run selection steering finished, to select again with --caps")
    parser.add_argument("--caps", default="4,5,6,8", help="template caps for --reselect")
    parser.add_argument("--selections", default="",
                        help="also replay selection steering, BUDGET:OVERSAMPLE,... (crowding budget, share of --at gathered beyond it)")
    parser.add_argument("--phrase-bans", default="",
                        help="also replay phrase bans, SHARE:MINIMUM_DOCUMENTS,... (after 40 accepted), alone and beside "
                             "the shipped crowding cut, within one budget of 0.5")
    args = parser.parse_args()

    if args.reselect:
        reselect(args.run, args.reselect, [int(c) for c in args.caps.split(",")], args.bin)
        return
    stream, blueprints = stream_of(args.run)
    candidates = [p for p in stream if p is not None]
    embedded = iter(embed(candidates, args.bin))
    vectors = [None if p is None else next(embedded) for p in stream]
    print(f"{args.run}: {len(stream)} attempts, {len(candidates)} candidates; tau {args.tau}, k {args.k}, compared at {args.at} accepted\n")

    base_attempts, base_rows, _, base_kept = replay(vectors, args.at, args.tau, args.k, None, 0)
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
            attempts, rows, rejections, _ = replay(vectors, args.at, args.tau, args.k, rule, budget)
            shown_budget = "none" if budget >= 1000 else f"{budget:g}"
            if attempts is None:
                print(f"| {name} | {shown_budget} | stream ran out at {len(rows)} accepted | | {rejections} | | | |")
                continue
            v = vendi(rows)
            results.append({"rule": name, "budget": shown_budget, "attempts": attempts, "vendi": v})
            print(f"| {name} | {shown_budget} | {attempts} | {attempts / base_attempts:.2f} | {rejections} | {v:.2f} | "
                  f"{v / base_vendi:.2f} | {mean_nn(rows):.3f} |")
    if args.scores:
        print("\n| what a candidate adds | lowest share cut | attempts ratio | crowded | Vendi ratio | mean NN cosine |")
        print("|---|---:|---:|---:|---:|---:|")
        for score, description in SCORES.items():
            for share in map(float, args.shares.split(",")):
                attempts, rows, rejections, _ = replay(vectors, args.at, args.tau, args.k, ("share", share, args.ceiling), 0.5, score)
                if attempts is None:
                    print(f"| {description} | {share:g} | stream ran out at {len(rows)} accepted | {rejections} | | |")
                    continue
                results.append({"rule": f"{score}, lowest {share:g}", "budget": "0.5", "attempts": attempts, "vendi": vendi(rows)})
                print(f"| {description} | {share:g} | {attempts / base_attempts:.2f} | {rejections} | "
                      f"{vendi(rows) / base_vendi:.2f} | {mean_nn(rows):.3f} |")
    templates = [set() if p is None else templates_of(p, b) for p, b in zip(stream, blueprints)]
    base_top = top_template_share([stream[i] for i in base_kept])
    if args.selections:
        cap = max(2, int(0.03 * args.at))
        print(f"\n| selection (crowding budget, oversample; cap {cap}) | held | attempts ratio | Vendi ratio | top template ratio |")
        print("|---|---:|---:|---:|---:|")
        for spec in args.selections.split(","):
            budget, oversample = map(float, spec.split(":"))
            held = args.at + math.ceil(args.at * oversample)
            crowding = ("share", 0.33, args.ceiling) if budget > 0 else None
            attempts, rows, _, kept = replay(vectors, held, args.tau, args.k, crowding, budget)
            if attempts is None:
                print(f"| {budget:g}, {oversample:g} | stream ran out at {len(rows)} | | | |")
                continue
            chosen = select_final(rows, [templates[i] for i in kept], args.at, cap)
            print(f"| {budget:g}, {oversample:g} | {held} | {attempts / base_attempts:.2f} | {vendi(rows[chosen]) / base_vendi:.2f} | "
                  f"{top_template_share([stream[kept[i]] for i in chosen]) / base_top:.2f} |")
    if args.phrase_bans:
        print(f"\nno steering: top phrase-template share of the backgrounds {base_top:.3f}\n")
        print("| phrase ban (share, minimum documents) | crowding | attempts ratio | rejected | Vendi ratio | top template ratio |")
        print("|---|---|---:|---:|---:|---:|")
        for ban in args.phrase_bans.split(","):
            share, minimum = ban.split(":")
            for crowding in (None, ("share", 0.33, args.ceiling)):
                attempts, rows, rejections, kept = replay(vectors, args.at, args.tau, args.k, crowding, 0.5,
                                                          phrases=(templates, float(share), int(minimum), 40))
                label = f"{float(share):.0%}, {minimum}"
                shown = "shipped cut" if crowding else "off"
                if attempts is None:
                    print(f"| {label} | {shown} | stream ran out at {len(rows)} accepted | {rejections} | | |")
                    continue
                print(f"| {label} | {shown} | {attempts / base_attempts:.2f} | {rejections} | {vendi(rows) / base_vendi:.2f} | "
                      f"{top_template_share([stream[i] for i in kept]) / base_top:.2f} |")
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


def reselect(off_run, on_run, caps, binary):
    """Selects again among the personas `on_run` held before its selection, with each of `caps`."""
    kept = read_lines(on_run / "personas.jsonl")
    withdrawn = [r["candidate"] for r in read_lines(on_run / "rejected.jsonl") if r.get("reason") == "not-selected"]
    if not withdrawn:
        sys.exit(f"{on_run}: no not-selected personas; not a run selection steering finished")
    held = sorted(kept + withdrawn, key=lambda p: int(p["id"].split("-")[-1]))
    blueprints = {e["id"]: e.get("components") for e in read_lines(on_run / "events.jsonl") if e.get("decision") == "accepted"}
    rows = embed(held, binary)
    baseline = read_lines(off_run / "personas.jsonl")
    base_vendi, base_top = vendi(embed(baseline, binary)), top_template_share(baseline)
    templates = [templates_of(p, blueprints.get(p["id"])) for p in held]
    print(f"{on_run}: {len(held)} held, {len(kept)} kept; against {off_run} ({len(baseline)} personas)\n")
    print("| template cap | Vendi ratio | top template ratio |")
    print("|---:|---:|---:|")
    for cap in caps:
        chosen = select_final(rows, templates, len(kept), cap)
        print(f"| {cap} | {vendi(rows[chosen]) / base_vendi:.3f} | {top_template_share([held[i] for i in chosen]) / base_top:.2f} |")


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
