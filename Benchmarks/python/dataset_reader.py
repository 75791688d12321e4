"""Python counterpart of `spb-bench reader`: read persona JSONL with json.loads and the card's checks.

Usage: python3 Benchmarks/python/dataset_reader.py [count]
Generates the same shape of file as the Swift benchmark (200,000 personas by default) in a
temporary directory, reads it once to warm up and three timed times, prints the best.
"""
import json
import os
import sys
import tempfile
import time

TRAITS = ["patient", "curious", "dry-humoured", "restless", "loyal", "meticulous", "gruff", "nostalgic"]
JOBS = ["harbour pilot", "clock restorer", "night-shift technician", "beekeeper", "ferry engineer"]


def persona(index):
    return {
        "name": f"Person {index}",
        "username": None if index % 3 == 0 else f"user_{index}",
        "age": 19 + index % 57,
        "traits": [TRAITS[(index + k * 3) % len(TRAITS)] for k in range(3 + index % 3)],
        "background": f'A {JOBS[index % len(JOBS)]} who maps "kelp forests" on days off, number {index}, and sells the charts at a weekend market.',
        "chatting_style": "Short replies, nautical slang, signs off with a wave emoji.",
        "model": "bench",
        "id": f"p-{index}",
    }


def read(path):
    records = 0
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if not line.strip():
                continue
            p = json.loads(line)
            assert isinstance(p["name"], str) and p["name"].strip()
            assert isinstance(p["age"], int) and 19 <= p["age"] <= 75
            assert 3 <= len(p["traits"]) <= 5 and all(isinstance(t, str) and t.strip() for t in p["traits"])
            assert len(p["background"]) <= 300 and len(p["chatting_style"]) <= 120
            text = f"Traits: {', '.join(p['traits'])}. Background: {p['background']} Chatting style: {p['chatting_style']}"
            records += 1 if text else 0
    return records


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "personas.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            for index in range(count):
                handle.write(json.dumps(persona(index), ensure_ascii=False) + "\n")
        size = os.path.getsize(path)
        best = float("inf")
        for attempt in range(4):
            start = time.perf_counter()
            assert read(path) == count
            if attempt > 0:
                best = min(best, time.perf_counter() - start)
        print(f"reader jsonl (python): {size / 1e6:.0f} MB, best {best:.2f} s, {size / 1e6 / best:.0f} MB/s, {count / best:.0f} records/s")


if __name__ == "__main__":
    main()
