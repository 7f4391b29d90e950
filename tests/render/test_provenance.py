"""Table exports carry their provenance (CSV comment lines, an XLSX "about" sheet), theme
labels beside ids, and file names that name the view."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from analysis.render.export import table_bytes
from analysis.render.provenance import (
    provenance_lines,
    view_slug,
    with_provenance,
    with_theme_labels,
)

FRAME = pd.DataFrame(
    {"speaker": ["Sergey Lavrov", "Hakan Fidan"], "themes": [["military_bases"], []]}
)
LABELS = {"military_bases": "Military bases"}
LINES = provenance_lines(
    "speaker countries: Russia", "http://x/timeline?country=Russia&as_of=7", 7, "2025-10-16", 2
)


def test_a_csv_starts_with_its_provenance_and_still_reads() -> None:
    raw = with_provenance(table_bytes(with_theme_labels(FRAME, LABELS), "csv"), "csv", LINES)
    text = raw.decode("utf-8-sig")
    assert text.startswith("# rows: 2\r\n# filters: speaker countries: Russia\r\n")
    assert "# view: http://x/timeline?country=Russia&as_of=7\r\n# store version: 7" in text
    back = pd.read_csv(io.BytesIO(raw), comment="#", encoding="utf-8-sig")
    assert list(back.columns) == ["speaker", "themes", "theme_labels"]
    assert back.loc[0, "theme_labels"] == "Military bases"


def test_an_xlsx_has_an_about_sheet() -> None:
    raw = with_provenance(table_bytes(FRAME, "xlsx"), "xlsx", LINES)
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["statements", "about"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=2, values_only=True)}
    assert about["store version"] == "7" and about["filters"] == "speaker countries: Russia"
    assert pd.read_excel(io.BytesIO(raw)).shape == (2, 2)


def test_theme_labels_stand_beside_the_ids() -> None:
    out = with_theme_labels(FRAME, LABELS)
    assert list(out.columns) == ["speaker", "themes", "theme_labels"]
    assert out["theme_labels"].tolist() == [["Military bases"], []]
    assert with_theme_labels(FRAME.drop(columns="themes"), LABELS).shape == (2, 1)


def test_a_file_name_names_the_page_the_filters_and_the_data_date() -> None:
    slug = view_slug("timeline theme-counts", ["Russia", "military_bases"], "2025-10-16")
    assert slug == "timeline-theme-counts-russia-military-bases_data-2025-10-16"
    assert view_slug("", [], None) == "overview"
