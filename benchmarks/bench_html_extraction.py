"""Article-body extraction on the article-extraction benchmark: F1, precision, recall, pages/s.

The metric replicates scrapinghub/article-extraction-benchmark's evaluate.py: 4-word shingles
of ``\\w+`` tokens, TP/FP/FN normalised per document, precision and recall averaged over
documents, F1 from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from analysis.settings import CORPORA_DIR

BENCHMARK_DIR = CORPORA_DIR / "article-extraction-benchmark"

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN_RE.findall(text or "")
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(gram for gram in grams if gram)


def shingle_matching(true: str, pred: str) -> TpFpFn:
    """TP, FP, FN over 4-word shingles, normalised to sum to 1 (as the benchmark does)."""
    truth, guess = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in truth.keys() | guess.keys():
        t, g = truth.get(key, 0), guess.get(key, 0)
        tp += min(t, g)
        fp += max(0, g - t)
        fn += max(0, t - g)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def scores(results: list[TpFpFn]) -> dict[str, float]:
    """Benchmark-style precision, recall (per-document means) and F1 of the two."""
    precision = statistics.mean(_precision(*r) for r in results if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in results if r[0] + r[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def pages(corpus: Path = BENCHMARK_DIR) -> Iterator[tuple[str, str, str]]:
    """(key, html, true body) for every page of the benchmark."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((corpus / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            html = handle.read()
        yield key, html, truth[key].get("articleBody", "")


def evaluate(extract: Callable[[str], str | None], corpus: Path = BENCHMARK_DIR) -> dict:
    """Scores of one extractor on the benchmark, plus pages per second."""
    data = list(pages(corpus))
    extract(data[0][1])  # warm-up: imports and caches are not page time
    start = time.perf_counter()
    predictions = [extract(html) or "" for _, html, _ in data]
    elapsed = time.perf_counter() - start
    results = [
        shingle_matching(true, pred) for (_, _, true), pred in zip(data, predictions, strict=True)
    ]
    return {**scores(results), "pages": len(data), "pages_per_second": len(data) / elapsed}


def main() -> None:
    """Print the figures of trafilatura's default and of the project's extractor."""
    if not (BENCHMARK_DIR / "ground-truth.json").is_file():
        print(f"bench_html_extraction: skipped, corpus not found at {BENCHMARK_DIR}")
        return
    import trafilatura

    from analysis.load import load_upload
    from analysis.load.html import extract_body

    def loader_text(html: str) -> str:
        """What the loader keeps of a page: the body after furniture and caption clean-up."""
        found = list(load_upload("page.html", html.encode("utf-8"), on_problem=lambda p: None))
        return found[0].text if found else ""

    extractors: dict[str, Callable[[str], str | None]] = {
        "trafilatura default": lambda html: trafilatura.extract(html, include_comments=False),
        "analysis.load.html": extract_body,
        "loader (html + clean)": loader_text,
    }
    for name, extract in extractors.items():
        s = evaluate(extract)
        print(
            f"html extraction  {name:<22} F1={s['f1']:.4f}  precision={s['precision']:.4f}  "
            f"recall={s['recall']:.4f}  {s['pages_per_second']:.1f} pages/s ({s['pages']} pages)",
            flush=True,
        )


if __name__ == "__main__":
    main()
