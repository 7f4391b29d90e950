"""Storage only: the articles, statements and mentions tables as Delta Lake tables, in versions."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError

from analysis.load import Article
from analysis.schema import ArticlesTable, MentionsTable, StatementsTable, empty_table
from analysis.settings import PIPELINE_VERSION, STORE_DIR
from analysis.text import SEARCH_SQL

TABLES = ("articles", "statements", "mentions")
LIST_COLUMNS = ("themes", "actors", "theme_evidence")
PIPELINE_COLUMN = "_pipeline"  # stored beside each article: the pipeline that parsed it
SEARCH_COLUMN = "_search"  # stored beside each statement: its folded searchable text
_TEXT = pa.large_string()
_ARROW_TYPES = {  # a field's type (its Series[...] argument) → Arrow; text otherwise
    bool: pa.bool_(),
    pd.Timestamp: pa.timestamp("us"),
    int: pa.int64(),
    object: pa.large_list(_TEXT),  # themes, actors: lists of ids
}


def _arrow_schema(model: type, *extra: str) -> pa.Schema:
    """The Delta table's Arrow schema, from the pandera model's fields (not its schema, whose
    building imports dask: see analysis.schema.columns_of)."""
    fields = [
        (field.name, _ARROW_TYPES.get(annotation.arg, _TEXT))
        for annotation, field in model.__fields__.values()
    ]
    return pa.schema(fields + [(name, _TEXT) for name in extra])


MODELS = {"articles": ArticlesTable, "statements": StatementsTable, "mentions": MentionsTable}
SCHEMAS: dict[str, pa.Schema] = {
    "articles": _arrow_schema(ArticlesTable, PIPELINE_COLUMN),
    "statements": _arrow_schema(StatementsTable, SEARCH_COLUMN),
    "mentions": _arrow_schema(MentionsTable),
}


class StoreError(RuntimeError):
    """The store cannot be read or written; the message is one line saying what to do."""


def inside_store(root: Path, path: Path) -> Path:
    """`path` with its links followed; StoreError unless it stays inside the store folder (a
    tampered store must not make a read or a delete reach a file beside it)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise StoreError(
            f"{path}: leads outside the store folder {root}, refused; remove that link or "
            "restore the store folder from a backup"
        )
    return resolved


def check_links(root: Path, folder: Path) -> None:
    """Refuse a table whose folder, log folder or files are links leading out of the store."""
    inside_store(root, folder)
    for place in (folder, folder / "_delta_log"):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for entry in os.scandir(place):
                if entry.is_symlink():
                    inside_store(root, Path(entry.path))


@dataclass(frozen=True)
class Tables:
    """The three tables of a store; treated as read-only by every caller."""

    articles: pd.DataFrame
    statements: pd.DataFrame
    mentions: pd.DataFrame


@dataclass(frozen=True)
class Commit:
    """One store version: when, what it did, and the table versions it pins."""

    version: int
    timestamp: str
    operation: str
    articles: int
    statements: int
    duplicates: int
    pins: dict[str, int]


def pipeline_version() -> str:
    """What stored statements depend on: the code's version, the spaCy model, the reference
    data and the theme classifier (a retrained one re-parses the store's articles)."""
    from analysis.extract.model import available_model
    from analysis.extract.theme_model import load_theme_model
    from analysis.reference import reference_fingerprint

    themes = load_theme_model()
    classifier = f"/themes-{themes.version}" if themes is not None else ""
    return f"{PIPELINE_VERSION}/{available_model()}/{reference_fingerprint()}{classifier}"


def empty_tables() -> Tables:
    """Tables with no rows and the contract's columns."""
    return Tables(
        empty_table(ArticlesTable), empty_table(StatementsTable), empty_table(MentionsTable)
    )


def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """The articles table of some Article records, validated."""
    records = [a.to_record() for a in articles]
    if not records:
        return empty_table(ArticlesTable)
    frame = pd.DataFrame.from_records(records)
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    return ArticlesTable.validate(frame)


def _as_lists(frame: pd.DataFrame) -> pd.DataFrame:
    for column in LIST_COLUMNS:
        if column in frame:
            frame[column] = [list(v) if v is not None else [] for v in frame[column]]
    return frame


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """A validated frame as an Arrow table of the table's fixed schema."""
    schema = SCHEMAS[name]
    columns = {}
    for field in schema:
        values = frame[field.name] if field.name in frame else [None] * len(frame)
        if pa.types.is_timestamp(field.type):
            values = pd.to_datetime(pd.Series(values), errors="coerce").dt.floor("us")
            columns[field.name] = pa.array(values, type=field.type, from_pandas=True)
        else:
            columns[field.name] = pa.array(list(values), type=field.type, from_pandas=True)
    table = pa.table(columns, schema=schema)
    return _with_search_text(table) if name == "statements" else table


def _with_search_text(statements: pa.Table) -> pa.Table:
    """The statements with their folded searchable text (analysis.text.SEARCH_SQL) filled in."""
    folded = duckdb.sql(f"SELECT {SEARCH_SQL} AS s FROM statements").to_arrow_table()["s"]
    position = statements.schema.get_field_index(SEARCH_COLUMN)
    return statements.set_column(position, SEARCH_COLUMN, folded.cast(_TEXT))


def _with_added_fields(name: str, dataset: pads.Dataset) -> pads.Dataset:
    """The dataset with the contract's fields it was written without, read as nulls."""
    schema = dataset.schema
    for field in SCHEMAS[name]:
        if field.name not in schema.names:
            schema = schema.append(field)
    return dataset if schema is dataset.schema else dataset.replace_schema(schema)


def _frame(name: str, table: pa.Table) -> pd.DataFrame:
    """An Arrow table read back as the contract's validated frame."""
    frame = table.drop_columns([c for c in table.column_names if c.startswith("_")]).to_pandas()
    if name == "statements":
        frame = _as_lists(frame)
    return MODELS[name].validate(frame) if len(frame) else empty_table(MODELS[name])


class Store:
    """A folder of three Delta tables; one store version is one committed articles version.

    An ingest batch appends statements and mentions first, then the batch's articles, whose
    commit pins the statements and mentions versions it saw. A reader of store version V reads
    the pinned table versions, so it never sees half of a batch. Writers take a file lock for
    the few milliseconds of a commit (the NLP runs outside it), so concurrent ingests keep
    every row.
    """

    def __init__(self, root: Path | str = STORE_DIR) -> None:
        self.uri = str(root).rstrip("/")
        self.local = "://" not in self.uri  # else an object-store URI (s3://, az://, gs://)
        self.root = Path(root) if self.local else Path(self.uri.split("://", 1)[1])

    # -- paths and tables ------------------------------------------------------------------
    def _path(self, name: str) -> str:
        return str(self.root / name) if self.local else f"{self.uri}/{name}"

    def _table(self, name: str, version: int | None = None) -> DeltaTable | None:
        if self.local:
            check_links(self.root, self.root / name)
        try:
            table = DeltaTable(self._path(name))
        except TableNotFoundError:
            return None
        if version is not None:
            table.load_as_version(version)
        return table

    def _migrate_if_needed(self) -> None:
        from analysis.store_migration import migrate_generation_store

        if self.local and (self.root / "CURRENT").is_file():
            migrate_generation_store(self)

    # -- versions ----------------------------------------------------------------------------
    def latest(self) -> int | None:
        """The latest store version, or None for a store never written."""
        self._migrate_if_needed()
        table = self._table("articles")
        return None if table is None else table.version()

    def version(self) -> str:
        """An opaque key that changes whenever the tables change ("" for an empty store)."""
        latest = self.latest()
        return "" if latest is None else str(latest)

    def history(self) -> list[Commit]:
        """Every store version, oldest first, with what it added."""
        table = self._table("articles") if self.latest() is not None else None
        if table is None:
            return []
        return [_commit(entry) for entry in reversed(table.history())]

    def commit(self, version: int) -> Commit:
        """The store version `version` (StoreError when there is no such version)."""
        latest = self._table("articles") if self.latest() is not None else None
        if latest is not None and version == latest.version():
            return _commit(latest.history(1)[0])  # the newest commit alone, not the whole log
        for entry in self.history():
            if entry.version == version:
                return entry
        raise StoreError(f"{self.uri}: there is no version {version} (latest: {self.latest()})")

    def _pins(self, version: int | None) -> dict[str, int] | None:
        latest = self.latest()
        if latest is None:
            return None
        return self.commit(latest if version is None else version).pins

    # -- reading -----------------------------------------------------------------------------
    def dataset(self, name: str, as_of: int | None = None) -> pads.Dataset | None:
        """The Arrow dataset of one table at a store version (latest by default)."""
        pins = self._pins(as_of)
        if pins is None:
            return None
        table = self._table(name, pins.get(name))
        return None if table is None else _with_added_fields(name, table.to_pyarrow_dataset())

    def files(self, name: str, as_of: int | None = None) -> set[str]:
        """The names of the data files of one table at a store version (what changed between
        two versions, file by file)."""
        pins = self._pins(as_of)
        return set() if pins is None else self.table_files(name, pins.get(name))

    def table_files(self, name: str, table_version: int | None = None) -> set[str]:
        """The names of the data files of one table at one of its own versions (latest: None)."""
        table = self._table(name, table_version)
        return set() if table is None else {uri.rsplit("/", 1)[-1] for uri in table.file_uris()}

    def tables(self, as_of: int | None = None) -> Tables:
        """The tables at a store version (empty tables for a store that was never written)."""
        return Tables(**{name: self.table(name, as_of) for name in TABLES})

    def table(self, name: str, as_of: int | None = None) -> pd.DataFrame:
        """One table at a store version, validated (empty for a store never written)."""
        dataset = self.dataset(name, as_of)
        if dataset is None:
            return empty_table(MODELS[name])
        return _frame(name, dataset.to_table())

    def committed(
        self, ids: Sequence[str] | None = None, *, other_than: str | None = None
    ) -> dict[str, str]:
        """Article id → the pipeline version that parsed it (two columns read, no text): of
        these ids only, or only those parsed by a pipeline `other_than` this one."""
        dataset = self.dataset("articles")
        if dataset is None or (ids is not None and not ids):
            return {}
        wanted = None
        if ids is not None:
            wanted = pads.field("article_id").isin(pa.array(list(ids), pa.large_string()))
        if other_than is not None:
            stale = pads.field(PIPELINE_COLUMN) != other_than
            wanted = stale if wanted is None else wanted & stale
        table = dataset.to_table(columns=["article_id", PIPELINE_COLUMN], filter=wanted)
        return dict(zip(*(table.column(i).to_pylist() for i in range(2)), strict=True))

    def stored_articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored Article records of these ids (for a re-parse under a new pipeline)."""
        dataset = self.dataset("articles")
        if dataset is None or not ids:
            return []
        rows = dataset.to_table(filter=pads.field("article_id").isin(list(ids)))
        frame = _frame("articles", rows)
        return [_article(record) for record in frame.to_dict("records")]

    def counts(self) -> tuple[int, int]:
        """(articles, statements) at the latest version, from the tables' metadata."""
        return self.count("articles"), self.count("statements")

    def count(self, name: str, as_of: int | None = None) -> int:
        """The rows of one table at a store version: the Delta log's count per file where it
        has them all (no file is opened), else counted."""
        pins = self._pins(as_of)
        table = None if pins is None else self._table(name, pins.get(name))
        if table is None:
            return 0
        counts = table.get_add_actions(flatten=True).column("num_records").to_pylist()
        deletions = "deletionVectors" in (table.protocol().reader_features or [])
        if counts and None not in counts and not deletions:
            return int(sum(counts))
        dataset = self.dataset(name, as_of)
        return 0 if dataset is None else dataset.count_rows()

    def duplicates_folded(self) -> int:
        """How many duplicate articles ingests have folded into the stored ones so far."""
        return sum(c.duplicates for c in self.history())

    # -- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's writer lock (other writers wait; readers never do).

        An object-store URI has no shared lock file: one ingest at a time writes to it.
        """
        if not self.local:
            yield
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(inside_store(self.root, self.root / ".lock"), "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def commit_batch(
        self,
        articles: pd.DataFrame,
        statements: pd.DataFrame,
        mentions: pd.DataFrame,
        pipeline: str,
        *,
        duplicates: int = 0,
        operation: str = "ingest",
    ) -> int:
        """Append one batch under the writer lock; the new store version."""
        with self.locked():
            self._drop_unpinned()
            articles, statements, mentions = self._unseen(articles, statements, mentions, pipeline)
            pins = {
                "statements": self._append("statements", StatementsTable.validate(statements)),
                "mentions": self._append("mentions", MentionsTable.validate(mentions)),
            }
            frame = ArticlesTable.validate(articles).assign(**{PIPELINE_COLUMN: pipeline})
            summary = {"articles": len(frame), "statements": len(statements)}
            meta = _meta(operation, pins, duplicates=duplicates, **summary)
            self._append("articles", frame, meta)
            return self._table("articles").version()

    def _unseen(
        self,
        articles: pd.DataFrame,
        statements: pd.DataFrame,
        mentions: pd.DataFrame,
        pipeline: str,
    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The batch less what another writer committed meanwhile; stale rows are deleted.

        Articles stored by another pipeline version are replaced: their old rows go first.
        """
        ids = articles["article_id"]
        committed = self.committed(list(ids))
        done = ids[ids.map(lambda i: committed.get(i) == pipeline)]
        stale = [i for i in ids if i in committed and committed[i] != pipeline]
        if stale:
            self._delete(stale)

        def fresh(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[~frame["article_id"].isin(set(done))]

        return fresh(articles), fresh(statements), fresh(mentions)

    def write(self, tables: Tables, pipeline: str | None = None) -> int:
        """Commit whole tables as one version (synthetic data, tests); the new store version."""
        return self.commit_batch(
            tables.articles, tables.statements, tables.mentions, pipeline or pipeline_version()
        )

    def _append(self, name: str, frame: pd.DataFrame, meta: dict | None = None) -> int:
        write_deltalake(
            self._path(name),
            _arrow(name, frame),
            mode="append",
            schema_mode="merge",  # a table written before a field was added gains it
            commit_properties=CommitProperties(custom_metadata=meta, max_commit_retries=50),
        )
        return self._table(name).version()

    def _delete(self, ids: list[str]) -> None:
        """Remove these articles' rows from every table (a re-parse replaces them)."""
        listed = ", ".join("'" + i.replace("'", "''") + "'" for i in ids)
        pins = {}
        for name in ("statements", "mentions"):
            table = self._table(name)
            table.delete(f"article_id IN ({listed})")
            pins[name] = table.version()
        meta = CommitProperties(custom_metadata=_meta("re-parse", pins, removed=len(ids)))
        self._table("articles").delete(f"article_id IN ({listed})", commit_properties=meta)

    def _drop_unpinned(self) -> None:
        """Undo statements/mentions rows of a batch whose articles never committed (a crash)."""
        pins = self._pins(None) or {}
        for name in ("statements", "mentions"):
            table = self._table(name)
            if table is None:
                continue
            pinned = pins.get(name, -1)
            if table.version() > pinned:
                if pinned < 0:
                    table.delete()
                else:
                    table.restore(pinned)

    # -- maintenance -------------------------------------------------------------------------
    def optimize(self) -> dict[str, dict]:
        """Compact small files in every table; a new store version pins the compacted tables."""
        if self.latest() is None:
            return {}
        with self.locked():
            self._drop_unpinned()
            done = {name: self._table(name).optimize.compact() for name in TABLES}
            pins = {n: self._table(n).version() for n in ("statements", "mentions")}
            self._append("articles", empty_table(ArticlesTable), _meta("optimize", pins))
        return done

    def restore(self, version: int) -> int:
        """Make store version `version` the latest again, as a new version (the later ones stay
        in the history): the way back from a damaged data file added after it."""
        with self.locked():
            pins = self.commit(version).pins
            if version == self.latest():
                return version
            restored = {}
            for name in ("statements", "mentions"):
                table = self._table(name)
                if table.version() != pins[name]:
                    table.restore(pins[name])
                restored[name] = self._table(name).version()
            meta = CommitProperties(_meta("restore", restored, restored_version=version))
            self._table("articles").restore(pins["articles"], commit_properties=meta)
            return self._table("articles").version()

    def vacuum(self, retention_hours: int = 168) -> list[str]:
        """Remove files no version within the retention period refers to; the files removed."""
        removed: list[str] = []
        with self.locked():
            for name in TABLES:
                table = self._table(name)
                if table is not None:
                    removed += table.vacuum(
                        retention_hours=retention_hours,
                        dry_run=False,
                        enforce_retention_duration=False,
                    )
        return removed


def _meta(operation: str, pins: dict[str, int], **counts: int) -> dict[str, str]:
    """The custom metadata of a store commit: what it did and the table versions it pins."""
    return {"syria_dash": json.dumps({"operation": operation, "pins": pins, **counts})}


def _commit(entry: dict) -> Commit:
    """A Delta history entry of the articles table as a store Commit."""
    meta = json.loads(entry.get("syria_dash", "{}"))
    pins = {"articles": entry["version"], **meta.get("pins", {})}
    stamp = datetime.fromtimestamp(entry.get("timestamp", 0) / 1000, UTC)
    return Commit(
        version=entry["version"],
        timestamp=stamp.strftime("%Y-%m-%d %H:%M:%S UTC"),
        operation=meta.get("operation", entry.get("operation", "write").lower()),
        articles=int(meta.get("articles", 0)),
        statements=int(meta.get("statements", 0)),
        duplicates=int(meta.get("duplicates", 0)),
        pins=pins,
    )


def _article(record: dict) -> Article:
    """An Article rebuilt from its stored row."""
    published = record["published"]
    record["published"] = None if pd.isna(published) else published.strftime("%Y-%m-%d")
    return Article(**record)
