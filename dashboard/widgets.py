"""Page building blocks: the common page head, notices, escaped markdown, the evidence table,
a statement in context, and charts with their export popover."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.query import aggregates as agg
from analysis.query.filters import Filters
from analysis.query.prepared import public_columns
from analysis.render import charts
from analysis.render.safe_text import escape_markdown
from analysis.schema import StatementsTable as Statements
from dashboard.data import Data, Selection, article_text, load_data
from dashboard.downloads import chart_exports
from dashboard.page_controls import url_choice
from dashboard.recovery import damage_notice, explained, store_damage
from dashboard.sidebar import current_filters, url_problems_notice

DATA_PAGE = "views/data.py"
TIMELINE_EVENTS_TRACE = "key events"  # the marker trace of the timeline, not a bar segment


# -- the page head -------------------------------------------------------------------------------
def page_setup(title: str) -> tuple[Data, Filters, Selection] | None:
    """Common page head: title, data, the sidebar's filters, notices; None when the store is
    empty (the sidebar itself is drawn once, by app.py)."""
    st.title(title)
    if store_damage():  # app.py could not read the store this run
        damage_notice()
        return None
    data = load_data()
    filters = current_filters()
    url_problems_notice()
    if empty_store_notice(data):
        return None
    selection = Selection(data, filters)
    caption(data, filters, selection)
    sample_notice(selection)
    from dashboard.filter_help import empty_result_notice  # it builds on this module

    empty_result_notice(data, filters, selection)
    return data, filters, selection


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


def sample_notice(selection: Selection) -> None:
    """Warn when statements from the invented sample corpus are on screen."""
    n = selection.sample_count
    if n:
        st.info(
            f"Sample data on screen: {n:,} of these {len(selection):,} statements come from the "
            "bundled sample corpus of invented outlets, not real reporting.",
            icon=":material/science:",
        )


def caption(data: Data, filters: Filters, selection: Selection) -> None:
    """One line under the title: how many statements, which filters, the data date."""
    n = len(selection)
    st.caption(
        f"{n:,} statement{'' if n == 1 else 's'} · {escape_markdown(filters.describe(data.labels))}"
        f" · data as of {escape_markdown(data.data_date or 'unknown')}"
    )


# -- markdown (escape_markdown: analysis.render.safe_text) -----------------------------------------
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


# -- statements ----------------------------------------------------------------------------------
def statements_table(
    df: pd.DataFrame, labels: dict[str, str], *, key: str, height: int = 400
) -> object:
    """The evidence table: date, speaker, country, outlet, kind, themes, what was said, link."""
    shown = public_columns(df)
    view = pd.DataFrame(
        {
            "date": shown[Statements.published].dt.date,
            "speaker": shown[Statements.speaker]
            .astype(object)
            .fillna(shown[Statements.speaker_mention]),
            "country": shown[Statements.speaker_country].astype(object).fillna("—"),
            "statement": shown[Statements.text],
            "themes": [", ".join(labels.get(t, t) for t in ts) for ts in shown[Statements.themes]],
            "outlet": shown[Statements.outlet],
            "kind": shown[Statements.kind],
            "link": [web_link(u) for u in shown[Statements.url]],
        },
        index=shown.index,
    )
    if "notes" in shown.columns:  # the analysts' notes (dashboard/workspace_ui.with_notes)
        view["notes"] = shown["notes"]
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


def web_link(url: object) -> str | None:
    """An http(s) address as it is; anything else (javascript:, data:, file:) no link at all."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _text_or(value: object, default: str) -> str:
    return str(value) if isinstance(value, str) and value else default


def statement_byline(row: pd.Series, labels: dict[str, str]) -> str:
    """Markdown of who said it, from where, how, in which outlet, when and on which themes."""
    mention = _text_or(row[Statements.speaker_mention], "Unattributed")
    speaker = _text_or(row[Statements.speaker], mention)
    published = row[Statements.published]
    day = published.strftime("%Y-%m-%d") if pd.notna(published) else "undated"
    themes = ", ".join(labels.get(t, t) for t in row[Statements.themes]) or "no theme"
    country = _text_or(row[Statements.speaker_country], "country unknown")
    parts = [
        f"**{escape_markdown(speaker)}** ({escape_markdown(country)})",
        f"{escape_markdown(_text_or(row[Statements.kind], '?'))} speech, "
        f"cue *{escape_markdown(_text_or(row[Statements.cue], 'none'))}*",
        f"{escape_markdown(_text_or(row[Statements.outlet], 'unknown outlet'))}, {day}",
        f"themes: {escape_markdown(themes)}",
    ]
    return " · ".join(parts)


def statement_quote(row: pd.Series, labels: dict[str, str]) -> str:
    """Markdown of a quoted statement: its words as a block quote, then its byline."""
    text = _text_or(row[Statements.text], "")
    return f"> {escape_markdown(text)}\n\n{statement_byline(row, labels)}"


def theme_reasons(row: pd.Series, labels: dict[str, str]) -> str:
    """Markdown of why each theme was given (the row's theme_evidence), "" when none is
    recorded: "Ceasefire and security: words 'truce' · Russia–Turkey dialogue: model 0.81"."""
    evidence = row.get(Statements.theme_evidence)
    if evidence is None or not len(evidence):
        return ""
    parts = []
    for item in evidence:
        theme, _, why = str(item).partition(": ")
        parts.append(f"{labels.get(theme, theme)}: {why}" if why else theme)
    return "Why these themes: " + escape_markdown(" · ".join(parts))


def _article_text(data: Data, article_id: str) -> str | None:
    """The article's text, or None with a notice when the store cannot give it."""
    try:
        return article_text(data, article_id)
    except Exception as error:
        notice = explained(error)
        if notice is None:
            raise
        st.warning("The article text cannot be read: " + escape_markdown(notice))
        return None


def statement_in_context(data: Data, row: pd.Series) -> None:
    """The statement's byline, why its themes, its sentence (the quote in bold) between the
    article text around it, and the way to the article."""
    st.markdown(statement_byline(row, data.labels))
    reasons = theme_reasons(row, data.labels)
    if reasons:
        st.caption(reasons)
    before, after = agg.context_of(_article_text(data, row[Statements.article_id]), row)
    with st.container(border=True):
        if before:
            st.caption(escape_markdown(before))
        st.markdown(highlighted_sentence(row[Statements.sentence], row[Statements.text]))
        if after:
            st.caption(escape_markdown(after))
    url, title = web_link(row[Statements.url]), row[Statements.title]
    if url:
        st.link_button("Open the article", url, icon=":material/open_in_new:")
    if isinstance(title, str) and title:
        st.caption("Article: " + escape_markdown(title))


# -- charts --------------------------------------------------------------------------------------
PERIODS = ("week", "month", "quarter", "year")


def period_picker(where: object = st) -> str:
    """The period control of a page (in the URL as `period`, default month)."""
    chosen = url_choice(
        where.segmented_control,  # type: ignore[attr-defined]
        "Period",
        PERIODS,
        key="period",
        default="month",
    )
    return chosen or "month"


def dark_screen() -> bool:
    """Whether the visitor's dashboard has a dark theme (charts then drawn dark on screen)."""
    if st.get_option("theme.base") == "dark":  # the server's theme (config.toml, --theme.base)
        return True
    try:
        return st.context.theme.type == "dark"  # the visitor's choice, known after a rerun
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        return False


def show_chart(
    fig: go.Figure,
    name: str,
    data: Data,
    filters: Filters,
    selection: Selection,
    *,
    key: str,
    on_select: str = "ignore",
    selection_mode: Sequence[str] | str = ("points", "box", "lasso"),
) -> object:
    """Draw a chart with its export popover; returns the selection event when selectable."""
    # theme=None: the screen shows the figure's own template, the same look as its exports.
    event = st.plotly_chart(
        charts.dark_variant(fig) if dark_screen() else fig,
        key=key,
        on_select=on_select,
        selection_mode=selection_mode,
        width="stretch",
        theme=None,
    )
    chart_exports(fig, name, data, filters, selection, key=f"{key}_export")
    return event


def selected_points(event: object) -> list[dict]:
    """The points a chart selection event holds (none when nothing is selected)."""
    return getattr(getattr(event, "selection", None), "points", None) or []


def selected_bar(event: object, fig: go.Figure) -> tuple[pd.Timestamp, str | None] | None:
    """The (period, group) of the first selected bar segment of the timeline, if any."""
    for point in selected_points(event):
        x = point.get("x")
        if x is None:
            continue
        group = point.get("customdata")
        if isinstance(group, list):
            group = group[0] if group else None
        if group is None and point.get("curve_number") is not None:
            group = html.unescape(fig.data[point["curve_number"]].name)  # names are escaped
        if group == TIMELINE_EVENTS_TRACE:
            continue
        return pd.Timestamp(x), group
    return None
