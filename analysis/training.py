"""The team's labelled statements (data/training/*.refs.jsonl): corpus references, no text.

One JSON object per line:
  source      "fakes" (FA-KES-Dataset.csv), "polnear" (polnear-full) or "bench" (the
              article-extraction benchmark's human-made article bodies)
  unit        FA-KES: the row's unit_id; PolNeAR: "<split>/<file stem>", e.g. "train/nyt_2016-…";
              bench: the page's key in ground-truth.json
  start, end  character offsets of what was said (the statement's content) in the article text:
              FA-KES: the row's article_content as Python's csv module reads the latin-1 file;
              PolNeAR: text/<file stem>.txt read as UTF-8; bench: the page's articleBody
  check       the first 10 hex digits of the SHA-1 of that span (a drift check, not the text)
  split       "train" or "dev" (by article: every statement of one article in one split)
  themes      theme ids of data/themes.toml ([] for a statement on none of them)
  speaker     optional: the canonical speaker (data/actors.toml names), null when unnamed
  speech_act  optional: one of analysis.schema.SPEECH_ACTS
  via         optional: the outlet or agency relaying the statement, null when none
FA-KES articles listed in fakes/HELD_OUT.txt are never referenced: reading one is an error.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.settings import CORPORA_DIR, DATA_DIR

TRAINING_DIR = DATA_DIR / "training"
FAKES_CSV = Path("fakes") / "FA-KES-Dataset.csv"
HELD_OUT = Path("fakes") / "HELD_OUT.txt"
POLNEAR = Path("polnear-full")
BENCH = Path("article-extraction-benchmark") / "ground-truth.json"
SOURCES = ("fakes", "polnear", "bench")
SPLITS = ("train", "dev")


@dataclass(frozen=True)
class Reference:
    """One labelled statement, by reference."""

    source: str
    unit: str
    start: int
    end: int
    check: str
    split: str
    themes: tuple[str, ...] = ()
    labels: dict = field(default_factory=dict)  # speaker, speech_act, via where labelled

    @property
    def article(self) -> tuple[str, str]:
        return self.source, self.unit


@dataclass(frozen=True)
class Labelled:
    """A reference read against its article's text."""

    reference: Reference
    article_text: str

    @property
    def content(self) -> str:
        return self.article_text[self.reference.start : self.reference.end]


def split_of(unit: str) -> str:
    """An article's split by its unit id or file name: "dev" for one in five, by SHA-1."""
    bucket = int(hashlib.sha1(unit.encode("utf-8")).hexdigest()[:8], 16) % 5
    return "dev" if bucket == 0 else "train"


def span_check(text: str) -> str:
    """The drift check of a span: the first 10 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def read_references(folder: Path = TRAINING_DIR) -> list[Reference]:
    """Every reference in the folder's *.refs.jsonl files; a malformed line raises ValueError."""
    references = []
    for path in sorted(Path(folder).glob("*.refs.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                references.append(_reference(line, f"{path.name}:{number}"))
    return references


def _reference(line: str, where: str) -> Reference:
    try:
        record = json.loads(line)
        reference = Reference(
            source=record["source"],
            unit=str(record["unit"]),
            start=int(record["start"]),
            end=int(record["end"]),
            check=record["check"],
            split=record["split"],
            themes=tuple(record.get("themes") or ()),
            labels={k: record[k] for k in ("speaker", "speech_act", "via") if k in record},
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{where}: not a training reference ({error})") from None
    if reference.source not in SOURCES or reference.split not in SPLITS:
        raise ValueError(f"{where}: source must be one of {SOURCES}, split one of {SPLITS}")
    return reference


def held_out_units(corpora: Path = CORPORA_DIR) -> set[str]:
    """FA-KES unit ids kept for evaluation."""
    path = Path(corpora) / HELD_OUT
    return {w for w in path.read_text(encoding="utf-8").split() if w.isdigit()}


def fakes_texts(corpora: Path = CORPORA_DIR) -> dict[str, str]:
    """FA-KES unit_id → article_content, held-out articles left out."""
    held_out = held_out_units(corpora)
    csv.field_size_limit(1 << 24)
    with open(Path(corpora) / FAKES_CSV, encoding="latin-1", newline="") as handle:
        rows = csv.DictReader(handle)
        return {r["unit_id"]: r["article_content"] for r in rows if r["unit_id"] not in held_out}


def polnear_text(unit: str, corpora: Path = CORPORA_DIR) -> str:
    """The text of a PolNeAR article named "<split>/<file stem>"."""
    split, stem = unit.split("/", 1)
    return (Path(corpora) / POLNEAR / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")


def bench_texts(corpora: Path = CORPORA_DIR) -> dict[str, str]:
    """The article-extraction benchmark's page key → its human-made article body."""
    truth = json.loads((Path(corpora) / BENCH).read_text(encoding="utf-8"))
    return {key: page["articleBody"] for key, page in truth.items() if page.get("articleBody")}


def resolve(references: Iterable[Reference], corpora: Path = CORPORA_DIR) -> Iterator[Labelled]:
    """The references with their articles' text; a span that drifted raises ValueError."""
    texts: dict[str, dict[str, str]] = {}
    for reference in references:
        if reference.source in ("fakes", "bench"):
            if reference.source not in texts:
                read = fakes_texts if reference.source == "fakes" else bench_texts
                texts[reference.source] = read(corpora)
            units = texts[reference.source]
            if reference.unit not in units:
                raise ValueError(f"{reference.source} unit {reference.unit}: absent or held out")
            text = units[reference.unit]
        else:
            text = polnear_text(reference.unit, corpora)
        labelled = Labelled(reference, text)
        if span_check(labelled.content) != reference.check:
            raise ValueError(f"{reference.source} {reference.unit} {reference.start}: span drifted")
        yield labelled
