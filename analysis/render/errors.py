"""The render stage's one error: an export or chart that cannot be made, said in plain words."""

from __future__ import annotations


class ExportError(ValueError):
    """An export that cannot be made: an unknown format, or no renderer for static images."""
