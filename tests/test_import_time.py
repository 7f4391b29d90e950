"""The dashboard's imports stay light: the contract's columns and Arrow types are read off the
pandera models' fields, and building their schemas (which imports dask) waits for validation."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa

from analysis.schema import ARTICLE_COLUMNS, MENTION_COLUMNS, STATEMENT_COLUMNS
from analysis.settings import PROJECT_DIR
from analysis.store import MODELS, SCHEMAS

# What the Arrow types were derived from before: each column's pandas dtype in the schema.
BY_DTYPE = {
    "bool": pa.bool_(),
    "datetime64[ns]": pa.timestamp("us"),
    "int64": pa.int64(),
    "object": pa.large_list(pa.large_string()),
}


def test_the_columns_are_those_of_the_pandera_schemas():
    columns = {"articles": ARTICLE_COLUMNS, "statements": STATEMENT_COLUMNS}
    columns["mentions"] = MENTION_COLUMNS
    for name, model in MODELS.items():
        assert columns[name] == list(model.to_schema().columns)


def test_the_arrow_types_are_those_the_schemas_give():
    for name, model in MODELS.items():
        expected = [
            (column, BY_DTYPE.get(str(spec.dtype), pa.large_string()))
            for column, spec in model.to_schema().columns.items()
        ]
        assert [(f.name, f.type) for f in SCHEMAS[name]][: len(expected)] == expected


def test_the_dashboard_imports_without_dask():
    code = "import sys, dashboard; print('dask' in sys.modules, 'pandera' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert found.stdout.split() == ["False", "True"]
