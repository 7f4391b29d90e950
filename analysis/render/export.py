"""Export bytes: figures as PNG/SVG/PDF/HTML, tables as CSV/XLSX, briefing packs as PDF/HTML."""

from __future__ import annotations

import base64
import html
import io
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

# ExportError and the image-server controls are re-exported: callers that batch figure_bytes
# calls (the benchmark, tests) only ever import this module.
from analysis.render.errors import ExportError as ExportError
from analysis.render.kaleido import image_server as image_server
from analysis.render.kaleido import image_server_running as image_server_running
from analysis.render.kaleido import render_static
from analysis.render.kaleido import start_image_server as start_image_server
from analysis.render.kaleido import stop_image_server as stop_image_server
from analysis.render.safe_text import escape_plotly

IMAGE_FORMATS = ("png", "svg", "pdf")
FIGURE_FORMATS = (*IMAGE_FORMATS, "html")
TABLE_FORMATS = ("csv", "xlsx")
PACK_FORMATS = ("pdf", "html")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 560
PNG_SCALE = 2  # crisp in slides and print; vector formats ignore it
FOOTER_LINE_PX = 16
FOOTER_FONT_SIZE = 11

# Cells an office suite would run as a formula (OWASP "CSV injection"); article text is untrusted.
# The full-width forms count too: East Asian editions of Excel read ＝ as =.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
LIST_SEPARATOR = "; "
EXCEL_CELL_LIMIT = 32_767
MAX_PACK_QUOTES = 50  # a briefing pack is for reading: the view's first quotes, not all

# TrueType fonts with Turkish, Cyrillic and Arabic glyphs, most likely first (Debian, Fedora,
# Arch, macOS, Windows). Without any of them the PDF falls back to a Latin-1 core font.
FONT_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
    ("/Library/Fonts/Arial Unicode.ttf", None),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


# -- footer ------------------------------------------------------------------------------------
def footer_text(
    filters_description: str,
    n_statements: int,
    data_date: str | date | None,
    link: str,
    *,
    n_sample: int = 0,
) -> str:
    """The provenance lines every export carries: filters, statement count, data date, link.

    `n_sample` statements from the bundled sample corpus (invented outlets) are called out, so
    an export of sample data is never mistaken for real reporting.
    """
    filters = " ".join((filters_description or "").split()) or "none (all statements)"
    when = date_text(data_date) or "unknown"
    noun = "statement" if n_statements == 1 else "statements"
    counts = f"{n_statements:,} {noun} · data as of {when}"
    if n_sample:
        counts += f" · {n_sample:,} from the invented sample corpus, not real reporting"
    return "\n".join([f"Filters: {filters}", counts, f"View: {link}"])


def date_text(value: object) -> str:
    """YYYY-MM-DD of a date, datetime, Timestamp or date string; '' when missing."""
    if not _truthy(value):
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10]


def _wrap(line: str, width: int) -> list[str]:
    """Break a long footer line at spaces (or hard, for a long URL) so it fits the image."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        while len(word) > width:
            if current:
                out.append(current)
                current = ""
            out.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) > width and current:
            out.append(current)
            current = word
        else:
            current = candidate
    if current or not out:
        out.append(current)
    return out


# -- figures -----------------------------------------------------------------------------------
def _check_format(fmt: str, allowed: Sequence[str], what: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in allowed:
        raise ExportError(f"cannot export {what} as {fmt!r}: choose one of {', '.join(allowed)}")
    return fmt


def _size(fig: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    return (
        int(width or fig.layout.width or DEFAULT_WIDTH),
        int(height or fig.layout.height or DEFAULT_HEIGHT),
    )


def _legend_below(fig: go.Figure) -> float:
    """The paper y of a legend drawn under the plot (anchored at its bottom), else 0."""
    legend = fig.layout.legend
    shown = fig.layout.showlegend
    if shown is None:  # plotly's default: a legend once two traces could be listed
        shown = sum(1 for t in fig.data if getattr(t, "showlegend", None) is not False) > 1
    if not shown or legend.y is None or legend.y >= 0 or legend.yref == "container":
        return 0.0
    return float(legend.y)


def _below_axis_px(fig: go.Figure) -> int:
    """Room the x axis takes under the plot: tick labels and title."""
    axis = fig.layout.xaxis
    if axis.visible is False:
        return 8
    ticks = 0 if axis.showticklabels is False else 22
    title = 24 if axis.title and axis.title.text else 0
    return 8 + ticks + title


def _with_footer(fig: go.Figure, footer: str, width: int, height: int) -> tuple[go.Figure, int]:
    """A copy of the figure with the footer as an annotation under everything, and its height.

    The footer hangs below the lowest thing under the plot (the x axis, or a legend placed at a
    negative paper y); the bottom margin is solved so the footer ends at the image's bottom
    edge and the image grows by the footer's height.
    """
    copy = go.Figure(fig)  # a deep copy: the caller's figure is never touched
    if not footer:
        copy.update_layout(width=width, height=height)
        return copy, height
    chars_per_line = max(40, int(width / (FOOTER_FONT_SIZE * 0.55)))
    lines = [part for line in footer.splitlines() for part in _wrap(line, chars_per_line)]
    footer_px = FOOTER_LINE_PX * len(lines) + 10
    total = height + footer_px
    top = copy.layout.margin.t if copy.layout.margin.t is not None else 100
    legend_y = _legend_below(copy)
    gap = 10 if legend_y < 0 else _below_axis_px(copy)
    # total = top + plot + bottom, bottom = |legend_y| * plot + gap + footer
    plot = max(40.0, (total - top - gap - footer_px) / (1 + abs(legend_y)))
    bottom = max(0, int(total - top - plot))
    copy.update_layout(width=width, height=total, margin={"b": bottom})
    copy.add_annotation(
        # plotly reads a small HTML subset in text: escaped, filter text cannot become markup
        text="<br>".join(escape_plotly(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=legend_y,
        xanchor="left",
        yanchor="top",
        yshift=-gap,
        align="left",
        showarrow=False,
        font={"size": FOOTER_FONT_SIZE, "color": "#555555"},
    )
    return copy, total


def figure_bytes(
    fig: go.Figure,
    fmt: str,
    footer: str | None,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
    persistent: bool = True,
) -> bytes:
    """The figure as png, svg, pdf (kaleido) or self-contained interactive html, with footer.

    Static images use kaleido's persistent Chromium, started on first use and kept for the
    process (a browser start costs seconds, a warm render a fraction of one); with
    `persistent=False`, or where it cannot start, each image starts its own browser.

    Static images get the footer as an annotation under the plot (the image grows by its
    height); html gets it as a text block under the chart, with plotly.js embedded so the file
    works offline.
    """
    fmt = _check_format(fmt, FIGURE_FORMATS, "a chart")
    width, height = _size(fig, width, height)
    if fmt == "html":
        return _figure_html(fig, footer or "", width, height)
    copy, total = _with_footer(fig, footer or "", width, height)
    if scale is None:
        scale = PNG_SCALE if fmt == "png" else 1
    return render_static(copy, fmt, width, total, scale, persistent=persistent)


def _link_html(url: str) -> str:
    """An anchor for http(s) URLs only; anything else (javascript:, data:) stays plain text."""
    text = html.escape(url)
    if _SAFE_URL.match(url.strip()):
        return f'<a href="{html.escape(url.strip(), quote=True)}" rel="noopener">{text}</a>'
    return text


def _footer_html(footer: str) -> str:
    lines = []
    for line in footer.splitlines():
        label, sep, rest = line.partition(": ")
        if sep and label == "View":
            lines.append(f"<p>View: {_link_html(rest)}</p>")
        else:
            lines.append(f"<p>{html.escape(line)}</p>")
    return '<footer class="export-footer">' + "".join(lines) + "</footer>"


def _title_text(fig: go.Figure) -> str:
    title = fig.layout.title.text if fig.layout.title else None
    return " ".join(html.unescape(_TAG.sub(" ", title or "")).split())


def _figure_html(fig: go.Figure, footer: str, width: int, height: int) -> bytes:
    copy = go.Figure(fig)
    chart = copy.to_html(
        full_html=False,
        include_plotlyjs=True,  # embedded: the file opens offline
        default_width="100%",
        default_height=f"{height}px",
        config={"displaylogo": False, "responsive": True},
    )
    title = html.escape(_title_text(fig) or "syria-dash chart")
    document = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "<style>body{font-family:sans-serif;margin:1rem;max-width:"
        f"{max(width, 600)}px}}"
        ".export-footer{color:#555;font-size:0.85rem;border-top:1px solid #ccc;"
        "margin-top:0.5rem;padding-top:0.25rem}.export-footer p{margin:0.15rem 0}</style>\n"
        f"</head>\n<body>\n{chart}\n{_footer_html(footer)}\n</body>\n</html>\n"
    )
    return document.encode("utf-8")


# -- tables ------------------------------------------------------------------------------------
def guard_cell(text: str) -> str:
    """Prefix a cell an office suite would evaluate as a formula with an apostrophe (every
    CSV and XLSX this project writes, the dashboard's and the command line's, goes through it)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _cell(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return guard_cell(value)
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        if isinstance(items, list):
            return guard_cell(LIST_SEPARATOR.join("" if v is None else str(v) for v in items))
    if isinstance(value, (bool, int, float)):
        return value
    return guard_cell(str(value))


def _export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Same rows and columns, cells made safe: lists joined, datetimes as dates, text guarded."""
    columns = {}
    for position in range(df.shape[1]):
        series = df.iloc[:, position]
        if pd.api.types.is_datetime64_any_dtype(series):
            if getattr(series.dt, "tz", None) is not None:
                series = series.dt.tz_localize(None)
            columns[position] = pd.Series(
                [None if pd.isna(v) else v.date() for v in series], dtype=object
            )
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            columns[position] = series.reset_index(drop=True)
        else:
            columns[position] = pd.Series([_cell(v) for v in series], dtype=object)
    frame = pd.DataFrame(columns, index=range(len(df)))
    frame.columns = [str(c) for c in df.columns]
    return frame


def table_bytes(df: pd.DataFrame, fmt: str, *, sheet_name: str = "statements") -> bytes:
    """Exactly the rows and columns given, as csv or xlsx, safe to open in a spreadsheet.

    CSV is UTF-8 *with* a byte-order mark and CRLF line ends (RFC 4180): Excel reads a CSV
    without a BOM in the legacy ANSI code page and would mangle Erdoğan or Лавров, while
    pandas, LibreOffice and Python's csv (utf-8-sig) all skip the BOM.
    """
    fmt = _check_format(fmt, TABLE_FORMATS, "a table")
    frame = _export_frame(df)
    if fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d")
        return ("\ufeff" + text).encode("utf-8")
    return _xlsx_bytes(frame, sheet_name)


def _xlsx_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    def clean(value: object) -> object:
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
        return value

    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(clean)
    buffer = io.BytesIO()
    sheet = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "Sheet1"
    with pd.ExcelWriter(
        buffer, engine="openpyxl", date_format="YYYY-MM-DD", datetime_format="YYYY-MM-DD"
    ) as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
        worksheet = writer.sheets[sheet]
        worksheet.freeze_panes = "A2"
        if len(frame.columns):
            worksheet.auto_filter.ref = worksheet.dimensions
        for position, column in enumerate(frame.columns, start=1):
            sample = [str(column), *(str(v) for v in frame[column].head(200) if v is not None)]
            width = min(60, max(8, max(len(s) for s in sample) + 2))
            worksheet.column_dimensions[get_column_letter(position)].width = width
    return buffer.getvalue()


# -- briefing pack -----------------------------------------------------------------------------
def _quote_records(quotes: Iterable[Mapping[str, Any]] | pd.DataFrame) -> list[dict[str, str]]:
    """Quotes as {text, speaker, outlet, date, url} strings, from records or a statements frame."""
    rows = quotes.to_dict("records") if isinstance(quotes, pd.DataFrame) else list(quotes)
    return [
        {
            "text": _first(row, "text", "content", "quote"),
            "speaker": _first(row, "speaker", "speaker_mention", default="unattributed"),
            "outlet": _first(row, "outlet", default="unknown outlet"),
            "date": date_text(row.get("published")) or "undated",
            "url": _first(row, "url"),
            "sample": " (sample corpus: invented outlet)" if _truthy(row.get("sample")) else "",
        }
        for row in rows[:MAX_PACK_QUOTES]
    ]


def _first(row: Mapping[str, Any], *keys: str, default: str = "") -> str:
    """The first of the keys with a non-blank value, whitespace collapsed; else the default."""
    for key in keys:
        value = row.get(key)
        if _truthy(value) and str(value).strip():
            return " ".join(str(value).split())
    return default


def _truthy(value: object) -> bool:
    """False for None, NaN, NaT and pd.NA as well as for ordinary false values."""
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):  # list-likes: judged by length below
        pass
    return bool(value)


def _figure_captions(figures: Sequence[go.Figure]) -> list[str]:
    return [_title_text(f) or f"Chart {i}" for i, f in enumerate(figures, start=1)]


def briefing_pack(
    title: str,
    figures: Sequence[go.Figure],
    quotes: Iterable[Mapping[str, Any]] | pd.DataFrame,
    filters_description: str,
    link: str,
    fmt: str,
    *,
    n_statements: int | None = None,
    data_date: str | date | None = None,
) -> bytes:
    """One document for a briefing: the charts, key quotes with citations, filters and link.

    `quotes` are statement records (text, speaker, outlet, published, url). PDF embeds the
    charts as PNG; HTML is self-contained (charts as data-URI PNG, article text escaped).
    """
    fmt = _check_format(fmt, PACK_FORMATS, "a briefing pack")
    records = _quote_records(quotes)
    images = [figure_bytes(f, "png", None) for f in figures]  # one persistent browser for all
    captions = _figure_captions(figures)
    lines = footer_text(filters_description, n_statements or 0, data_date, link).splitlines()
    if n_statements is None:  # the caller did not say how many statements the view holds
        lines[1] = f"data as of {date_text(data_date) or 'unknown'}"
    pack = _Pack(title, images, captions, records, "\n".join(lines))
    return _pack_pdf(pack) if fmt == "pdf" else _pack_html(pack)


def find_font() -> tuple[Path, Path | None] | None:
    """A Unicode TrueType font on this machine (regular, bold), or None."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file():
            return Path(regular), Path(bold) if bold and Path(bold).is_file() else None
    return None


_PUNCTUATION = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "·": "-"}
)


def _latin1(text: str) -> str:
    """Text a core PDF font can show: diacritics dropped (Erdoğan → Erdogan), rest as '?'."""
    text = text.translate(_PUNCTUATION).replace("ı", "i").replace("İ", "I")
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return folded.encode("latin-1", errors="replace").decode("latin-1")


class _Pack(NamedTuple):
    """What a briefing pack shows, ready to lay out in either format."""

    title: str
    images: list[bytes]  # PNG, one per chart
    captions: list[str]
    quotes: list[dict[str, str]]
    provenance: str  # the footer lines: filters, count and date, link


def _as_is(text: str) -> str:
    return text


class _PackPdf:
    """An A4 PDF with one body font: a Unicode TrueType font where the machine has one, else a
    Latin-1 core font with the text folded to fit it."""

    def __init__(self, title: str) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_creator("syria-dash")
        font = find_font()
        if font:
            regular, bold = font
            self.pdf.add_font("body", "", str(regular))
            self.pdf.add_font("body", "B", str(bold or regular))
            self.family = "body"
            self.text: Callable[[str], str] = _as_is
        else:  # no TTF anywhere: a core font, with text folded to Latin-1
            self.family = "helvetica"
            self.text = _latin1
        self.pdf.set_title(self.text(title))
        self.pdf.add_page()

    def paragraph(self, s: str, size: float = 10, style: str = "", link: str | None = None) -> None:
        """A block of text at the left margin, then a new line."""
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(
            0, size * 0.5, self.text(s), new_x="LMARGIN", new_y="NEXT", link=link or None
        )


def _pdf_quotes(doc: _PackPdf, quotes: list[dict[str, str]]) -> None:
    doc.paragraph("Key quotes", 13, "B")
    if not quotes:
        doc.paragraph("No statements match these filters.", 10)
    for quote in quotes:
        doc.pdf.ln(1)
        doc.paragraph(f"“{quote['text']}”", 10)
        cite = f"— {quote['speaker']}, {quote['outlet']}, {quote['date']}{quote['sample']}"
        doc.paragraph(cite, 8, "B")
        if quote["url"]:
            safe = quote["url"] if _SAFE_URL.match(quote["url"]) else None
            doc.paragraph(quote["url"], 8, link=safe)
        doc.pdf.ln(1)


def _pack_pdf(pack: _Pack) -> bytes:
    doc = _PackPdf(pack.title)
    doc.paragraph(pack.title, 16, "B")
    doc.paragraph(f"Generated {date.today():%Y-%m-%d} by syria-dash", 8)
    doc.pdf.ln(3)
    for image, caption in zip(pack.images, pack.captions, strict=True):
        doc.paragraph(caption, 11, "B")
        doc.pdf.image(io.BytesIO(image), w=doc.pdf.epw)
        doc.pdf.ln(4)
    _pdf_quotes(doc, pack.quotes)
    doc.pdf.ln(3)
    doc.paragraph("Filters and source", 13, "B")
    for line in pack.provenance.splitlines():
        label, _, rest = line.partition(": ")
        link = rest if label == "View" and _SAFE_URL.match(rest) else None
        doc.paragraph(line, 9, link=link)
    return bytes(doc.pdf.output())


def _html_head(title: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # nothing in the pack may load or run anything: images are data URIs, no scripts
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        "img{max-width:100%}blockquote{border-left:3px solid #999;margin:1rem 0;"
        "padding-left:0.75rem}cite{display:block;color:#555;font-size:0.85rem;font-style:normal}"
        ".meta{color:#555;font-size:0.85rem}</style>",
        "</head>",
    ]


def _html_figure(image: bytes, caption: str) -> str:
    encoded = base64.b64encode(image).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{encoded}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _html_quote(quote: dict[str, str]) -> str:
    esc = html.escape
    source = (
        f"— {esc(quote['speaker'])}, {esc(quote['outlet'])}, {esc(quote['date'])}"
        f"{esc(quote['sample'])}"
    )
    if quote["url"]:
        source += f", {_link_html(quote['url'])}"
    return f"<blockquote><p>“{esc(quote['text'])}”</p><cite>{source}</cite></blockquote>"


def _pack_html(pack: _Pack) -> bytes:
    parts = [
        *_html_head(pack.title),
        "<body>",
        f"<h1>{html.escape(pack.title)}</h1>",
        f'<p class="meta">Generated {date.today():%Y-%m-%d} by syria-dash</p>',
    ]
    parts += [_html_figure(i, c) for i, c in zip(pack.images, pack.captions, strict=True)]
    parts.append("<h2>Key quotes</h2>")
    if not pack.quotes:
        parts.append("<p>No statements match these filters.</p>")
    parts += [_html_quote(quote) for quote in pack.quotes]
    parts.append("<h2>Filters and source</h2>")
    parts.append(_footer_html(pack.provenance).replace("export-footer", "meta"))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


# -- files and the CLI -------------------------------------------------------------------------
def write_export(path: Path | str, data: bytes) -> None:
    """Write bytes atomically: a temp file in the same folder, fsync, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask, read without changing it where /proc allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def export_filename(name: str, fmt: str, day: date | None = None) -> str:
    """A download name such as `syria-dash_theme-timeline_2026-11-26.png`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "export"
    return f"syria-dash_{slug}_{(day or date.today()):%Y-%m-%d}.{fmt.lower().lstrip('.')}"
