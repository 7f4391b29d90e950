"""Shared Streamlit UI for the pages: cached data, sidebar filters bound to the URL, exports."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib.util import find_spec
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from analysis import settings
from analysis.query import aggregates as agg
from analysis.query.filters import Filters, apply, prepare_statements, public_columns, search_text
from analysis.reference import load_events, load_themes
from analysis.render.charts import ChartContext
from analysis.schema import KINDS
from analysis.store import Store, Tables

MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)
FILTER_KEYS = ("theme", "country", "speaker", "outlet", "kind", "from", "to", "q")
PROBLEMS_KEY = "_url_problems"
LAST_PAGE_KEY = "_filters_page"
SNAPSHOT_KEY = "_filters_snapshot"
DATA_PAGE = "views/data.py"


# -- data --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Data:
    """The loaded store, prepared once per version; read-only for every page."""

    tables: Tables
    statements: pd.DataFrame  # prepared: helper columns for fast filtering and counting
    mentions: pd.DataFrame  # prepared: `_row` points into `statements`
    labels: dict[str, str]
    version: str
    source: str
    data_date: str | None
    countries: list[str]
    speakers: list[str]
    outlets: list[str]
    duplicates_folded: int = 0  # articles read twice and kept once, over all ingests

    @property
    def empty(self) -> bool:
        return len(self.statements) == 0


@st.cache_resource(show_spinner=False)
def model_name() -> str:
    """The spaCy model new articles are extracted with (the preferred one where installed)."""
    from analysis.extract.model import available_model

    try:
        return available_model()
    except RuntimeError as error:
        return f"none installed ({error})"


def store_root() -> Path:
    """The store folder: SYRIA_DASH_STORE at run time (tests set it), else settings."""
    return settings.store_dir()


def _sorted_values(series: pd.Series) -> list[str]:
    return sorted(str(v) for v in series.dropna().unique())


@st.cache_resource(max_entries=2, show_spinner="Loading the statements…")
def _load(source: str, version: str) -> Data:
    """Tables held once per (source, version): st.cache_resource does not copy them per run."""
    folded = 0
    if source.startswith("synthetic:"):
        from analysis.synthetic import synthetic_tables

        tables = synthetic_tables(int(source.split(":", 1)[1]), seed=0)
    else:
        store = Store(Path(source))
        tables, folded = store.tables(), store.duplicates_folded()
    labels = {t.id: t.label for t in load_themes()}
    statements = prepare_statements(tables.statements, list(labels), search=False)
    mentions = agg.prepare_mentions(tables.mentions, statements)
    latest = statements["published"].max() if len(statements) else None
    return Data(
        tables=tables,
        statements=statements,
        mentions=mentions,
        labels=labels,
        version=version,
        source=source,
        data_date=None if latest is None or pd.isna(latest) else latest.strftime("%Y-%m-%d"),
        countries=_sorted_values(statements["speaker_country"]),
        speakers=_sorted_values(statements["speaker"]),
        outlets=_sorted_values(statements["outlet"]),
        duplicates_folded=folded,
    )


def load_data() -> Data:
    """The current data: the store (keyed by its path and version), or synthetic tables when
    SYRIA_DASH_SYNTHETIC=N is set (benchmarks)."""
    synthetic = settings.synthetic_statements()
    if synthetic:
        return _load(f"synthetic:{synthetic}", "synthetic")
    root = store_root()
    return _load(str(root), Store(root).version())


def chart_context(data: Data, **options: object) -> ChartContext:
    """Chart context with the taxonomy labels, key events and the prepared mentions."""
    return ChartContext(
        labels=data.labels,
        events=load_events(),
        mentions=data.mentions,
        **options,  # type: ignore[arg-type]
    )


# -- filters -----------------------------------------------------------------------------------
def _reset_filters() -> None:
    for key in ("theme", "country", "speaker", "outlet", "kind"):
        st.session_state[key] = []
    st.session_state["from"] = None
    st.session_state["to"] = None
    st.session_state["q"] = ""
    st.session_state[PROBLEMS_KEY] = []


def _dismiss_problems() -> None:
    st.session_state[PROBLEMS_KEY] = []


def _raw_params() -> dict[str, list[str]]:
    params = st.query_params
    return {key: params.get_all(key) for key in params if key in FILTER_KEYS}


def url_problems(data: Data, raw: dict[str, list[str]]) -> list[str]:
    """What the link asked for that the filters cannot honour (shown, never silently dropped)."""
    filters, problems = Filters.from_query(raw, themes=list(data.labels))
    _, missing = filters.restricted_to(
        countries=data.countries, speakers=data.speakers, outlets=data.outlets
    )
    for key in ("from", "to"):
        for value in raw.get(key, []):
            parsed = Filters.from_query({key: value})[0]
            day = parsed.date_from or parsed.date_to
            if day is not None and not MIN_DATE <= day <= MAX_DATE:
                problems.append(f"date {key}={value!r} out of range, ignored")
    return problems + missing


def widget_values(filters: Filters) -> dict[str, object]:
    """The sidebar widgets' values (by key, the URL names) that show these filters."""
    return {
        "theme": list(filters.themes),
        "country": list(filters.countries),
        "speaker": list(filters.speakers),
        "outlet": list(filters.outlets),
        "kind": list(filters.kinds),
        "from": filters.date_from,
        "to": filters.date_to,
        "q": filters.query,
    }


def _carry_over_filters(data: Data, raw: dict[str, list[str]], page: str) -> None:
    """Keep the filters when the analyst switches pages.

    A page switch clears the browser's query string, and on the first run of the new page
    Streamlit 1.67 gives the bound widgets their defaults, so the new page would start
    unfiltered. We restore the last filters and reopen the page with them in its URL (so the
    address bar stays a shareable link). A link that carries its own filters always wins.
    """
    switched = LAST_PAGE_KEY in st.session_state and page != st.session_state[LAST_PAGE_KEY]
    st.session_state[LAST_PAGE_KEY] = page
    if not switched:
        return
    if raw:
        filters, _ = Filters.from_query(raw, themes=list(data.labels))
        filters, _ = filters.restricted_to(
            countries=data.countries, speakers=data.speakers, outlets=data.outlets
        )
    else:
        filters = st.session_state.get(SNAPSHOT_KEY) or Filters()
    for key, value in widget_values(filters).items():
        st.session_state[key] = value
    if not raw and not filters.is_empty():
        # If the previous page's widgets still hold their URL binding (seen under AppTest),
        # Streamlit refuses: the restored values stand, the address bar catches up later.
        with contextlib.suppress(StreamlitAPIException):
            st.switch_page(page, query_params=filters.to_params())


def sidebar_filters(data: Data, page: str) -> Filters:
    """The sidebar filters, bound to the URL (DESIGN.md section 4); returns the Filters.

    `page` is the calling page's path as app.py routes it (views/…py)."""
    raw = _raw_params()
    if raw:
        problems = url_problems(data, raw)
        if problems:
            st.session_state[PROBLEMS_KEY] = problems
    _carry_over_filters(data, raw, page)
    sb = st.sidebar
    sb.header("Filters")
    common = {"bind": "query-params", "persist_state": "session"}
    date_from = sb.date_input(
        "From",
        value=None,
        min_value=MIN_DATE,
        max_value=MAX_DATE,
        key="from",
        format="YYYY-MM-DD",
        **common,
    )
    date_to = sb.date_input(
        "To",
        value=None,
        min_value=MIN_DATE,
        max_value=MAX_DATE,
        key="to",
        format="YYYY-MM-DD",
        **common,
    )
    themes = sb.multiselect(
        "Themes",
        list(data.labels),
        key="theme",
        placeholder="All themes",
        help="Theme ids: " + "; ".join(f"{k} = {v}" for k, v in data.labels.items()),
        **common,
    )
    countries = sb.multiselect(
        "Speaker countries", data.countries, key="country", placeholder="All countries", **common
    )
    speakers = sb.multiselect(
        "Speakers", data.speakers, key="speaker", placeholder="All speakers", **common
    )
    outlets = sb.multiselect(
        "Outlets", data.outlets, key="outlet", placeholder="All outlets", **common
    )
    kinds = sb.multiselect(
        "Speech kind", list(KINDS), key="kind", placeholder="All kinds", **common
    )
    query = sb.text_input(
        "Text contains",
        key="q",
        placeholder="e.g. Astana",
        help="Matches the statement, its sentence, the speaker or the article's title.",
        **common,
    )
    filters = Filters(
        themes=tuple(themes),
        countries=tuple(countries),
        speakers=tuple(speakers),
        outlets=tuple(outlets),
        kinds=tuple(kinds),
        date_from=date_from,
        date_to=date_to,
        query=" ".join((query or "").split()),
    )
    st.session_state[SNAPSHOT_KEY] = filters
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        sb.warning("'From' is after 'To': the date range is ignored.")
        filters = replace(filters, date_from=None, date_to=None)
    problems = st.session_state.get(PROBLEMS_KEY) or []
    if problems:
        st.warning("Some values in the link were ignored: " + "; ".join(problems))
        st.button("Dismiss", key="dismiss_problems", on_click=_dismiss_problems)
    sb.button("Reset filters", key="reset_filters", on_click=_reset_filters, width="stretch")
    with sb.expander("Share this view"):
        st.caption("Copy this link to reproduce the view:")
        st.code(share_link(filters), language=None, wrap_lines=True)
    return filters


def share_link(filters: Filters) -> str:
    """The full URL of this page with the filters' query string."""
    base = None
    try:
        base = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        base = None
    if not base:
        base = settings.base_url()
    query = filters.to_query_string()
    return f"{base}?{query}" if query else base


@st.cache_resource(max_entries=2, show_spinner="Indexing the text for search…")
def _search_text(source: str, version: str) -> pd.Series:
    """The folded search text of the statements, built on the first text query only (it costs
    about as much as the rest of the preparation, and many sessions never search)."""
    return search_text(_load(source, version).statements)


def filtered(data: Data, filters: Filters) -> pd.DataFrame:
    """The prepared statements that pass the filters (a view; never mutated)."""
    search = _search_text(data.source, data.version) if filters.query else None
    return apply(data.statements, filters, search=search)


# -- notices -----------------------------------------------------------------------------------
def empty_store_notice(data: Data) -> bool:
    """Say so when the store is empty, with a way to the Data page; True when empty."""
    if not data.empty:
        return False
    st.info(
        "The store holds no statements yet. Ingest the bundled sample corpus or your own "
        "articles on the Data page."
    )
    st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/upload:")
    return True


def sample_notice(df: pd.DataFrame) -> None:
    """Warn when statements from the invented sample corpus are on screen."""
    if len(df) and bool(df["sample"].any()):
        n = int(df["sample"].sum())
        st.info(
            f"Sample data on screen: {n:,} of these {len(df):,} statements come from the "
            "bundled sample corpus of invented outlets, not real reporting.",
            icon=":material/science:",
        )


def caption(data: Data, filters: Filters, df: pd.DataFrame) -> None:
    """One line under the title: how many statements, which filters, the data date."""
    st.caption(
        f"{len(df):,} statement{'' if len(df) == 1 else 's'} · {filters.describe(data.labels)} · "
        f"data as of {data.data_date or 'unknown'}"
    )


# -- markdown ----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$:&])")


def escape_markdown(text: str) -> str:
    """Article text as literal markdown: every special character escaped, whitespace collapsed."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def highlighted_sentence(sentence: str, quote: str) -> str:
    """Markdown of the sentence with the quote in bold (both escaped)."""
    sentence = " ".join(str(sentence or "").split())
    quote = " ".join(str(quote or "").split())
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return escape_markdown(sentence) + (
            "\n\n**" + escape_markdown(quote) + "**" if quote and quote != sentence else ""
        )
    before, after = sentence[:at], sentence[at + len(quote) :]
    # Keep the sentence's own spacing; escaping leaves spaces alone.
    lead = " " if before.endswith(" ") else ""
    trail = " " if after.startswith(" ") else ""
    return (
        escape_markdown(before)
        + lead
        + "**"
        + escape_markdown(quote)
        + "**"
        + trail
        + escape_markdown(after)
    ).strip()


# -- exports -----------------------------------------------------------------------------------
def exports_available() -> bool:
    return find_spec("analysis.render.export") is not None


def _footer(data: Data, filters: Filters, df: pd.DataFrame) -> str:
    from analysis.render.export import footer_text

    return footer_text(
        filters.describe(data.labels),
        len(df),
        data.data_date,
        share_link(filters),
        n_sample=int(df["sample"].sum()) if len(df) else 0,
    )


def _filename(name: str, fmt: str) -> str:
    from analysis.render.export import export_filename

    return export_filename(name, fmt)


def chart_exports(
    fig: go.Figure, name: str, data: Data, filters: Filters, df: pd.DataFrame, key: str
) -> None:
    """PNG/SVG/PDF/HTML downloads of a chart with a footer; rendered only when clicked."""
    if not exports_available():
        st.caption("Exports need analysis/export.py.")
        return
    footer = _footer(data, filters, df)

    def make(fmt: str) -> Callable[[], bytes]:
        def render() -> bytes:
            from analysis.render.export import figure_bytes

            return figure_bytes(fig, fmt, footer)

        return render

    with st.popover("Export chart", icon=":material/download:"):
        for fmt in ("png", "svg", "pdf", "html"):
            from analysis.render.export import MIME_TYPES

            st.download_button(
                fmt.upper(),
                data=make(fmt),
                file_name=_filename(name, fmt),
                mime=MIME_TYPES[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
            )


def table_exports(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX downloads of exactly the rows shown; built only when clicked."""
    if not exports_available():
        return
    from analysis.render.export import MIME_TYPES

    shown = public_columns(df)
    cols = st.columns(2, width=260)
    for col, fmt in zip(cols, ("csv", "xlsx"), strict=True):

        def render(fmt: str = fmt) -> bytes:
            from analysis.render.export import table_bytes

            return table_bytes(shown, fmt)

        col.download_button(
            fmt.upper(),
            data=render,
            file_name=_filename(name, fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/table:",
        )


def briefing_exports(
    title: str,
    figures: Sequence[go.Figure],
    quotes: pd.DataFrame,
    data: Data,
    filters: Filters,
    df: pd.DataFrame,
    key: str,
) -> None:
    """The view's briefing pack (PDF and HTML): charts, key quotes, filters and link."""
    if not exports_available():
        return
    from analysis.render.export import MIME_TYPES

    quotes = public_columns(quotes)
    link = share_link(filters)
    description = filters.describe(data.labels)
    st.caption("Briefing pack of this view (charts, key quotes, filters and link):")
    cols = st.columns(2, width=300)
    for col, fmt in zip(cols, ("pdf", "html"), strict=True):

        def render(fmt: str = fmt) -> bytes:
            from analysis.render.export import briefing_pack

            return briefing_pack(
                title,
                list(figures),
                quotes,
                description,
                link,
                fmt,
                n_statements=len(df),
                data_date=data.data_date,
            )

        col.download_button(
            f"Briefing {fmt.upper()}",
            data=render,
            file_name=_filename(f"briefing {title}", fmt),
            mime=MIME_TYPES[fmt],
            key=f"{key}_{fmt}",
            on_click="ignore",
            icon=":material/description:",
        )


def show_chart(
    fig: go.Figure,
    name: str,
    data: Data,
    filters: Filters,
    df: pd.DataFrame,
    *,
    key: str,
    on_select: str = "ignore",
    selection_mode: Sequence[str] | str = ("points", "box", "lasso"),
) -> object:
    """Draw a chart with its export popover; returns the selection event when selectable."""
    # theme=None: the screen shows the figure's own template, the same look as its exports.
    event = st.plotly_chart(
        fig,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        width="stretch",
        theme=None,
    )
    chart_exports(fig, name, data, filters, df, key=f"{key}_export")
    return event


def statements_table(
    df: pd.DataFrame, labels: dict[str, str], *, key: str, height: int = 400
) -> object:
    """The evidence table: date, speaker, country, outlet, kind, themes, what was said, link."""
    shown = public_columns(df)
    view = pd.DataFrame(
        {
            "date": shown["published"].dt.date,
            "speaker": shown["speaker"].astype(object).fillna(shown["speaker_mention"]),
            "country": shown["speaker_country"].astype(object).fillna("—"),
            "statement": shown["text"],
            "themes": [", ".join(labels.get(t, t) for t in ts) for ts in shown["themes"]],
            "outlet": shown["outlet"],
            "kind": shown["kind"],
            "link": shown["url"],
        },
        index=shown.index,
    )
    return st.dataframe(
        view,
        key=key,
        hide_index=True,
        height=min(height, 38 + 35 * max(len(view), 1)),  # no empty rows under a short table
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "link": st.column_config.LinkColumn("article", display_text="open"),
            "statement": st.column_config.TextColumn("statement", width="large"),
            "country": st.column_config.TextColumn("country", width="small"),
            "kind": st.column_config.TextColumn("kind", width="small"),
            "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        },
    )


def page_setup(title: str, page: str) -> tuple[Data, Filters, pd.DataFrame] | None:
    """Common page head: title, data, sidebar filters, notices; None when the store is empty.

    `page` is the page's path as app.py routes it (views/…py)."""
    st.title(title)
    data = load_data()
    filters = sidebar_filters(data, page=page)
    if empty_store_notice(data):
        return None
    df = filtered(data, filters)
    caption(data, filters, df)
    sample_notice(df)
    return data, filters, df


@st.cache_data(max_entries=64, show_spinner=False)
def _network_figure(source: str, version: str, query: str) -> tuple[go.Figure, pd.DataFrame]:
    from analysis.query.filters import mask
    from analysis.render.charts import chart_network

    data = _load(source, version)
    filters, _ = Filters.from_query(query, themes=list(data.labels))
    search = _search_text(source, version) if filters.query else None
    nodes, edges = agg.cooccurrence(data.mentions, mask(data.statements, filters, search=search))
    return chart_network(nodes, edges), edges.head(50)


def network(data: Data, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    """The actor co-occurrence network of the filtered statements and its strongest links,
    cached per store version and filters (small results: st.cache_data)."""
    return _network_figure(data.source, data.version, filters.to_query_string())
