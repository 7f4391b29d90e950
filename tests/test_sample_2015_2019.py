"""Consistency checks for the 2015-2019 half of the bundled sample corpus and its gold."""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from analysis.reference import REQUIRED_THEME_IDS

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "sample" / "2015-2019"
GOLD = ROOT / "data" / "sample" / "gold" / "2015-2019.gold.jsonl"
THEMES = {*REQUIRED_THEME_IDS, "kurdish_question"}


def _toml(name: str) -> dict:
    path = ROOT / "data" / name
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# Theme ids the analyst may have added to the taxonomy since (e.g. energy_economy) are also known.
KNOWN_THEMES = THEMES | {theme["id"] for theme in _toml("themes.toml").get("theme", [])}
KINDS = {"direct", "reported", "mixed"}
SAMPLE_OUTLETS = {
    "The Bosphorus Ledger",
    "Ankara Evening Dispatch",
    "Neva Wire Service",
    "Moskva River Review",
    "Orontes Gazette",
    "Cedar Coast Monitor",
    "Meridian Newswire",
    "Lakeside Policy Review",
}
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front_matter(text: str) -> dict[str, str]:
    match = FRONT_MATTER.match(text)
    assert match, "no front matter"
    pairs = (line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def _meta(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text)
    return html.unescape(match.group(1)) if match else None


def _articles() -> dict[tuple[str, str], dict]:
    """(origin, title) -> {"text", "outlet", "published", "sample"} for every sample article."""
    found: dict[tuple[str, str], dict] = {}
    for path in sorted(FOLDER.iterdir()):
        origin = path.relative_to(ROOT).as_posix()
        raw = path.read_text(encoding="utf-8")
        if path.name.endswith(".meta.json"):
            continue
        if path.suffix == ".jsonl":
            for line in raw.splitlines():
                if not line.strip():
                    continue
                rec = json.loads(line)
                found[(origin, rec["title"])] = {
                    "text": rec["text"],
                    "outlet": rec["outlet"],
                    "published": rec["published"],
                    "sample": rec.get("sample") is True,
                }
        elif path.suffix == ".html":
            found[(origin, _meta(r"<title>(.*?)</title>", raw) or "")] = {
                "text": html.unescape(raw),
                "outlet": _meta(r'property="og:site_name" content="([^"]*)"', raw),
                "published": (_meta(r'article:published_time" content="([^"]*)"', raw) or "")[:10],
                "sample": '<meta name="sample" content="true">' in raw,
            }
        elif path.suffix == ".txt":
            sidecar = path.with_name(path.stem + ".meta.json")
            if sidecar.exists():
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
                sample = meta.get("sample") is True
            else:
                meta = _front_matter(raw)
                sample = meta.get("sample") == "true"
            found[(origin, meta["title"])] = {
                "text": raw,
                "outlet": meta["outlet"],
                "published": meta["published"],
                "sample": sample,
            }
        else:
            pytest.fail(f"{origin}: unexpected file type in the sample folder")
    return found


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_every_article_is_marked_sample_and_from_a_sample_outlet() -> None:
    articles = _articles()
    assert len(articles) >= 32
    for (origin, title), art in articles.items():
        assert art["sample"], f"{origin}: no sample marker"
        assert art["outlet"] in SAMPLE_OUTLETS, f"{origin}: outlet {art['outlet']!r}"
        assert re.fullmatch(r"20(15|16|17|18|19)-\d\d-\d\d", art["published"]), origin
        assert "2015-09" <= art["published"] <= "2019-12-31", origin
        words = len(art["text"].split()) if origin.endswith(".jsonl") else None
        if words is not None:
            assert 200 <= words <= 600, f"{origin} / {title}: {words} words"


def test_coverage_of_years_and_outlets_and_unique_titles() -> None:
    articles = _articles()
    years = {art["published"][:4] for art in articles.values()}
    assert years >= {"2015", "2016", "2017", "2018", "2019"}
    assert {art["outlet"] for art in articles.values()} == SAMPLE_OUTLETS
    titles = Counter(title for _, title in articles)
    assert all(n == 1 for n in titles.values()), titles.most_common(3)


def test_gold_lines_are_well_formed_and_verbatim() -> None:
    articles = _articles()
    for n, gold in enumerate(_gold(), start=1):
        where = f"{GOLD.name} line {n}"
        assert (ROOT / gold["origin"]).is_file(), f"{where}: missing origin {gold['origin']}"
        key = (gold["origin"], gold["title"])
        assert key in articles, f"{where}: no article {key}"
        assert gold["kind"] in KINDS, where
        assert gold["cue"], where
        assert set(gold["themes"]) <= KNOWN_THEMES, f"{where}: unknown theme in {gold['themes']}"
        words = gold["content"].split()
        assert 4 <= len(words) <= 10, f"{where}: content has {len(words)} words"
        assert gold["content"] in articles[key]["text"], f"{where}: not verbatim: {gold['content']}"
        assert gold["speaker"] is None or gold["speaker"].strip() == gold["speaker"], where


def test_every_article_has_at_least_four_gold_statements_and_several_speakers() -> None:
    articles = _articles()
    per_article: dict[tuple[str, str], list[dict]] = {}
    for gold in _gold():
        per_article.setdefault((gold["origin"], gold["title"]), []).append(gold)
    for key in articles:
        statements = per_article.get(key, [])
        assert len(statements) >= 4, f"{key}: only {len(statements)} gold statements"
        assert len({g["speaker"] for g in statements}) >= 2, f"{key}: one speaker only"


def test_gold_covers_every_theme_and_kind() -> None:
    gold = _gold()
    themes = {theme for g in gold for theme in g["themes"]}
    assert themes >= THEMES - {"kurdish_question"}
    assert {g["kind"] for g in gold} == KINDS


def test_gold_lines_are_unique_and_speakers_use_canonical_names() -> None:
    gold = _gold()
    keys = Counter((g["origin"], g["title"], g["content"]) for g in gold)
    assert all(n == 1 for n in keys.values()), keys.most_common(3)
    canonical = {}
    for actor in _toml("actors.toml").get("actor", []):
        for alias in actor.get("aliases", []):
            canonical.setdefault(alias, actor["name"])
    names = {actor["name"] for actor in _toml("actors.toml").get("actor", [])}
    for g in gold:
        speaker = g["speaker"]
        if speaker and speaker not in names and speaker in canonical:
            pytest.fail(f"{g['origin']}: speaker {speaker!r} should be {canonical[speaker]!r}")
