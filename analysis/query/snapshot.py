"""A DuckDB file per store version: the statements (every column, the folded search text, the
themes as bits, the period starts) and the mentions, compressed on disk and read by DuckDB's
buffer manager: what the dashboard's counts and pages scan, out of the Python heap."""

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

from analysis.query.sql import quoted
from analysis.schema import STATEMENT_COLUMNS
from analysis.settings import DUCKDB_MEMORY
from analysis.store import SEARCH_COLUMN, Store, inside_store
from analysis.text import SEARCH_SQL

SNAPSHOT_FORMAT = "6"  # 4: every column, search text; 5: hashes for counting; 6: choices
SNAPSHOT_FOLDER = "_snapshots"  # inside a local store; beside the cache for object stores
KEEP_SNAPSHOTS = 3
THEME_BITS = "_theme_bits"
SAID_HASH = "_said"  # hash of (speaker, what was said): repeated words by one speaker
ARTICLE_HASH = "_article"  # hash of the article id: distinct articles counted on integers
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
    path = folder / f"v{version}-{key}.duckdb"
    if store.local:  # a link out of the store is refused: snapshots are written and deleted
        inside_store(store.root, path)
    return path


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


def _statements_select(source: str) -> str:
    """The snapshot's statement columns computed from a table of full statement rows: every
    column, the folded search text, a hash of what was said, theme bits, period starts."""
    columns = ", ".join(map(quoted, STATEMENT_COLUMNS))
    search = f"coalesce({SEARCH_COLUMN}, {SEARCH_SQL}) AS {SEARCH_COLUMN}"
    return (
        f"SELECT {columns}, {search}, hash(speaker, text) AS {SAID_HASH}, "
        f"hash(article_id) AS {ARTICLE_HASH}, {{bits}} AS {THEME_BITS}, "
        f"{_periods_sql()} FROM {source}"
    )


_MENTIONS_SELECT = "SELECT DISTINCT statement_id, actor, actor_country FROM {source}"
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
        _fill(connection, store, version, theme_ids)
    _write_choices(connection)
    connection.execute("DETACH snap")
    connection.close()
    os.replace(partial, path)
    _drop_old(path)
    return path


# Columns whose distinct values the filters offer, kept in the snapshot's `choices` table.
CHOICE_COLUMNS = ("speaker_country", "speaker", "outlet", "kind", "speaker_type", "speech_act")


def _write_choices(connection: duckdb.DuckDBPyConnection) -> None:
    """The distinct values of each choice column, so a page opens without scanning for them."""
    parts = [
        f"SELECT DISTINCT '{c}' AS column_name, CAST({c} AS VARCHAR) AS value "
        f"FROM snap.statements WHERE {c} IS NOT NULL"
        for c in CHOICE_COLUMNS
    ]
    connection.execute(f"CREATE OR REPLACE TABLE snap.choices AS {' UNION ALL '.join(parts)}")


def _theme_params(theme_ids: Sequence[str]) -> dict[str, str]:
    return {f"t{i}": t for i, t in enumerate(theme_ids)}


def _fill(
    connection: duckdb.DuckDBPyConnection, store: Store, version: int, theme_ids: Sequence[str]
) -> None:
    """The snapshot's tables from the whole store version."""
    connection.register("all_statements", store.dataset("statements", version))
    connection.register("all_mentions", store.dataset("mentions", version) or _NO_MENTIONS)
    select = _statements_select("all_statements").format(bits=_bits_sql(theme_ids))
    connection.execute(f"CREATE TABLE snap.statements AS {select}", _theme_params(theme_ids))
    mentions = _MENTIONS_SELECT.format(source="all_mentions")
    connection.execute(f"CREATE TABLE snap.mentions AS {mentions}")


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
    for name in ("statements", "mentions"):
        before, after = store.files(name, old), store.files(name, new)
        removed, added = before - after, after - before
        if removed:
            connection.register("gone", _changed_rows(store, name, removed, old))
            connection.execute(
                f"DELETE FROM snap.{name} WHERE statement_id IN (SELECT statement_id FROM gone)"
            )
        if added:
            connection.register("fresh", _changed_rows(store, name, added, new))
            if name == "statements":
                select = _statements_select("fresh").format(bits=_bits_sql(theme_ids))
                params = _theme_params(theme_ids)
            else:
                select, params = _MENTIONS_SELECT.format(source="fresh"), {}
            connection.execute(f"INSERT INTO snap.{name} {select}", params)


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
