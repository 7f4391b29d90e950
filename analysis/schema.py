"""The tables' contract, declared once: articles, statements and actor mentions (pandera)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SPEAKER_TYPES = ("person", "organisation", "government", "unknown")
KINDS = ("direct", "reported", "mixed")
SPEECH_ACTS = (
    "statement",
    "warning",
    "threat",
    "denial",
    "accusation",
    "condemnation",
    "demand",
    "proposal",
    "agreement",
    "support",
    "concern",
    "promise",
)


class ArticlesTable(pa.DataFrameModel):
    """One row per article, as the loader made it (DESIGN.md section 3)."""

    article_id: Series[str] = pa.Field(unique=True)
    origin: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    published: Series[pd.Timestamp] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    language: Series[str]
    text: Series[str]
    sample: Series[bool]

    class Config:
        strict = True
        coerce = True


class StatementsTable(pa.DataFrameModel):
    """One row per statement (DESIGN.md section 3); `themes` and `actors` hold lists of ids."""

    statement_id: Series[str] = pa.Field(unique=True)
    article_id: Series[str]
    outlet: Series[str] = pa.Field(nullable=True)
    published: Series[pd.Timestamp] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    speaker: Series[str] = pa.Field(nullable=True)
    speaker_mention: Series[str] = pa.Field(nullable=True)
    speaker_country: Series[str] = pa.Field(nullable=True)
    speaker_type: Series[str] = pa.Field(isin=SPEAKER_TYPES)
    kind: Series[str] = pa.Field(isin=KINDS)
    cue: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    sentence: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    themes: Series[object]
    actors: Series[object]
    # Added fields (DESIGN.md section 3); null in rows a store kept from before they existed.
    speech_act: Series[str] = pa.Field(nullable=True, isin=SPEECH_ACTS)
    via: Series[str] = pa.Field(nullable=True)
    # One "<theme id>: <why>" per theme in `themes`, in the same order.
    theme_evidence: Series[object]
    sample: Series[bool]

    class Config:
        strict = True
        coerce = True


class MentionsTable(pa.DataFrameModel):
    """One row per canonical actor mentioned in a statement (the long form of `actors`)."""

    statement_id: Series[str]
    article_id: Series[str]
    actor: Series[str]
    actor_type: Series[str] = pa.Field(nullable=True)
    actor_country: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


THEME_PREFIX = "th:"  # prepared statements: one boolean column per theme id, th:<id>


class PreparedStatementsTable(StatementsTable):
    """The statements as the dashboard holds them (analysis.query.prepared): low-cardinality
    columns as categories, one boolean flag per theme, each statement's week and month start
    and, once someone searches, the folded search text. Helper columns start with th: or _."""

    outlet: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
    speaker: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
    speaker_country: Series[pd.CategoricalDtype] = pa.Field(nullable=True)
    speaker_type: Series[pd.CategoricalDtype] = pa.Field(isin=SPEAKER_TYPES)
    kind: Series[pd.CategoricalDtype] = pa.Field(isin=KINDS)
    theme_flags: Series[bool] = pa.Field(alias=f"^{THEME_PREFIX}", regex=True)
    week: Series[pd.Timestamp] = pa.Field(alias="_week", nullable=True)
    month: Series[pd.Timestamp] = pa.Field(alias="_month", nullable=True)
    # Optional: the app folds the search text lazily, on the first text query.
    search: Series[str] | None = pa.Field(alias="_search")


class PreparedMentionsTable(MentionsTable):
    """The mentions as the dashboard holds them: one per (statement, actor), the actor as a
    category and `_row`, the position of the statement in the prepared statements (-1: absent)."""

    actor: Series[pd.CategoricalDtype]
    row: Series[int] = pa.Field(alias="_row", ge=-1)


def columns_of(model: type[pa.DataFrameModel]) -> list[str]:
    """A table's column names in the contract's order, read off the model's fields: building
    its pandera schema imports every dataframe library pandera supports (dask's takes half a
    second), which the dashboard never validates against."""
    return [field.name for _, field in model.__fields__.values()]


ARTICLE_COLUMNS: list[str] = columns_of(ArticlesTable)
STATEMENT_COLUMNS: list[str] = columns_of(StatementsTable)
MENTION_COLUMNS: list[str] = columns_of(MentionsTable)


ADDED_STATEMENT_FIELDS = ("speech_act", "via", "theme_evidence")


def with_added_fields(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements written before the added fields existed, with them empty (a copy)."""
    frame = statements.copy()
    for name in ADDED_STATEMENT_FIELDS:
        if name not in frame:
            frame[name] = [[] for _ in range(len(frame))] if name == "theme_evidence" else None
    return frame


def empty_table(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """An empty frame with the model's columns, validated."""
    return model.validate(pd.DataFrame({c: [] for c in columns_of(model)}))
