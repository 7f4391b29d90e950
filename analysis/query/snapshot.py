"""A DuckDB file per store version: the statements (every column, the folded search text, the
themes as bits, the period starts, numbers for counting) and the mentions, compressed on disk
and read by DuckDB's buffer manager: what the dashboard's counts and pages scan, out of the
Python heap (analysis.query.snapshot_tables says what each table holds)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads
from deltalake.exceptions import DeltaError

from analysis.query import snapshot_tables as tables
from analysis.query.rollups import write_rollups
from analysis.query.snapshot_tables import (  # noqa: F401 - the snapshot's names, read here
    CHOICE_COLUMNS,
    THEME_BITS,
    TRUNC,
    period_column,
)
from analysis.settings import DUCKDB_MEMORY
from analysis.store import Store, inside_store

# 6: choices; 12: newest first, numbered, mentions with filter columns, article texts,
# rollups, totals, actor country counts; 13: rollups of speech acts and outlets by country;
# 14: rollups sorted by their columns, a speaker's months and outlets
SNAPSHOT_FORMAT = "14"
SNAPSHOT_FOLDER = "_snapshots"  # inside a local store; beside the cache for object stores
KEEP_SNAPSHOTS = 3


def snapshot_path(store: Store, version: int, theme_ids: Sequence[str]) -> Path:
    """Where the snapshot of a store version for a taxonomy lives."""
    key = hashlib.sha1("\n".join([SNAPSHOT_FORMAT, *theme_ids]).encode()).hexdigest()[:10]
    folder = store.root / SNAPSHOT_FOLDER if store.local else _cache_folder(store)
    path = folder / f"v{version}-{key}.duckdb"
    if store.local:  # a link out of the store is refused: snapshots are written and deleted
        inside_store(store.root, path)
    return path


def _cache_folder(store: Store) -> Path:
    name = hashlib.sha1(store.uri.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "syria-dash-snapshots" / name


_NO_MENTIONS = pa.table(
    {c: pa.array([], pa.string()) for c in ("statement_id", "actor", "actor_country")}
)


def build_snapshot(store: Store, version: int, theme_ids: Sequence[str]) -> Path | None:
    """The snapshot file of a store version, built once (atomically) and reused after: from
    the newest older snapshot plus the files that changed when there is one, else whole."""
    path = snapshot_path(store, version, theme_ids)
    if path.exists():
        return path
    if store.latest() is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    previous = _previous_snapshot(store, version, theme_ids)
    connection = None
    if previous is not None:
        connection = _updated(previous, partial, store, version, theme_ids)
    if connection is None:
        connection = _attached(partial)
        _fill(connection, store, version, theme_ids, partial)
    tables.write_summaries(connection)
    write_rollups(connection)
    connection.execute("DETACH snap")
    connection.close()
    os.replace(partial, path)
    _drop_old(path)
    return path


def _fill(
    connection: duckdb.DuckDBPyConnection,
    store: Store,
    version: int,
    theme_ids: Sequence[str],
    partial: Path,
) -> None:
    """The snapshot's tables from the whole store version."""
    connection.register("all_statements", store.dataset("statements", version))
    connection.register("all_mentions", store.dataset("mentions", version) or _NO_MENTIONS)
    connection.register("all_articles", store.dataset("articles", version))
    tables.fill_statements(connection, theme_ids, partial.with_name(partial.name + ".parts"))
    tables.count_actor_countries(connection, "all_mentions", 1)
    tables.insert_article_texts(connection, "all_articles")


def _attached(partial: Path) -> duckdb.DuckDBPyConnection:
    """A connection with the snapshot file being built attached as `snap`."""
    connection = duckdb.connect(config=_config())
    connection.execute(f"ATTACH '{str(partial).replace(chr(39), chr(39) * 2)}' AS snap")
    return connection


def _updated(
    previous: tuple[Path, int], partial: Path, store: Store, version: int, theme_ids: Sequence[str]
) -> duckdb.DuckDBPyConnection | None:
    """An older snapshot brought to this version; None when a file it needs cannot be read
    (a restore away from a damaged file): the caller then builds the snapshot whole."""
    shutil.copyfile(previous[0], partial)
    connection = _attached(partial)
    try:
        _apply_changes(connection, store, previous[1], version, theme_ids)
    except (duckdb.Error, DeltaError, OSError, pa.ArrowException):
        connection.close()
        partial.unlink(missing_ok=True)
        return None
    return connection


def _previous_snapshot(
    store: Store, version: int, theme_ids: Sequence[str]
) -> tuple[Path, int] | None:
    """The newest snapshot of an older version of a local store, for the same taxonomy."""
    if not store.local:
        return None
    suffix = snapshot_path(store, version, theme_ids).name.split("-", 1)[1]
    older = []
    for candidate in snapshot_path(store, version, theme_ids).parent.glob(f"v*-{suffix}"):
        number = candidate.name[1:].split("-", 1)[0]
        if not candidate.resolve().is_relative_to(store.root.resolve()):
            continue  # a link out of the store: never read
        if number.isdigit() and int(number) < version:
            older.append((int(number), candidate))
    if not older:
        return None
    number, candidate = max(older)
    return candidate, number


def _changed_rows(store: Store, name: str, files: set[str], version: int) -> pads.Dataset:
    """The rows of these data files of a table at a version."""
    dataset = store.dataset(name, version)
    fragments = [f for f in dataset.get_fragments() if f.path.rsplit("/", 1)[-1] in files]
    return pads.FileSystemDataset(fragments, dataset.schema, dataset.format, dataset.filesystem)


def _apply_changes(
    connection: duckdb.DuckDBPyConnection,
    store: Store,
    old: int,
    new: int,
    theme_ids: Sequence[str],
) -> None:
    """Bring an older version's snapshot to a newer one: rows of removed files out, rows of
    added files in (an append adds files; a re-parse or compaction also removes some)."""
    for name in ("statements", "mentions", "articles"):
        before, after = store.files(name, old), store.files(name, new)
        removed, added = before - after, after - before
        if removed:
            connection.register("gone", _changed_rows(store, name, removed, old))
            _remove(connection, name)
        if added:
            connection.register("fresh", _changed_rows(store, name, added, new))
            _insert(connection, name, theme_ids)


def _remove(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """The rows of the registered `gone` out of what the snapshot holds of that table."""
    if name == "statements":
        tables.delete_statements(connection, "gone")
    elif name == "mentions":
        tables.count_actor_countries(connection, "gone", -1)
    else:
        gone = "SELECT article_id FROM gone"
        connection.execute(f"DELETE FROM snap.article_texts WHERE article_id IN ({gone})")


def _insert(connection: duckdb.DuckDBPyConnection, name: str, theme_ids: Sequence[str]) -> None:
    """The rows of the registered `fresh` into what the snapshot holds of that table."""
    if name == "statements":
        tables.insert_statements(connection, "fresh", theme_ids)
    elif name == "mentions":
        tables.count_actor_countries(connection, "fresh", 1)
    else:
        tables.insert_article_texts(connection, "fresh")


def _drop_old(newest: Path) -> None:
    """Keep the newest few snapshots of a store (links to older versions rebuild theirs)."""
    others = sorted(newest.parent.glob("v*.duckdb"), key=lambda p: p.stat().st_mtime)
    for old in others[:-KEEP_SNAPSHOTS]:
        if old != newest:
            old.unlink(missing_ok=True)


_OPEN: dict[Path, duckdb.DuckDBPyConnection] = {}


def _config() -> dict[str, str]:
    """DuckDB settings of every snapshot connection: bounded memory, spilling to temp."""
    return {"memory_limit": DUCKDB_MEMORY, "preserve_insertion_order": "false"}


def open_snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    """A cursor of a read-only connection to a snapshot (its table is `statements`); the few
    newest snapshots stay open between calls."""
    if path not in _OPEN:
        for old in list(_OPEN)[: max(0, len(_OPEN) - KEEP_SNAPSHOTS + 1)]:
            _OPEN.pop(old).close()
        _OPEN[path] = duckdb.connect(str(path), read_only=True, config=_config())
    return _OPEN[path].cursor()


def remove_snapshots(store: Store) -> None:
    """Drop every snapshot of a local store (they are rebuilt on demand)."""
    if store.local:
        shutil.rmtree(store.root / SNAPSHOT_FOLDER, ignore_errors=True)
