"""Consistency of the 2020-2025 half of the bundled sample corpus and its gold annotations."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analysis import reference
from analysis.reference import REQUIRED_THEME_IDS
from analysis.settings import DATA_DIR, PROJECT_DIR

PART_DIR = DATA_DIR / "sample" / "2020-2025"
GOLD = DATA_DIR / "sample" / "gold" / "2020-2025.gold.jsonl"
THEME_IDS = {*REQUIRED_THEME_IDS, "kurdish_question"}
KINDS = {"direct", "reported", "mixed"}
GOLD_KEYS = {"origin", "title", "speaker", "speaker_country", "kind", "cue", "themes", "content"}


@dataclass(frozen=True)
class SampleArticle:
    """One article as written in a sample file, parsed independently of the project loader."""

    origin: str  # path relative to the project root, as in the gold `origin`
    title: str
    outlet: str
    published: date
    url: str
    text: str  # the article text as a reader sees it (entities decoded for HTML and RSS)
    sample: bool


def _origin(path: Path) -> str:
    return path.relative_to(PROJECT_DIR).as_posix()


def _front_matter(path: Path, raw: str) -> SampleArticle:
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", raw, re.S)
    assert match, f"{path.name}: no front matter"
    meta = dict(line.split(": ", 1) for line in match.group(1).splitlines())
    return SampleArticle(
        origin=_origin(path),
        title=meta["title"],
        outlet=meta["outlet"],
        published=date.fromisoformat(meta["published"]),
        url=meta["url"],
        text=match.group(2),
        sample=meta.get("sample") == "true",
    )


def _sidecar(path: Path, raw: str, meta_path: Path) -> SampleArticle:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    lines = raw.splitlines()
    assert lines[0] == f"Site icon {meta['outlet']}", f"{path.name}: no site icon line"
    assert lines[-1] == "Exit mobile version", f"{path.name}: no closing furniture line"
    return SampleArticle(
        origin=_origin(path),
        title=meta["title"],
        outlet=meta["outlet"],
        published=date.fromisoformat(meta["published"]),
        url=meta["url"],
        text=raw,
        sample=meta.get("sample") is True,
    )


def _html_meta(raw: str, attr: str, key: str) -> str | None:
    match = re.search(rf'<meta {attr}="{re.escape(key)}" content="([^"]*)">', raw)
    return html.unescape(match.group(1)) if match else None


def _html(path: Path, raw: str) -> SampleArticle:
    h1 = re.search(r"<h1>(.*?)</h1>", raw, re.S)
    assert h1, f"{path.name}: no <h1>"
    published = _html_meta(raw, "property", "article:published_time")
    assert published, f"{path.name}: no article:published_time"
    for part in ("<nav", "<header", "<article>", "<figcaption>", "<aside", "<footer"):
        assert part in raw, f"{path.name}: missing {part}"
    return SampleArticle(
        origin=_origin(path),
        title=html.unescape(h1.group(1)),
        outlet=_html_meta(raw, "property", "og:site_name") or "",
        published=date.fromisoformat(published[:10]),
        url=_html_meta(raw, "property", "og:url") or "",
        text=html.unescape(raw),
        sample=_html_meta(raw, "name", "sample") == "true",
    )


def _jsonl(path: Path, raw: str) -> list[SampleArticle]:
    articles = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        articles.append(
            SampleArticle(
                origin=_origin(path),
                title=rec["title"],
                outlet=rec["outlet"],
                published=date.fromisoformat(rec["published"]),
                url=rec["url"],
                text=rec["text"],
                sample=rec.get("sample") is True,
            )
        )
    return articles


def _rss(path: Path, raw: str) -> list[SampleArticle]:
    channel = ET.fromstring(raw).find("channel")
    assert channel is not None, f"{path.name}: no <channel>"
    feed_title = channel.findtext("title", "")
    outlet = feed_title.removeprefix("Sample: ").split(" - ")[0]
    articles = []
    for item in channel.findall("item"):
        stamp = parsedate_to_datetime(item.findtext("pubDate", ""))
        assert stamp.tzinfo is not None, f"{path.name}: pubDate without time zone"
        categories = {c.text for c in item.findall("category")}
        articles.append(
            SampleArticle(
                origin=_origin(path),
                title=item.findtext("title", ""),
                outlet=outlet,
                published=stamp.date(),
                url=item.findtext("link", ""),
                text=html.unescape(re.sub(r"<[^>]+>", " ", item.findtext("description", ""))),
                sample=feed_title.startswith("Sample:") and "sample" in categories,
            )
        )
    return articles


def _read_part() -> list[SampleArticle]:
    articles: list[SampleArticle] = []
    for path in sorted(PART_DIR.iterdir()):
        if path.name.startswith(".") or path.name.endswith(".meta.json"):
            continue
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            sidecar = path.with_suffix(".meta.json")
            if sidecar.exists():
                articles.append(_sidecar(path, raw, sidecar))
            else:
                articles.append(_front_matter(path, raw))
        elif path.suffix == ".html":
            articles.append(_html(path, raw))
        elif path.suffix == ".jsonl":
            articles.extend(_jsonl(path, raw))
        elif path.suffix == ".xml":
            articles.extend(_rss(path, raw))
        else:
            pytest.fail(f"{path.name}: unexpected file in the sample folder")
    return articles


def _read_gold() -> list[dict]:
    rows = []
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            assert set(row) == GOLD_KEYS, f"{GOLD.name}:{number}: keys {sorted(row)}"
            rows.append(row)
    return rows


ARTICLES = _read_part() if PART_DIR.is_dir() else []
GOLD_ROWS = _read_gold() if GOLD.exists() else []
BY_KEY = {(a.origin, a.title): a for a in ARTICLES}


def test_part_has_articles_in_every_format_and_enough_years():
    assert len(ARTICLES) >= 32
    suffixes = Counter(Path(a.origin).suffix for a in ARTICLES)
    assert suffixes[".html"] >= 5 and suffixes[".jsonl"] >= 3 and suffixes[".xml"] >= 3
    sidecars = [a for a in ARTICLES if (PROJECT_DIR / a.origin).with_suffix(".meta.json").exists()]
    assert len(sidecars) >= 3
    years = {a.published.year for a in ARTICLES}
    assert len(years) >= 5
    assert all(date(2020, 1, 1) <= a.published <= date(2025, 12, 31) for a in ARTICLES)


def test_every_article_is_marked_as_sample_and_uses_a_sample_outlet():
    outlets = {o.name: o for o in reference.load_outlets() if o.sample}
    for article in ARTICLES:
        assert article.sample, f"{article.origin}: {article.title}: no sample marker"
        assert article.outlet in outlets, f"{article.origin}: unknown outlet {article.outlet!r}"
        host = urlparse(article.url).hostname
        assert host in outlets[article.outlet].domains, f"{article.origin}: url {article.url}"
    assert {a.outlet for a in ARTICLES} == set(outlets)


def test_titles_are_unique_and_articles_have_report_length():
    titles = Counter(a.title for a in ARTICLES)
    assert [t for t, n in titles.items() if n > 1] == []
    for article in ARTICLES:
        words = len(re.sub(r"<[^>]+>", " ", article.text).split())
        assert words >= 250, f"{article.origin}: {article.title}: only {words} words"


def test_gold_rows_are_well_formed():
    assert len(GOLD_ROWS) >= 150
    keys = Counter((row["origin"], row["title"], row["content"]) for row in GOLD_ROWS)
    assert [key for key, n in keys.items() if n > 1] == []
    for row in GOLD_ROWS:
        where = f"{row['origin']}: {row['content']!r}"
        assert row["kind"] in KINDS, where
        assert row["themes"] and set(row["themes"]) <= THEME_IDS, where
        assert row["cue"] and row["cue"] == row["cue"].lower(), where
        assert 4 <= len(row["content"].split()) <= 10, where
        assert row["speaker"] is None or row["speaker"].strip() == row["speaker"], where


def test_every_gold_origin_exists_and_names_an_article():
    for row in GOLD_ROWS:
        assert (PROJECT_DIR / row["origin"]).is_file(), row["origin"]
        assert (row["origin"], row["title"]) in BY_KEY, f"{row['origin']}: {row['title']!r}"


def test_every_gold_content_is_verbatim_in_its_article():
    for row in GOLD_ROWS:
        article = BY_KEY[(row["origin"], row["title"])]
        assert row["content"] in article.text, f"{row['origin']}: {row['content']!r}"
        raw = (PROJECT_DIR / row["origin"]).read_text(encoding="utf-8")
        assert row["content"] in raw, f"{row['origin']}: {row['content']!r} escaped in file"


def test_every_article_has_at_least_four_gold_statements_and_several_speakers():
    counts = Counter((row["origin"], row["title"]) for row in GOLD_ROWS)
    for key in BY_KEY:
        assert counts[key] >= 4, f"{key}: {counts[key]} gold statements"
        speakers = {r["speaker"] for r in GOLD_ROWS if (r["origin"], r["title"]) == key}
        assert len(speakers) >= 2, f"{key}: one speaker only"


def test_gold_covers_every_theme_and_every_kind():
    themes = {t for row in GOLD_ROWS for t in row["themes"]}
    assert themes >= THEME_IDS - {"kurdish_question"}
    assert {row["kind"] for row in GOLD_ROWS} == KINDS


def test_gold_speakers_use_canonical_names_where_the_gazetteer_knows_them():
    canonical = {}
    for actor in reference.load_actors():
        for alias in (actor.name, *actor.aliases):
            canonical[reference.fold(alias)] = actor.name
    for row in GOLD_ROWS:
        if row["speaker"]:
            known = canonical.get(reference.fold(row["speaker"]), row["speaker"])
            assert known == row["speaker"], f"{row['speaker']!r} should be {known!r}"


def test_project_loader_reads_every_sample_file():
    articles_module = pytest.importorskip("analysis.load")
    load_articles = getattr(articles_module, "load_articles", None)
    if load_articles is None:
        pytest.skip("analysis.load.load_articles is not written yet")
    problems = []
    loaded = list(load_articles([PART_DIR], on_problem=problems.append))
    assert [str(p) for p in problems] == []
    by_title = {a.title: a for a in loaded}
    for article in ARTICLES:
        got = by_title.get(article.title)
        assert got is not None, f"{article.origin}: {article.title!r} not loaded"
        assert got.outlet == article.outlet, article.title
        assert got.published == article.published.isoformat(), article.title
        assert got.sample is True, article.title
