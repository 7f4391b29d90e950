"""Layout rules in analysis/ and dashboard/: no function over 60 lines, no class over 300."""

from __future__ import annotations

from benchmarks.code_shape import CLASS_LIMIT, FUNCTION_LIMIT, sources, spans


def _over(kind: str, limit: int) -> list[tuple[str, int]]:
    return [
        (name, n) for path in sources() for k, name, n in spans(path) if k == kind and n > limit
    ]


def test_no_function_is_over_the_limit():
    assert _over("function", FUNCTION_LIMIT) == []


def test_no_class_is_over_the_limit():
    assert _over("class", CLASS_LIMIT) == []
