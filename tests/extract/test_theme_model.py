"""Theme assignment in context (theme_assign, theme_context), the classifier and its training."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from analysis.extract.theme_assign import ThemeAssigner, quote
from analysis.extract.theme_context import statement_context
from analysis.extract.theme_model import (
    DEFAULT_DIR,
    ENV,
    ThemeModel,
    load_theme_model,
    model_dir,
    read_model,
)
from analysis.extract.themes import ThemeMatcher
from analysis.reference import load_themes
from analysis.settings import CORPORA_DIR, DATA_DIR
from analysis.training import span_check


@pytest.fixture(scope="module")
def matcher(nlp: Language) -> ThemeMatcher:
    return ThemeMatcher(nlp)


def _context(nlp: Language, text: str, content: str, **kwargs):
    doc = nlp(text)
    start = text.index(content)
    return statement_context(doc, start, start + len(content), **kwargs)


def _aligned(assignment) -> bool:
    return len(assignment.themes) == len(assignment.evidence) and all(
        e.startswith(f"{t}: ") for t, e in zip(assignment.themes, assignment.evidence, strict=True)
    )


def test_the_content_beats_a_trailing_clause(nlp: Language, matcher: ThemeMatcher) -> None:
    text = (
        "Lavrov said the political settlement must be led by the Syrians themselves, "
        "as the fighting in Idlib went on for a third day."
    )
    context = _context(nlp, text, "the political settlement must be led by the Syrians themselves")
    assignment = ThemeAssigner(matcher).assign(context)
    assert "ceasefire_security" in matcher.themes_in(context.sentence)  # the whole sentence has it
    assert "ceasefire_security" not in assignment.themes
    assert "political_process" in assignment.themes
    assert _aligned(assignment)
    evidence = dict(e.split(": ", 1) for e in assignment.evidence)
    assert evidence["political_process"].startswith("words ")
    assert "'political settlement'" in evidence["political_process"]


def test_a_statement_that_refers_back_takes_the_previous_sentence(
    nlp: Language, matcher: ThemeMatcher
) -> None:
    text = (
        "The ceasefire in Idlib came into force at midnight. "
        "Peskov said the agreement was being respected."
    )
    context = _context(nlp, text, "the agreement was being respected")
    assert context.refers_back
    assignment = ThemeAssigner(matcher).assign(context)
    assert "ceasefire_security" in assignment.themes
    evidence = assignment.evidence[assignment.themes.index("ceasefire_security")]
    assert evidence.startswith("ceasefire_security: context 'The ceasefire in Idlib")
    # without the reference back, the sentence before is not the statement's
    plain = _context(nlp, text.replace("the agreement", "Moscow"), "Moscow was being respected")
    assert not plain.refers_back
    evidence = ThemeAssigner(matcher).assign(plain).evidence
    assert not any(e.startswith("ceasefire_security: context") for e in evidence)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("these talks would go on", True),
        ("this was unacceptable", True),
        ("our colleagues are discussing the details", True),
        ("the agreement on Idlib would hold", False),
        ("Russia would send more troops", False),
    ],
)
def test_refers_back(nlp: Language, content: str, expected: bool) -> None:
    context = _context(nlp, f"Nothing happened. He said {content}.", content)
    assert context.refers_back is expected


def test_the_speakers_words_are_not_the_content(nlp: Language, matcher: ThemeMatcher) -> None:
    text = "UN envoy Staffan de Mistura said the aid convoys had reached the city."
    doc = nlp(text)
    start = text.index("the aid")
    context = statement_context(doc, start, len(text) - 1, exclude=doc[0:5])
    assignment = ThemeAssigner(matcher).assign(context)
    assert "humanitarian" in assignment.themes
    assert "political_process" not in assignment.themes  # "UN envoy", "de Mistura"


def _toy_model(vocabulary: tuple[str, ...], label: str, weights: list[float]) -> ThemeModel:
    return ThemeModel(
        labels=(label,),
        vocabulary=vocabulary,
        idf=np.ones(len(vocabulary)),
        coef=np.array([weights]),
        intercept=np.array([-1.0]),
        add_at={label: 0.7},
        remove_below={label: 0.5},
    )


def _grain_matcher(nlp: Language, tmp_path: Path) -> ThemeMatcher:
    toml = (DATA_DIR / "themes.toml").read_text(encoding="utf-8")
    toml += (
        '\n[[theme]]\nid = "grain_deal"\nlabel = "Grain"\ndescription = "Grain exports."\n'
        'patterns = ["grain shipments"]\n'
    )
    (tmp_path / "themes.toml").write_text(toml, encoding="utf-8")
    return ThemeMatcher(nlp, load_themes(tmp_path))


def test_a_new_theme_works_by_its_patterns_beside_a_model(nlp: Language, tmp_path: Path) -> None:
    """A theme added to a tmp themes.toml works at once, beside a model that never saw it; the
    model adds nothing to a statement whose own words already name a theme."""
    assigner = ThemeAssigner(
        _grain_matcher(nlp, tmp_path), _toy_model(("w:meeting",), "bilateral_consultation", [6.0])
    )
    text = "Putin said our meeting today had also touched on the grain shipments."
    content = "our meeting today had also touched on the grain shipments"
    assignment = assigner.assign(_context(nlp, text, content))
    assert assignment.themes == ["grain_deal"]
    assert assignment.evidence == ["grain_deal: words 'grain shipments'"]


def test_the_model_adds_only_where_the_words_name_no_theme(nlp: Language) -> None:
    model = _toy_model(("w:meeting",), "bilateral_consultation", [6.0])
    matcher = ThemeMatcher(nlp)
    context = _context(
        nlp, "Putin said our meeting today was useful.", "our meeting today was useful"
    )
    assert ThemeAssigner(matcher).assign(context).themes == []
    assignment = ThemeAssigner(matcher, model).assign(context)
    assert assignment.themes == ["bilateral_consultation"]
    assert assignment.evidence[0].startswith("bilateral_consultation: model 0.9")


def test_the_model_drops_only_themes_taken_from_context(nlp: Language) -> None:
    """Below its remove threshold the model drops a theme the patterns took from the sentence
    referred back to, never one the content's own words match."""
    model = _toy_model(("w:meeting",), "bilateral_consultation", [6.0])
    matcher = ThemeMatcher(nlp)
    text = "Russia and Turkey held talks in Ankara. Lavrov said it went well."
    referring = _context(nlp, text, "it went well")
    assert referring.refers_back
    assert ThemeAssigner(matcher).assign(referring).themes == ["bilateral_consultation"]
    assert ThemeAssigner(matcher, model).assign(referring).themes == []  # p = 0.27 < 0.5
    own = _context(nlp, "Erdogan said Russia and Turkey agreed.", "Russia and Turkey agreed")
    kept = ThemeAssigner(matcher, model).assign(own)
    assert kept.themes == ["bilateral_consultation"]
    assert kept.evidence[0].endswith("; model 0.27")


def test_a_theme_the_model_does_not_judge_is_not_inherited_from_the_article(
    nlp: Language, tmp_path: Path
) -> None:
    """The article's main theme is weak evidence: beside a model, only a theme it judges is
    inherited; without a model the patterns' inheritance stands."""
    matcher = _grain_matcher(nlp, tmp_path)
    text = (
        "The grain shipments resumed. The grain shipments were large. "
        "The grain shipments reached Istanbul. Cavusoglu said the day had gone well."
    )
    context = _context(nlp, text, "the day had gone well")
    alone = ThemeAssigner(matcher).assign(context)
    assert alone.themes == ["grain_deal"]
    assert alone.evidence == ["grain_deal: the article's main theme"]
    model = _toy_model(("w:meeting",), "bilateral_consultation", [6.0])
    assert ThemeAssigner(matcher, model).assign(context).themes == []


def test_the_model_vetoes_an_own_theme_only_below_its_veto(nlp: Language, tmp_path: Path) -> None:
    """A theme of the content's own words goes when the model's probability is under its
    veto (p = 0.27 < 0.3), and stays above it; the veto survives a save and a read."""
    model = replace(_toy_model(("w:meeting",), "bilateral_consultation", [6.0]), veto_below={})
    matcher = ThemeMatcher(nlp)
    own = _context(nlp, "Erdogan said Russia and Turkey agreed.", "Russia and Turkey agreed")
    vetoing = replace(model, veto_below={"bilateral_consultation": 0.3})
    assert ThemeAssigner(matcher, vetoing).assign(own).themes == []
    lenient = replace(model, veto_below={"bilateral_consultation": 0.2})
    assert ThemeAssigner(matcher, lenient).assign(own).themes == ["bilateral_consultation"]
    vetoing.save(tmp_path / "m")
    assert read_model(tmp_path / "m").veto_below == {"bilateral_consultation": 0.3}


def test_without_a_model_the_patterns_decide(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without a model (or one of other features) reads as None, and the
    assigner then gives the patterns' themes; "none" switches the model off."""
    assert load_theme_model(tmp_path / "absent") is None
    model = _toy_model(("w:meeting",), "bilateral_consultation", [6.0])
    model.save(tmp_path / "old")
    meta = json.loads((tmp_path / "old" / "model.json").read_text(encoding="utf-8"))
    assert read_model(tmp_path / "old").add_at == {"bilateral_consultation": 0.7}
    meta["features_version"] = -1
    (tmp_path / "old" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    assert read_model(tmp_path / "old") is None
    monkeypatch.setenv(ENV, "none")
    assert model_dir() is None and load_theme_model() is None
    context = _context(
        nlp, "Putin said our meeting today was useful.", "our meeting today was useful"
    )
    assert ThemeAssigner(ThemeMatcher(nlp), load_theme_model()).assign(context).themes == []


def test_quotes_are_cut_near_eighty_characters() -> None:
    text = "word " * 40
    quoted = quote(text)
    assert quoted.endswith(" …'") and len(quoted) <= 85
    assert quote("short  text\nhere") == "'short text here'"


# -- training on a synthetic reference set ------------------------------------------------------
TEMPLATES = [
    (
        "Officials said the truce near {place} would hold.",
        "the truce near {place} would hold",
        ["ceasefire_security"],
    ),
    (
        "Lavrov said our meeting today with his colleague in {place} was useful.",
        "our meeting today with his colleague in {place} was useful",
        ["bilateral_consultation"],
    ),
    ("The governor said the weather in {place} was mild.", "the weather in {place} was mild", []),
    (
        "Erdogan said that our meeting had gone well in {place}.",
        "our meeting had gone well in {place}",
        ["bilateral_consultation"],
    ),
]
PLACES = [
    "Sochi",
    "Ankara",
    "Moscow",
    "Hama",
    "Izmir",
    "Kazan",
    "Bursa",
    "Omsk",
    "Adana",
    "Perm",
    "Tomsk",
    "Konya",
    "Samara",
    "Mersin",
    "Ufa",
    "Antalya",
]


def _synthetic(tmp_path: Path) -> tuple[Path, Path]:
    """A tmp corpora folder with FA-KES-shaped articles and a references folder into them."""
    corpora, references = tmp_path / "corpora", tmp_path / "refs"
    (corpora / "fakes").mkdir(parents=True)
    references.mkdir()
    (corpora / "fakes" / "HELD_OUT.txt").write_text("999\n", encoding="utf-8")
    lines, rows = [], []
    for number, place in enumerate(PLACES, 1):
        text = " ".join(t.format(place=place) for t, _, _ in TEMPLATES)
        rows.append({"unit_id": str(number), "article_title": place, "article_content": text})
        for _, content, themes in TEMPLATES:
            content = content.format(place=place)
            start = text.index(content)
            lines.append(
                {
                    "source": "fakes",
                    "unit": str(number),
                    "start": start,
                    "end": start + len(content),
                    "check": span_check(content),
                    "split": "dev" if number > 12 else "train",
                    "themes": themes,
                }
            )
    with open(corpora / "fakes" / "FA-KES-Dataset.csv", "w", encoding="latin-1", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["unit_id", "article_title", "article_content"])
        writer.writeheader()
        writer.writerows(rows)
    (references / "synthetic.refs.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    return corpora, references


def test_training_on_synthetic_references_makes_a_loadable_model(
    nlp: Language, tmp_path: Path
) -> None:
    from analysis.train import CARD_DATA, CARD_FILE, train

    corpora, references = _synthetic(tmp_path)
    out = tmp_path / "model"
    card = train([references], out, gold=(), corpora=corpora, nlp=nlp, min_positives=5)
    model = read_model(out)
    assert model is not None and "bilateral_consultation" in model.decides
    assert load_theme_model(out) is load_theme_model(out)  # read once per folder
    assert (out / CARD_FILE).read_text(encoding="utf-8").startswith("# Theme classifier")
    assert json.loads((out / CARD_DATA).read_text(encoding="utf-8")) == card
    assert card["data"]["train"]["statements"] == {"fakes": 48}
    # the patterns know no "meeting": the model learned it
    assert card["dev_patterns_only"]["per_theme"]["bilateral_consultation"]["recall"] == 0.0
    assert card["dev"]["per_theme"]["bilateral_consultation"]["f1"] == 1.0
    text = (
        "The governor said the weather in Izmir was mild. Putin said our meeting today was useful."
    )
    assignment = ThemeAssigner(ThemeMatcher(nlp), model).assign(
        _context(nlp, text, "our meeting today was useful")
    )
    assert assignment.themes == ["bilateral_consultation"]
    assert assignment.evidence[0].startswith("bilateral_consultation: model ")
    again = tmp_path / "again"
    train([references], again, gold=(), corpora=corpora, nlp=nlp, min_positives=5)
    assert np.array_equal(read_model(again).coef, model.coef)  # seeded: the same model


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPORA_DIR / "fakes").exists(), reason="corpora not present")
def test_the_committed_cards_dev_figures_are_recomputed(nlp: Language, tmp_path: Path) -> None:
    """The committed model's card: its dev micro F1 is what the model scores now."""
    from analysis.train import (
        CARD_DATA,
        SAMPLE_GOLD,
        gold_items,
        read_items,
        references_digest,
        references_of,
        scores,
    )
    from analysis.training import TRAINING_DIR

    card_path = DEFAULT_DIR / CARD_DATA
    if not card_path.exists():
        pytest.skip("no committed model")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    items = read_items(references_of([TRAINING_DIR]), nlp) + gold_items(SAMPLE_GOLD, nlp)
    if references_digest(i.reference for i in items) != card["references"]:
        pytest.skip("data/training/ and the sample gold are not what the model was trained on")
    matcher = nlp.get_pipe("theme_matcher")
    got = scores(
        [i for i in items if i.reference.split == "dev"],
        ThemeAssigner(matcher, read_model(DEFAULT_DIR)),
        [t.id for t in matcher.themes],
    )
    assert got["micro"] == card["dev"]["micro"]
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_dev_references_are_gold_matched_by_offsets(nlp: Language, tmp_path: Path) -> None:
    from analysis.evaluate.training_gold import (
        is_training_references,
        read_training_gold,
        score_training,
    )
    from analysis.pipeline import extract

    corpora, references = _synthetic(tmp_path)
    assert is_training_references(references)
    assert not is_training_references(DATA_DIR / "sample" / "gold")
    data = read_training_gold(references, "dev", corpora)
    assert len(data.articles) == 4 and len(data.statements) == 16
    statements, _ = extract(data.articles.values(), nlp=nlp)
    report = score_training(data, statements)
    assert report.found > 0 and report.theme_f1 is not None
    assert "ceasefire_security" in report.theme_by_id


def test_the_statements_page_says_why_each_theme() -> None:
    import pandas as pd

    from dashboard.widgets import theme_reasons

    row = pd.Series({"theme_evidence": ["ceasefire_security: words 'truce'", "x: model 0.81"]})
    text = theme_reasons(row, {"ceasefire_security": "Ceasefire and security"})
    assert text.startswith("Why these themes: Ceasefire and security")
    assert "truce" in text and "model 0" in text
    assert theme_reasons(pd.Series({"theme_evidence": []}), {}) == ""
