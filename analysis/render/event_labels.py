"""Key events named on a timeline without overlap: turning points first, then others where
there is room, in up to three staggered rows above the plot (and so in every export)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.reference import KeyEvent
from analysis.render.safe_text import escape_plotly, shorten

ROWS = 3
LABEL_CHARS = 22  # a label's characters at most (its hover gives the whole title)
SLOTS_PER_ROW = 3  # labels side by side in one row: room enough on a chart ~400 px wide
ROW_PIXELS = 20  # height of one row of labels
TOP_MARGIN = 50  # px: the chart's own title


def labelled(
    events: Sequence[KeyEvent], first: pd.Timestamp, last: pd.Timestamp
) -> list[tuple[KeyEvent, int]]:
    """The events to name, each with its row: most important first, each at least a slot's
    width of time from every label already in its row (SLOTS_PER_ROW across the span)."""
    span = max((last - first).days, 1)
    gap = span / SLOTS_PER_ROW
    rows: list[list[pd.Timestamp]] = [[] for _ in range(ROWS)]
    chosen: list[tuple[KeyEvent, int]] = []
    for event in sorted(events, key=lambda e: (e.importance, e.date)):
        day = pd.Timestamp(event.date)
        for number, row in enumerate(rows):
            if all(abs((day - other).days) >= gap for other in row):
                row.append(day)
                chosen.append((event, number))
                break
    return sorted(chosen, key=lambda pair: pair[0].date)


def label_layers(
    events: Sequence[KeyEvent], first: pd.Timestamp, last: pd.Timestamp
) -> dict[str, object]:
    """Layout additions naming the chosen events: annotations and the top margin they need."""
    chosen = labelled(events, first, last)
    if not chosen:
        return {}
    annotations = [
        {
            "x": pd.Timestamp(event.date),
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": escape_plotly(shorten(event.title, LABEL_CHARS)),
            "showarrow": True,  # a thin line down to the event's marker
            "arrowhead": 0,
            "arrowwidth": 0.6,
            "arrowcolor": "rgba(90, 90, 90, 0.6)",
            "ax": 0,
            "ay": -(14 + row * ROW_PIXELS),
            "font": {"size": 10, "color": "rgba(60, 60, 60, 0.9)"},
            "bgcolor": "rgba(255, 255, 255, 0.6)",
            "hovertext": escape_plotly(f"{event.date}: {event.title}"),
        }
        for event, row in chosen
    ]
    used = max(row for _, row in chosen) + 1
    return {
        "annotations": annotations,
        "margin": {"l": 10, "r": 10, "b": 10, "t": TOP_MARGIN + 14 + ROW_PIXELS * used},
    }
