"""Exports: every format is valid and carries its footer; tables are safe; the briefing pack."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.render import export
from analysis.render import kaleido as image_server

try:
    import pypdf
except ImportError:  # optional: page counts and text checks of PDFs need it
    pypdf = None

LINK = "http://127.0.0.1:8501/timeline?theme=military_bases&country=Russia"
FOOTER = export.footer_text(
    "themes: Military bases; speaker countries: Russia", 1234, "2025-06-30", LINK
)
WIDTH, HEIGHT = 640, 360


def _figure() -> go.Figure:
    return go.Figure(
        go.Bar(x=["Erdoğan", "Lavrov", "İstanbul"], y=[3, 5, 2]),
        layout={"title": {"text": "Statements by speaker"}, "width": WIDTH, "height": HEIGHT},
    )


def _pdf_pages(data: bytes) -> int:
    if pypdf is not None:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    return len(re.findall(rb"/Type\s*/Page\b", data))


def _pdf_text(data: bytes) -> str:
    if pypdf is None:
        pytest.skip("pypdf is not installed: cannot read the PDF's text")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def renderer():
    """kaleido's persistent Chromium for the module; skip where no browser can start."""
    try:
        started = export.start_image_server()
        export.figure_bytes(go.Figure(), "svg", None, width=50, height=50)
    except Exception as error:  # noqa: BLE001 - any failure to start means "no renderer here"
        export.stop_image_server()
        pytest.skip(f"no static image renderer (kaleido + Chromium): {error}")
    yield started
    export.stop_image_server()


# -- footer --------------------------------------------------------------------------------
def test_footer_names_filters_count_date_and_link():
    lines = FOOTER.splitlines()
    assert lines == [
        "Filters: themes: Military bases; speaker countries: Russia",
        "1,234 statements · data as of 2025-06-30",
        f"View: {LINK}",
    ]


def test_footer_calls_out_sample_statements():
    text = export.footer_text("x", 10, "2020-01-01", LINK, n_sample=4)
    assert "10 statements · data as of 2020-01-01 · 4 from the invented sample corpus" in text
    assert "sample" not in export.footer_text("x", 10, "2020-01-01", LINK)


def test_footer_without_filters_or_date_says_so():
    text = export.footer_text("", 1, date(2024, 5, 6), LINK)
    assert "Filters: none (all statements)" in text
    assert "1 statement · data as of 2024-05-06" in text
    assert "data as of unknown" in export.footer_text("x", 0, None, LINK)


# -- charts ----------------------------------------------------------------------------------
def test_png_is_a_decodable_image_of_the_requested_size_with_the_footer(renderer):
    from PIL import Image

    data = export.figure_bytes(_figure(), "png", FOOTER)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    scale = export.PNG_SCALE
    assert image.width == WIDTH * scale
    # the footer adds a band under the plot: the image grows, the plot keeps its height
    assert image.height > HEIGHT * scale
    bare = Image.open(io.BytesIO(export.figure_bytes(_figure(), "png", None)))
    assert bare.size == (WIDTH * scale, HEIGHT * scale)
    band = image.convert("L").crop((0, HEIGHT * scale, image.width, image.height))
    assert band.getextrema()[0] < 160, "the footer band holds no text"


def test_svg_parses_with_an_svg_root_and_holds_the_footer_text(renderer):
    data = export.figure_bytes(_figure(), "svg", FOOTER)
    root = ElementTree.fromstring(data)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    text = " ".join(t for t in root.itertext())
    assert "Filters: themes: Military bases" in text
    assert "1,234 statements" in text
    assert LINK in text.replace("&amp;", "&")
    assert "Erdoğan" in text and "İstanbul" in text


def test_pdf_is_a_one_page_pdf_with_the_footer(renderer):
    data = export.figure_bytes(_figure(), "pdf", FOOTER)
    assert data.startswith(b"%PDF")
    assert _pdf_pages(data) == 1
    if pypdf is not None:
        text = " ".join(_pdf_text(data).split())
        assert "1,234 statements" in text


def test_markup_in_the_footer_is_shown_as_text_not_rendered(renderer):
    footer = export.footer_text('text contains "<b>bases</b>"', 3, None, LINK)
    root = ElementTree.fromstring(export.figure_bytes(_figure(), "svg", footer))
    text = " ".join(root.itertext())
    assert "<b>bases</b>" in text


def test_html_embeds_plotly_works_offline_and_carries_the_footer():
    data = export.figure_bytes(_figure(), "html", FOOTER).decode("utf-8")
    assert data.startswith("<!DOCTYPE html>")
    assert "plotly" in data.lower() and "Plotly.newPlot" in data
    assert not re.search(r"<script[^>]+src=", data), "plotly.js must be embedded, not linked"
    assert "Filters: themes: Military bases; speaker countries: Russia" in data
    assert "1,234 statements" in data
    assert f'href="{LINK.replace("&", "&amp;")}"' in data
    assert "Erdo\\u011fan" in data or "Erdoğan" in data


def test_html_footer_escapes_markup_and_refuses_script_links():
    footer = export.footer_text("<img src=x onerror=alert(1)>", 1, None, "javascript:alert(1)")
    data = export.figure_bytes(_figure(), "html", footer).decode("utf-8")
    assert "<img src=x" not in data
    assert "&lt;img src=x onerror=alert(1)&gt;" in data
    assert 'href="javascript:' not in data


def test_html_chart_data_cannot_close_the_script_it_sits_in():
    hostile = "</script><script>alert(1)</script>"
    figure = go.Figure(go.Bar(x=[hostile, "Lavrov"], y=[1, 2], name="<img src=x onerror=alert(2)>"))
    data = export.figure_bytes(figure, "html", FOOTER).decode("utf-8")
    assert hostile not in data and "<img src=x" not in data
    assert data.count("<script") == data.count("</script>")


def test_exports_never_change_the_callers_figure(renderer):
    figure = _figure()
    before = figure.to_dict()
    for fmt in ("png", "svg", "html"):
        export.figure_bytes(figure, fmt, FOOTER)
    assert figure.to_dict() == before


def test_without_the_persistent_server_each_image_starts_its_own_browser(renderer):
    export.stop_image_server()
    data = export.figure_bytes(_figure(), "svg", FOOTER, persistent=False)
    assert ElementTree.fromstring(data).tag.endswith("svg")
    assert not export.image_server_running()
    export.figure_bytes(_figure(), "svg", None)  # the default starts it again, once
    assert export.image_server_running()


def test_a_missing_browser_is_a_clear_export_error(monkeypatch):
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    def no_chrome(*args, **kwargs):
        raise ChromeNotFoundError("no chrome here")

    monkeypatch.setattr(image_server, "start_image_server", lambda: False)
    monkeypatch.setattr(image_server, "image_server_running", lambda: False)
    monkeypatch.setattr(kaleido, "calc_fig_sync", no_chrome)
    with pytest.raises(export.ExportError, match="needs Chromium"):
        export.figure_bytes(_figure(), "png", FOOTER)
    assert export.figure_bytes(_figure(), "html", FOOTER).startswith(b"<!DOCTYPE html>")


def test_unknown_formats_are_refused_with_the_choices():
    with pytest.raises(export.ExportError, match="png, svg, pdf, html"):
        export.figure_bytes(_figure(), "gif", FOOTER)
    with pytest.raises(export.ExportError, match="csv, xlsx"):
        export.table_bytes(pd.DataFrame({"a": [1]}), "json")


# -- tables ----------------------------------------------------------------------------------
def _statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "speaker": ["Recep Tayyip Erdoğan", "Sergey Lavrov", "=cmd|' /C calc'!A0", None],
            "text": ["İstanbul talks, she said", "+1 for peace", "-2 percent", "@SUM(A1:A2)"],
            "themes": [["military_bases", "astana_format"], [], ["sovereignty"], []],
            "published": pd.to_datetime(
                ["2019-09-16 13:45", "2020-03-05 00:00", None, "2021-01-01 00:00"]
            ),
            "start": [0, 10, -5, 7],
        }
    )


def test_csv_has_a_bom_and_exactly_the_given_rows_and_columns():
    frame = _statements().iloc[[2, 0]]  # an arbitrary selection, in this order
    data = export.table_bytes(frame, "csv")
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert b"\r\n" in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["speaker", "text", "themes", "published", "start"]
    assert back["speaker"].tolist() == ["'=cmd|' /C calc'!A0", "Recep Tayyip Erdoğan"]
    assert back["themes"].tolist() == ["sovereignty", "military_bases; astana_format"]
    assert back["published"].tolist() == ["", "2019-09-16"]
    assert back["start"].tolist() == [-5, 0], "numbers are numbers, not guarded text"


def test_csv_prefixes_every_formula_like_cell():
    data = export.table_bytes(_statements(), "csv")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    texts = back["text"].tolist()
    assert texts == ["İstanbul talks, she said", "'+1 for peace", "'-2 percent", "'@SUM(A1:A2)"]
    for cell in back[["speaker", "text", "themes"]].to_numpy().ravel():
        assert not str(cell).startswith(export.FORMULA_PREFIXES)


def test_xlsx_round_trips_through_pandas_with_dates_lists_and_no_formulas():
    from openpyxl import load_workbook

    data = export.table_bytes(_statements(), "xlsx")
    assert zipfile.is_zipfile(io.BytesIO(data))
    back = pd.read_excel(io.BytesIO(data))
    assert list(back.columns) == list(_statements().columns)
    assert len(back) == 4
    assert back.loc[0, "speaker"] == "Recep Tayyip Erdoğan"
    assert back.loc[0, "themes"] == "military_bases; astana_format"
    assert back.loc[2, "speaker"] == "'=cmd|' /C calc'!A0"
    assert pd.Timestamp(back.loc[0, "published"]) == pd.Timestamp("2019-09-16")
    assert pd.isna(back.loc[2, "published"])
    assert back["start"].tolist() == [0, 10, -5, 7]
    sheet = load_workbook(io.BytesIO(data)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["D2"].number_format.lower() == "yyyy-mm-dd"


def test_xlsx_drops_control_characters_instead_of_failing():
    frame = pd.DataFrame({"text": ["bell\x07 and nul\x00 inside"]})
    back = pd.read_excel(io.BytesIO(export.table_bytes(frame, "xlsx")))
    assert back.loc[0, "text"] == "bell and nul inside"


def test_empty_tables_export_their_header():
    frame = _statements().iloc[0:0]
    text = export.table_bytes(frame, "csv").decode("utf-8-sig")
    assert text == "speaker,text,themes,published,start\r\n"
    assert list(pd.read_excel(io.BytesIO(export.table_bytes(frame, "xlsx"))).columns) == list(
        frame.columns
    )


# -- briefing pack ---------------------------------------------------------------------------
QUOTES = [
    {
        "text": "The İstanbul meeting was constructive, Erdoğan said.",
        "speaker": "Recep Tayyip Erdoğan",
        "outlet": "Anadolu Agency",
        "published": pd.Timestamp("2019-09-16"),
        "url": "https://example.org/news/1",
    },
    {
        "text": "<script>alert('x')</script> bases stay",
        "speaker": None,
        "speaker_mention": "officials",
        "outlet": "TASS",
        "published": None,
        "url": "javascript:alert(1)",
        "sample": True,
    },
]


def test_briefing_pack_pdf_holds_charts_quotes_citations_filters_and_link(renderer):
    data = export.briefing_pack(
        "Briefing: Erdoğan and Lavrov",
        [_figure(), _figure().update_layout(title_text="Second chart")],
        QUOTES,
        "themes: Military bases",
        LINK,
        "pdf",
        n_statements=57,
        data_date="2025-06-30",
    )
    assert data.startswith(b"%PDF")
    assert _pdf_pages(data) >= 1
    assert data.count(b"/Subtype /Image") >= 2
    text = " ".join(_pdf_text(data).split())
    assert "Briefing: Erdoğan and Lavrov" in text
    assert "The İstanbul meeting was constructive, Erdoğan said." in text
    assert "Recep Tayyip Erdoğan, Anadolu Agency, 2019-09-16" in text
    assert "https://example.org/news/1" in text
    assert "officials, TASS, undated (sample corpus: invented outlet)" in text
    assert "Filters: themes: Military bases" in text
    assert "57 statements" in text
    assert LINK in text
    links = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
        for annot in page.get("/Annots", [])
    ]
    assert LINK in links and "https://example.org/news/1" in links
    assert not any(str(uri).startswith("javascript") for uri in links if uri)


def test_briefing_pack_pdf_degrades_to_a_core_font_without_ttf(renderer, monkeypatch):
    monkeypatch.setattr(export, "FONT_CANDIDATES", ())
    data = export.briefing_pack("Erdoğan", [], QUOTES[:1], "none", LINK, "pdf")
    assert data.startswith(b"%PDF")
    text = " ".join(_pdf_text(data).split())
    assert "The Istanbul meeting was constructive, Erdogan said." in text


def test_briefing_pack_html_is_self_contained_and_escapes_article_text(renderer):
    import base64

    data = export.briefing_pack(
        "Briefing: Erdoğan", [_figure()], QUOTES, "themes: Military bases", LINK, "html"
    ).decode("utf-8")
    assert "<h1>Briefing: Erdoğan</h1>" in data
    assert "The İstanbul meeting was constructive, Erdoğan said." in data
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in data
    assert "<script" not in data
    assert 'href="javascript:' not in data and "javascript:alert(1)" in data
    assert '<a href="https://example.org/news/1"' in data
    assert 'Recep Tayyip Erdoğan, Anadolu Agency, 2019-09-16, <a href="https://example' in data
    assert "officials, TASS, undated (sample corpus: invented outlet)" in data
    assert f'href="{LINK.replace("&", "&amp;")}"' in data
    assert "data as of unknown" in data and "statements ·" not in data  # no count given
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', data)
    assert len(images) == 1
    assert base64.b64decode(images[0]).startswith(b"\x89PNG")
    assert not re.search(r'src="https?:', data)


def test_briefing_pack_takes_a_statements_frame_with_missing_values(renderer):
    frame = pd.DataFrame(
        {
            "text": ["bases stay", "talks go on"],
            "speaker": pd.Series([None, "Sergey Lavrov"], dtype="str"),
            "speaker_mention": ["officials", "Lavrov"],
            "outlet": pd.Series(["TASS", None], dtype="str"),
            "published": pd.to_datetime([None, "2021-02-03"]),
            "url": pd.Series([None, "https://example.org/2"], dtype="str"),
            "sample": [False, True],
        }
    )
    data = export.briefing_pack("Pack", [], frame, "", LINK, "html").decode("utf-8")
    assert "officials, TASS, undated</cite>" in data
    assert "Sergey Lavrov, unknown outlet, 2021-02-03 (sample corpus: invented outlet)" in data
    assert ", nan" not in data and "NaT" not in data


# -- files -----------------------------------------------------------------------------------
def test_write_export_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path):
    target = tmp_path / "out" / "chart.svg"
    export.write_export(target, b"first")
    export.write_export(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["chart.svg"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~export._umask()


def test_write_export_keeps_the_old_file_when_the_write_fails(tmp_path: Path, monkeypatch):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(OSError):
        export.write_export(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_export_filename_is_a_dated_slug():
    name = export.export_filename("Theme timeline (Russia)", "PNG", date(2026, 1, 2))
    assert name == "syria-dash_theme-timeline-russia_2026-01-02.png"


# -- the CLI's chart: same figure as the page for the same link ------------------------------
def test_cli_chart_writes_the_links_chart_with_its_footer(renderer, tmp_path: Path, capsys):
    from analysis.__main__ import main
    from analysis.store import Store
    from analysis.synthetic import synthetic_tables

    store = tmp_path / "store"
    Store(store).write(synthetic_tables(300, seed=5))
    out = tmp_path / "charts" / "bases.svg"
    query = "theme=military_bases&country=Russia"
    assert (
        main(["chart", "theme_counts", "--query", query, "--store", str(store), "--out", str(out)])
        == 0
    )
    text = " ".join(" ".join(ElementTree.fromstring(out.read_bytes()).itertext()).split())
    assert "Filters: themes: Military bases; speaker countries: Russia" in text
    assert f"?{query}" in text.replace("&amp;", "&")
    png = tmp_path / "bases.png"
    assert main(["chart", "theme_counts", "--store", str(store), "--out", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert (
        main(["chart", "theme_counts", "--store", str(store), "--out", str(tmp_path / "x.gif")])
        == 2
    )
    assert "must end in .png, .svg, .pdf or .html" in capsys.readouterr().err
