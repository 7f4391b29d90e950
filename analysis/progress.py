"""A terminal progress bar for long commands: done / total, articles per second, ETA."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int | None], None]


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A tqdm bar on stderr while stdout is a terminal; None (silent) when piped or redirected."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(desc=label, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
