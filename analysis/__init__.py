"""Statements of Russia–Turkey diplomacy over Syria: load, extract, store, chart."""

__version__ = "0.1.0"
