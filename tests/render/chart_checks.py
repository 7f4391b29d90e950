"""Helpers the chart tests share: plot data as numbers, figures validated by plotly."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go


def values(array: object) -> np.ndarray:
    """Plot data as numbers, whether plotly kept a list, an array or a typed-array dict."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def validated(fig: go.Figure) -> go.Figure:
    """Charts are built without plotly's validation pass (speed): validate them here."""
    return go.Figure(fig.to_dict())
