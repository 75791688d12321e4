"""Writes the Parquet fixtures of Tests/ParquetTests/Fixtures (run with the pinned venv beside this file).

    PY=$(bash Benchmarks/python/parquet/venv.sh)
    "$PY" Benchmarks/python/parquet/make_fixtures.py

The rows are persona-like records invented for PersonaBank from the word lists below (seeded, so
the output is the same on every run). Every file holding them is checked by ParquetTests against
personas.jsonl, the JSONL twin written here too. manifest.json lists each file with what the
Swift reader must make of it: the persona rows, no rows, or an unsupported-feature error naming
the column and the feature.
"""

import json
import math
import pathlib
import random
import sys

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path(__file__).resolve().parents[3] / "Tests" / "ParquetTests" / "Fixtures"

FIRST = ["Marisol", "Tobias", "Ingrid", "Kwame", "Lior", "Agnieszka", "Ravi", "Oona", "Teodoro", "Saoirse",
         "Haruto", "Zanele", "Emeric", "Pilar", "Dmitri", "Yusra", "Benedikt", "Ximena", "Anouk", "Chidi"]
LAST = ["Okafor", "Lindqvist", "Ferreira", "Nakamura", "Brennan", "Castellanos", "Wójcik", "Haddad",
        "Ó Briain", "Vasquez", "Sørensen", "Achebe"]
TRAITS = ["patient", "wry", "methodical", "restless", "generous", "sceptical", "playful", "earnest",
          "frugal", "dreamy", "blunt", "meticulous", "gentle", "stubborn"]
LANGUAGES = ["English", "Spanish", "Yoruba", "Japanese", "Polish", "Arabic", "Irish", "Danish", "Hindi"]
JOBS = ["ferry mechanic", "beekeeper", "tram driver", "county archivist", "glassblower", "seed-bank technician",
        "lighthouse keeper", "violin repairer", "orchard manager", "night-shift radiographer"]
PLACES = ["a fishing town on the north coast", "a canal-side flat in a river port", "a vineyard slope",
          "an island with one bus", "a former textile city", "a mountain pass hamlet"]
HABITS = ["restores rusty bicycles", "keeps a weather diary", "plays chess by post", "brews ginger beer",
          "maps abandoned railways", "swims in the sea all winter", "translates poems into Esperanto",
          "fixes clocks for the neighbours"]
STYLES = ["short replies, lots of questions", "long rambling messages with asides", "dry jokes, no emoji",
          "formal greetings, precise grammar", "lowercase, quick bursts", "warm, asks about your day 🌤️",
          "answers with anecdotes — always"]
ROWS = 60


def persona_rows():
    """The persona records: nulls in every nullable field, empty strings and lists, non-ASCII text."""
    rng = random.Random(20240611)
    rows = []
    for index in range(ROWS):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        username = f"{first.lower()}_{index:02d}" if rng.random() < 0.7 else None
        traits = rng.sample(TRAITS, rng.randint(0, 4))
        if traits and rng.random() < 0.2:
            traits.insert(rng.randrange(len(traits) + 1), None)
        background = (f"A {rng.choice(JOBS)} from {rng.choice(PLACES)} who {rng.choice(HABITS)}"
                      f" and {rng.choice(HABITS)}.")
        if index % 11 == 5:
            background = background + " " + " ".join(f"Entry {k}: {rng.choice(HABITS)}." for k in range(30))
        row = {
            "id": 1000 + index * 7,
            "name": name if index % 13 != 4 else None,
            "username": username,
            "age": rng.randint(18, 90) if index % 9 != 3 else None,
            "visits": rng.randint(-2_000_000, 2_000_000) if index % 8 != 6 else None,
            "balance": rng.randint(-(2**52), 2**52) if index % 10 != 1 else None,
            "traits": traits if index % 12 != 7 else None,
            "languages": rng.sample(LANGUAGES, rng.randint(0, 3)) if index % 7 != 2 else None,
            "lucky_numbers": [rng.randint(-50, 10**12) for _ in range(rng.randint(0, 3))] if index % 6 != 4 else None,
            "background": background if index % 10 != 8 else None,
            "chatting_style": rng.choice(STYLES) if index % 5 != 0 else ("" if index % 10 == 0 else None),
            "score": round(rng.uniform(-5, 100), 6) if index % 7 != 5 else None,
            "height": rng.randint(2400, 7600) / 32.0 if index % 9 != 1 else None,
            "active": (index % 3 == 0) if index % 4 != 2 else None,
        }
        rows.append(row)
    return rows


# age is INT8, visits INT32 (INT_32), balance INT64, height FLOAT; languages have required elements.
SCHEMA = pa.schema([
    pa.field("id", pa.int64(), nullable=False),
    pa.field("name", pa.string()),
    pa.field("username", pa.string()),
    pa.field("age", pa.int8()),
    pa.field("visits", pa.int32()),
    pa.field("balance", pa.int64()),
    pa.field("traits", pa.list_(pa.string())),
    pa.field("languages", pa.list_(pa.field("element", pa.string(), nullable=False))),
    pa.field("lucky_numbers", pa.list_(pa.int64())),
    pa.field("background", pa.string()),
    pa.field("chatting_style", pa.string()),
    pa.field("score", pa.float64()),
    pa.field("height", pa.float32()),
    pa.field("active", pa.bool_()),
])

PERSONA_TABLE = pa.Table.from_pylist(persona_rows(), schema=SCHEMA)
SMALL = {"row_group_size": 25, "max_rows_per_page": 6, "write_batch_size": 6}


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def pyarrow_personas(manifest):
    variants = [
        ("pyarrow_none_v1_dict.parquet", dict(compression="none")),
        ("pyarrow_snappy_v1_dict.parquet", dict(compression="snappy")),
        ("pyarrow_zstd_v1_dict.parquet", dict(compression="zstd")),
        ("pyarrow_gzip_v1_dict.parquet", dict(compression="gzip")),
        ("pyarrow_snappy_v1_plain.parquet", dict(compression="snappy", use_dictionary=False)),
        ("pyarrow_none_v2_plain.parquet", dict(compression="none", use_dictionary=False, data_page_version="2.0")),
        ("pyarrow_snappy_v2_dict.parquet", dict(compression="snappy", data_page_version="2.0")),
        ("pyarrow_zstd_v2_plain.parquet", dict(compression="zstd", use_dictionary=False, data_page_version="2.0")),
        ("pyarrow_gzip_v2_dict.parquet", dict(compression="gzip", data_page_version="2.0")),
        # The dictionary page limit is tiny, so string chunks start dictionary-encoded and fall back to PLAIN.
        ("pyarrow_snappy_v1_dict_fallback.parquet", dict(compression="snappy", dictionary_pagesize_limit=200)),
        # Page index, bloom filters, page checksums and statistics are present but not needed to read.
        ("pyarrow_zstd_v1_extras.parquet", dict(compression="zstd", write_page_index=True, write_page_checksum=True,
                                                 bloom_filter_options={"name": {"ndv": 64}})),
    ]
    for name, options in variants:
        pq.write_table(PERSONA_TABLE, OUT / name, **SMALL, **options)
        manifest.append({"file": name, "writer": "pyarrow", "expect": "personas", "options": describe(options)})
    # One row group, pyarrow's default page layout.
    pq.write_table(PERSONA_TABLE, OUT / "pyarrow_snappy_one_group.parquet", compression="snappy")
    manifest.append({"file": "pyarrow_snappy_one_group.parquet", "writer": "pyarrow", "expect": "personas",
                     "options": "snappy, defaults"})
    pq.write_table(PERSONA_TABLE.slice(0, 0), OUT / "pyarrow_empty.parquet", compression="snappy")
    manifest.append({"file": "pyarrow_empty.parquet", "writer": "pyarrow", "expect": "empty", "options": "0 rows"})


def polars_personas(manifest):
    frame = pl.from_arrow(PERSONA_TABLE)
    variants = [
        ("polars_default.parquet", {}),
        ("polars_snappy.parquet", {"compression": "snappy"}),
        ("polars_gzip.parquet", {"compression": "gzip"}),
        ("polars_uncompressed_groups.parquet", {"compression": "uncompressed", "row_group_size": 20,
                                                "data_page_size": 512}),
    ]
    for name, options in variants:
        frame.write_parquet(OUT / name, **options)
        manifest.append({"file": name, "writer": "polars", "expect": "personas",
                         "options": describe(options) or "defaults (zstd)"})


def unsupported(manifest):
    ids = pa.array(range(6), pa.int64())
    nested = pa.table({
        "id": ids,
        "profile": pa.array([{"city": "Tromsø", "floor": k} for k in range(6)],
                            pa.struct([("city", pa.string()), ("floor", pa.int32())])),
        "tags": pa.array([[("mood", "calm")], [], None, [("k", "v")], [("a", "b")], [("c", "d")]],
                         pa.map_(pa.string(), pa.string())),
        "nested_lists": pa.array([[[1, 2]], [], None, [[3]], [[4, 5]], [[6]]], pa.list_(pa.list_(pa.int64()))),
        "name": pa.array(["Ada", None, "Lin", "Bo", "Eve", "Kai"]),
    })
    pq.write_table(nested, OUT / "unsupported_nested.parquet", compression="snappy")
    for column, feature in [("profile", "nested struct"), ("tags", "map"), ("nested_lists", "nested list")]:
        manifest.append({"file": "unsupported_nested.parquet", "writer": "pyarrow", "expect": "error",
                         "column": column, "feature": feature, "readable": ["id", "name"]})

    deltas = pa.table({
        "id": ids,
        "name": pa.array(["Ada", "Bea", None, "Dov", "Eli", "Fay"]),
        "background": pa.array(["keeps bees", "keeps bees too", "sails", None, "sails far", "sings"]),
        "score": pa.array([0.5, 1.5, None, 3.25, 4.0, 5.5], pa.float64()),
        "username": pa.array(["ada", None, "cy", "dov", "eli", "fay"]),
    })
    pq.write_table(deltas, OUT / "unsupported_encodings.parquet", use_dictionary=False, compression="none",
                   column_encoding={"id": "DELTA_BINARY_PACKED", "name": "DELTA_LENGTH_BYTE_ARRAY",
                                    "background": "DELTA_BYTE_ARRAY", "score": "BYTE_STREAM_SPLIT"})
    for column, feature in [("id", "DELTA_BINARY_PACKED"), ("name", "DELTA_LENGTH_BYTE_ARRAY"),
                            ("background", "DELTA_BYTE_ARRAY"), ("score", "BYTE_STREAM_SPLIT")]:
        manifest.append({"file": "unsupported_encodings.parquet", "writer": "pyarrow", "expect": "error",
                         "column": column, "feature": feature, "readable": ["username"]})

    for codec, feature in [("lz4", "LZ4"), ("brotli", "BROTLI")]:
        name = f"unsupported_codec_{codec}.parquet"
        pq.write_table(deltas.select(["id", "username"]), OUT / name, compression=codec)
        manifest.append({"file": name, "writer": "pyarrow", "expect": "error", "column": "id", "feature": feature,
                         "readable": []})

    types = pa.table({
        "id": ids,
        "stamp": pa.array([1_700_000_000_000_000 + k for k in range(6)], pa.timestamp("us")),
        "price": pa.array([1, 2, 3, 4, 5, 6], pa.decimal128(9, 2)),
        "day": pa.array(range(6), pa.date32()),
        "code": pa.array([b"ab", b"cd", b"ef", b"gh", b"ij", b"kl"], pa.binary(2)),
        # Unannotated BYTE_ARRAY reads as text when it is UTF-8, and is unsupported binary otherwise.
        "raw_text": pa.array([b"plain", "caf\u00e9".encode(), b"", None, b"tide", b"quay"], pa.binary()),
        "blob": pa.array([b"ok", b"\xff\xfe", None, b"x", b"y", b"z"], pa.binary()),
        # Unsigned and narrow integers: UINT_32 above Int32.max reads; UINT_64 above Int64.max cannot.
        "unsigned": pa.array([0, 1, 2**31, 2**32 - 1, None, 7], pa.uint32()),
        "narrow": pa.array([-32768, 32767, None, -1, 0, 1], pa.int16()),
        "huge": pa.array([1, 2**63 + 5, 3, None, 5, 6], pa.uint64()),
    })
    pq.write_table(types, OUT / "unsupported_types.parquet", use_deprecated_int96_timestamps=True, use_dictionary=["blob"])
    for column, feature in [("stamp", "INT96"), ("price", "DECIMAL"), ("day", "DATE"),
                            ("code", "FIXED_LEN_BYTE_ARRAY"), ("blob", "not UTF-8"), ("huge", "UINT_64 value above Int64.max")]:
        manifest.append({"file": "unsupported_types.parquet", "writer": "pyarrow", "expect": "error",
                         "column": column, "feature": feature, "readable": ["id", "raw_text", "unsigned", "narrow"]})


def describe(options):
    return ", ".join(f"{key}={value}" for key, value in options.items())


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.parquet"):
        old.unlink()
    rows = PERSONA_TABLE.to_pylist()
    for row in rows:
        assert all(not (isinstance(v, float) and math.isnan(v)) for v in row.values())
    write_jsonl(OUT / "personas.jsonl", rows)
    manifest = []
    pyarrow_personas(manifest)
    polars_personas(manifest)
    unsupported(manifest)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    total = sum(path.stat().st_size for path in OUT.iterdir())
    print(f"wrote {len(manifest)} manifest entries, {total} bytes, into {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
