"""Dump candidate statements for labelling (data/training/*.refs.jsonl) to a JSONL file in /tmp.

Usage (from the checkout's root, with -m so that its own `analysis` package is imported):
  SYRIA_DASH_CORPORA=/work/shared/corpora .venv/bin/python -m scripts.training_candidates \
      --source fakes --articles 200 --per-article 6 --seed 7 --out /tmp/fakes_candidates.jsonl

The articles are a seeded random choice spread round-robin across outlets (FA-KES's `source`
column, PolNeAR's publisher); held-out FA-KES articles are never read. Each candidate carries
the offsets of the statement's content in the raw article text (the offsets a reference
stores), its sentence, the previous sentence, the title and the extractor's speaker, cue and
themes. `--match REGEX` keeps only articles whose text matches it and prefers statements whose
sentence does (to find examples of a rare theme); `--exclude FILE.jsonl` leaves out articles
already referenced there. The output holds corpus text: keep it in /tmp, never in the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from analysis.extract.model import load_model
from analysis.load import Article
from analysis.pipeline import extract
from analysis.settings import CORPORA_DIR
from analysis.training import BENCH, FAKES_CSV, POLNEAR, bench_texts, fakes_texts, polnear_text


@dataclass(frozen=True)
class Source:
    """One corpus article: its unit id (as a reference names it), text and metadata."""

    unit: str
    text: str
    title: str | None
    outlet: str | None
    published: str | None


def fakes_sources(corpora: Path = CORPORA_DIR) -> list[Source]:
    """FA-KES articles, held-out ones left out, text as the raw article_content."""
    texts = fakes_texts(corpora)
    with open(Path(corpora) / FAKES_CSV, encoding="latin-1", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["unit_id"] in texts]
    return [
        Source(r["unit_id"], texts[r["unit_id"]], r["article_title"], r["source"], _iso(r["date"]))
        for r in rows
    ]


def polnear_sources(corpora: Path = CORPORA_DIR) -> list[Source]:
    """PolNeAR train and dev articles named "<split>/<file stem>"."""
    lines = (Path(corpora) / POLNEAR / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    sources = []
    for line in lines[1:]:
        meta = dict(zip(header, line.split("\t"), strict=False))
        unit = f"{meta['compartment']}/{meta['filename']}"
        text = polnear_text(unit, corpora)
        published = meta["publication_date"] or None
        sources.append(Source(unit, text, meta["title"], meta["publisher"], published))
    return sources


def bench_sources(corpora: Path = CORPORA_DIR) -> list[Source]:
    """The article-extraction benchmark's pages by key, text as their human-made article body
    (the outlet is the page address's host)."""
    truth = json.loads((Path(corpora) / BENCH).read_text(encoding="utf-8"))
    texts = bench_texts(corpora)
    return [
        Source(key, text, None, urlparse(truth[key].get("url") or "").hostname, None)
        for key, text in texts.items()
    ]


SOURCES = {"fakes": fakes_sources, "polnear": polnear_sources, "bench": bench_sources}


def _iso(value: str) -> str | None:
    """M/D/YYYY as YYYY-MM-DD, None when unreadable."""
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def choose_articles(sources: list[Source], count: int, rng: random.Random) -> list[Source]:
    """A seeded random choice of `count` articles, taken round-robin across outlets."""
    by_outlet: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_outlet[source.outlet or ""].append(source)
    queues = [rng.sample(group, len(group)) for _, group in sorted(by_outlet.items())]
    chosen: list[Source] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return chosen


def as_article(source: Source) -> Article:
    """The loader's Article of a corpus article, its text kept raw so offsets stay the corpus's."""
    return Article(
        article_id=source.unit,
        origin=source.unit,
        outlet=source.outlet,
        title=source.title,
        published=source.published,
        url=None,
        language="en",
        text=source.text,
    )


def previous_sentence(text: str, start: int) -> str:
    """The sentence before offset `start` (a plain full-stop split; context for a labeller)."""
    head = text[max(0, start - 600) : start].rstrip()
    cut = max(head.rfind(". ", 0, len(head) - 1), head.rfind("\n", 0, len(head) - 1))
    return head[cut + 1 :].strip()


def candidate(row: dict, source: Source, corpus: str) -> dict | None:
    """One statement row as a candidate, or None when its content is not in its sentence."""
    content = str(row["text"]).strip()
    start = source.text.find(content, int(row["start"]), int(row["end"])) if content else -1
    if start < 0:
        return None
    return {
        "source": corpus,
        "unit": source.unit,
        "outlet": source.outlet,
        "start": start,
        "end": start + len(content),
        "text": content,
        "sentence": row["sentence"],
        "previous": previous_sentence(source.text, int(row["start"])),
        "title": source.title,
        "speaker": row["speaker"],
        "speaker_mention": row["speaker_mention"],
        "cue": row["cue"],
        "themes": list(row["themes"]),
    }


def candidates(
    articles: list[Source],
    per_article: int,
    rng: random.Random,
    match: re.Pattern | None,
    corpus: str = "fakes",
) -> Iterator[dict]:
    """At most `per_article` candidates of each article, a seeded choice (matching ones first)."""
    statements, _ = extract([as_article(a) for a in articles], nlp=load_model())
    by_unit = {a.unit: a for a in articles}
    for unit, rows in statements.groupby("article_id", sort=False):
        records = rows.to_dict("records")
        found = [c for r in records if (c := candidate(r, by_unit[unit], corpus))]
        rng.shuffle(found)
        if match is not None:
            found.sort(key=lambda c: match.search(c["sentence"]) is None)
        yield from sorted(found[:per_article], key=lambda c: c["start"])


def excluded_units(paths: Iterable[str]) -> set[str]:
    """The units already referenced by the given training files (absent files name none)."""
    units: set[str] = set()
    for path in map(Path, paths):
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        units |= {str(json.loads(line)["unit"]) for line in lines if line.strip()}
    return units


def main(argv: list[str] | None = None) -> None:
    """Write the candidates of the chosen articles as JSONL and print their count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=tuple(SOURCES), default="fakes")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--match", help="regex: only articles whose text matches it")
    parser.add_argument("--exclude", action="append", default=[], help="a training .jsonl")
    parser.add_argument("--out", default="/tmp/training_candidates.jsonl")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    match = re.compile(args.match, re.IGNORECASE) if args.match else None
    sources = SOURCES[args.source]()
    skip = excluded_units(args.exclude)
    sources = [s for s in sources if s.unit not in skip and (not match or match.search(s.text))]
    chosen = choose_articles(sources, args.articles, rng)
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for item in candidates(chosen, args.per_article, rng, match, args.source):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} candidates from {len(chosen)} articles → {args.out}")


if __name__ == "__main__":
    main()
