"""Evaluation: gold JSONL and PolNeAR BRAT gold, statement and speaker scores."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluate import evaluate, is_polnear
from analysis.evaluate.gold import Gold, GoldStatement
from analysis.evaluate.score import score_jsonl
from analysis.settings import CORPORA_DIR

ARTICLE = (
    "Sergey Lavrov said that the talks in Astana had been productive.\n\n"
    '"We will meet again in May," he said.\n\n'
    "The weather in the capital was cold.\n"
)


def _write_gold(folder: Path, rows: list[dict]) -> Path:
    gold = folder / "tiny.gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return gold


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    base = {"origin": "articles/talks.txt", "title": None, "speaker_country": "Russia"}
    return _write_gold(
        tmp_path,
        [
            {**base, "speaker": "Sergey Lavrov", "kind": "reported", "cue": "say",
             "themes": ["astana_format"], "content": "the talks in Astana had been productive"},
            {**base, "speaker": "Hulusi Akar", "kind": "direct", "cue": "say", "themes": [],
             "content": "We will MEET again in May"},
            {**base, "speaker": "Sergey Lavrov", "kind": "reported", "cue": "say", "themes": [],
             "content": "the weather was cold"},
        ],
    )  # fmt: skip


def test_evaluate_tiny_gold(tiny_gold: Path, nlp) -> None:
    report = evaluate(tiny_gold, corpus=tiny_gold.parent, nlp=nlp)
    assert (report.gold, report.predicted, report.found, report.missed, report.extra) == (
        3, 2, 2, 1, 0,
    )  # fmt: skip
    assert report.precision == 1.0
    assert report.recall == pytest.approx(2 / 3, abs=1e-3)
    assert report.f1 == pytest.approx(0.8, abs=1e-3)
    assert report.speaker_accuracy == 0.5  # the quote is Lavrov's, not Akar's
    assert report.kind_accuracy == 1.0 and report.cue_accuracy == 1.0
    assert report.missed_examples[0]["content"] == "the weather was cold"
    text = report.to_text()
    assert "precision 1.000" in text and "recall 0.667" in text
    as_dict = json.loads(json.dumps(report.to_dict()))
    assert as_dict["statements"]["found"] == 2


def test_evaluate_reads_a_folder_and_paths_relative_to_the_gold(tiny_gold: Path, nlp) -> None:
    report = evaluate(tiny_gold.parent, nlp=nlp)  # no corpus: origin relative to the gold file
    assert report.gold == 3 and report.found == 2


def test_bad_gold_line_names_the_file(tmp_path: Path) -> None:
    gold = tmp_path / "bad.gold.jsonl"
    gold.write_text('{"origin": "x.txt", "content": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.gold\.jsonl:2"):
        evaluate(gold)
    with pytest.raises(ValueError, match="no such gold"):
        evaluate(tmp_path / "missing.gold.jsonl")


def test_theme_scores_are_micro_over_matched_statements() -> None:
    gold = Gold(
        articles={},
        statements=[
            GoldStatement("a", "alpha beta", "X", "direct", "say", ("t1", "t2")),
            GoldStatement("a", "gamma delta", "Y", "reported", "warn", ("t3",)),
            GoldStatement("a", "never found", "Y", "reported", "say", ("t4",)),
        ],
        name="jsonl",
    )
    predicted = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "text": ["Alpha beta!", "and gamma delta", "unrelated"],
            "speaker": ["X", None, "Z"],
            "speaker_mention": ["X", "Y", "Z"],
            "kind": ["direct", "mixed", "reported"],
            "cue": ["say", "warn", "say"],
            "themes": [["t1"], ["t3", "t5"], []],
        }
    )
    report = score_jsonl(gold, predicted)
    assert (report.found, report.missed, report.extra) == (2, 1, 1)
    assert report.speaker_accuracy == 1.0  # Y matches the mention when no canonical name
    assert report.kind_accuracy == 0.5 and report.cue_accuracy == 1.0
    assert report.theme_precision == pytest.approx(2 / 3, abs=1e-3)
    assert report.theme_recall == pytest.approx(2 / 3, abs=1e-3)
    by_theme = report.theme_by_id
    assert sorted(by_theme) == ["t1", "t2", "t3", "t5"]  # t4's statement was never matched
    assert by_theme["t1"]["f1"] == 1.0 and by_theme["t2"]["recall"] == 0.0
    assert (by_theme["t5"]["gold"], by_theme["t5"]["predicted"]) == (0, 1)
    assert "t5" in report.to_text() and report.to_dict()["themes"]["by_theme"] == by_theme


def _brat(folder: Path, stem: str, text: str, annotator: str, rows: list[tuple]) -> None:
    """rows: (source, cue, [content pieces]) located in `text`."""
    (folder / "text").mkdir(exist_ok=True)
    (folder / "attributions").mkdir(exist_ok=True)
    (folder / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    lines, t = [], 0
    for n, (source, cue, pieces) in enumerate(rows, 1):
        spans = []
        for label, phrases in (("Source", [source]), ("Cue", [cue]), ("Content", pieces)):
            offsets = ";".join(f"{text.index(p)} {text.index(p) + len(p)}" for p in phrases)
            t += 1
            lines.append(f"T{t}\t{label} {offsets}\t{' '.join(phrases)}")
            spans.append(f"{label}:T{t}")
        lines.append(f"E{n}\tAttribution:T{t} " + " ".join(spans))
    (folder / "attributions" / f"{stem}_{annotator}.ann").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


def test_polnear_format(tmp_path: Path, nlp) -> None:
    text = (
        "Officials said the border would reopen on Friday.\n\n"
        "The mayor praised the volunteers, who had worked all night.\n\n"
        "Residents, the governor said, deserve better roads and ''safer schools.''\n\n"
        "Rain fell on the town.\n"
    )
    rows = [
        ("Officials", "said", ["the border would reopen on Friday"]),
        ("The mayor", "praised", ["the volunteers"]),
        ("the governor", "said", ["Residents", "deserve better roads and ''safer schools.''"]),
        ("the town", "fell", ["Rain"]),
    ]
    _brat(tmp_path, "story", text, "a1", rows)
    assert is_polnear(tmp_path)
    report = evaluate(tmp_path, nlp=nlp)
    assert report.gold_format == "polnear"
    assert (report.gold, report.found, report.missed) == (4, 3, 1)
    assert report.precision == 1.0
    assert report.speaker_accuracy == 1.0
    assert report.kind_accuracy == 1.0  # the governor's content is mixed in gold and prediction


def test_polnear_several_annotators_uses_the_most_central(tmp_path: Path, nlp) -> None:
    text = "Officials said the border would reopen.\n\nThe mayor praised the volunteers.\n"
    both = [
        ("Officials", "said", ["the border would reopen"]),
        ("The mayor", "praised", ["the volunteers"]),
    ]
    _brat(tmp_path, "story", text, "a1", both)
    _brat(tmp_path, "story", text, "a2", both)
    _brat(tmp_path, "story", text, "a3", both[:1])
    report = evaluate(tmp_path, nlp=nlp)
    assert report.gold == 2
    assert any("3 annotators, used a1" in n for n in report.notes)


POLNEAR = CORPORA_DIR / "polnear"


@pytest.mark.corpus
def test_polnear_corpus_scores(nlp) -> None:
    if not is_polnear(POLNEAR):
        pytest.skip(f"PolNeAR corpus not found at {POLNEAR}")
    report = evaluate(POLNEAR, nlp=nlp)
    # PolNeAR also annotates stances and actions ("chides", "tries", "mourn"); a speech-centred
    # extractor finds about two thirds of its attributions. These floors guard regressions.
    assert report.precision >= 0.85
    assert report.recall >= 0.65
    assert report.speaker_accuracy is not None and report.speaker_accuracy >= 0.85


SEED_GOLD = Path(__file__).parents[1] / "golden" / "seed.gold.jsonl"


def test_seed_gold_meets_the_targets(nlp) -> None:
    """The seed annotated by hand (every statement is Andrei Buravov's): the product targets."""
    report = evaluate(SEED_GOLD, nlp=nlp)
    assert report.gold == 18
    assert report.precision >= 0.9 and report.recall >= 0.9
    assert report.speaker_accuracy is not None and report.speaker_accuracy >= 0.93
    assert report.kind_accuracy is not None and report.kind_accuracy >= 0.9
