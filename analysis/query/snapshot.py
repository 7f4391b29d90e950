"""A DuckDB file per store version with the statements' light columns (no text) and their
themes as bits: what the dashboard's counts scan, compressed and out of the Python heap."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analysis.query.sql import LIGHT_COLUMNS, connection_of, quoted
from analysis.store import Store

SNAPSHOT_FORMAT = "3"  # 2: period starts stored; 3: mentions
SNAPSHOT_FOLDER = "_snapshots"  # inside a local store; beside the cache for object stores
KEEP_SNAPSHOTS = 3
THEME_BITS = "_theme_bits"
SAID_HASH = "_said"
MAX_THEMES = 64
# The dashboard's periods → DuckDB's date_trunc parts (weeks start on Monday, as in pandas).
TRUNC = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def period_column(freq: str) -> str:
    """The snapshot column holding the start of each statement's period."""
    return f"_{TRUNC[freq]}"


def _periods_sql() -> str:
    return ", ".join(
        f"CAST(date_trunc('{part}', published) AS TIMESTAMP) AS {period_column(freq)}"
        for freq, part in TRUNC.items()
    )


def snapshot_path(store: Store, version: int, theme_ids: Sequence[str]) -> Path:
    """Where the snapshot of a store version for a taxonomy lives."""
    key = hashlib.sha1("\n".join([SNAPSHOT_FORMAT, *theme_ids]).encode()).hexdigest()[:10]
    folder = store.root / SNAPSHOT_FOLDER if store.local else _cache_folder(store)
    return folder / f"v{version}-{key}.duckdb"


def _cache_folder(store: Store) -> Path:
    name = hashlib.sha1(store.uri.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "syria-dash-snapshots" / name


def _bits_sql(theme_ids: Sequence[str]) -> str:
    """One UBIGINT per statement: bit i set when it touches theme_ids[i]."""
    if len(theme_ids) > MAX_THEMES:
        raise ValueError(f"a snapshot holds at most {MAX_THEMES} themes, not {len(theme_ids)}")
    parts = [
        f"(CAST(list_contains(themes, $t{i}) AS UBIGINT) << {i})" for i in range(len(theme_ids))
    ]
    return " | ".join(parts) or "CAST(0 AS UBIGINT)"


def build_snapshot(store: Store, version: int, theme_ids: Sequence[str]) -> Path | None:
    """The snapshot file of a store version, built once (atomically) and reused after."""
    path = snapshot_path(store, version, theme_ids)
    if path.exists():
        return path
    source = connection_of(store, version)
    if source is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    columns = ", ".join(map(quoted, LIGHT_COLUMNS))
    escaped = str(partial).replace("'", "''")
    source.execute(f"ATTACH '{escaped}' AS snap")
    source.execute(
        f"CREATE TABLE snap.statements AS SELECT {columns}, hash(text) AS {SAID_HASH}, "
        f"{_bits_sql(theme_ids)} AS {THEME_BITS}, {_periods_sql()} FROM statements",
        {f"t{i}": t for i, t in enumerate(theme_ids)},
    )
    mentions = store.dataset("mentions", version)
    if mentions is not None:
        source.register("all_mentions", mentions)
        source.execute(
            "CREATE TABLE snap.mentions AS SELECT DISTINCT statement_id, actor, actor_country "
            "FROM all_mentions"
        )
    else:
        source.execute(
            "CREATE TABLE snap.mentions (statement_id VARCHAR, actor VARCHAR, actor_country "
            "VARCHAR)"
        )
    source.execute("DETACH snap")
    source.close()
    os.replace(partial, path)
    _drop_old(path)
    return path


def _drop_old(newest: Path) -> None:
    """Keep the newest few snapshots of a store (links to older versions rebuild theirs)."""
    others = sorted(newest.parent.glob("v*.duckdb"), key=lambda p: p.stat().st_mtime)
    for old in others[:-KEEP_SNAPSHOTS]:
        if old != newest:
            old.unlink(missing_ok=True)


_OPEN: dict[Path, duckdb.DuckDBPyConnection] = {}


def open_snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    """A cursor of a read-only connection to a snapshot (its table is `statements`); the few
    newest snapshots stay open between calls."""
    if path not in _OPEN:
        for old in list(_OPEN)[: max(0, len(_OPEN) - KEEP_SNAPSHOTS + 1)]:
            _OPEN.pop(old).close()
        _OPEN[path] = duckdb.connect(str(path), read_only=True)
    return _OPEN[path].cursor()


def remove_snapshots(store: Store) -> None:
    """Drop every snapshot of a local store (they are rebuilt on demand)."""
    if store.local:
        shutil.rmtree(store.root / SNAPSHOT_FOLDER, ignore_errors=True)
