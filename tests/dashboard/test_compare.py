"""Compare for briefings: most-quoted defaults, counts and intervals beside shares, a caution
on thin sides, and both sides' quotes side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import Store
from analysis.synthetic import synthetic_tables

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    Store(root).write(synthetic_tables(800, seed=11))
    return root


@pytest.fixture
def compare(store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store_dir))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)

    def make(**params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.switch_page("views/compare.py")
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception
        return at

    return make


def _speakers(store_dir: Path):
    return Store(store_dir).tables().statements["speaker"].value_counts()


def test_comparing_speakers_defaults_to_the_most_quoted(compare, store_dir) -> None:
    at = compare(a_by="speaker", b_by="speaker")
    top = _speakers(store_dir)
    assert at.selectbox(key="a_speaker").value == top.index[0]
    assert at.selectbox(key="b_speaker").value == top.index[1]


def test_each_gap_shows_counts_and_an_interval(compare) -> None:
    at = compare()
    lines = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert len(lines) == 5
    for line in lines:
        assert " of " in line and "95 % interval" in line and ("clear" in line)


def test_a_thin_side_gets_a_caution(compare, store_dir) -> None:
    counts = _speakers(store_dir)
    rare = counts[counts < 30].index[0]
    at = compare(a_by="speaker", a_speaker=rare, b_by="country")
    cautions = [w.value for w in at.warning if "Few statements" in w.value]
    assert len(cautions) == 1 and f"\\({counts[rare]:,}\\)" in cautions[0]


def test_quotes_of_both_sides_stand_side_by_side(compare, store_dir) -> None:
    at = compare(a_by="speaker", b_by="speaker")
    a, b = at.selectbox(key="a_speaker").value, at.selectbox(key="b_speaker").value
    quotes = [m.value for m in at.markdown if m.value.startswith("> ")]
    assert len(quotes) == 10
    assert all(f"**{a}**" in q for q in quotes[:5]) and all(f"**{b}**" in q for q in quotes[5:])
