"""Storage only: Parquet tables keyed by content hash and pipeline version, written atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.load import Article
from analysis.schema import ArticlesTable, MentionsTable, StatementsTable, empty_table
from analysis.settings import PIPELINE_VERSION, STORE_DIR

Progress = Callable[[int, int | None], None]
TABLES = ("articles", "statements", "mentions")
LIST_COLUMNS = ("themes", "actors")


@dataclass(frozen=True)
class Tables:
    """The three tables of a store; treated as read-only by every caller."""

    articles: pd.DataFrame
    statements: pd.DataFrame
    mentions: pd.DataFrame


def pipeline_version() -> str:
    """What stored statements depend on: the code's version, the model and the reference data."""
    from analysis.extract.model import available_model
    from analysis.reference import reference_fingerprint

    return f"{PIPELINE_VERSION}/{available_model()}/{reference_fingerprint()}"


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


class Store:
    """A folder of Parquet tables; each write makes a new generation and swaps a pointer."""

    def __init__(self, root: Path | str = STORE_DIR) -> None:
        self.root = Path(root)

    # -- reading ---------------------------------------------------------------------------
    def version(self) -> str:
        """An opaque key that changes whenever the tables change ("" for an empty store)."""
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def manifest(self) -> dict:
        """The current generation's manifest: article id → pipeline version, and metadata."""
        generation = self.version()
        if not generation:
            return {"articles": {}}
        path = self.root / generation / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def tables(self) -> Tables:
        """The current tables (empty tables for a store that was never written)."""
        generation = self.version()
        if not generation:
            return empty_tables()
        folder = self.root / generation
        return Tables(
            articles=pd.read_parquet(folder / "articles.parquet"),
            statements=_as_lists(pd.read_parquet(folder / "statements.parquet")),
            mentions=pd.read_parquet(folder / "mentions.parquet"),
        )

    # -- writing ---------------------------------------------------------------------------
    def replace_articles(
        self,
        articles: pd.DataFrame,
        statements: pd.DataFrame,
        mentions: pd.DataFrame,
        version: str,
        *,
        duplicates_folded: int,
    ) -> Tables:
        """Write the tables with these articles' rows replaced by the given ones; the new tables."""
        current = self.tables()
        replaced = set(articles["article_id"])

        def kept(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[~frame["article_id"].isin(replaced)]

        tables = Tables(
            articles=pd.concat([kept(current.articles), articles], ignore_index=True),
            statements=pd.concat([kept(current.statements), statements], ignore_index=True),
            mentions=pd.concat([kept(current.mentions), mentions], ignore_index=True),
        )
        known = self.manifest().get("articles", {})
        versions = {
            **{i: v for i, v in known.items() if i not in replaced},
            **dict.fromkeys(replaced, version),
        }
        self.write(tables, versions, duplicates_folded=duplicates_folded)
        return tables

    def duplicates_folded(self) -> int:
        """How many duplicate articles ingests have folded into the stored ones so far."""
        return int(self.manifest().get("duplicates_folded", 0))

    def write(
        self,
        tables: Tables,
        article_versions: dict[str, str] | None = None,
        *,
        duplicates_folded: int = 0,
    ) -> None:
        """Write a whole new generation, then point CURRENT at it (atomic for readers)."""
        tables = Tables(
            ArticlesTable.validate(tables.articles),
            StatementsTable.validate(tables.statements),
            MentionsTable.validate(tables.mentions),
        )
        if article_versions is None:
            article_versions = dict.fromkeys(tables.articles["article_id"], pipeline_version())
        manifest = {
            "pipeline_version": pipeline_version(),
            "articles": article_versions,
            "duplicates_folded": duplicates_folded,
        }
        self.root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="gen-", dir=self.root))
        try:
            for name in TABLES:
                getattr(tables, name).to_parquet(folder / f"{name}.parquet", index=False)
            (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        previous = self.version()
        pointer = self.root / f".CURRENT.{os.getpid()}"
        pointer.write_text(folder.name, encoding="utf-8")
        os.replace(pointer, self.root / "CURRENT")
        if previous and previous != folder.name:
            shutil.rmtree(self.root / previous, ignore_errors=True)
