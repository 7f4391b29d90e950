"""The extraction on a Dask distributed cluster: batches out to workers, tables back as done."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import pandas as pd

from analysis.load import Article

Progress = Callable[[int, int | None], None]
Extracted = tuple[list[Article], pd.DataFrame, pd.DataFrame]


def extract_batch(batch: list[Article]) -> Extracted:
    """One batch extracted on a worker (its model is loaded once per worker process)."""
    from analysis.pipeline import extract

    statements, mentions = extract(batch)
    return batch, statements, mentions


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[object]:
    """A client of the given scheduler, or of a LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def extract_on_cluster(
    batches: Iterable[list[Article]],
    progress: Progress | None,
    total: int,
    *,
    workers: int = 2,
    scheduler: str | None = None,
) -> Iterator[Extracted]:
    """Extracted batches as workers finish them; a few in flight per worker, not all at once."""
    from distributed import as_completed

    pending = iter(batches)
    done = 0
    with dask_client(workers, scheduler) as client:
        in_flight = max(2, 2 * workers)
        queue = as_completed(
            [client.submit(extract_batch, b, pure=False) for b in islice(pending, in_flight)]
        )
        for future in queue:
            batch, statements, mentions = future.result()
            for more in islice(pending, 1):
                queue.add(client.submit(extract_batch, more, pure=False))
            done += len(batch)
            if progress is not None:
                progress(done, total)
            yield batch, statements, mentions
