#!/usr/bin/env python3
"""Fits the field-aware duplicate score on the persona-pair dev split and reports it on both splits.

Usage (from the repository root, with the pinned benchmark venv):

    PY=$(bash Benchmarks/python/venv.sh)
    $PY Benchmarks/persona-pairs/fit_fields.py [--model models/all-MiniLM-L6-v2] [--date YYYY-MM-DD]

Computes, per pair, the features of Sources/FieldScoring (MiniLM cosines of the whole persona text,
of background, traits and chatting style alone; trait-set and background content-word Jaccard),
fits an L2 logistic regression on dev.jsonl ONLY (features standardised, C chosen by 5-fold
cross-validated log loss), chooses the decision threshold p* on out-of-fold dev probabilities
(max F1) and the single-cosine gate's τ on dev (max F1), then writes

  Sources/FieldScoring/FieldScoreModel+Fitted.swift     the coefficients (generated, do not edit)
  Tests/FieldScoringTests/Fixtures/field_features.json  features and probabilities of 20 dev pairs

and prints precision / recall / F1 on dev (cross-validated for the fields score) and on test.jsonl
(settings fixed from dev; test is never used to fit or choose anything), and accuracy per kind on test.
Deterministic: fixed folds and seeds; only the date in the Swift header changes between runs.
"""
import argparse, datetime, hashlib, json, os, re, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FEATURES = ["cos_whole", "cos_background", "cos_traits", "cos_style", "trait_jaccard", "word_jaccard"]
SWIFT_NAMES = ["cosWhole", "cosBackground", "cosTraits", "cosStyle", "traitJaccard", "wordJaccard"]
OLD_TAU = 0.80
GRID = np.round(np.arange(0.01, 1.0, 0.01), 2)
C_GRID = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]


def stop_words():
    """The stop list of Sources/FieldScoring/FieldLexicon+StopWords.swift (one list for both languages)."""
    source = open(os.path.join(ROOT, "Sources/FieldScoring/FieldLexicon+StopWords.swift"), encoding="utf-8").read()
    match = re.search(r'stopWords[^"]*"""(.*?)"""', source, re.S)
    if not match:
        sys.exit("cannot find the stop list in FieldLexicon+StopWords.swift")
    return set(match.group(1).replace("\\\n", " ").split())


STOP = stop_words()


def whole_text(p):
    """PersonaTextTemplate.default: traits joined with ", "."""
    return f"Traits: {', '.join(p['traits'])}. Background: {p['background']} Chatting style: {p['chatting_style']}"


def field_texts(p):
    """The four texts embedded per persona, in FieldScoring's order."""
    return [whole_text(p), p["background"], ", ".join(p["traits"]), p["chatting_style"]]


def jaccard(x, y):
    """|x ∩ y| / |x ∪ y|; 0 when both are empty (nothing shared is no evidence of a duplicate)."""
    union = x | y
    return len(x & y) / len(union) if union else 0.0


def trait_set(traits):
    return {t.strip().lower() for t in traits if t.strip()}


def content_words(text):
    """Lower-cased runs of letters and digits, minus the stop list."""
    return {w for w in re.findall(r"[^\W_]+", text.lower()) if w not in STOP}


def whole_words(text):
    """WordJaccardScorer.words: lower-cased runs of letters and digits, apostrophes inside words kept."""
    return set(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text.lower()))


def load(name):
    path = os.path.join(HERE, f"{name}.jsonl")
    raw = open(path, "rb").read()
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    return rows, hashlib.sha256(raw).hexdigest(), os.path.relpath(path, ROOT)


def features(model, rows):
    texts = [t for r in rows for side in ("a", "b") for t in field_texts(r[side])]
    emb = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    emb = emb.reshape(len(rows), 2, 4, -1)
    cos = (emb[:, 0] * emb[:, 1]).sum(-1).astype(np.float64)
    tj = [jaccard(trait_set(r["a"]["traits"]), trait_set(r["b"]["traits"])) for r in rows]
    wj = [jaccard(content_words(r["a"]["background"]), content_words(r["b"]["background"])) for r in rows]
    whole_jaccard = [jaccard(whole_words(whole_text(r["a"])), whole_words(whole_text(r["b"]))) for r in rows]
    return np.column_stack([cos, tj, wj]), np.array(whole_jaccard)


def prf(y, predicted):
    tp = int(np.sum(predicted & (y == 1)))
    npred, npos = int(predicted.sum()), int((y == 1).sum())
    p = tp / npred if npred else 1.0
    r = tp / npos if npos else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_on_grid(y, scores, grid=GRID, prefer=None):
    """The grid threshold with the highest F1 of `scores >= t`; ties go to the one nearest `prefer`
    (default: the highest threshold, the more precise gate)."""
    f1 = np.array([prf(y, scores >= t)[2] for t in grid])
    tied = grid[f1 >= f1.max() - 1e-12]
    if prefer is None:
        return float(tied.max())
    return float(tied[np.argmin(np.abs(tied - prefer))])


def oracle(y, scores):
    """The best F1 of any threshold on these very scores (an upper bound, not a setting)."""
    return max((prf(y, scores >= t) + (t,) for t in np.unique(scores)), key=lambda x: x[2])


def pipeline(C):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=10000))


def choose_c(X, y, seed):
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    search = GridSearchCV(pipeline(1.0), {"logisticregression__C": C_GRID}, scoring="neg_log_loss",
                          cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    search.fit(X, y)
    return float(search.best_params_["logisticregression__C"])


def out_of_fold(X, y):
    """Nested CV: each outer fold's model has its C chosen on the other four folds only."""
    from sklearn.model_selection import StratifiedKFold
    p = np.zeros(len(y))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=1).split(X, y):
        C = choose_c(X[train], y[train], seed=2)
        p[held] = pipeline(C).fit(X[train], y[train]).predict_proba(X[held])[:, 1]
    return p


def raw_coefficients(fitted):
    """Folds the standardisation into the weights: logit = b + Σ w_i x_i on raw features."""
    scaler, lr = fitted.named_steps["standardscaler"], fitted.named_steps["logisticregression"]
    w = lr.coef_[0] / scaler.scale_
    b = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scaler.scale_))
    return b, w


def probability(b, w, X):
    return 1 / (1 + np.exp(-(b + X @ w)))


def swift_file(date, data_path, sha, C, b, w, p_star, tau, dev_rows, n_dev, n_pos):
    lines = [
        "// GENERATED by Benchmarks/persona-pairs/fit_fields.py — do not edit; re-run the script instead.",
        f"// Date: {date}. Data: {data_path} (sha256 {sha}), {n_dev} pairs, {n_pos} duplicates.",
        f"// L2 logistic regression on standardised features, C = {C:g} (5-fold CV log loss on dev);",
        "// the standardisation is folded into the raw-feature weights below.",
        "// Dev metrics (nested 5-fold cross-validation, p* chosen on the same out-of-fold probabilities):",
    ]
    lines += [f"//   {row}" for row in dev_rows]
    lines += [
        f"// Single-cosine gate: best dev F1 at τ = {tau:.2f} (recommended default; the gate's constant is",
        "// MiniLMEncoder.defaultDuplicateThreshold).",
        "",
        "extension FieldScoreModel {",
        "    /// The model fitted on `Benchmarks/persona-pairs/dev.jsonl` by `fit_fields.py` (see the header).",
        "    public static let fitted = FieldScoreModel(",
        f"        intercept: {b:.10f},",
        "        weights: FieldFeatures(",
    ]
    lines += [f"            {name}: {wi:.10f}{',' if i < len(w) - 1 else ''}" for i, (name, wi) in enumerate(zip(SWIFT_NAMES, w))]
    lines += [
        "        ),",
        f"        decisionThreshold: {p_star:.2f}",
        "    )",
        "}",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "models/all-MiniLM-L6-v2"))
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("--fixture-pairs", type=int, default=20)
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(args.model, device="cpu")

    dev, dev_sha, dev_path = load("dev")
    test, _, _ = load("test")
    Xd, jd = features(model, dev)
    Xt, jt = features(model, test)
    yd = np.array([r["label"] for r in dev])
    yt = np.array([r["label"] for r in test])

    # Everything below is chosen on dev only.
    C = choose_c(Xd, yd, seed=0)
    oof = out_of_fold(Xd, yd)
    p_star = best_on_grid(yd, oof, prefer=0.5)
    tau = best_on_grid(yd, Xd[:, 0])
    j_tau = best_on_grid(yd, jd)
    final = pipeline(C).fit(Xd, yd)
    b, w = raw_coefficients(final)
    pt = probability(b, w, Xt)
    pd_in = probability(b, w, Xd)
    assert np.allclose(pd_in, final.predict_proba(Xd)[:, 1], atol=1e-9)

    table = []
    def row(name, setting, yy, scores, t):
        p, r, f = prf(yy, scores >= t)
        table.append((name, setting, p, r, f))
    cos_d, cos_t = Xd[:, 0], Xt[:, 0]
    row("dev", f"cosine @ {OLD_TAU:.2f} (old default)", yd, cos_d, OLD_TAU)
    row("dev", f"cosine @ {tau:.2f} (new τ)", yd, cos_d, tau)
    op = oracle(yd, cos_d); table.append(("dev", f"cosine, best possible (τ {op[3]:.3f})", *op[:3]))
    row("dev", f"fields @ p* {p_star:.2f} (nested CV)", yd, oof, p_star)
    row("dev", f"jaccard @ {j_tau:.2f}", yd, jd, j_tau)
    row("test", f"cosine @ {OLD_TAU:.2f} (old default)", yt, cos_t, OLD_TAU)
    row("test", f"cosine @ {tau:.2f} (new τ)", yt, cos_t, tau)
    op = oracle(yt, cos_t); table.append(("test", f"cosine, best possible (τ {op[3]:.3f}, oracle)", *op[:3]))
    row("test", f"fields @ p* {p_star:.2f}", yt, pt, p_star)
    row("test", f"jaccard @ {j_tau:.2f} (from dev)", yt, jt, j_tau)

    print(f"dev: {len(dev)} pairs ({yd.sum()} duplicates), sha256 {dev_sha}; test: {len(test)} pairs ({yt.sum()} duplicates)")
    print(f"C = {C:g}; p* = {p_star:.2f}; new τ = {tau:.2f}; jaccard threshold = {j_tau:.2f}")
    print("coefficients on raw features (logit = intercept + Σ w·x):")
    print(f"  intercept {b:+.4f}")
    for name, wi in zip(FEATURES, w):
        print(f"  {name:15s} {wi:+.4f}")
    identical = probability(b, w, np.ones((1, 6)))[0]
    print(f"probability of an identical pair (all features 1): {identical:.4f}")
    print()
    print(f"{'split':5s}  {'score':45s}  {'P':>5s}  {'R':>5s}  {'F1':>5s}")
    for split, name, p, r, f in table:
        print(f"{split:5s}  {name:45s}  {p:5.3f}  {r:5.3f}  {f:5.3f}")
    print()
    print("dev F1 of the cosine gate by τ:  " + "  ".join(f"{t:.2f}:{prf(yd, cos_d >= t)[2]:.3f}" for t in np.arange(0.66, 0.855, 0.02)))
    print("dev F1 of fields (out-of-fold) by p*:  " + "  ".join(f"{t:.2f}:{prf(yd, oof >= t)[2]:.3f}" for t in np.arange(0.20, 0.705, 0.05)))
    print()
    kinds = sorted({r["kind"] for r in test})
    print("test accuracy per kind (label):")
    print(f"{'kind':20s} {'n':>3s}  {'cos@0.80':>8s}  {'cos@τ':>6s}  {'fields':>6s}  {'jaccard':>7s}")
    for kind in kinds:
        idx = np.array([r["kind"] == kind for r in test])
        acc = lambda pred: float(np.mean(pred[idx] == (yt[idx] == 1)))
        print(f"{kind:20s} {idx.sum():3d}  {acc(cos_t >= OLD_TAU):8.3f}  {acc(cos_t >= tau):6.3f}  "
              f"{acc(pt >= p_star):6.3f}  {acc(jt >= j_tau):7.3f}  (label {test[np.argmax(idx)]['label']})")

    dev_rows = [f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}" for split, name, p, r, f in table if split == "dev"]
    swift_path = os.path.join(ROOT, "Sources/FieldScoring/FieldScoreModel+Fitted.swift")
    with open(swift_path, "w", encoding="utf-8") as f:
        f.write(swift_file(args.date, dev_path, dev_sha, C, b, w, p_star, tau, dev_rows, len(dev), int(yd.sum())))

    step = max(1, len(dev) // args.fixture_pairs)
    chosen = list(range(0, len(dev), step))[: args.fixture_pairs]
    fixture = {
        "generated_by": "Benchmarks/persona-pairs/fit_fields.py",
        "data": dev_path, "data_sha256": dev_sha,
        "features": FEATURES,
        "pairs": [{
            "id": dev[i]["id"], "a": dev[i]["a"], "b": dev[i]["b"],
            "scores": {**{k: float(Xd[i, j]) for j, k in enumerate(FEATURES)}, "probability": float(pd_in[i])},
        } for i in chosen],
    }
    fixture_path = os.path.join(ROOT, "Tests/FieldScoringTests/Fixtures/field_features.json")
    os.makedirs(os.path.dirname(fixture_path), exist_ok=True)
    with open(fixture_path, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"\nwrote {os.path.relpath(swift_path, ROOT)} and {os.path.relpath(fixture_path, ROOT)} ({len(chosen)} pairs)")


if __name__ == "__main__":
    main()
