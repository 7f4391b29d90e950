"""Prepared tables: the statements and mentions with the helper columns that make filtering and
counting array arithmetic (theme flags, period starts, categories, folded search text)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.schema import THEME_PREFIX, PreparedMentionsTable, PreparedStatementsTable
from analysis.schema import StatementsTable as Statements
from analysis.text import SEARCHED_COLUMNS

SEARCH_COLUMN: str = PreparedStatementsTable.search
# Helper columns start with one of these; what the analyst sees and exports has none of them.
HELPER_COLUMNS_PREFIXES = (THEME_PREFIX, "_")
# Period → (helper column, pandas period code); other periods are computed when asked for.
PERIOD_COLUMNS = {
    "week": (PreparedStatementsTable.week, "W"),
    "month": (PreparedStatementsTable.month, "M"),
}
CATEGORICAL_COLUMNS = (
    Statements.speaker,
    Statements.speaker_country,
    Statements.outlet,
    Statements.kind,
    Statements.speaker_type,
)


def fold_series(values: pd.Series) -> pd.Series:
    """Lower-case and strip diacritics of a text column, vectorised (as analysis.text.fold)."""
    text = values.fillna("").astype(str)
    text = text.str.replace("ı", "i", regex=False).str.replace("İ", "I", regex=False)
    text = text.str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
    return text.str.casefold()


def fold_query(query: str) -> str:
    """Fold a search query the same way as the searchable text."""
    return fold_series(pd.Series([" ".join(query.split())])).iloc[0]


def search_text(statements: pd.DataFrame) -> pd.Series:
    """The folded text a full-text query is matched against (SEARCHED_COLUMNS, one per line)."""
    # object first: the categorical speaker column cannot take "" as a fill value.
    parts = [statements[column].astype(object).fillna("") for column in SEARCHED_COLUMNS]
    searchable = parts[0]
    for part in parts[1:]:
        searchable = searchable + " \n " + part
    return fold_series(searchable)


def theme_flags(statements: pd.DataFrame, theme_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """One boolean array per theme (``th:<id>``): the taxonomy's ids first, then any other id
    found in the statements, sorted."""
    exploded = statements[Statements.themes].explode().dropna()
    known = list(theme_ids)
    ids = list(dict.fromkeys(known + sorted(set(exploded) - set(known))))
    codes = pd.Categorical(exploded.to_numpy(), categories=ids).codes
    rows = statements.index.get_indexer(exploded.index)
    matrix = np.zeros((len(statements), len(ids)), dtype=bool)
    matrix[rows, codes] = True
    return {THEME_PREFIX + theme: matrix[:, i] for i, theme in enumerate(ids)}


def prepare_statements(
    statements: pd.DataFrame, theme_ids: Sequence[str], *, search: bool = True
) -> pd.DataFrame:
    """A copy of the statements with helper columns (PreparedStatementsTable).

    Adds one boolean column per theme (``th:<id>``), the week/month start of each statement,
    categorical versions of the low-cardinality columns and, with `search`, the folded search
    text (the app builds that one lazily, on the first query). Done once per store version.
    """
    frame = statements.copy()
    for column, flags in theme_flags(frame, theme_ids).items():
        frame[column] = flags
    if search:
        frame[SEARCH_COLUMN] = search_text(frame)
    for column in CATEGORICAL_COLUMNS:
        frame[column] = frame[column].astype("category")
    for column, code in PERIOD_COLUMNS.values():
        frame[column] = frame[Statements.published].dt.to_period(code).dt.start_time
    return frame


def prepare_mentions(mentions: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """A copy of the mentions (PreparedMentionsTable) with ``_row``, the position of their
    statement in `statements` (-1 when absent), and ``actor`` as a category, so selecting and
    counting the mentions of the filtered statements is array arithmetic."""
    statement_id, actor = PreparedMentionsTable.statement_id, PreparedMentionsTable.actor
    frame = mentions.drop_duplicates([statement_id, actor]).reset_index(drop=True)
    positions = pd.Series(np.arange(len(statements)), index=statements[statement_id].to_numpy())
    positions = positions[~positions.index.duplicated()]
    rows = positions.reindex(frame[statement_id].to_numpy()).fillna(-1).to_numpy(int)
    frame[PreparedMentionsTable.row] = rows
    frame[actor] = frame[actor].astype("category")
    return frame


def theme_columns(frame: pd.DataFrame) -> list[str]:
    """The ``th:<id>`` helper columns of a prepared frame."""
    return [c for c in frame.columns if isinstance(c, str) and c.startswith(THEME_PREFIX)]


def public_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without helper columns (what the analyst sees and exports)."""
    keep = [
        c
        for c in frame.columns
        if not (isinstance(c, str) and c.startswith(HELPER_COLUMNS_PREFIXES))
    ]
    return frame[keep]
