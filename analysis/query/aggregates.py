"""Counts the dashboard draws (per theme, period, speaker, country, outlet), all vectorised."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.query.prepared import (
    PERIOD_COLUMNS,
    prepare_mentions,
    public_columns,
    theme_columns,
)
from analysis.reference import KeyEvent
from analysis.schema import THEME_PREFIX
from analysis.schema import PreparedMentionsTable as Mentions
from analysis.schema import StatementsTable as Statements

__all__ = [  # prepare_mentions is re-exported: it lived here before query/prepared.py
    "FREQS",
    "GROUPINGS",
    "NO_COUNTRY",
    "NO_SPEAKER",
    "SIDE_DIMENSIONS",
    "DataQuality",
    "compare_profiles",
    "context_of",
    "cooccurrence",
    "data_quality",
    "events_between",
    "latest_statements",
    "overview_counts",
    "period_label",
    "period_starts",
    "prepare_mentions",
    "side_mask",
    "side_totals",
    "speaker_profile",
    "statements_at",
    "theme_by_group",
    "theme_counts",
    "theme_share_over_time",
    "timeline",
    "top_speakers",
    "top_values",
]

FREQS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
GROUPINGS = ("theme", "country", "speaker", "outlet")
# The column of each grouping other than theme: timeline splits and the sides of Compare.
SIDE_DIMENSIONS = {
    "country": Statements.speaker_country,
    "speaker": Statements.speaker,
    "outlet": Statements.outlet,
}
NO_SPEAKER = "(unresolved)"
NO_COUNTRY = "(unknown)"


def _theme_matrix(df: pd.DataFrame, theme_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Boolean statement × theme frame (columns are theme ids), from helper columns if present."""
    cols = theme_columns(df)
    if cols:
        matrix = df[cols]
        matrix.columns = [c[len(THEME_PREFIX) :] for c in cols]
    else:
        exploded = df[Statements.themes].explode().dropna()
        matrix = (
            pd.crosstab(exploded.index, exploded.to_numpy())
            .astype(bool)
            .reindex(index=df.index, fill_value=False)
        )
    if theme_ids is not None:
        ordered = list(theme_ids) + [c for c in matrix.columns if c not in theme_ids]
        matrix = matrix.reindex(columns=ordered, fill_value=False)
    return matrix


def _periods(df: pd.DataFrame, freq: str) -> pd.Series:
    """Start date of each statement's period (NaT where the date is unknown)."""
    column = PERIOD_COLUMNS.get(freq, ("", ""))[0]
    if column in df.columns:
        return df[column]
    return period_starts(df[Statements.published], freq)


def period_starts(published: pd.Series, freq: str) -> pd.Series:
    """Start of the week (Monday) or month of each timestamp."""
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}: use {', '.join(FREQS)}")
    return published.dt.to_period(FREQS[freq]).dt.start_time


def events_between(events: Sequence[KeyEvent], published: pd.Series) -> list[KeyEvent]:
    """The key events (reference.KeyEvent) inside the date range of some publication dates."""
    dates = published.dropna()
    if not len(dates):
        return []
    first, last = dates.min().normalize(), dates.max().normalize()
    return [e for e in events if first <= pd.Timestamp(e.date) <= last]


# -- overview ------------------------------------------------------------------------------------
def overview_counts(df: pd.DataFrame) -> dict[str, object]:
    """Headline counts of a statements frame: statements, articles, speakers, outlets, date span."""
    published = df[Statements.published].dropna()
    return {
        "statements": len(df),
        "articles": int(df[Statements.article_id].nunique()),
        "speakers": int(df[Statements.speaker].nunique()),
        "countries": int(df[Statements.speaker_country].nunique()),
        "outlets": int(df[Statements.outlet].nunique()),
        "first": published.min() if len(published) else None,
        "last": published.max() if len(published) else None,
    }


@dataclass(frozen=True)
class DataQuality:
    """Signals an analyst should see before trusting the counts."""

    statements: int
    without_speaker: int
    without_country: int
    articles: int
    articles_without_date: int
    repeated_statements: int  # same speaker and words in more than one article (wire copy)
    duplicates_folded: int = 0  # articles read twice and stored once (whole store)

    def rows(self) -> pd.DataFrame:
        """The signals as a small table (label, count, share)."""
        items = [
            ("unresolved speaker", self.without_speaker, self.statements),
            ("speaker country unknown", self.without_country, self.statements),
            ("articles without a date", self.articles_without_date, self.articles),
            ("repeated statements", self.repeated_statements, self.statements),
            ("duplicate articles folded", self.duplicates_folded, self.articles),
        ]
        return pd.DataFrame(
            {
                "signal": [i[0] for i in items],
                "count": [i[1] for i in items],
                "share": [round(i[1] / i[2], 3) if i[2] else 0.0 for i in items],
            }
        )


def data_quality(df: pd.DataFrame, duplicates_folded: int = 0) -> DataQuality:
    """Data-quality signals of the statements shown and the articles they come from.

    `duplicates_folded` is the store's count of articles read twice and kept once.
    """
    repeated = int(df.duplicated(subset=[Statements.speaker, Statements.text]).sum())
    undated = df[Statements.published].isna().to_numpy()
    return DataQuality(
        statements=len(df),
        without_speaker=int(df[Statements.speaker].isna().sum()),
        without_country=int(df[Statements.speaker_country].isna().sum()),
        articles=int(df[Statements.article_id].nunique()),
        articles_without_date=int(df.loc[undated, Statements.article_id].nunique()),
        repeated_statements=repeated,
        duplicates_folded=duplicates_folded,
    )


def latest_statements(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recent statements (undated ones last), public columns only."""
    newest_first = df.sort_values(Statements.published, ascending=False, na_position="last")
    return public_columns(newest_first.head(n))


# -- themes --------------------------------------------------------------------------------------
def theme_counts(df: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Statements per theme, in taxonomy order: columns theme, label, statements, share."""
    matrix = _theme_matrix(df, list(labels))
    counts = matrix.sum(axis=0).astype(int)
    total = len(df)
    return pd.DataFrame(
        {
            "theme": counts.index,
            "label": [labels.get(t, t) for t in counts.index],
            "statements": counts.to_numpy(),
            "share": counts.to_numpy() / total if total else np.zeros(len(counts)),
        }
    )


def theme_by_group(
    df: pd.DataFrame,
    labels: Mapping[str, str],
    column: str = Statements.speaker_country,
    top: int = 8,
) -> pd.DataFrame:
    """Statements per (group, theme) for the `top` groups: group, theme, label, statements."""
    groups = df[column].astype(object).fillna(NO_COUNTRY)
    leaders = groups.value_counts().head(top).index
    matrix = _theme_matrix(df, list(labels)).astype(int)
    summed = matrix.groupby(groups.to_numpy()).sum().reindex(leaders, fill_value=0)
    long = summed.stack().rename("statements").reset_index()
    long.columns = ["group", "theme", "statements"]
    long["label"] = long["theme"].map(lambda t: labels.get(t, t))
    return long[["group", "theme", "label", "statements"]]


def theme_share_over_time(
    df: pd.DataFrame, labels: Mapping[str, str], freq: str = "month"
) -> pd.DataFrame:
    """Share of each period's statements that touch each theme: period, theme, label, share."""
    periods = _periods(df, freq)
    dated = periods.notna().to_numpy()
    matrix = _theme_matrix(df, list(labels)).astype(int)[dated]
    grouped = matrix.groupby(periods[dated].to_numpy())
    share = grouped.sum().div(grouped.size(), axis=0)
    long = share.stack().rename("share").reset_index()
    long.columns = ["period", "theme", "share"]
    long["label"] = long["theme"].map(lambda t: labels.get(t, t))
    return long[["period", "theme", "label", "share"]]


# -- timeline ------------------------------------------------------------------------------------
def timeline(
    df: pd.DataFrame,
    *,
    freq: str = "month",
    by: str = "theme",
    labels: Mapping[str, str] | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """Statements per period and group: columns period, group, statements (dated rows only).

    `by` is theme (a statement counts once per theme it touches), country, speaker or outlet
    (the `top` most frequent, the rest as "other").
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}: use one of {', '.join(GROUPINGS)}")
    periods = _periods(df, freq)
    dated = periods.notna().to_numpy()
    if by == "theme":
        labels = labels or {}
        matrix = _theme_matrix(df, list(labels) or None).astype(int)[dated]
        summed = matrix.groupby(periods[dated].to_numpy()).sum()
        long = summed.stack().rename("statements").reset_index()
        long.columns = ["period", "group", "statements"]
        long["group"] = long["group"].map(lambda t: labels.get(t, t))
        return long[long["statements"] > 0].reset_index(drop=True)
    missing = NO_SPEAKER if by == "speaker" else NO_COUNTRY
    groups = df[SIDE_DIMENSIONS[by]].astype(object).fillna(missing)[dated]
    leaders = set(groups.value_counts().head(top).index)
    groups = groups.where(groups.isin(leaders), "other")
    counts = (
        pd.DataFrame({"period": periods[dated].to_numpy(), "group": groups.to_numpy()})
        .groupby(["period", "group"])
        .size()
        .rename("statements")
        .reset_index()
    )
    return counts


def statements_at(
    df: pd.DataFrame,
    period: pd.Timestamp | str,
    *,
    freq: str = "month",
    by: str = "theme",
    group: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The statements behind one point of the timeline (a period, optionally one group),
    newest first."""
    keep = np.array(_periods(df, freq) == pd.Timestamp(period), dtype=bool)
    if group is not None:
        keep &= _in_group(df, by, group, labels)
    behind = df[keep].sort_values(
        Statements.published, ascending=False, kind="stable", na_position="last"
    )
    return public_columns(behind)


def _in_group(
    df: pd.DataFrame, by: str, group: str, labels: Mapping[str, str] | None
) -> np.ndarray | bool:
    """Rows of one timeline group: a theme (by label), "other", an unknown value, or a value."""
    if by == "theme":
        by_label = {v: k for k, v in (labels or {}).items()}
        theme = by_label.get(group, group)
        matrix = _theme_matrix(df)
        return matrix[theme].to_numpy(bool) if theme in matrix else False
    values = df[SIDE_DIMENSIONS[by]].astype(object)
    if group == "other":
        leaders = set(values.dropna().value_counts().head(8).index)
        return ~values.isin(leaders).to_numpy()
    if group in (NO_SPEAKER, NO_COUNTRY):
        return values.isna().to_numpy()
    return (values == group).to_numpy()


def period_label(period: pd.Timestamp | str, freq: str) -> str:
    """How a timeline period reads: 'week of 2021-03-01', 'March 2021', '2021 Q1', '2021'."""
    start = pd.Timestamp(period)
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}: use {', '.join(FREQS)}")
    if freq == "week":
        return f"week of {start:%Y-%m-%d}"
    if freq == "month":
        return f"{start:%B %Y}"
    if freq == "quarter":
        return f"{start.year} Q{start.quarter}"
    return str(start.year)


# -- actors --------------------------------------------------------------------------------------
def top_speakers(df: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The n speakers with most statements: columns speaker, country, statements."""
    speakers = df[Statements.speaker].astype(object)
    counts = speakers.dropna().value_counts().head(n)
    countries = (
        pd.DataFrame(
            {"speaker": speakers, "country": df[Statements.speaker_country].astype(object)}
        )
        .dropna(subset=["speaker"])
        .drop_duplicates("speaker")
        .set_index("speaker")["country"]
    )
    return pd.DataFrame(
        {
            "speaker": counts.index,
            "country": countries.reindex(counts.index).to_numpy(),
            "statements": counts.to_numpy(),
        }
    )


def top_values(
    df: pd.DataFrame, column: str, n: int = 15, missing: str = NO_COUNTRY
) -> pd.DataFrame:
    """The n most frequent values of a column: columns value, statements."""
    counts = df[column].astype(object).fillna(missing).value_counts().head(n)
    return pd.DataFrame({"value": counts.index, "statements": counts.to_numpy()})


def speaker_profile(
    df: pd.DataFrame, speaker: str, labels: Mapping[str, str], freq: str = "month"
) -> dict[str, pd.DataFrame]:
    """One speaker's themes, statements over time and the outlets quoting them."""
    own = df[(df[Statements.speaker].astype(object) == speaker).to_numpy()]
    periods = _periods(own, freq).dropna()
    over_time = periods.value_counts().sort_index()
    return {
        "themes": theme_counts(own, labels),
        "over_time": pd.DataFrame({"period": over_time.index, "statements": over_time.to_numpy()}),
        "outlets": top_values(own, Statements.outlet, n=15),
        "statements": own,
    }


@dataclass(frozen=True)
class _SelectedMentions:
    """The mentions of the selected statements as parallel arrays, for counting."""

    actor_codes: np.ndarray  # an index into `names` per mention
    names: np.ndarray  # actor names
    statement_keys: np.ndarray  # an integer per statement, equal for mentions of one statement
    countries: pd.DataFrame  # actor, actor_country rows to look the actors' countries up in


def _select_prepared(mentions: pd.DataFrame, selected: np.ndarray) -> _SelectedMentions:
    """From prepared mentions and a boolean array over the prepared statements."""
    rows = mentions[Mentions.row].to_numpy()
    keep = rows >= 0
    keep[keep] = selected[rows[keep]]
    actors = mentions[Mentions.actor].cat
    return _SelectedMentions(
        actor_codes=actors.codes.to_numpy()[keep],
        names=np.asarray(actors.categories, dtype=object),
        statement_keys=rows[keep],
        countries=mentions[[Mentions.actor, Mentions.actor_country]],
    )


def _select_listed(
    mentions: pd.DataFrame, selected: pd.Series | Sequence[str] | np.ndarray
) -> _SelectedMentions:
    """From plain mentions and the statement ids shown."""
    shown = mentions[mentions[Mentions.statement_id].isin(pd.Index(selected))]
    shown = shown.drop_duplicates([Mentions.statement_id, Mentions.actor])
    actor_codes, uniques = pd.factorize(shown[Mentions.actor].astype(object))
    return _SelectedMentions(
        actor_codes=actor_codes,
        names=np.asarray(uniques, dtype=object),
        statement_keys=pd.factorize(shown[Mentions.statement_id])[0],
        countries=shown[[Mentions.actor, Mentions.actor_country]],
    )


def _cooccurrence_arrays(
    actor_codes: np.ndarray, statement_keys: np.ndarray, names: np.ndarray, top: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(top actor codes, their counts, k×k co-occurrence counts) from parallel arrays; ties in
    the ranking are broken by name so the result does not depend on row order."""
    # An empty selection still gets one (zero) count per name: the ranking frame needs both.
    counts = np.bincount(np.asarray(actor_codes, dtype=np.int64), minlength=len(names))
    ranking = pd.DataFrame({"count": counts, "name": names.astype(str)})
    ranking = ranking[ranking["count"] > 0].sort_values(
        ["count", "name"], ascending=[False, True], kind="stable"
    )
    order = ranking.index.to_numpy()[:top]
    k = len(order)
    index_of = np.full(len(counts), -1)
    index_of[order] = np.arange(k)
    local = index_of[actor_codes] if len(actor_codes) else np.zeros(0, dtype=int)
    in_top = local >= 0
    # Pairs by a self-join on the statement (integer keys; no BLAS: a matrix product of the
    # incidence matrix is fast alone but crawls when other processes hold the cores).
    pairs = pd.DataFrame({"s": statement_keys[in_top], "a": local[in_top]})
    joined = pairs.merge(pairs, on="s")
    upper = (joined["a_x"] < joined["a_y"]).to_numpy()
    flat = joined["a_x"].to_numpy()[upper] * k + joined["a_y"].to_numpy()[upper]
    together = np.bincount(flat, minlength=k * k).reshape(k, k) if k else np.zeros((0, 0))
    return order, counts[order].astype(int), together


def _actor_countries(countries: pd.DataFrame) -> pd.Series:
    """Each actor's first known country, indexed by actor name."""
    return (
        countries.dropna(subset=[Mentions.actor_country])
        .drop_duplicates(Mentions.actor)
        .assign(actor=lambda f: f[Mentions.actor].astype(object))
        .set_index(Mentions.actor)[Mentions.actor_country]
    )


def cooccurrence(
    mentions: pd.DataFrame,
    selected: pd.Series | Sequence[str] | np.ndarray,
    top: int = 40,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor co-occurrence within statements, for the `top` most mentioned actors.

    `selected` is either the statement ids shown or, with mentions from prepare_mentions(), a
    boolean array over the statements table. Returns (nodes: actor, country, statements;
    edges: source, target, weight), nodes by decreasing count, edges by decreasing weight.
    """
    prepared = isinstance(selected, np.ndarray) and selected.dtype == bool
    if prepared and Mentions.row in mentions:
        chosen = _select_prepared(mentions, selected)  # type: ignore[arg-type]
    else:
        chosen = _select_listed(mentions, selected)
    order, counts, together = _cooccurrence_arrays(
        chosen.actor_codes, chosen.statement_keys, chosen.names, top
    )
    top_names = chosen.names[order]
    nodes = pd.DataFrame(
        {
            "actor": top_names,
            "country": _actor_countries(chosen.countries).reindex(top_names).to_numpy(dtype=object),
            "statements": counts.astype(int),
        }
    )
    upper_a, upper_b = np.triu_indices(len(order), k=1)
    weights = together[upper_a, upper_b].astype(int)
    edges = pd.DataFrame(
        {"source": top_names[upper_a], "target": top_names[upper_b], "weight": weights}
    )
    edges = edges[edges["weight"] > 0]
    return nodes, edges.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)


# -- compare -------------------------------------------------------------------------------------
def side_mask(df: pd.DataFrame, dimension: str, value: str) -> np.ndarray:
    """Rows of one side of a comparison: a speaker country, a speaker or an outlet."""
    if dimension not in SIDE_DIMENSIONS:
        raise ValueError(f"unknown side {dimension!r}: use country, speaker or outlet")
    return (df[SIDE_DIMENSIONS[dimension]].astype(object) == value).to_numpy()


def compare_profiles(
    df: pd.DataFrame,
    side_a: tuple[str, str],
    side_b: tuple[str, str],
    labels: Mapping[str, str],
) -> pd.DataFrame:
    """Theme profiles of two sides over the same rows: theme, label, statements_a, statements_b,
    share_a, share_b, gap (share_a − share_b, percentage points), sorted by |gap|."""
    matrix = _theme_matrix(df, list(labels)).astype(int)
    rows = []
    for mask_ in (side_mask(df, *side_a), side_mask(df, *side_b)):
        part = matrix[mask_]
        rows.append((part.sum(axis=0), int(mask_.sum())))
    (count_a, n_a), (count_b, n_b) = rows
    share_a = count_a / n_a if n_a else count_a * 0.0
    share_b = count_b / n_b if n_b else count_b * 0.0
    out = pd.DataFrame(
        {
            "theme": matrix.columns,
            "label": [labels.get(t, t) for t in matrix.columns],
            "statements_a": count_a.to_numpy(),
            "statements_b": count_b.to_numpy(),
            "share_a": share_a.to_numpy(dtype=float),
            "share_b": share_b.to_numpy(dtype=float),
        }
    )
    out["gap"] = (out["share_a"] - out["share_b"]) * 100
    return out.reindex(out["gap"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def side_totals(
    df: pd.DataFrame, side_a: tuple[str, str], side_b: tuple[str, str]
) -> tuple[int, int]:
    """Number of statements on each side."""
    return int(side_mask(df, *side_a).sum()), int(side_mask(df, *side_b).sum())


# -- statements --------------------------------------------------------------------------------
def context_of(text: str | None, statement: pd.Series, width: int = 300) -> tuple[str, str]:
    """The article text just before and after a statement's sentence (plain text), with "…"
    where it was cut; empty when the article text or the offsets are not found."""
    if text is None:
        return "", ""
    start, end = int(statement[Statements.start]), int(statement[Statements.end])
    if not (0 <= start <= end <= len(text)):
        return "", ""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return ("…" + before if start > width else before), (
        after + "…" if end + width < len(text) else after
    )
