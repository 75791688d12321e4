#!/usr/bin/env python3
"""Encoder benchmark, Python side: sentence-transformers all-MiniLM-L6-v2 on CPU, or ONNX Runtime.

Writes the shared benchmark texts when asked (`--write-texts`), then times
`SentenceTransformer.encode` on them (batch 64, torch with 2 threads by default) and reports the
median texts/s as one JSON line. With `--onnx MODEL` it times ONNX Runtime instead on a graph
from export_onnx.py (the same tokenizer, batches of 64 texts sorted by length as
sentence-transformers does, 2 intra-op threads, mean pooling and L2 normalisation in numpy).
With `--compare`, reads other embeddings (the Swift encoder's raw little-endian float32, one
384-wide row per text, or a .npy) and reports their cosine agreement with `--out`.

Run through Benchmarks/encoder.sh, which runs both sides on the same texts.
"""
import argparse
import json
import pathlib
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Word lists written for this project: persona-like prose, about 60 words per text.
FIRST = ["Ada", "Bruno", "Chidi", "Dana", "Elif", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kemal", "Lena",
         "Mateo", "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tove", "Umar", "Vera", "Wen", "Yara"]
JOBS = ["night-shift nurse", "bicycle courier", "tax preparer", "ferry engineer", "school librarian",
        "hospice chaplain", "line cook", "wind-turbine technician", "court stenographer", "beekeeper",
        "museum guard", "forklift operator", "sign-language interpreter", "piano tuner", "crossing guard",
        "data-entry clerk", "veterinary nurse", "glassblower", "radio host", "orchard manager"]
PLACES = ["a fishing village", "a desert town", "the outskirts of a port city", "a mountain valley",
          "a college town", "a suburb full of cul-de-sacs", "a river delta", "an old mining town",
          "a crowded capital", "an island with one ferry a day"]
HOBBIES = ["restores vintage radios", "keeps a notebook of overheard jokes", "bakes lopsided sourdough",
           "plays chess by mail", "collects obsolete maps", "coaches a junior robotics team",
           "grows chillies on the balcony", "sings in a community choir", "repairs broken umbrellas",
           "writes fan fiction about forgotten sitcoms", "photographs rusty mailboxes",
           "volunteers at the animal shelter", "trains for slow marathons", "builds ships in bottles"]
TRAITS = ["patient", "stubborn", "curious", "anxious", "generous", "sarcastic", "meticulous", "restless",
          "cheerful", "blunt", "shy", "impulsive", "pragmatic", "sentimental", "competitive", "gentle"]
WORRIES = ["rising rent", "an ageing parent", "a noisy neighbour", "a half-finished degree",
           "a car that will not start in winter", "a friend who stopped calling", "a crumbling roof",
           "a job that may be automated", "a dog with a bad hip", "an unpaid loan"]
STYLES = ["type in lowercase and drop punctuation", "answer in short bullet points",
          "use too many exclamation marks", "sign off every message with kind regards",
          "send voice-to-text replies full of typos", "ask a question back before answering",
          "write long careful paragraphs", "pepper every reply with weather small talk"]
ERRANDS = ["call an old friend", "walk along the water", "fix the neighbour's fence", "read the local paper",
           "cook for the whole street", "visit a cousin in hospital", "learn a few words of Portuguese"]


def persona_text(rng: random.Random) -> str:
    traits = rng.sample(TRAITS, 3)
    hobbies, styles = rng.sample(HOBBIES, 2), rng.sample(STYLES, 2)
    return (f"{rng.choice(FIRST)} is a {rng.randint(19, 75)}-year-old {rng.choice(JOBS)} from {rng.choice(PLACES)} "
            f"who {hobbies[0]} and {hobbies[1]} on weekends. "
            f"Friends describe them as {traits[0]}, {traits[1]} and a little {traits[2]}. "
            f"Lately they worry about {rng.choice(WORRIES)}, but they still make time to {rng.choice(ERRANDS)}. "
            f"In chats they {styles[0]} and {styles[1]}.")


def write_texts(path: pathlib.Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(persona_text(rng) + "\n" for _ in range(count)), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=pathlib.Path, default=ROOT / "Benchmarks/data/encoder_texts.txt")
    parser.add_argument("--write-texts", action="store_true", help="(re)write the texts file and exit")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument("--model", type=pathlib.Path, default=ROOT / "models/all-MiniLM-L6-v2")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=pathlib.Path, help="write the embeddings (float32 .npy)")
    parser.add_argument("--compare", type=pathlib.Path, help="embeddings (raw float32 or .npy) to check against --out")
    parser.add_argument("--onnx", type=pathlib.Path, help="time ONNX Runtime on this graph instead of sentence-transformers")
    args = parser.parse_args()

    if args.write_texts:
        write_texts(args.texts, args.count, args.seed)
        return 0
    import numpy as np
    if args.compare:
        if args.compare.suffix == ".npy":
            ours = np.load(args.compare)
        else:
            ours = np.fromfile(args.compare, dtype="<f4").reshape(-1, 384)
        reference = np.load(args.out)
        if ours.shape != reference.shape:
            print(json.dumps({"error": f"shape {ours.shape} vs {reference.shape}"}))
            return 1
        cosine = np.sum(ours * reference, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(reference, axis=1))
        print(json.dumps({"texts": int(ours.shape[0]), "min_cosine": float(cosine.min()),
                          "mean_cosine": float(cosine.mean()), "max_abs_diff": float(np.abs(ours - reference).max())}))
        return 0

    texts = args.texts.read_text(encoding="utf-8").splitlines()
    if args.onnx:
        return time_onnx(args, texts)
    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(args.threads)
    model = SentenceTransformer(str(args.model), device="cpu")
    model.max_seq_length = json.loads((args.model / "sentence_bert_config.json").read_text())["max_seq_length"]
    model.encode(texts[: args.batch], batch_size=args.batch, normalize_embeddings=True)  # warm-up
    tokens = sum(len(ids) for ids in model.tokenize(texts)["attention_mask"].tolist() for ids in [[x for x in ids if x]])
    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        embeddings = model.encode(texts, batch_size=args.batch, normalize_embeddings=True, convert_to_numpy=True)
        rates.append(len(texts) / (time.perf_counter() - start))
    if args.out:
        np.save(args.out, embeddings.astype(np.float32))
    print(json.dumps({"side": "python", "texts": len(texts), "mean_tokens": tokens / len(texts),
                      "max_seq_length": model.max_seq_length, "batch": args.batch, "torch_threads": torch.get_num_threads(),
                      "runs": [round(r, 1) for r in rates], "texts_per_second": round(statistics.median(rates), 1)}))
    return 0


def time_onnx(args, texts: list[str]) -> int:
    """Times ONNX Runtime on `texts` as sentence-transformers would run them; prints one JSON line."""
    import numpy as np
    import onnxruntime
    from transformers import AutoTokenizer
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = args.threads, 1
    session = onnxruntime.InferenceSession(str(args.onnx), options, providers=["CPUExecutionProvider"])
    tokenizer = AutoTokenizer.from_pretrained(str(args.model))
    max_length = json.loads((args.model / "sentence_bert_config.json").read_text())["max_seq_length"]

    def encode(batch: list[str]) -> "np.ndarray":
        features = tokenizer(batch, padding=True, truncation=True, max_length=max_length, return_tensors="np")
        feeds = {name: features[name].astype(np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
        hidden = session.run(None, feeds)[0]
        mask = feeds["attention_mask"][:, :, None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode_all() -> "np.ndarray":
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # sentence-transformers' order
        result = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), args.batch):
            chosen = order[start:start + args.batch]
            result[chosen] = encode([texts[i] for i in chosen])
        return result

    encode(texts[: args.batch])  # warm-up
    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        embeddings = encode_all()
        rates.append(len(texts) / (time.perf_counter() - start))
    if args.out:
        np.save(args.out, embeddings)
    print(json.dumps({"side": "onnxruntime", "model": args.onnx.name, "onnxruntime": onnxruntime.__version__,
                      "texts": len(texts), "batch": args.batch, "intra_op_threads": args.threads,
                      "runs": [round(r, 1) for r in rates], "texts_per_second": round(statistics.median(rates), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
