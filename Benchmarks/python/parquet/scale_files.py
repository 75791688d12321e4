"""Writes and reads the 1,000,000-row Parquet files of Benchmarks/parquet-read.sh (pinned venv beside this file).

    python scale_files.py write DIR [ROWS]   # DIR/pyarrow.parquet (pyarrow defaults: snappy, dictionary,
                                             # row groups of up to 1,048,576 rows), DIR/pyarrow-100k.parquet
                                             # (the same in row groups of 100,000) and DIR/polars.parquet (zstd)
    python scale_files.py read FILE MODE     # MODE: pyarrow-stream (one row group at a time),
                                             # pyarrow-table (whole file), polars (whole file)

`read` prints one line: records, seconds and the process's peak resident memory. The rows are
persona records built from word lists written for PersonaBank (seeded), with the SPB fields.
"""

import random
import resource
import sys
import time

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

FIRST = ["Marisol", "Tobias", "Ingrid", "Kwame", "Lior", "Agnieszka", "Ravi", "Oona", "Teodoro", "Saoirse"]
LAST = ["Okafor", "Lindqvist", "Ferreira", "Nakamura", "Brennan", "Castellanos", "Haddad", "Vasquez"]
TRAITS = ["patient", "wry", "methodical", "restless", "generous", "sceptical", "playful", "earnest", "frugal", "blunt"]
JOBS = ["ferry mechanic", "beekeeper", "tram driver", "county archivist", "glassblower", "orchard manager"]
PLACES = ["a fishing town on the north coast", "a canal-side flat", "a vineyard slope", "an island with one bus"]
HABITS = ["restores rusty bicycles", "keeps a weather diary", "plays chess by post", "brews ginger beer"]
STYLES = ["Short replies, lots of questions.", "Long rambling messages with asides.", "Dry jokes, no emoji."]


def table(rows):
    rng = random.Random(20261205)
    columns = {key: [] for key in ["id", "name", "username", "age", "traits", "background", "chatting_style"]}
    for index in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        columns["id"].append(f"p-{index:07d}")
        columns["name"].append(f"{first} {last}")
        columns["username"].append(None if index % 4 == 0 else f"{first.lower()}_{index}")
        columns["age"].append(19 + rng.randrange(57))
        columns["traits"].append(rng.sample(TRAITS, 3 + index % 3))
        columns["background"].append(
            f"A {rng.choice(JOBS)} from {rng.choice(PLACES)} who {rng.choice(HABITS)} and {rng.choice(HABITS)}; "
            f"record {index} of the benchmark set.")
        columns["chatting_style"].append(rng.choice(STYLES))
    return pa.table(columns)


def write(directory, rows):
    data = table(rows)
    pq.write_table(data, f"{directory}/pyarrow.parquet")
    pq.write_table(data, f"{directory}/pyarrow-100k.parquet", row_group_size=100_000)
    pl.from_arrow(data).write_parquet(f"{directory}/polars.parquet")


def read(path, mode):
    start = time.perf_counter()
    if mode == "pyarrow-stream":
        source = pq.ParquetFile(path)
        records = sum(source.read_row_group(group).num_rows for group in range(source.num_row_groups))
    elif mode == "pyarrow-table":
        records = pq.read_table(path).num_rows
    elif mode == "polars":
        records = pl.read_parquet(path).height
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(f"{mode}: {records} records, {seconds:.2f} s, peak resident {peak:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
    else:
        read(sys.argv[2], sys.argv[3])
