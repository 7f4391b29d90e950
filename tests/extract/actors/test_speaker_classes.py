"""The speaker error classes of issue 9, end to end over the real gazetteer (own sentences)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from spacy.language import Language

from analysis.load.article import Article
from analysis.pipeline import extract

# (text, [(speaker mention as written, canonical speaker or None, country or None), ...])
CASES: dict[str, tuple[str, list[tuple[str, str | None, str | None]]]] = {
    "according to an agency, a named speaker": (
        "According to the Interfax agency, Lavrov said the talks in Moscow were constructive.",
        [("Lavrov", "Sergey Lavrov", "Russia")],
    ),
    "an appositive names the role holder": (
        "The press secretary of President Putin, Dmitry Peskov, said the Kremlin welcomed it.",
        [("The press secretary of President Putin, Dmitry Peskov", "Dmitry Peskov", "Russia")],
    ),
    "a pronoun after an unnamed role": (
        "A senior Turkish official said the operation would go on. He added that Ankara had "
        "informed Moscow.",
        [("A senior Turkish official", None, "Turkey"), ("He", None, "Turkey")],
    ),
    "joint speakers have no single name": (
        "Russia and Iran said the agreement must be respected by all sides.",
        [("Russia and Iran", None, None)],
    ),
    "transliterations are one person": (
        "Alexander Lavrentyev said the next round would be held in Astana. Later Lavrentiev "
        "told reporters that no date had been fixed.",
        [
            ("Alexander Lavrentyev", "Alexander Lavrentiev", "Russia"),
            ("Lavrentiev", "Alexander Lavrentiev", "Russia"),
        ],
    ),
    "a UN envoy speaks for the United Nations": (
        "The UN special envoy said the committee would meet again in Geneva.",
        [("The UN special envoy", "Staffan de Mistura", "United Nations")],
    ),
    "the statement is its issuer's": (
        "The Russian Defence Ministry issued a statement on Monday. The statement said the "
        "strikes had hit militant positions.",
        [("The statement", "Russian Defence Ministry", "Russia")],
    ),
    "the letter is the writer's who spoke in it": (
        "In a letter to the council, the Syrian ambassador Bassam Sabbagh said the permission "
        "was a sovereign decision. The letter said the UN must cooperate with the government.",
        [
            ("the Syrian ambassador Bassam Sabbagh", "Bassam Sabbagh", "Syria"),
            ("The letter", "Bassam Sabbagh", "Syria"),
        ],
    ),
    "a news agency only relays": (
        "The state news agency SANA reported that two civilians were killed in the shelling.",
        [("SANA", None, None)],
    ),
    "state television only relays": (
        "Syrian state television said the army had retaken the town.",
        [("Syrian state television", None, "Syria")],
    ),
    "an organisation is 'the watchdog' afterwards": (
        "The Syrian Observatory for Human Rights said 12 people were killed. The Britain-based "
        "watchdog added that the toll could rise.",
        [
            (
                "The Syrian Observatory for Human Rights",
                "Syrian Observatory for Human Rights",
                "United Kingdom",
            ),
            ("The Britain-based watchdog", "Syrian Observatory for Human Rights", None),
        ],
    ),
    "a group that spoke is 'the organisation'": (
        "The White Helmets said the strike hit a market. The organisation said rescuers were "
        "still searching the rubble.",
        [
            ("The White Helmets", "White Helmets", None),
            ("The organisation", "White Helmets", None),
        ],
    ),
    "a place beside a title is no name": (
        "An activist in Deir al-Zor told reporters that the town had fallen.",
        [("An activist in Deir al-Zor", None, None)],
    ),
    "honorific and title before a name": (
        "The head of the clinic Dr Karim Haddad condemned the attack on the hospital.",
        [("The head of the clinic Dr Karim Haddad", "Karim Haddad", None)],
    ),
    "a name before an apposition without commas": (
        "Omar a 41-year-old baker living in Harasta said he heard the jets overhead.",
        [("Omar a 41-year-old baker living in Harasta", "Omar", None)],
    ),
    "a description after a name without commas": (
        "The Syrian Observatory for Human Rights a Britain-based monitor said 12 people were "
        "killed in the strikes.",
        [
            (
                "The Syrian Observatory for Human Rights a Britain-based monitor",
                "Syrian Observatory for Human Rights",
                "United Kingdom",
            )
        ],
    ),
    "an article on one line with a copyright sign keeps its actors": (
        "Turkish Foreign Minister Mevlut Cavusoglu said the talks would go on. "
        * 6
        + "Cavusoglu added that Ankara had informed Moscow. © 2016 Example News all rights "
        "reserved.",
        [("Cavusoglu", "Mevlüt Çavuşoğlu", "Turkey")],
    ),
    "a group named before is 'the group' afterwards": (
        "Islamic State fighters attacked the town at dawn. The extremist group said it had "
        "killed 20 soldiers.",
        [("The extremist group", "Islamic State", "Syria")],
    ),
    "a group named as a modifier of its unit": (
        "The Hezbollah military media unit said the convoy had left the town.",
        [("The Hezbollah military media unit", "Hezbollah", "Lebanon")],
    ),
    "a name the tagger misses comes back as its surname": (
        "Marisol Quenneville said the road was impassable. Quenneville said the UN estimates "
        "that 300000 people depend on it.",
        [
            ("Marisol Quenneville", "Marisol Quenneville", None),
            ("Quenneville", "Marisol Quenneville", None),
        ],
    ),
    "a transliterated surname of a gazetteer person": (
        "Rudskoi said the strikes had hit militant depots near the town.",
        [("Rudskoi", "Sergei Rudskoy", "Russia")],
    ),
    "a hyphenated alias written with a space": (
        "Ahmed al Sharaa said the new government would protect every community.",
        [("Ahmed al Sharaa", "Ahmed al-Sharaa", "Syria")],
    ),
    "a parliamentary title and an outlet are not part of a name": (
        "Welsh MP Gareth Pryce said the case was clear.",
        [("Welsh MP Gareth Pryce", "Gareth Pryce", None)],
    ),
    "a document whose issuer's name begins before the mention": (
        "The Kremlin statement said the two leaders had agreed to meet in person.",
        [("Kremlin", "Russia", "Russia")],
    ),
    "a body named right after its description, the comma stripped": (
        "Another activist group the Local Coordination Committees said 30 bodies were found.",
        [
            (
                "Another activist group the Local Coordination Committees",
                "Local Coordination Committees",
                "Syria",
            )
        ],
    ),
    "a name run on after a body's name, the comma stripped": (
        "Member of the Syrian Coalition Hussam Qadri said the strikes must stop. Qadri added "
        "that talks were pointless.",
        [
            ("Member of the Syrian Coalition Hussam Qadri", "Hussam Qadri", None),
            ("Qadri", "Hussam Qadri", None),
        ],
    ),
    "a government's delegation speaks for that government": (
        "The Syrian government delegation said it supported the memorandum.",
        [("The Syrian government delegation", "Syrian government", "Syria")],
    ),
    "a focus adverb is not part of the speaker": (
        "Even Iran said the strikes were a mistake.",
        [("Iran", "Iran", "Iran")],
    ),
    "a body named after its town is no state body": (
        "The Homs Media Center said the army was escalating its attacks on al-Waer.",
        [("The Homs Media Center", "Homs Media Center", "Syria")],
    ),
    "districts the NER took for a name lend no surname to their town": (
        "Rocket shells fell on al-Midan al-Hamadaniah New Aleppo on Friday. A source at Aleppo "
        "Police Command said two civilians were killed.",
        [("A source at Aleppo Police Command", "Police Command", None)],
    ),
    "a surname after another given name is another person": (
        "Zahran Alloush said Damascus was now a military zone. Muhammad Alloush said the talks "
        "had failed.",
        [
            ("Zahran Alloush", "Zahran Alloush", None),
            ("Muhammad Alloush", "Mohammed Alloush", "Syria"),
        ],
    ),
    "a percentage keeps its sign": (
        "In the poll, 42% said the truce would not hold.",
        [("42%", None, None)],
    ),
}


def _value(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


@pytest.mark.parametrize("name", list(CASES))
def test_speaker_classes(nlp: Language, name: str) -> None:
    text, expected = CASES[name]
    article = Article(
        article_id="t",
        origin="test",
        outlet=None,
        title=None,
        published="2017-06-01",
        url=None,
        language="en",
        text=text,
    )
    statements, _ = extract([article], nlp=nlp)
    got = [
        (row.speaker_mention, _value(row.speaker), _value(row.speaker_country))
        for row in statements.itertuples()
    ]
    for mention, speaker, country in expected:
        match = [g for g in got if g[0] == mention]
        assert match, f"{mention!r} not a speaker mention of {got}"
        assert match[0][1] == speaker
        if country is not None:
            assert match[0][2] == country
