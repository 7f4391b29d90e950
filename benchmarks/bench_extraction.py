"""Statement extraction throughput: articles/s and statements/s of pipeline.extract on FA-KES.

Run alone with `python -m benchmarks.bench_extraction [LIMIT|all] [N_PROCESS ...]` (for
example `all 1 2` to compare one and two worker processes) or through `make bench`.
"""

from __future__ import annotations

import os
import sys
import time

from analysis.settings import CORPORA_DIR

FAKES = CORPORA_DIR / "fakes" / "FA-KES-Dataset.csv"


def _articles(limit: int | None) -> list:
    """FA-KES articles through the project's loader (pandas as a fallback)."""
    from analysis.load import Article, article_id, load_articles

    try:
        articles = list(load_articles([FAKES]))
    except Exception:  # the loader is someone else's stage: measure extraction regardless
        articles = []
    if not articles:
        import pandas as pd

        frame = pd.read_csv(FAKES, encoding="latin-1")
        articles = [
            Article(article_id(str(text)), str(FAKES), str(source), str(title), None, None, "en",
                    str(text))
            for text, title, source in frame[["article_content", "article_title", "source"]]
            .dropna(subset=["article_content"])
            .itertuples(index=False)
        ]  # fmt: skip
    return articles[:limit] if limit else articles


def main(limit: int | None = None, processes: tuple[int, ...] = (1,)) -> None:
    """Print articles/s, statements/s and words/s of extract() on the FA-KES corpus."""
    if not FAKES.exists():
        print(f"skipped: FA-KES corpus not found at {FAKES}")
        return
    from analysis.extract.model import load_model
    from analysis.pipeline import extract

    articles = _articles(limit)
    nlp = load_model()  # with the gazetteer and theme matcher built, outside the timing
    extract(articles[:5], nlp=nlp)  # warm-up
    words = sum(len(a.text.split()) for a in articles)
    print(f"model: {nlp.meta.get('name')} {nlp.meta.get('version')}, pipes: {nlp.pipe_names}")
    print(f"articles: {len(articles)} ({words} words); load average {_load()}")
    for n_process in processes:
        started, cpu = time.perf_counter(), time.process_time()
        statements, mentions = extract(articles, nlp=nlp, n_process=n_process)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if n_process == 1:  # CPU time of this process: the figure a busy machine distorts least
            print(
                f"n_process=1 CPU: {cpu:.1f} s  articles per CPU-second {len(articles) / cpu:.1f}"
            )
        print(
            f"n_process={n_process}: {seconds:.1f} s  articles/s {len(articles) / seconds:.1f}  "
            f"statements/s {len(statements) / seconds:.1f}  words/s {words / seconds:.0f}  "
            f"(statements {len(statements)}, mentions {len(mentions)})"
        )
    kinds = statements["kind"].value_counts().to_dict() if len(statements) else {}
    print(f"kinds: {kinds}")


def _load() -> str:
    try:
        return " ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "n/a"


if __name__ == "__main__":
    # python -m benchmarks.bench_extraction [LIMIT] [N_PROCESS ...]
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "all" else None,
        tuple(int(n) for n in sys.argv[2:]) or (1,),
    )
