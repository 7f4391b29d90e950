"""After an upload the Data page lists each new article with the statements found in it
(speaker, kind, what was said), and each rejected file with its reason."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.render.safe_text import unescape_markdown
from analysis.store import Store
from analysis.synthetic import synthetic_tables

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ARTICLE = (
    b"---\noutlet: Test Wire\ntitle: Fidan on talks\npublished: 2024-01-02\n---\n"
    b'Turkish Foreign Minister Hakan Fidan said "the talks will go on" in Ankara.\n'
)
EMPTY = b"---\ntitle: Weather\npublished: 2024-01-03\n---\nIt rained in Ankara all day long.\n"


def test_an_upload_lists_its_articles_statements_and_rejections(tmp_path, monkeypatch) -> None:
    root = tmp_path / "store"
    Store(root).write(synthetic_tables(100, seed=2))
    monkeypatch.setenv("SYRIA_DASH_STORE", str(root))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    monkeypatch.delenv("SYRIA_DASH_DEPLOY", raising=False)
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page("views/data.py")
    at.run()
    files = [
        ("fidan.txt", ARTICLE, "text/plain"),
        ("weather.txt", EMPTY, "text/plain"),
        ("blob.txt", b"\x00\x01\x02" * 50, "text/plain"),
    ]
    at.file_uploader(key="data_upload").set_value(files).run()
    at.button(key="ingest_upload").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    shown = [unescape_markdown(m.value) for m in at.markdown]
    assert any(s.startswith("**Articles read: 2** · 1 without any statement") for s in shown)
    labels = [unescape_markdown(e.label) for e in at.expander]
    assert "Fidan on talks · 1 statement" in labels and "Weather · 0 statements" in labels
    table = next(
        d.value
        for d in at.dataframe
        if "what was said" in d.value.columns or "text" in d.value.columns
    )
    assert table["speaker"].tolist() == ["Hakan Fidan"] and table["kind"].tolist() == ["direct"]
    warnings = [unescape_markdown(w.value) for w in at.warning]
    assert any("blob.txt" in w and w.startswith("Rejected ") for w in warnings)


def test_a_kept_file_with_a_warning_is_not_called_rejected(tmp_path, monkeypatch) -> None:
    root = tmp_path / "store"
    Store(root).write(synthetic_tables(100, seed=2))
    monkeypatch.setenv("SYRIA_DASH_STORE", str(root))
    monkeypatch.delenv("SYRIA_DASH_DEPLOY", raising=False)
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page("views/data.py")
    at.session_state["_last_ingest"] = {
        "label": "1 uploaded file(s)",
        "summary": None,
        "problems": ["warning: mixed.txt: mixed encodings, read line by line", "bad.bin: binary"],
    }
    at.run()
    assert [unescape_markdown(i.value) for i in at.info if "Kept" in i.value] == [
        "Kept, with a warning: mixed.txt: mixed encodings, read line by line"
    ]
    assert [unescape_markdown(w.value) for w in at.warning] == ["Rejected bad.bin: binary"]
