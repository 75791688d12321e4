"""Reads a folder written by `spb-analyze publish --format parquet` the ways the Hub's users do, and
writes, as JSON, what each reader saw per split: every row, plus the Arrow schema and the datasets
features.

    read_published.py FOLDER OUT.json

- pyarrow and pandas read each split file `data/<split>-00000-of-00001.parquet` that has rows;
- `datasets.load_dataset("parquet", data_files={split: file, ...})` reads the same files;
- `datasets.load_dataset(FOLDER)` follows the dataset card's YAML `configs` (README.md), so the card
  must point at the files.

Tests/PublishingTests/ParquetPublishTests.swift runs it (with the pinned venv beside this file) and
compares every field of every row with the personas it published. Values are made plain JSON as in
read_back.py.
"""

import json
import os
import sys
import tempfile

from read_back import plain

SPLITS = ["train", "validation", "test"]


def main():
    folder, out = sys.argv[1], sys.argv[2]
    files = {split: os.path.join(folder, "data", f"{split}-00000-of-00001.parquet") for split in SPLITS}
    import pyarrow.parquet as pq
    # An empty split is left out, as the card's configs leave it out (load_dataset refuses a split with no data).
    files = {split: path for split, path in files.items() if os.path.exists(path) and pq.ParquetFile(path).metadata.num_rows > 0}
    result = {"pyarrow": {}, "pandas": {}, "datasets": {}, "datasets_card": {}}

    import pandas as pd
    for split, path in files.items():
        table = pq.read_table(path)
        result["pyarrow"][split] = {"rows": [plain(row) for row in table.to_pylist()],
                                    "schema": {field.name: str(field.type) for field in table.schema}}
        frame = pd.read_parquet(path)
        result["pandas"][split] = {"rows": [plain(row) for row in frame.to_dict(orient="records")],
                                   "schema": {name: str(dtype) for name, dtype in frame.dtypes.items()}}

    with tempfile.TemporaryDirectory() as cache:
        os.environ["HF_HOME"] = os.path.join(cache, "hf")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["HF_DATASETS_OFFLINE"] = "1"
        import datasets
        datasets.disable_progress_bars()
        for key, loaded in [
            ("datasets", datasets.load_dataset("parquet", data_files=files, cache_dir=os.path.join(cache, "parquet"))),
            ("datasets_card", datasets.load_dataset(folder, cache_dir=os.path.join(cache, "card"))),
        ]:
            for split, dataset in loaded.items():
                result[key][split] = {"rows": [plain(row) for row in dataset.to_list()],
                                      "schema": {name: str(feature) for name, feature in dataset.features.items()}}

    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
