"""The gazetteer component, the demonym table, and per-Doc actor state kept on the Doc."""

from __future__ import annotations

import spacy
from spacy.language import Language

from analysis.extract.actors import ActorIndex
from analysis.extract.actors.article import article_actors
from analysis.extract.actors.demonyms import Demonyms, demonym_label, label_country
from analysis.extract.actors.gazetteer import FACTORY, SPANS_KEY, ActorGazetteer
from analysis.extract.actors.lexicon import ActorLexicon
from analysis.extract.model import available_model
from analysis.reference import Actor

ACTORS = (
    Actor("Russia", "country", "Russia", ("Moscow", "the Kremlin"), ("Russian",)),
    Actor("Turkey", "country", "Turkey", ("Türkiye", "Ankara"), ("Turkish",)),
    Actor("United States", "country", "United States", ("US",), ("American",)),
    Actor("Sergey Lavrov", "person", "Russia", ("Lavrov",)),
)


def test_demonyms_fold_and_name_the_first_of_a_country() -> None:
    table = Demonyms(ACTORS)
    assert "RUSSIAN" in table and "turkish" in table and "Russia" not in table
    assert table.of("Turkey") == "Turkish"
    assert table.of("Syria") == "" and table.of("Syria", "Syria") == "Syria"
    assert label_country(demonym_label("Russia")) == "Russia"


def test_the_component_writes_doc_spans(nlp: Language) -> None:
    gazetteer = ActorGazetteer(nlp, ActorLexicon(nlp, ACTORS))
    doc = gazetteer(nlp.make_doc("Turkish and US officials met Lavrov in Türkiye, not us."))
    labels = [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]
    assert labels == [
        ("Turkish", "demonym:Turkey"),
        ("US", "United States"),
        ("Lavrov", "Sergey Lavrov"),
        ("Türkiye", "Turkey"),
    ]


def test_the_factory_adds_the_reference_gazetteer_to_a_pipeline() -> None:
    nlp = spacy.load(available_model(), exclude=["tok2vec", "tagger", "parser", "lemmatizer"])
    nlp.add_pipe(FACTORY)
    doc = nlp("Sergey Lavrov spoke in Moscow.")
    assert [s.label_ for s in doc.spans[SPANS_KEY]] == ["Sergey Lavrov", "Russia"]
    index = ActorIndex.of(nlp.get_pipe(FACTORY))
    assert index.actors_in(doc) == ["Sergey Lavrov", "Russia"]


def test_article_state_lives_on_the_doc_and_is_reused(nlp: Language) -> None:
    index = ActorIndex(nlp, ACTORS)
    doc = nlp("Lavrov said Moscow would answer.")
    first = article_actors(doc, index.gazetteer)
    assert article_actors(doc, index.gazetteer) is first
    other = ActorIndex(nlp, ACTORS)  # another gazetteer works the Doc out for itself
    assert article_actors(doc, other.gazetteer) is not first
    assert other.actors_in(doc) == index.actors_in(doc) == ["Sergey Lavrov", "Russia"]
