#!/usr/bin/env python3
"""Decode rate of two local llama-cpp-python servers, asked in turn for the same completion.

Compares two builds of the local LLM server (scripts/llm-server.sh) serving the same model, e.g.
the shipped portable build on one port and an experimental build on another:

    python3 Benchmarks/python/llm_decode_rate.py --rounds 16 8731:portable 8790:avx512

Each round sends one request to each server (the order alternates between rounds) with the
persona JSON-schema grammar (llama-cpp-python's json_object + schema), at most 128 tokens,
temperature 0.7 and seed = round, and records completion_tokens / wall time. Prints the median
per server. Standard library only.
"""
import argparse
import json
import statistics
import time
import urllib.request

SCHEMA = {"type": "object",
          "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
                         "traits": {"type": "array", "items": {"type": "string"}},
                         "background": {"type": "string", "minLength": 1},
                         "chatting_style": {"type": "string", "minLength": 1}},
          "required": ["name", "age", "traits", "background", "chatting_style"]}


def decode_rate(port: int, seed: int) -> float:
    body = {"model": "smollm2", "max_tokens": 128, "temperature": 0.7, "seed": seed,
            "messages": [{"role": "system", "content": "You write one fictional person as a JSON object."},
                         {"role": "user", "content": "Write a persona: a 40-year-old nurse who likes chess. "
                                                     "JSON keys name, age, traits, background, chatting_style."}],
            "response_format": {"type": "json_object", "schema": SCHEMA}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    started = time.time()
    reply = json.load(urllib.request.urlopen(request, timeout=300))
    return reply["usage"]["completion_tokens"] / (time.time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("servers", nargs=2, metavar="PORT:LABEL")
    args = parser.parse_args()
    servers = [(int(port), label) for port, label in (s.split(":", 1) for s in args.servers)]
    rates = {port: [] for port, _ in servers}
    for round_number in range(args.rounds):
        for port, _ in servers if round_number % 2 == 0 else reversed(servers):
            rates[port].append(decode_rate(port, round_number))
    for port, label in servers:
        print(f"{label}: median {statistics.median(rates[port]):.1f} tok/s over {len(rates[port])} completions")


if __name__ == "__main__":
    main()
