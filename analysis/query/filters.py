"""Dashboard filters: one field registry from which the Filters record, its URL query form
(DESIGN.md section 4), its description and its row mask are made; the sidebar reads it too."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd

from analysis.query.prepared import (
    CATEGORICAL_COLUMNS,
    HELPER_COLUMNS_PREFIXES,
    SEARCH_COLUMN,
    fold_query,
    fold_series,
    prepare_statements,
    public_columns,
    search_text,
    theme_columns,
)
from analysis.reference import OUTLET_KINDS, outlets_of_kinds
from analysis.schema import KINDS, SPEECH_ACTS, THEME_PREFIX
from analysis.schema import StatementsTable as Statements
from analysis.text import fold

__all__ = [  # the prepared-table names are re-exported: importers predate query/prepared.py
    "CATEGORICAL_COLUMNS",
    "DATE",
    "FIELDS",
    "HELPER_COLUMNS_PREFIXES",
    "MULTI",
    "PARAMS",
    "REPEATABLE",
    "SEARCH_COLUMN",
    "TEXT",
    "THEME_PREFIX",
    "FilterField",
    "Filters",
    "apply",
    "field_named",
    "fields_of",
    "fold_query",
    "fold_series",
    "mask",
    "prepare_statements",
    "public_columns",
    "search_text",
    "theme_columns",
]

MULTI = "multi"  # a repeatable parameter: rows with any of the values pass
DATE = "date"  # one YYYY-MM-DD day: a bound of the publication date range
TEXT = "text"  # full text: rows whose folded search text contains it pass
MAX_QUERY_CHARS = 200
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")  # words of letters: a surname


@dataclass(frozen=True)
class FilterField:
    """One filter: its Filters attribute, URL parameter, column, kind and how it reads."""

    name: str  # the Filters attribute
    param: str  # the query-parameter name of the URL contract, also the sidebar widget key
    column: str  # the statements column it restricts
    kind: str  # MULTI, DATE or TEXT
    label: str  # the sidebar widget's label
    described_as: str = ""  # how describe() introduces the chosen values
    placeholder: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()  # a fixed set of valid values (others ignored with a problem)
    taxonomy: bool = False  # values are theme ids: checked against the taxonomy, shown by label
    upper_bound: bool = False  # a date that ends the range (inclusive)
    # Values that stand for several of the column's values (an outlet kind → its outlets).
    expand: Callable[[tuple[str, ...]], tuple[str, ...]] | None = None

    def column_values(self, chosen: tuple[str, ...]) -> tuple[str, ...]:
        """The column values the chosen values select."""
        return self.expand(chosen) if self.expand else chosen


# In URL order: to_query() writes the parameters in this order, so shared links stay the same.
FIELDS: tuple[FilterField, ...] = (
    FilterField(
        name="themes",
        param="theme",
        column=Statements.themes,
        kind=MULTI,
        label="Themes",
        described_as="themes",
        placeholder="All themes",
        taxonomy=True,
    ),
    FilterField(
        name="countries",
        param="country",
        column=Statements.speaker_country,
        kind=MULTI,
        label="Speaker countries",
        described_as="speaker countries",
        placeholder="All countries",
    ),
    FilterField(
        name="speakers",
        param="speaker",
        column=Statements.speaker,
        kind=MULTI,
        label="Speakers",
        described_as="speakers",
        placeholder="All speakers",
    ),
    FilterField(
        name="outlets",
        param="outlet",
        column=Statements.outlet,
        kind=MULTI,
        label="Outlets",
        described_as="outlets",
        placeholder="All outlets",
    ),
    FilterField(
        name="kinds",
        param="kind",
        column=Statements.kind,
        kind=MULTI,
        label="Speech kind",
        described_as="kinds",
        placeholder="All kinds",
        choices=KINDS,
    ),
    FilterField(
        name="acts",
        param="act",
        column=Statements.speech_act,
        kind=MULTI,
        label="Speech acts",
        described_as="speech acts",
        placeholder="All speech acts",
        help="What the speaker did: warned, denied, accused, called for … (data/cues.toml).",
        choices=SPEECH_ACTS,
    ),
    FilterField(
        name="outlet_kinds",
        param="outlet_kind",
        column=Statements.outlet,
        kind=MULTI,
        label="Outlet kinds",
        described_as="outlet kinds",
        placeholder="All outlet kinds",
        help="State, pro-government, independent or wire media (data/outlets.toml).",
        choices=OUTLET_KINDS,
        expand=outlets_of_kinds,
    ),
    FilterField(
        name="date_from", param="from", column=Statements.published, kind=DATE, label="From"
    ),
    FilterField(
        name="date_to",
        param="to",
        column=Statements.published,
        kind=DATE,
        label="To",
        upper_bound=True,
    ),
    # Last: the text test folds only the rows every other filter kept.
    FilterField(
        name="query",
        param="q",
        column=SEARCH_COLUMN,
        kind=TEXT,
        label="Text contains",
        described_as="text contains",
        placeholder="e.g. Astana",
        help="Matches the statement, its sentence, the speaker or the article's title.",
    ),
)
PARAMS = tuple(f.param for f in FIELDS)
REPEATABLE = tuple(f.param for f in FIELDS if f.kind == MULTI)
_BY_NAME = {f.name: f for f in FIELDS}


def field_named(name: str) -> FilterField:
    """The registry entry of a Filters attribute."""
    return _BY_NAME[name]


def fields_of(kind: str) -> tuple[FilterField, ...]:
    """The registry entries of one kind (MULTI, DATE or TEXT), in registry order."""
    return tuple(f for f in FIELDS if f.kind == kind)


@dataclass(frozen=True)
class Filters:
    """What the analyst chose: empty tuples and None mean "no restriction" (fields: FIELDS)."""

    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()
    outlet_kinds: tuple[str, ...] = ()
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
        given = _as_multi(params)
        known_themes = set(themes) if themes is not None else None
        problems: list[str] = []
        values = {
            f.name: _parse_field(f, given.get(f.param, []), problems, known_themes)
            for f in FIELDS
            if f.kind != TEXT
        }
        _drop_reversed_range(values, problems)
        # The text is read after the range check: the problems keep their long-standing order.
        for f in fields_of(TEXT):
            values[f.name] = _parse_text(f, given.get(f.param, []), problems)
        return cls(**values), problems  # type: ignore[arg-type]

    def to_query(self) -> list[tuple[str, str]]:
        """The query params as (name, value) pairs, repeatable names repeated, empties left out."""
        pairs: list[tuple[str, str]] = []
        for f in FIELDS:
            value = getattr(self, f.name)
            if f.kind == MULTI:
                pairs += [(f.param, v) for v in value]
            elif value:
                pairs.append((f.param, value.isoformat() if f.kind == DATE else value))
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
        parts = [self._describe_range()] if self.date_from or self.date_to else []
        for f in FIELDS:
            value = getattr(self, f.name)
            if f.kind != DATE and value:
                parts.append(_describe_field(f, value, labels))
        return "; ".join(parts) if parts else "all statements"

    def _describe_range(self) -> str:
        start = self.date_from.isoformat() if self.date_from else "start"
        end = self.date_to.isoformat() if self.date_to else "latest"
        return f"{start} – {end}"

    def restricted_to(self, **available: Iterable[str]) -> tuple[Filters, list[str]]:
        """The values matched to the available ones (e.g. speakers=[…] of the data), case and
        diacritics ignored ('russia' → 'Russia', 'Erdogan' → 'Recep Tayyip Erdoğan'); values
        that match none are dropped with a problem.

        Keyword names are the MULTI field names: themes, countries, speakers, outlets, kinds.
        """
        problems: list[str] = []
        changes: dict[str, tuple[str, ...]] = {}
        for name, options in available.items():
            param = field_named(name).param
            matched: list[str] = []
            for value in getattr(self, name):
                found = match_value(value, options)
                if found is None:
                    problems.append(f"unknown {param} {value!r} ignored (not in the data)")
                elif found not in matched:
                    matched.append(found)
            changes[name] = tuple(matched)
        return replace(self, **changes), problems


def match_value(value: str, options: Iterable[str]) -> str | None:
    """The option a link value names: itself, the one equal to it with case and diacritics
    ignored, else the only one it ends (a surname: 'erdogan' → 'Recep Tayyip Erdoğan')."""
    choices = list(options)
    if value in choices:
        return value
    folded = fold(value)
    equal = [c for c in choices if fold(c) == folded]
    if equal:
        return equal[0]
    if not _NAME_RE.match(folded):  # only a name may stand for a longer one
        return None
    ending = [c for c in choices if fold(c).endswith(" " + folded)]
    return ending[0] if len(ending) == 1 else None


# -- parsing ------------------------------------------------------------------------------------
def _as_multi(params: Mapping[str, str | Sequence[str]] | str) -> dict[str, list[str]]:
    """Every parameter's values as a list, from a query string or a mapping (st.query_params)."""
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


def _parse_field(
    field: FilterField, raws: list[str], problems: list[str], known_themes: set[str] | None
) -> tuple[str, ...] | date | None:
    """The value of a MULTI or DATE field from its raw parameter values."""
    if field.kind == MULTI:
        return _parse_values(field, raws, problems, known_themes)
    return _parse_day(field, raws, problems)


def _parse_values(
    field: FilterField, raws: list[str], problems: list[str], known_themes: set[str] | None
) -> tuple[str, ...]:
    """The distinct non-blank valid values, in the order given."""
    kept: list[str] = []
    for raw in raws:
        value = raw.strip()
        if not value:
            continue
        if field.choices:
            value = match_value(value, field.choices) or value
        elif field.taxonomy and known_themes:
            value = _theme_named(value, known_themes) or value
        problem = _value_problem(field, value, known_themes)
        if problem:
            problems.append(problem)
        elif value not in kept:
            kept.append(value)
    return tuple(kept)


def _value_problem(field: FilterField, value: str, known_themes: set[str] | None) -> str | None:
    """Why a value of a MULTI field is ignored, or None when it stands."""
    if field.choices and value not in field.choices:
        expected = ", ".join(field.choices)
        return f"unknown {field.param} {value!r} ignored (expected one of {expected})"
    if field.taxonomy and known_themes is not None and value not in known_themes:
        return f"unknown {field.param} {value!r} ignored{_theme_hint(value, known_themes)}"
    return None


def _theme_named(value: str, known: Iterable[str]) -> str | None:
    """The theme id a link value names: the id in other case or with spaces, or the only id it
    begins ('Astana' → 'astana_format')."""
    ids = sorted(known)
    folded = fold(value).replace("-", "_").replace(" ", "_")
    if folded in ids:
        return folded
    starting = [t for t in ids if t.startswith(folded + "_")]
    return starting[0] if len(starting) == 1 else None


def _theme_hint(value: str, known: Iterable[str]) -> str:
    """' (did you mean …?)' naming the closest theme ids to a mistyped one, or ''."""
    known = sorted(known)
    folded = value.casefold().replace("-", "_").replace(" ", "_")
    close = [t for t in known if t.startswith(folded) or folded.startswith(t)]
    close = close or difflib.get_close_matches(folded, known, n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(close[:2])}?)" if close else ""


def _parse_day(field: FilterField, raws: list[str], problems: list[str]) -> date | None:
    """The first non-blank YYYY-MM-DD value, or None (with a problem when malformed)."""
    given = [r.strip() for r in raws if r.strip()]
    if not given:
        return None
    if len(given) > 1:
        problems.append(f"several {field.param!r} dates given; using the first ({given[0]})")
    day = _parse_date(given[0])
    if day is None:
        problems.append(f"malformed date {field.param}={given[0]!r} ignored (use YYYY-MM-DD)")
    return day


def _parse_date(text: str) -> date | None:
    if not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _drop_reversed_range(values: dict[str, object], problems: list[str]) -> None:
    """A range that starts after it ends restricts nothing: both dates are dropped."""
    start_field, end_field = _range_fields()
    start, end = values[start_field.name], values[end_field.name]
    if start and end and start > end:  # type: ignore[operator]
        problems.append(
            f"{start_field.param!r} ({start}) is after {end_field.param!r} ({end}); "
            "both dates ignored"
        )
        values[start_field.name] = values[end_field.name] = None


def _range_fields() -> tuple[FilterField, FilterField]:
    """The DATE fields that start and end the publication date range."""
    dates = fields_of(DATE)
    return next(f for f in dates if not f.upper_bound), next(f for f in dates if f.upper_bound)


def _parse_text(field: FilterField, raws: list[str], problems: list[str]) -> str:
    """The first non-blank value with its whitespace collapsed, cut to MAX_QUERY_CHARS."""
    given = [q for q in raws if q.strip()]
    text = " ".join(given[0].split()) if given else ""
    if len(text) > MAX_QUERY_CHARS:
        problems.append(f"search text cut to {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
    return text


def _describe_field(field: FilterField, value: tuple[str, ...] | str, labels: Mapping) -> str:
    """How one MULTI or TEXT field reads in describe()."""
    if field.kind == TEXT:
        return f'{field.described_as} "{value}"'
    shown = [labels.get(v, v) for v in value] if field.taxonomy else list(value)
    return f"{field.described_as}: {', '.join(shown)}"


# -- applying filters ---------------------------------------------------------------------------
# A restriction narrows `keep` (in place) to the rows that pass one field's value.
Restriction = Callable[[pd.DataFrame, FilterField, object, np.ndarray, "pd.Series | None"], None]


def _keep_any_of(
    df: pd.DataFrame, field: FilterField, chosen: object, keep: np.ndarray, search: pd.Series | None
) -> None:
    """Rows whose column holds one of the chosen values (themes: touch one of the themes)."""
    if field.taxonomy:
        keep &= _touches_any_theme(df, chosen)  # type: ignore[arg-type]
    else:
        values = field.column_values(chosen)  # type: ignore[arg-type]
        keep &= df[field.column].isin(values).to_numpy(bool)


def _touches_any_theme(df: pd.DataFrame, themes: tuple[str, ...]) -> np.ndarray:
    """Rows touching any of the themes: from the th:<id> flags when prepared, else the lists."""
    flags = [THEME_PREFIX + t for t in themes]
    if all(c in df.columns for c in flags):
        return df[flags].to_numpy().any(axis=1)
    exploded = df[Statements.themes].explode()
    hit = exploded.isin(set(themes)).groupby(level=0).any()
    return hit.reindex(df.index, fill_value=False).to_numpy(bool)


def _keep_in_range(
    df: pd.DataFrame, field: FilterField, day: object, keep: np.ndarray, search: pd.Series | None
) -> None:
    """Rows published on or after the day, or up to and including it (undated rows never)."""
    published = df[field.column]
    bound = pd.Timestamp(day)  # type: ignore[arg-type]
    if field.upper_bound:  # inclusive: everything before the next day
        keep &= (published < bound + pd.Timedelta(days=1)).to_numpy(bool)
    else:
        keep &= (published >= bound).to_numpy(bool)


def _keep_containing(
    df: pd.DataFrame, field: FilterField, query: object, keep: np.ndarray, search: pd.Series | None
) -> None:
    """Rows whose folded search text contains the folded query; folds only rows still kept."""
    needle = fold_query(str(query))
    candidates = np.flatnonzero(keep)
    if search is not None:
        haystack = search.iloc[candidates]
    elif field.column in df.columns:
        haystack = df[field.column].iloc[candidates]
    else:
        haystack = search_text(df.iloc[candidates])
    hits = haystack.str.contains(needle, regex=False).to_numpy(bool)
    keep[candidates[~hits]] = False


_RESTRICTIONS: dict[str, Restriction] = {
    MULTI: _keep_any_of,
    DATE: _keep_in_range,
    TEXT: _keep_containing,
}


def mask(df: pd.DataFrame, filters: Filters, *, search: pd.Series | None = None) -> np.ndarray:
    """Boolean row mask of the statements that pass the filters (vectorised, no row loop).

    `search` is search_text(df) computed beforehand (row for row), if the caller keeps one.
    """
    keep = np.ones(len(df), dtype=bool)
    for f in FIELDS:
        value = getattr(filters, f.name)
        if value:  # () / None / "": no restriction
            _RESTRICTIONS[f.kind](df, f, value, keep, search)
    return keep


def apply(df: pd.DataFrame, filters: Filters, *, search: pd.Series | None = None) -> pd.DataFrame:
    """The statements that pass the filters: a new frame, the input is never modified."""
    if filters.is_empty():
        return df
    return df[mask(df, filters, search=search)]
