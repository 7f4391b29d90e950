"""Normalised fields: written dates, relative dates."""

from __future__ import annotations

import pytest

from analysis.load import normalise_date, resolve_relative_date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2020-03-09", "2020-03-09"),
        ("3/9/2020", "2020-03-09"),
        ("March 9, 2020", "2020-03-09"),
        ("9 March 2020", "2020-03-09"),
        ("2020-03-09T23:30:00-05:00", "2020-03-09"),
        ("Tue, 30 Jan 2018 23:49:58 -0500", "2018-01-30"),
        ("Tuesday", None),
        ("March 9", None),
        ("yesterday", None),
        ("", None),
        ("not a date at all", None),
    ],
)
def test_normalise_date(written, expected):
    assert normalise_date(written) == expected


def test_relative_dates_need_a_known_date():
    assert resolve_relative_date("on Tuesday", None) is None
    assert resolve_relative_date("on Tuesday", "2024-12-19") == "2024-12-17"  # a Thursday
    assert resolve_relative_date("yesterday", "2024-03-01") == "2024-02-29"
