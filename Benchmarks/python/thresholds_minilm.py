#!/usr/bin/env python3
"""Python counterpart of `spb-analyze thresholds --pairs`: MiniLM (sentence-transformers)
cosine scores on the labelled pair sets, with scikit-learn's metrics.

Usage: python3 Benchmarks/python/thresholds_minilm.py [--shared ../shared] [--model models/all-MiniLM-L6-v2]
Prints one TSV row per dataset: name, positives, negatives, ROC-AUC, AP, best-F1 threshold,
F1, precision, recall, precision at 90 % recall and its threshold. Binarisation rules are the
Swift presets' (STS-B and SICK: >= 4 positive, <= 2 negative; PersonaChat: P vs X).
"""
import argparse, csv, os, sys
import numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score, precision_recall_curve

def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                yield line.split("\t")

def load(name, path):
    out = []
    if name.startswith("sts"):
        for r in rows(path):
            s = float(r[4])
            if s >= 4: out.append((r[5], r[6], 1))
            elif s <= 2: out.append((r[5], r[6], 0))
    elif name.startswith("mrpc"):
        for r in rows(path):
            if r[0] == "Quality": continue
            out.append((r[3], r[4], int(r[0])))
    elif name.startswith("paws"):
        for r in rows(path):
            if r[0] == "id": continue
            out.append((r[1], r[2], int(r[3])))
    elif name.startswith("sick"):
        it = rows(path); header = next(it)
        for r in it:
            s = float(r[3])
            if s >= 4: out.append((r[1], r[2], 1))
            elif s <= 2: out.append((r[1], r[2], 0))
    elif name.startswith("personachat"):
        it = rows(path); header = next(it)
        ti, oi, ri = header.index("tier"), header.index("original"), header.index("revised")
        for r in it:
            if r[ti] in ("P", "X"): out.append((r[oi], r[ri], 1 if r[ti] == "P" else 0))
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--model", default="models/all-MiniLM-L6-v2")
    ap.add_argument("--sets", default="dev")
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(args.model, device="cpu")
    sets = {
        "dev": [("sts-dev", "data/dev/sts-dev.csv"), ("mrpc-train", "data/dev/msr_paraphrase_train.txt"),
                ("paws-dev", "data/dev/paws-wiki-dev.tsv"), ("personachat-tiers", "data/dev/personachat-original-revised.tsv")],
        "heldout": [("sts-test", "data/heldout/sts-test.csv"), ("mrpc-test", "data/heldout/msr_paraphrase_test.txt"),
                    ("paws-test", "data/heldout/paws-wiki-test.tsv"), ("sick", "data/heldout/SICK.txt")],
    }[args.sets]
    print("dataset\tpos\tneg\troc_auc\tap\tf1_threshold\tf1\tprecision\trecall\tp_at_90r\tp90_threshold")
    for name, rel in sets:
        pairs = load(name, os.path.join(args.shared, rel))
        a = model.encode([p[0] for p in pairs], batch_size=64, normalize_embeddings=True)
        b = model.encode([p[1] for p in pairs], batch_size=64, normalize_embeddings=True)
        s = (a * b).sum(1).astype(np.float64)
        y = np.array([p[2] for p in pairs])
        prec, rec, thr = precision_recall_curve(y, s)
        f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-300), 0)[:-1]
        k = int(np.argmax(f1))
        ok = np.where(rec[:-1] >= 0.9)[0]
        j = ok[np.argmax(prec[ok])]
        print(f"{name}\t{y.sum()}\t{len(y) - y.sum()}\t{roc_auc_score(y, s):.4f}\t{average_precision_score(y, s):.4f}\t"
              f"{thr[k]:.4f}\t{f1[k]:.4f}\t{prec[k]:.4f}\t{rec[k]:.4f}\t{prec[j]:.4f}\t{thr[j]:.4f}", flush=True)

if __name__ == "__main__":
    main()
