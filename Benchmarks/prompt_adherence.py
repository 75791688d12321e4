#!/usr/bin/env python3
"""How much a run's personas follow what their prompts asked for: can prompt-side steering reach the model?

    python3 Benchmarks/prompt_adherence.py RUN_DIR [RUN_DIR ...] [--bin .build/release]

Each RUN_DIR is an `spb-generate` run (e.g. an arm of Benchmarks/steering.sh). For its accepted personas,
with the blueprint each attempt sampled (the `components` of its event), it prints:
- how many backgrounds (and backgrounds or chatting styles) use a content word of the sampled profession,
  and of the sampled life context (words of at least 4 letters, stop words left out);
- how many backgrounds are shorter than 5 words (a name, a username, "15-year-old") instead of the
  sentence the prompt asks for;
- whether the blueprint shapes the persona's meaning: the mean MiniLM cosine (`spb-analyze embed`, the
  gate's persona text) of pairs that share the profession, against pairs that do not, and the same for
  life contexts.
A model that follows its prompt writes the profession into the background and makes same-profession
personas closer than others; then coverage steering (which changes the sampled professions and life
contexts) and phrase steering (which adds an avoid list) can move what it writes. A model that does not
leaves steering only its acceptance rules.
"""
import argparse
import itertools
import pathlib
import sys

import numpy as np

from steering_replay import STOP_WORDS, embed, read_lines, words


def content_words(text):
    return {word for word in words(text) if len(word) >= 4 and word not in STOP_WORDS}


def accepted_with_blueprints(run):
    """(persona, components) of every accepted persona whose event recorded its blueprint, in acceptance order."""
    personas = {p["id"]: p for p in read_lines(run / "personas.jsonl")}
    events = sorted(read_lines(run / "events.jsonl"), key=lambda e: e["attempt"])
    return [(personas[e["id"]], e["components"]) for e in events
            if e.get("decision") == "accepted" and e.get("id") in personas and e.get("components")]


def pair_contrast(similarity, keys):
    """Mean cosine of the pairs whose keys match, of those whose keys differ, and the matching pairs' count."""
    same, other = [], []
    for i, j in itertools.combinations(range(len(keys)), 2):
        (same if keys[i] == keys[j] else other).append(similarity[i, j])
    return (float(np.mean(same)) if same else float("nan")), float(np.mean(other)), len(same)


def measure(run, binary):
    rows = accepted_with_blueprints(run)
    if not rows:
        sys.exit(f"{run}: no accepted persona with a recorded blueprint")
    n = len(rows)
    def mentions(component, fields):
        return sum(1 for p, c in rows if content_words(c[component]) & set().union(*(set(words(p.get(f))) for f in fields)))
    short = sum(1 for p, _ in rows if len(words(p.get("background"))) < 5)
    vectors = embed([p for p, _ in rows], binary)
    similarity = vectors @ vectors.T
    return {
        "accepted": n,
        "profession_in_background": mentions("profession", ["background"]),
        "profession_in_text": mentions("profession", ["background", "chatting_style"]),
        "life_context_in_background": mentions("life_context", ["background"]),
        "short_backgrounds": short,
        "profession_pairs": pair_contrast(similarity, [c["profession"] for _, c in rows]),
        "life_context_pairs": pair_contrast(similarity, [c["life_context"] for _, c in rows]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=pathlib.Path, nargs="+")
    parser.add_argument("--bin", type=pathlib.Path, default=pathlib.Path(".build/release"))
    args = parser.parse_args()
    print("| run | accepted | profession in background | … in background or style | life context in background "
          "| backgrounds under 5 words | cosine, same / other profession (same pairs) | cosine, same / other life context (same pairs) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for run in args.runs:
        m = measure(run, args.bin)
        n = m["accepted"]
        def share(key):
            return f"{m[key]} ({m[key] / n:.0%})"
        def pairs(key):
            same, other, count = m[key]
            return f"{same:.3f} / {other:.3f} ({count})"
        print(f"| {run} | {n} | {share('profession_in_background')} | {share('profession_in_text')} | "
              f"{share('life_context_in_background')} | {share('short_backgrounds')} | {pairs('profession_pairs')} | "
              f"{pairs('life_context_pairs')} |")


if __name__ == "__main__":
    main()
