"""Reads a Parquet file with pyarrow, pandas and datasets.load_dataset and writes, as JSON, what
each of them saw: every row, plus the Arrow schema and the datasets features.

    read_back.py FILE.parquet OUT.json

Tests/ParquetTests/PythonRoundTripTests.swift runs it (with the pinned venv beside this file) on a
file our ParquetWriter produced and compares every field of every row with what it wrote. Nulls
are JSON null in every reader's rows (pandas' NaN included); NumPy values become plain Python.
"""

import json
import math
import os
import sys
import tempfile


def plain(value):
    """A JSON-ready copy of a value from any of the three readers."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (str, bool, int)):
        return value
    if hasattr(value, "tolist"):  # NumPy arrays and scalars
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    try:
        import pandas as pd
        if value is pd.NA:
            return None
    except ImportError:
        pass
    return str(value)


def main():
    path, out = sys.argv[1], sys.argv[2]
    result = {}

    import pyarrow.parquet as pq
    table = pq.read_table(path)
    result["pyarrow"] = {"rows": [plain(row) for row in table.to_pylist()],
                         "schema": {field.name: str(field.type) for field in table.schema}}

    import pandas as pd
    frame = pd.read_parquet(path)
    result["pandas"] = {"rows": [plain(row) for row in frame.to_dict(orient="records")],
                        "schema": {name: str(dtype) for name, dtype in frame.dtypes.items()}}

    with tempfile.TemporaryDirectory() as cache:
        os.environ["HF_HOME"] = os.path.join(cache, "hf")
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["HF_DATASETS_OFFLINE"] = "1"
        import datasets
        datasets.disable_progress_bars()
        dataset = datasets.load_dataset("parquet", data_files=path, split="train", cache_dir=os.path.join(cache, "datasets"))
        result["datasets"] = {"rows": [plain(row) for row in dataset.to_list()],
                              "schema": {name: str(feature) for name, feature in dataset.features.items()}}

    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
