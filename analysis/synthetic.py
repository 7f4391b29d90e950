"""Synthetic articles/statements/mentions tables with realistic shape, for tests and benchmarks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.reference import load_themes
from analysis.schema import ARTICLE_COLUMNS, MENTION_COLUMNS, SPEECH_ACTS, STATEMENT_COLUMNS
from analysis.store import Tables

# Invented speakers, outlets and vocabulary: test data only, never shown as real reporting.
_COUNTRIES = ("Russia", "Turkey", "Syria", "Iran", "United States", "United Nations")
_COUNTRY_WEIGHTS = (0.32, 0.30, 0.14, 0.08, 0.09, 0.07)
_GIVEN = ("Alexei", "Mehmet", "Omar", "Dmitri", "Ayse", "Kemal", "Irina", "Hassan", "Jane", "Ali")
_FAMILY = ("Petrov", "Yilmaz", "Haddad", "Orlov", "Demir", "Sokolov", "Karimi", "Brooks", "Kaya")
_OUTLETS = (
    ("Neva Wire Service", "Russia"),
    ("Moskva River Review", "Russia"),
    ("The Bosphorus Ledger", "Turkey"),
    ("Ankara Evening Dispatch", "Turkey"),
    ("Levant Daily Synthetic", "Syria"),
    ("Global Desk Synthetic", None),
)
_CUES = ("say", "tell", "state", "warn", "stress", "according to", "announce")
_KINDS = ("direct", "reported", "mixed")
_KIND_WEIGHTS = (0.45, 0.45, 0.10)
_PHRASES = (
    "the talks will continue next month",
    "the ceasefire must be respected by all sides",
    "our position on the bases has not changed",
    "a political settlement is the only way forward",
    "humanitarian corridors should stay open",
    "we will not accept terrorist groups near the border",
    "the sovereignty of the country must be preserved",
    "the guarantor states met in a constructive spirit",
)


def _hash_ids(prefix: str, n: int, seed: int) -> list[str]:
    return [hashlib.sha1(f"{prefix}{seed}:{i}".encode()).hexdigest()[:16] for i in range(n)]


def _speakers(rng: np.random.Generator, n: int = 120) -> pd.DataFrame:
    countries = rng.choice(len(_COUNTRIES), size=n, p=_COUNTRY_WEIGHTS)
    names = [
        f"{_GIVEN[rng.integers(len(_GIVEN))]} {_FAMILY[rng.integers(len(_FAMILY))]} {i:03d}"
        for i in range(n)
    ]
    types = rng.choice(["person", "government", "organisation"], size=n, p=[0.8, 0.15, 0.05])
    return pd.DataFrame(
        {"speaker": names, "speaker_country": [_COUNTRIES[c] for c in countries], "type": types}
    )


# Every helper below draws from the one generator in a fixed order: the same seed and size must
# keep giving the same tables (tests and benchmarks pin them), so calls are never reordered.
def _publication_dates(
    rng: np.random.Generator, n_articles: int, start: str, end: str
) -> pd.Series:
    """Uniform days between start and end; about 2% of articles undated."""
    span = (pd.Timestamp(end) - pd.Timestamp(start)).days
    days = rng.integers(0, span + 1, size=n_articles)
    published = pd.Series(pd.Timestamp(start) + pd.to_timedelta(days, unit="D"))
    published[rng.random(n_articles) < 0.02] = pd.NaT
    return published


def _articles(
    rng: np.random.Generator,
    n_articles: int,
    seed: int,
    *,
    start: str,
    end: str,
    sample_share: float,
) -> pd.DataFrame:
    """The articles table: invented outlets, dates, three stock phrases of text each."""
    article_ids = _hash_ids("a", n_articles, seed)
    published = _publication_dates(rng, n_articles, start, end)
    outlet_idx = rng.integers(0, len(_OUTLETS), size=n_articles)
    texts = [
        f"Synthetic article {i}. " + " ".join(rng.choice(_PHRASES, size=3))
        for i in range(n_articles)
    ]
    sample_articles = rng.random(n_articles) < sample_share
    return pd.DataFrame(
        {
            "article_id": article_ids,
            "origin": [f"synthetic://{a}" for a in article_ids],
            "outlet": [_OUTLETS[i][0] for i in outlet_idx],
            "title": [f"Synthetic report {i} on Syria diplomacy" for i in range(n_articles)],
            "published": published,
            "url": [f"https://example.org/synthetic/{a}" for a in article_ids],
            "language": "en",
            "text": texts,
            "sample": sample_articles,
        }
    )[ARTICLE_COLUMNS]


def _who_speaks(
    rng: np.random.Generator, speakers: pd.DataFrame, n_statements: int
) -> dict[str, np.ndarray]:
    """Speaker, country and type per statement: Zipf-like popularity, about 8% unresolved."""
    weights = 1.0 / np.arange(1, len(speakers) + 1) ** 1.1
    sp = rng.choice(len(speakers), size=n_statements, p=weights / weights.sum())
    unresolved = rng.random(n_statements) < 0.08
    speaker = speakers["speaker"].to_numpy()[sp].astype(object)
    country = speakers["speaker_country"].to_numpy()[sp].astype(object)
    stype = speakers["type"].to_numpy()[sp].astype(object)
    speaker[unresolved] = None
    country[unresolved] = None
    stype[unresolved] = "unknown"
    return {
        "speaker": speaker,
        "speaker_country": country,
        "speaker_type": stype,
        "unresolved": unresolved,
    }


def _what_is_said(
    rng: np.random.Generator, who: Mapping[str, np.ndarray], n_statements: int
) -> dict[str, object]:
    """Content, speaker mention and sentence per statement, from the stock phrases."""
    phrase = rng.integers(0, len(_PHRASES), size=n_statements)
    content = [f"{_PHRASES[p]} ({i})" for i, p in enumerate(phrase)]
    mention = np.where(who["unresolved"], "officials", who["speaker"])
    sentences = [
        f"{m} said that {c}." if m else f"Officials said that {c}."
        for m, c in zip(mention, content, strict=True)
    ]
    return {"speaker_mention": mention, "text": content, "sentence": sentences}


def _draw_themes(
    rng: np.random.Generator, theme_ids: Sequence[str], n_statements: int
) -> list[list[str]]:
    """0–3 themes per statement, the taxonomy's first themes drawn more often."""
    n_themes = rng.choice(4, size=n_statements, p=[0.15, 0.5, 0.25, 0.1])
    theme_weights = np.linspace(2.0, 0.5, len(theme_ids))
    theme_weights /= theme_weights.sum()
    drawn = [
        sorted(
            rng.choice(
                len(theme_ids), size=min(k, len(theme_ids)), replace=False, p=theme_weights
            ).tolist()
        )
        for k in n_themes
    ]
    return [[theme_ids[t] for t in ts] for ts in drawn]


def _draw_actors(
    rng: np.random.Generator, speakers: pd.DataFrame, speaker: np.ndarray
) -> list[list[str]]:
    """1–4 mentioned actors per statement (countries and popular speakers), the speaker too."""
    n_actors = rng.integers(1, 5, size=len(speaker))
    actor_pool = list(_COUNTRIES) + list(speakers["speaker"][:30])
    return [
        sorted(set(rng.choice(actor_pool, size=k).tolist()) | ({s} if s else set()))
        for k, s in zip(n_actors, speaker, strict=True)
    ]


def _statements(
    rng: np.random.Generator,
    articles: pd.DataFrame,
    speakers: pd.DataFrame,
    article_of: np.ndarray,
    seed: int,
) -> pd.DataFrame:
    """The statements table: one row per entry of `article_of` (an index into articles)."""
    n_statements = len(article_of)
    who = _who_speaks(rng, speakers, n_statements)
    said = _what_is_said(rng, who, n_statements)
    themes = _draw_themes(rng, [t.id for t in load_themes()], n_statements)
    actors = _draw_actors(rng, speakers, who["speaker"])
    starts = rng.integers(0, 500, size=n_statements)
    article = {
        column: articles[column].to_numpy()[article_of]
        for column in ("article_id", "outlet", "published", "title", "url")
    }
    frame = {
        "statement_id": _hash_ids("s", n_statements, seed),
        **article,
        "speaker": who["speaker"],
        "speaker_mention": said["speaker_mention"],
        "speaker_country": who["speaker_country"],
        "speaker_type": who["speaker_type"],
        "kind": rng.choice(_KINDS, size=n_statements, p=_KIND_WEIGHTS),
        "cue": rng.choice(_CUES, size=n_statements),
        "text": said["text"],
        "sentence": said["sentence"],
        "start": starts,
        "end": starts + np.array([len(s) for s in said["sentence"]]),
        "themes": themes,
        "actors": actors,
        "speech_act": rng.choice(SPEECH_ACTS, size=n_statements),
        "via": None,
        "theme_evidence": [[f"{theme}: pattern" for theme in row] for row in themes],
        "sample": articles["sample"].to_numpy()[article_of],
    }
    return pd.DataFrame(frame)[STATEMENT_COLUMNS]


def _mentions(statements: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """One row per actor a statement mentions, with the actor's type and country."""
    actors = statements["actors"].tolist()
    lengths = np.array([len(a) for a in actors])
    actor_country = {c: c for c in _COUNTRIES} | dict(
        zip(speakers["speaker"], speakers["speaker_country"], strict=True)
    )
    flat = [a for acts in actors for a in acts]
    return pd.DataFrame(
        {
            "statement_id": np.repeat(statements["statement_id"].to_numpy(), lengths),
            "article_id": np.repeat(statements["article_id"].to_numpy(), lengths),
            "actor": flat,
            "actor_type": ["country" if a in _COUNTRIES else "person" for a in flat],
            "actor_country": [actor_country.get(a) for a in flat],
        }
    )[MENTION_COLUMNS]


def synthetic_tables(
    n_statements: int,
    seed: int = 0,
    *,
    start: str = "2015-01-01",
    end: str = "2025-06-30",
    sample_share: float = 0.0,
) -> Tables:
    """Articles, statements and mentions tables (analysis.schema columns) of n_statements rows.

    Speakers follow a long-tailed (Zipf-like) popularity, about 8% of statements have no resolved
    speaker, 2% of articles have no date, each statement has 0–3 themes and 1–4 actor mentions.
    """
    rng = np.random.default_rng(seed)
    n_articles = max(1, n_statements // 4)
    articles = _articles(rng, n_articles, seed, start=start, end=end, sample_share=sample_share)
    article_of = rng.integers(0, n_articles, size=n_statements)
    speakers = _speakers(rng)
    statements = _statements(rng, articles, speakers, article_of, seed)
    return Tables(
        articles=articles, statements=statements, mentions=_mentions(statements, speakers)
    )
