#!/usr/bin/env python3
"""Counterpart of `spb-bench tokenizer`: the HF fast tokenizer on the same 2,000 ~60-word texts.

Run from the repository root: python3 Benchmarks/python/tokenizer.py
"""
import os
import statistics
import time

from transformers import AutoTokenizer

WORDS = ("a retired ferry captain who teaches knot-tying at the community centre and argues about tide tables "
         "online; she collects obsolete maps, bakes sourdough badly, and believes every town deserves a second "
         "name. Café naïve résumé jalapeño Zürich, 1970s sitcoms, 24-hour diners, union electrician, robotics "
         "team, night-shift paramedic restoring vintage radios (between calls!) and logging every song? "
         "uncharacteristically meticulous, sarcastic yet generous, anxious but loyal; answers in bullet points.").split(" ")


def texts(count=2000, words_per_text=60):
    """The same PCG-style sequence as Benchmarks/Bench/TokenizerBenchmark.swift."""
    state = 0x9E3779B97F4A7C15
    mask = (1 << 64) - 1
    out = []
    for _ in range(count):
        words = []
        for _ in range(words_per_text):
            state = (state * 6364136223846793005 + 1442695040888963407) & mask
            words.append(WORDS[(state >> 33) % len(WORDS)])
        out.append(" ".join(words))
    return out


def main():
    tok = AutoTokenizer.from_pretrained(os.environ.get("PERSONABANK_MODEL_DIR", "models/all-MiniLM-L6-v2"))
    data = texts()
    tokens = sum(len(ids) for ids in tok(data, truncation=True, max_length=256)["input_ids"])
    for label, run in [("one by one", lambda: [tok(t, truncation=True, max_length=256)["input_ids"] for t in data]),
                       ("batched", lambda: tok(data, truncation=True, max_length=256)["input_ids"])]:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        best = min(times)
        print(f"hf fast tokenizer ({label}): {len(data)} texts, {tokens} tokens; best {best * 1e3:.1f} ms "
              f"({len(data) / best:.0f} texts/s), median {statistics.median(times) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
