"""Dashboard filters: the Filters record, its URL query form (DESIGN.md section 4), and apply()."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd

from analysis.schema import KINDS

# Query-parameter names of the URL contract (DESIGN.md section 4).
REPEATABLE = ("theme", "country", "speaker", "outlet", "kind")
SINGLE = ("from", "to", "q")
PARAMS = REPEATABLE + SINGLE
THEME_PREFIX = "th:"  # boolean helper columns added by prepare_statements()
SEARCH_COLUMN = "_search"
HELPER_COLUMNS_PREFIXES = (THEME_PREFIX, "_")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_QUERY_CHARS = 200
CATEGORICAL_COLUMNS = ("speaker", "speaker_country", "outlet", "kind", "speaker_type")
# Filters field → repeatable query-parameter name.
FIELD_PARAMS = {
    "themes": "theme",
    "countries": "country",
    "speakers": "speaker",
    "outlets": "outlet",
    "kinds": "kind",
}


def _theme_hint(value: str, known: Iterable[str]) -> str:
    """' (did you mean …?)' naming the closest theme ids to a mistyped one, or ''."""
    known = sorted(known)
    folded = value.casefold().replace("-", "_").replace(" ", "_")
    close = [t for t in known if t.startswith(folded) or folded.startswith(t)]
    close = close or difflib.get_close_matches(folded, known, n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(close[:2])}?)" if close else ""


@dataclass(frozen=True)
class Filters:
    """What the analyst chose: empty tuples and None mean "no restriction"."""

    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""

    # -- URL ⇄ Filters ----------------------------------------------------------------------
    @classmethod
    def from_query(
        cls,
        params: Mapping[str, str | Sequence[str]] | str,
        *,
        themes: Iterable[str] | None = None,
    ) -> tuple[Filters, list[str]]:
        """Parse query params (a mapping of name → value(s), or a raw query string).

        Returns the filters and one human-readable problem per ignored value. `themes`, when
        given, is the set of known theme ids; unknown ones are ignored with a problem.
        """
        multi = _as_multi(params)
        problems: list[str] = []
        known_themes = set(themes) if themes is not None else None
        values: dict[str, object] = {}
        for attr, name in FIELD_PARAMS.items():
            kept: list[str] = []
            for raw in multi.get(name, []):
                value = raw.strip()
                if not value:
                    continue
                if name == "kind" and value not in KINDS:
                    problems.append(
                        f"unknown kind {value!r} ignored (expected one of {', '.join(KINDS)})"
                    )
                    continue
                if name == "theme" and known_themes is not None and value not in known_themes:
                    problems.append(
                        f"unknown theme {value!r} ignored{_theme_hint(value, known_themes)}"
                    )
                    continue
                if value not in kept:
                    kept.append(value)
            values[attr] = tuple(kept)
        for attr, name in (("date_from", "from"), ("date_to", "to")):
            raws = [r.strip() for r in multi.get(name, []) if r.strip()]
            if len(raws) > 1:
                problems.append(f"several {name!r} dates given; using the first ({raws[0]})")
            values[attr] = None
            if raws:
                parsed = _parse_date(raws[0])
                if parsed is None:
                    problems.append(f"malformed date {name}={raws[0]!r} ignored (use YYYY-MM-DD)")
                values[attr] = parsed
        if values["date_from"] and values["date_to"] and values["date_from"] > values["date_to"]:
            problems.append(
                f"'from' ({values['date_from']}) is after 'to' ({values['date_to']}); "
                "both dates ignored"
            )
            values["date_from"] = values["date_to"] = None
        queries = [q for q in multi.get("q", []) if q.strip()]
        query = " ".join(queries[0].split()) if queries else ""
        if len(query) > MAX_QUERY_CHARS:
            problems.append(f"search text cut to {MAX_QUERY_CHARS} characters")
            query = query[:MAX_QUERY_CHARS]
        return cls(query=query, **values), problems  # type: ignore[arg-type]

    def to_query(self) -> list[tuple[str, str]]:
        """The query params as (name, value) pairs, repeatable names repeated, empties left out."""
        pairs: list[tuple[str, str]] = []
        for attr, name in FIELD_PARAMS.items():
            pairs += [(name, v) for v in getattr(self, attr)]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.query:
            pairs.append(("q", self.query))
        return pairs

    def to_query_string(self) -> str:
        """The URL query string (without '?') that reproduces these filters."""
        return urlencode(self.to_query())

    def to_params(self) -> dict[str, list[str] | str]:
        """The query params as a dict (lists for repeatable names), e.g. for st.query_params."""
        params: dict[str, list[str] | str] = {}
        for name, value in self.to_query():
            if name in REPEATABLE:
                params.setdefault(name, []).append(value)  # type: ignore[union-attr]
            else:
                params[name] = value
        return params

    # -- description --------------------------------------------------------------------------
    def is_empty(self) -> bool:
        """True when nothing is restricted."""
        return not self.to_query()

    def describe(self, theme_labels: Mapping[str, str] | None = None) -> str:
        """A one-line human description of the filters, for footers and captions."""
        labels = theme_labels or {}
        parts: list[str] = []
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "start"
            end = self.date_to.isoformat() if self.date_to else "latest"
            parts.append(f"{start} – {end}")
        names = (
            ("themes", "themes"),
            ("countries", "speaker countries"),
            ("speakers", "speakers"),
            ("outlets", "outlets"),
            ("kinds", "kinds"),
        )
        for attr, label in names:
            chosen = getattr(self, attr)
            if chosen:
                shown = [labels.get(v, v) if attr == "themes" else v for v in chosen]
                parts.append(f"{label}: {', '.join(shown)}")
        if self.query:
            parts.append(f'text contains "{self.query}"')
        return "; ".join(parts) if parts else "all statements"

    def restricted_to(self, **available: Iterable[str]) -> tuple[Filters, list[str]]:
        """Drop values not among the available ones (e.g. speakers=[…] of the data) with problems.

        Keyword names are field names: themes, countries, speakers, outlets, kinds.
        """
        problems: list[str] = []
        changes: dict[str, tuple[str, ...]] = {}
        for attr, options in available.items():
            allowed = set(options)
            current: tuple[str, ...] = getattr(self, attr)
            kept = tuple(v for v in current if v in allowed)
            for v in current:
                if v not in allowed:
                    problems.append(f"unknown {FIELD_PARAMS[attr]} {v!r} ignored (not in the data)")
            changes[attr] = kept
        return replace(self, **changes), problems


def _as_multi(params: Mapping[str, str | Sequence[str]] | str) -> dict[str, list[str]]:
    if isinstance(params, str):
        multi: dict[str, list[str]] = {}
        for key, value in parse_qsl(params.lstrip("?"), keep_blank_values=True):
            multi.setdefault(key, []).append(value)
        return multi
    out: dict[str, list[str]] = {}
    get_all = getattr(params, "get_all", None)
    for key in params:
        raw = get_all(key) if get_all is not None else params[key]
        out[key] = [raw] if isinstance(raw, str) else [str(v) for v in raw]
    return out


def _parse_date(text: str) -> date | None:
    if not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- applying filters ---------------------------------------------------------------------------
def fold_series(values: pd.Series) -> pd.Series:
    """Lower-case and strip diacritics of a text column, vectorised (as reference.fold does)."""
    text = values.fillna("").astype(str)
    text = text.str.replace("ı", "i", regex=False).str.replace("İ", "I", regex=False)
    text = text.str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
    return text.str.casefold()


def fold_query(query: str) -> str:
    """Fold a search query the same way as the searchable text."""
    return fold_series(pd.Series([" ".join(query.split())])).iloc[0]


def search_text(statements: pd.DataFrame) -> pd.Series:
    """The folded text a full-text query is matched against: what was said, the sentence, the
    speaker as resolved and as written, and the article title."""
    searchable = (
        statements["text"].fillna("")
        + " \n "
        + statements["sentence"].fillna("")
        + " \n "
        + statements["speaker"].astype(object).fillna("")
        + " \n "
        + statements["speaker_mention"].fillna("")
        + " \n "
        + statements["title"].fillna("")
    )
    return fold_series(searchable)


def prepare_statements(
    statements: pd.DataFrame, theme_ids: Sequence[str], *, search: bool = True
) -> pd.DataFrame:
    """A copy of the statements with helper columns that make filtering and counting vectorised.

    Adds one boolean column per theme (``th:<id>``), the week/month start of each statement,
    categorical versions of the low-cardinality columns and, with `search`, the folded search
    text (the app builds that one lazily, on the first query). Done once per store version.
    """
    frame = statements.copy()
    exploded = frame["themes"].explode().dropna()
    known = list(theme_ids)
    ids = list(dict.fromkeys(known + sorted(set(exploded) - set(known))))
    codes = pd.Categorical(exploded.to_numpy(), categories=ids).codes
    rows = frame.index.get_indexer(exploded.index)
    matrix = np.zeros((len(frame), len(ids)), dtype=bool)
    matrix[rows, codes] = True
    for i, theme in enumerate(ids):
        frame[THEME_PREFIX + theme] = matrix[:, i]
    if search:
        frame[SEARCH_COLUMN] = search_text(frame)
    for column in CATEGORICAL_COLUMNS:
        frame[column] = frame[column].astype("category")
    for name, code in (("week", "W"), ("month", "M")):
        frame[f"_{name}"] = frame["published"].dt.to_period(code).dt.start_time
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


def mask(df: pd.DataFrame, filters: Filters, *, search: pd.Series | None = None) -> np.ndarray:
    """Boolean row mask of the statements that pass the filters (vectorised, no row loop).

    `search` is search_text(df) computed beforehand (row for row), if the caller keeps one.
    """
    keep = np.ones(len(df), dtype=bool)
    if filters.themes:
        cols = [THEME_PREFIX + t for t in filters.themes]
        if all(c in df.columns for c in cols):
            keep &= df[cols].to_numpy().any(axis=1)
        else:
            wanted = set(filters.themes)
            exploded = df["themes"].explode()
            hit = exploded.isin(wanted).groupby(level=0).any()
            keep &= hit.reindex(df.index, fill_value=False).to_numpy(bool)
    for attr, column in (
        ("countries", "speaker_country"),
        ("speakers", "speaker"),
        ("outlets", "outlet"),
        ("kinds", "kind"),
    ):
        chosen = getattr(filters, attr)
        if chosen:
            keep &= df[column].isin(chosen).to_numpy(bool)
    if filters.date_from or filters.date_to:
        published = df["published"]
        dated = published.notna().to_numpy(bool)
        keep &= dated
        if filters.date_from:
            keep &= (published >= pd.Timestamp(filters.date_from)).to_numpy(bool)
        if filters.date_to:
            # inclusive: everything before the next day
            keep &= (published < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)).to_numpy(
                bool
            )
    if filters.query:
        needle = fold_query(filters.query)
        candidates = np.flatnonzero(keep)
        if search is not None:
            haystack = search.iloc[candidates]
        elif SEARCH_COLUMN in df.columns:
            haystack = df[SEARCH_COLUMN].iloc[candidates]
        else:  # fold only the rows the other filters kept
            haystack = search_text(df.iloc[candidates])
        hits = haystack.str.contains(needle, regex=False).to_numpy(bool)
        keep[candidates[~hits]] = False
    return keep


def apply(df: pd.DataFrame, filters: Filters, *, search: pd.Series | None = None) -> pd.DataFrame:
    """The statements that pass the filters: a new frame, the input is never modified."""
    if filters.is_empty():
        return df
    return df[mask(df, filters, search=search)]
