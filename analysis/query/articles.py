"""The statements found in given articles (what an upload added), read by DuckDB from the
store's statements table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.query.sql import connection_of
from analysis.store import Store

SHOWN = (
    "article_id",
    "speaker",
    "speaker_mention",
    "speaker_country",
    "kind",
    "speech_act",
    "text",
)


def statements_of(
    store: Store, article_ids: Sequence[str], as_of: int | None = None, limit: int = 2000
) -> pd.DataFrame:
    """Per article, its statements in reading order: the SHOWN columns (empty if none)."""
    connection = connection_of(store, as_of)
    if connection is None or not article_ids:
        return pd.DataFrame(columns=list(SHOWN))
    columns = ", ".join(SHOWN)
    sql = (
        f"SELECT {columns} FROM statements WHERE list_contains($ids, article_id) "
        "ORDER BY article_id, start LIMIT $limit"
    )
    return connection.execute(sql, {"ids": list(article_ids), "limit": limit}).df()
