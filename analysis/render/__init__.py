"""Frames → figures and bytes: charts, the named-chart catalogue, exports."""
