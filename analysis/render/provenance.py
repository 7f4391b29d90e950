"""Tables that say where they come from: the view's filters, link and store version as a CSV's
leading comment lines or an XLSX's "about" sheet, and theme labels beside theme ids."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

ABOUT_SHEET = "about"
COMMENT = "# "


def provenance_lines(
    filters_description: str,
    link: str,
    store_version: int | None,
    data_date: str | None,
    n_rows: int,
) -> list[tuple[str, str]]:
    """(field, value) pairs of a table export's provenance."""
    return [
        ("rows", f"{n_rows:,}"),
        ("filters", filters_description or "all statements"),
        ("view", link),
        ("store version", "latest" if store_version is None else str(store_version)),
        ("data as of", data_date or "unknown"),
        ("exported", date.today().isoformat()),
    ]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def with_provenance(table: bytes, fmt: str, lines: Sequence[tuple[str, str]]) -> bytes:
    """The table's bytes (analysis.render.export.table_bytes) with its provenance: comment
    lines ahead of a CSV's header, an "about" sheet in an XLSX workbook."""
    if fmt == "csv":
        body = table.decode("utf-8").removeprefix("\ufeff")
        head = "".join(f"{COMMENT}{field}: {_one_line(value)}\r\n" for field, value in lines)
        return ("\ufeff" + head + body).encode("utf-8")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(table))
    sheet = book.create_sheet(ABOUT_SHEET)
    sheet.append(["field", "value"])
    for field, value in lines:
        sheet.append([field, _one_line(value)])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_theme_labels(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The frame with a `theme_labels` column right after `themes` (when it has one)."""
    if "themes" not in frame.columns or "theme_labels" in frame.columns:
        return frame
    named = [
        [labels.get(t, t) for t in (themes if isinstance(themes, list | tuple) else list(themes))]
        if themes is not None and not (isinstance(themes, float) and pd.isna(themes))
        else []
        for themes in frame["themes"]
    ]
    out = frame.copy()
    out.insert(out.columns.get_loc("themes") + 1, "theme_labels", named)
    return out


def view_slug(page: str, filter_values: Sequence[str], data_date: str | None) -> str:
    """A file name's stem naming the view: page, main filter values, data date."""
    parts = [page or "overview", *filter_values[:4]]
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")[:80].strip("-")
    return f"{slug}_data-{data_date}" if data_date else slug
