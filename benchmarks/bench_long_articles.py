"""Extraction time per 10 KB of one article, from 10 KB to 1 MB: flat when the work is linear.

The article is the bundled sample's bodies (data/sample) repeated to each length, made here.
Parsing (spaCy) and the statements after it (this project's rules) are timed apart, in CPU
seconds of this process (what a busy machine distorts least), with the wall time beside.
Run alone with `python -m benchmarks.bench_long_articles [SIZE ...]` (characters) or through
`make bench`.
"""

from __future__ import annotations

import sys
import time

from analysis import settings
from analysis.settings import PROJECT_DIR

SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
PER = 10_000  # the figures are per this many characters


def _sample_text() -> str:
    """The bodies of the bundled sample articles, one after another."""
    from analysis.load import load_articles

    return "\n\n".join(a.text for a in load_articles([PROJECT_DIR / "data" / "sample"]))


def _article(body: str, size: int):  # noqa: ANN202 - an Article, imported late
    from analysis.load import Article, article_id

    text = (body * (size // len(body) + 1))[:size]
    text = text[: text.rfind("\n") + 1] or text  # end at a paragraph
    return Article(
        article_id(text), "bench", "Bench", "Long article", "2020-01-01", None, "en", text
    )


def _timed(work):  # noqa: ANN001, ANN202 - a thunk and its result
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - started


def measure(nlp, body: str, size: int) -> dict:  # noqa: ANN001 - a spaCy Language
    """CPU and wall seconds of parsing and of the statements of one article of `size` chars."""
    from analysis.pipeline import (
        actor_index,
        parsed_articles,
        statement_rows,
        tables,
        theme_assigner,
    )

    article = _article(body, size)
    index, themes = actor_index(nlp), theme_assigner(nlp)
    parsed, parse_cpu, parse_wall = _timed(lambda: list(parsed_articles([article], nlp)))
    (statements, _), rows_cpu, rows_wall = _timed(
        lambda: tables(statement_rows(parsed, index, themes, on_notice=print))
    )
    return {
        "chars": len(article.text),
        "statements": len(statements),
        "parse_cpu": parse_cpu,
        "rows_cpu": rows_cpu,
        "wall": parse_wall + rows_wall,
    }


def main(sizes: tuple[int, ...] = SIZES) -> None:
    """Print, per article length, the CPU seconds per 10 KB of parsing and of statements."""
    from analysis.extract.model import load_model

    nlp = load_model()
    saved = nlp.max_length, settings.ARTICLE_SECONDS
    nlp.max_length = max(nlp.max_length, max(sizes) + 1)
    settings.ARTICLE_SECONDS = float("inf")  # measure the whole article, never cut it
    try:
        _table(nlp, sizes)
    finally:  # the model is shared with the other benchmarks of `make bench`
        nlp.max_length, settings.ARTICLE_SECONDS = saved


def _table(nlp, sizes: tuple[int, ...]) -> None:  # noqa: ANN001 - a spaCy Language
    body = _sample_text()
    measure(nlp, body, 2_000)  # warm-up: the model's first call
    print(
        f"model: {nlp.meta.get('name')} {nlp.meta.get('version')}; sample body {len(body):,} chars"
    )
    print("chars      statements  parse s/10KB  statements s/10KB  total s/10KB  wall s")
    first = None
    for size in sizes:
        row = measure(nlp, body, size)
        per = PER / row["chars"]
        total = (row["parse_cpu"] + row["rows_cpu"]) * per
        first = first or total
        print(
            f"{row['chars']:>9,}  {row['statements']:>10,}  {row['parse_cpu'] * per:>12.3f}  "
            f"{row['rows_cpu'] * per:>17.3f}  {total:>12.3f}  {row['wall']:>6.1f}"
            f"   (x{total / first:.2f} of the first)"
        )


if __name__ == "__main__":
    main(tuple(int(n) for n in sys.argv[1:]) or SIZES)
