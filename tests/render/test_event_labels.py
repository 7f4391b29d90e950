"""Key events legible: named without overlap, turning points first, more of them when the
span is short, and their names in exported images."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.reference import load_events
from analysis.render import charts
from analysis.render.event_labels import SLOTS_PER_ROW, labelled

EVENTS = load_events()


def _spans(first: str, last: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(first), pd.Timestamp(last)


def test_labels_in_a_row_keep_a_slot_apart() -> None:
    first, last = _spans("2015-01-01", "2025-12-31")
    gap = (last - first).days / SLOTS_PER_ROW
    chosen = labelled(EVENTS, first, last)
    for row in {r for _, r in chosen}:
        days = sorted(pd.Timestamp(e.date) for e, r in chosen if r == row)
        assert all((b - a).days >= gap for a, b in zip(days, days[1:], strict=False))


def test_zoomed_out_only_turning_points_are_named_zoomed_in_more() -> None:
    wide = labelled(EVENTS, *_spans("2015-01-01", "2025-12-31"))
    turning = [e for e, _ in wide if e.importance == 1]
    assert len(turning) > len(wide) - len(turning)  # mostly turning points
    assert len(wide) <= 3 * SLOTS_PER_ROW < len(EVENTS)  # far fewer than all
    year = [
        e
        for e in EVENTS
        if pd.Timestamp("2019-06-01") <= pd.Timestamp(e.date) <= pd.Timestamp("2020-06-01")
    ]
    narrow = labelled(year, *_spans("2019-06-01", "2020-06-01"))
    assert len(narrow) > sum(e.importance == 1 for e in year)
    assert {e.title for e in year if e.importance == 1} <= {e.title for e, _ in narrow}


@pytest.mark.parametrize("fmt", ["svg"])
def test_exported_timelines_name_their_events(fmt) -> None:
    from analysis.render.export import figure_bytes

    counts = pd.DataFrame(
        {
            "period": pd.date_range("2019-06-01", "2020-06-01", freq="MS"),
            "group": "x",
            "statements": 3,
        }
    )
    fig = charts.chart_timeline(counts, events=EVENTS)
    shown = [a.text for a in fig.layout.annotations]
    assert "TurkStream inaugurated" in shown
    image = figure_bytes(fig, fmt, "footer").decode("utf-8")
    assert "TurkStream inaugurated" in image
