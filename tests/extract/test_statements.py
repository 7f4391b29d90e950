"""Statements end to end: sentence → expected attribution table, offsets, any text.

The rules one by one: test_segment, test_cues, test_sources, test_content, test_assemble."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.extract.statements import Attribution, extract_attributions, parse

# (text, [(speaker as written, cue, kind, a phrase of the content), ...]); the sentences are
# written for these tests.
CASES: dict[str, tuple[str, list[tuple[str | None, str | None, str, str]]]] = {
    "quote first, curly marks": (
        "“We will not allow a new conflict on our border,” the minister said.",
        [("the minister", "say", "direct", "We will not allow a new conflict on our border")],
    ),
    "quote first, said X with apposition": (
        '"The talks were useful," said Maria Ivanova, a spokeswoman for the ministry.',
        [
            (
                "Maria Ivanova, a spokeswoman for the ministry",
                "say",
                "direct",
                "The talks were useful",
            )
        ],
    ),
    "a quote interrupted by its attribution": (
        '"We will win," he said, "and nobody can stop us."',
        [("he", "say", "direct", "We will win … and nobody can stop us")],
    ),
    "speaker first, colon": (
        'The ambassador told reporters: "Our position has not changed since the summit."',
        [("The ambassador", "tell", "direct", "Our position has not changed since the summit")],
    ),
    "guillemets": (
        "The envoy said: «The ceasefire must hold in every province.»",
        [("The envoy", "say", "direct", "The ceasefire must hold in every province")],
    ),
    "double apostrophes as in NYT texts": (
        "''We expect the convoy to reach the city by Friday,'' the official said.",
        [("the official", "say", "direct", "We expect the convoy to reach the city by Friday")],
    ),
    "single quotes": (
        "The diplomat said: 'The corridor will stay open for as long as it is needed.'",
        [("The diplomat", "say", "direct", "The corridor will stay open for as long as it")],
    ),
    "apostrophes are not quotes": (
        "Turkey's foreign minister said the countries' interests must not clash.",
        [("Turkey's foreign minister", "say", "reported", "the countries' interests must not")],
    ),
    "a quote spanning two sentences": (
        '"The first phase is complete. The second phase begins next week," the general said.',
        [("the general", "say", "direct", "The first phase is complete. The second phase begins")],
    ),
    "a quote continued without a verb": (
        '"We are ready to talk," the minister said. "Nobody wants another war in the region."',
        [
            ("the minister", "say", "direct", "We are ready to talk"),
            ("the minister", "say", "direct", "Nobody wants another war in the region"),
        ],
    ),
    "a quote continued in the next paragraph": (
        '"The crossing will reopen on Monday," the governor said.\n\n'
        '"Trucks with food and medicine are already waiting on the other side."',
        [
            ("the governor", "say", "direct", "The crossing will reopen on Monday"),
            ("the governor", "say", "direct", "Trucks with food and medicine are already"),
        ],
    ),
    "a multi-paragraph quote left open": (
        "The spokesman said: “The first convoy has arrived safely.\n\n"
        "“A second convoy will follow once the road is cleared.”",
        [
            ("The spokesman", "say", "direct", "The first convoy has arrived safely"),
            ("The spokesman", "say", "direct", "A second convoy will follow once the road"),
        ],
    ),
    "mixed: a quote and a reported clause": (
        '"The dialogue continues," the spokesman said, adding that a new round of talks would '
        "take place in Geneva.",
        [("the spokesman", "say", "mixed", "a new round of talks would take place in Geneva")],
    ),
    "mixed: a partial quote inside reported speech": (
        'The president said the negotiations had been "frank and constructive" but difficult.',
        [("The president", "say", "mixed", "frank and constructive")],
    ),
    "said that": (
        "The foreign minister said that the two governments would meet again in March.",
        [("The foreign minister", "say", "reported", "the two governments would meet again")],
    ),
    "stressed the importance of": (
        "The president stressed the importance of a political solution.",
        [("The president", "stress", "reported", "the importance of a political solution")],
    ),
    "noted": (
        "The spokeswoman noted that the border crossing remained closed.",
        [("The spokeswoman", "note", "reported", "the border crossing remained closed")],
    ),
    "underscored": (
        "The envoy underscored the need for humanitarian access to the besieged districts.",
        [("The envoy", "underscore", "reported", "the need for humanitarian access")],
    ),
    "acknowledged": (
        "The general acknowledged that the operation had taken longer than planned.",
        [("The general", "acknowledge", "reported", "the operation had taken longer")],
    ),
    "called for": (
        "The council called for an immediate halt to the fighting.",
        [("The council", "call for", "reported", "an immediate halt to the fighting")],
    ),
    "warned": (
        "The ministry warned that any attack would meet a firm response.",
        [("The ministry", "warn", "reported", "any attack would meet a firm response")],
    ),
    "insisted": (
        "Ankara insisted that the buffer zone was only temporary.",
        [("Ankara", "insist", "reported", "the buffer zone was only temporary")],
    ),
    "told reporters": (
        "The defence minister told reporters that the patrols would resume on Monday.",
        [("The defence minister", "tell", "reported", "the patrols would resume on Monday")],
    ),
    "according to": (
        "According to the regional governor, more than two thousand families have returned.",
        [
            (
                "the regional governor",
                "according to",
                "reported",
                "more than two thousand families have returned",
            )
        ],
    ),
    "X's remarks that": (
        "The spokesman's remarks that the deal was final drew criticism.",
        [("The spokesman", "remark", "reported", "the deal was final")],
    ),
    "a statement by a possessor, colon": (
        "Lavrov's statement: the deal is final.",
        [("Lavrov", "statement", "reported", "the deal is final")],
    ),
    "in his words": (
        "In his words, the agreement opens a new chapter for the region.",
        [("his", "word", "reported", "the agreement opens a new chapter")],
    ),
    "in a statement, with a verb outside the lexicon": (
        "In a statement, the foreign ministry applauded the agreement on prisoner exchanges.",
        [("the foreign ministry", "applaud", "reported", "the agreement on prisoner exchanges")],
    ),
    "a communication verb with a nominal complement": (
        "The consul highlighted the long history of cooperation between the two ports.",
        [("The consul", "highlight", "reported", "the long history of cooperation")],
    ),
    "a role noun phrase as the speaker": (
        "Russia's ambassador in Ankara said on Monday that the talks would continue.",
        [("Russia's ambassador in Ankara", "say", "reported", "the talks would continue")],
    ),
    "a relay: the agency reports what an official said": (
        "The talks will resume next week, the deputy minister said, the state news agency "
        "reported.",
        [("the deputy minister", "say", "reported", "The talks will resume next week")],
    ),
    "an inserted attribution": (
        "The goal, the envoy said, is a lasting truce in the north.",
        [("the envoy", "say", "reported", "is a lasting truce in the north")],
    ),
    "a pronoun speaker": (
        "He warned of a humanitarian disaster in the camps.",
        [("He", "warn", "reported", "a humanitarian disaster in the camps")],
    ),
    "two speakers in one sentence": (
        "Moscow said the strike hit a depot, while Ankara insisted that it hit a school.",
        [
            ("Moscow", "say", "reported", "the strike hit a depot"),
            ("Ankara", "insist", "reported", "it hit a school"),
        ],
    ),
    "according to first: the source of the whole clause": (
        "According to the ministry, the two delegations agreed that the talks would continue.",
        [("the ministry", "according to", "reported", "the two delegations agreed that")],
    ),
    "according to last: a relay of the speaker's statement": (
        "The talks will continue next month, the minister said, according to the agency.",
        [("the minister", "say", "reported", "The talks will continue next month")],
    ),
    "an inverted source after the verb": (
        "The talks, said the envoy, were useful.",
        [("the envoy", "say", "reported", "were useful")],
    ),
    "two that-clauses of one verb": (
        "The governor said the road was open and that aid would arrive on Monday.",
        [("The governor", "say", "reported", "the road was open and that aid would arrive")],
    ),
    "narrative without a source": (
        "The convoy crossed the border at dawn and reached the town by noon.",
        [],
    ),
    "a caption in brackets": ("(Photo by A. Smith / Example Agency)", []),
    "a headline without a final stop": ("Turkey says the border will stay open\n\nNo.", []),
    "a scare quote without a speaker": ('The so-called "safe zone" was never created.', []),
    "a verb of the lexicon used for something else": (
        "The army added three new checkpoints on the highway.",
        [],
    ),
    "an aspectual verb of the lexicon": ("Rebels continued to shell the town.", []),
    "declined to comment": ("The ministry declined to comment on the report.", []),
    "a negated cue": ("The embassy did not comment on the incident.", []),
    "a reporting verb inside a quote is the quoted speaker's": (
        '"They told us that the road was safe," the driver said.',
        [("the driver", "say", "direct", "They told us that the road was safe")],
    ),
    # class F: quote structure
    "a question closing the quote, then a capitalised speaker": (
        '"Why should the farmers pay for this?" Petrov said.',
        [("Petrov", "say", "direct", "Why should the farmers pay for this?")],
    ),
    "an exclamation closing the quote, then a capitalised speaker": (
        '"This is a disgrace!" The mayor said.',
        [("The mayor", "say", "direct", "This is a disgrace!")],
    ),
    "a quoted paragraph after a named person's reported statement": (
        "Kovacs said the vote was only the latest blow to the reform.\n\n"
        '"They want us to give up, and we will not give up on anything."',
        [
            ("Kovacs", "say", "reported", "the vote was only the latest blow"),
            ("Kovacs", "say", "direct", "They want us to give up"),
        ],
    ),
    "a quoted heading is no continuation": (
        '"The bridge opens in May," the engineer said.\n\n"A new route for the river towns"',
        [("the engineer", "say", "direct", "The bridge opens in May")],
    ),
    "an unclosed quote stops at its sentence end": (
        'The envoy said: "Nobody can stop this process now. The talks went on all night. '
        "The ministry said the strike killed ten people.",
        [
            ("The envoy", "say", "direct", "Nobody can stop this process now"),
            ("The ministry", "say", "reported", "the strike killed ten people"),
        ],
    ),
    # class D: nested cues
    "a cue inside the content does not kill a final said": (
        "The border will stay closed until spring, and Athens has informed Sofia of this, "
        "Novak said.",
        [("Novak", "say", "reported", "Athens has informed Sofia of this")],
    ),
    "a relative clause inside the subject does not win": (
        "The Farmers' Union, which considers the tax unfair, called for a national strike.",
        [("The Farmers' Union", "call for", "reported", "a national strike")],
    ),
    "a cue inside the according-to source is no statement": (
        "According to a clerk who attended and described the meeting, the mayor was furious.",
        [("a clerk", "according to", "reported", "the mayor was furious")],
    ),
    "a trailing relay is not content": (
        "The bridge will reopen in June, the deputy mayor said, the city newspaper reported.",
        [("the deputy mayor", "say", "reported", "The bridge will reopen in June")],
    ),
    # class C: things that were not said
    "a negative subject": ("No one has claimed the bombing so far.", []),
    "a negative pronoun subject": ("Nobody said anything about the delay.", []),
    "an inanimate subject of indicate": (
        "Satellite images indicate that the depot was destroyed.",
        [],
    ),
    "post with a non-speech object": ("Volunteers posted photos of the flooded streets.", []),
    "write with a speech-noun object": (
        "The mayor wrote a letter to the governor about the floods.",
        [("The mayor", "write", "reported", "a letter to the governor")],
    ),
    "an obligation": ("The city council must condemn the vandalism.", []),
    "a condition": ("The grant will be paid only if the mayor announces a review.", []),
    "a hypothesis": ("The grant would be paid if the mayor would announce a review.", []),
    "a plan": ("The cabinet's decision to announce new taxes angered the unions.", []),
    "a cue under before is still said": (
        "The grant was paid before the mayor announced that a review would follow.",
        [("the mayor", "announce", "reported", "a review would follow")],
    ),
    # class E: lexicon
    "testified": (
        "The colonel testified that he had warned his superiors twice.",
        [("The colonel", "testify", "reported", "he had warned his superiors twice")],
    ),
    "weighed in, not the addressee": (
        '"We all miss her," Marta weighed in, telling Jonas, "she was a good teacher."',
        [("Marta", "weigh in", "direct", "We all miss her … she was a good teacher")],
    ),
    "pressed for": (
        "The unions pressed for an independent review of the accident.",
        [("The unions", "press for", "reported", "an independent review of the accident")],
    ),
    "lashed out at": (
        "The governor lashed out at the capital for cutting the budget.",
        [("The governor", "lash out", "reported", "at the capital for cutting the budget")],
    ),
    "begged with a quote": (
        '"Please open the gate," the villagers begged.',
        [("the villagers", "beg", "direct", "Please open the gate")],
    ),
    "joked": (
        "The senator joked that the hearing lasted longer than the session.",
        [("The senator", "joke", "reported", "the hearing lasted longer")],
    ),
    "went on to say": (
        "She went on to say that the plan was dead.",
        [("She", "say", "reported", "the plan was dead")],
    ),
    # class A2: a speech noun as the subject hands the source to its owner
    "a compound owner of a speech noun": (
        "A Harbour Authority statement said the ferries would sail again on Friday.",
        [("Harbour Authority", "say", "reported", "the ferries would sail again")],
    ),
    "a speech noun with by": (
        "The statement by the regional health board said two clinics had closed.",
        [("the regional health board", "say", "reported", "two clinics had closed")],
    ),
    "a possessor of a speech noun as subject": (
        "Okafor's statement said the vote had been postponed.",
        [("Okafor", "say", "reported", "the vote had been postponed")],
    ),
    "a statement released by": (
        "According to a statement released by the port authority, the ferries were delayed.",
        [("the port authority", "according to", "reported", "the ferries were delayed")],
    ),
    "an ownerless statement stays": (
        "The statement said the ferries would sail again on Friday.",
        [("The statement", "say", "reported", "the ferries would sail again")],
    ),
    # class G: speaker boundaries
    "a post-posed speaker with a prepositional phrase": (
        "The bridge has all the parts of a modern design, including a lifting deck, the chief "
        "engineer of the city works department said.",
        [
            (
                "the chief engineer of the city works department",
                "say",
                "reported",
                "including a lifting deck",
            )
        ],
    ),
    "with X warning of, parsed as a noun": (
        'The farmers protested the tariff, with Agriculture Minister Lena Holm warning of "serious '
        'losses" for the region.',
        [
            ("The farmers", "protest", "reported", "protested the tariff"),
            ("Agriculture Minister Lena Holm", "warn", "mixed", "serious losses"),
        ],
    ),
    "with X saying that": (
        "The villagers welcomed the new road, with Mayor Tomas Berg saying that work would "
        "start in May.",
        [
            ("The villagers", "welcome", "reported", "welcomed the new road"),
            ("Mayor Tomas Berg", "say", "reported", "work would start in May"),
        ],
    ),
    "a possessor's spokesman is the speaker": (
        "Novak's spokesman Petr Hala said the talks were constructive.",
        [("Novak's spokesman Petr Hala", "say", "reported", "the talks were constructive")],
    ),
    # class D/H: nested statements and whole contents
    "according to and a named source's own statement": (
        "According to the harbour office, Olsen told the crews that the port would close.",
        [
            ("the harbour office", "according to", "reported", "Olsen told the crews that"),
            ("Olsen", "tell", "reported", "the port would close"),
        ],
    ),
    "a that-clause hung on the statement noun": (
        "The Danish prime minister's office said in a statement that Frederiksen and Store had "
        "spoken by phone.",
        [
            (
                "The Danish prime minister's office",
                "say",
                "reported",
                "Frederiksen and Store had spoken by phone",
            )
        ],
    ),
    "the setting of a clause is not content": (
        "The mayor said on local radio that the school would reopen on Monday.",
        [("The mayor", "say", "reported", "the school would reopen on Monday")],
    ),
    "the as-complement belongs to the content": (
        "The board described the audit as deeply flawed.",
        [("The board", "describe", "reported", "described the audit as deeply flawed")],
    ),
    "a parenthesis stays in the content": (
        "The mayor said the attack by the Valley Brigade (formerly the Northern Front) had "
        "killed five people.",
        [("The mayor", "say", "reported", "(formerly the Northern Front) had killed five")],
    ),
    "two subjects: the first is the content": (
        "Initial readings of the gauges point to a serious leak, the city's water authority "
        "said on Monday.",
        [
            (
                "the city's water authority",
                "say",
                "reported",
                "Initial readings of the gauges point to a serious leak",
            )
        ],
    ),
    # speakers: an object after a comma is no inverted speaker; lifeless relative clauses
    "a subject with a participle, then the verb and its object": (
        "The Danish delegation, led by senior adviser Anna Holm, condemned the repeated attacks "
        "on the ferry.",
        [("The Danish delegation", "condemn", "reported", "the repeated attacks on the ferry")],
    ),
    "a relative clause on the subject and the main verb": (
        "Norway, which has called for longer talks, welcomed the fact that the ferries would "
        "continue.",
        [
            ("Norway", "call for", "reported", "longer talks"),
            ("Norway", "welcome", "reported", "the ferries would continue"),
        ],
    ),
    "a which/that clause on a lifeless noun": (
        "He said the dispute would be settled in a way that guaranteed the rights of all "
        "fishermen.",
        [("He", "say", "reported", "the dispute would be settled in a way")],
    ),
    "pressed for with a clause": (
        "Several ministers have pressed privately for the government to build the bridge.",
        [("Several ministers", "press for", "reported", "the government to build the bridge")],
    ),
    "questioning a person is no statement": (
        "The committee also questioned Halvorsen about the contract.",
        [],
    ),
    "questioning a thing is": (
        "The auditors questioned the legality of the contract.",
        [("The auditors", "question", "reported", "the legality of the contract")],
    ),
    "a passive with an agent": (
        "The new timetable was announced by the rail company on Thursday.",
        [("the rail company", "announce", "reported", "The new timetable")],
    ),
    "called on a date for": (
        "The town council called on Monday for an urgent meeting.",
        [("The town council", "call for", "reported", "an urgent meeting")],
    ),
    "lashed out against": (
        "The coach lashed out against the referees after the match.",
        [("The coach", "lash out", "reported", "against the referees")],
    ),
    "a named speaker's statement inside another's": (
        "Later, Okafor said that the bridge was unsafe, Lindqvist testified.",
        [
            ("Okafor", "say", "reported", "the bridge was unsafe"),
            ("Lindqvist", "testify", "reported", "Okafor said that the bridge was unsafe"),
        ],
    ),
    "a passive naming without an agent": (
        'The village, which used to be called "the green valley", was flooded.',
        [],
    ),
    "went on to state, tagged as a noun": (
        "The agency went on to state that four new villages had joined the scheme.",
        [("The agency", "state", "reported", "four new villages had joined the scheme")],
    ),
    "a participle modifier is no cue": (
        "The river was polluted by a chemical thought to be mercury.",
        [],
    ),
    "a post-posed speaker parsed as a modifier still speaks": (
        "Three houses were damaged by shells that fell on the old market, the monitor reported "
        "on Friday.",
        [("the monitor", "report", "reported", "Three houses were damaged by shells")],
    ),
    "a source at an institution after a fronted phrase speaks": (
        "In a note to Reuters, an engineer at the Tishreen Dam said that the turbines had stopped.",
        [("an engineer at the Tishreen Dam", "say", "reported", "the turbines had stopped")],
    ),
    "a name followed by an age in commas speaks": (
        "The clinic has run out of insulin, so patients are rationing doses, Karim, 52, said.",
        [("Karim", "say", "reported", "The clinic has run out of insulin")],
    ),
    "a quote recounted is a statement, a story recounted is not": (
        '"We waited nine hours at the border," the driver recounted. '
        "The museum boasts a large archive. She recounted the journey in detail.",
        [("the driver", "recount", "direct", "We waited nine hours at the border")],
    ),
}


def _table(attributions: list[Attribution]) -> list[tuple[str | None, str | None, str]]:
    return [
        (a.speaker.text if a.speaker is not None else None, a.cue, a.kind) for a in attributions
    ]


@pytest.mark.parametrize("name", list(CASES))
def test_sentence_to_attributions(nlp, name: str) -> None:
    text, expected = CASES[name]
    found = list(extract_attributions(parse(nlp, text)))
    assert _table(found) == [(s, c, k) for s, c, k, _ in expected], [a.content for a in found]
    for attribution, (_, _, _, phrase) in zip(found, expected, strict=True):
        assert phrase in attribution.content


@pytest.mark.parametrize("name", [n for n, (_, exp) in CASES.items() if exp])
def test_offsets_point_into_the_text(nlp, name: str) -> None:
    text, _ = CASES[name]
    for a in extract_attributions(parse(nlp, text)):
        assert 0 <= a.start <= a.content_start < a.content_end <= a.end <= len(text)
        first_piece = a.content.split(" … ")[0]
        assert text[a.content_start : a.content_end].startswith(first_piece[:20])
        assert text[a.start : a.end].strip() == text[a.start : a.end]
        if a.speaker is not None:
            assert a.speaker.text == text[a.speaker.start_char : a.speaker.end_char]


def test_a_relay_stays_out_of_the_content(nlp) -> None:
    text = "The bridge will reopen in June, the deputy mayor said, the city newspaper reported."
    (found,) = extract_attributions(parse(nlp, text))
    assert "newspaper" not in found.content and "reported" not in found.content


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said on local radio that the school would reopen on Monday.",
        "The mayor's office said in a statement that Novak and Berg had spoken by phone.",
    ],
)
def test_a_clause_content_starts_at_the_clause(nlp, text: str) -> None:
    (found,) = extract_attributions(parse(nlp, text))
    assert not found.content.startswith(("said", "that"))


def test_extract_is_a_generator(nlp) -> None:
    result = extract_attributions(parse(nlp, "The minister said the talks went well."))
    assert iter(result) is result
    assert next(result).cue == "say"


PIECES = [
    "The minister", "said", "that", "the talks", "would continue", ",", ".", "\n\n", "\n",
    '"', "“", "”", "''", "'", "«", "»", "according to", "he", "warned", "(", ")", ":",
    "Ankara", "insisted", "adding that", "called for", "a truce", "  ",
]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_gives_well_formed_attributions(nlp, pieces: list[str]) -> None:
    text = " ".join(pieces)
    for a in extract_attributions(parse(nlp, text)):
        assert a.kind in ("direct", "reported", "mixed") and a.content.strip()
        assert 0 <= a.start <= a.end <= len(text)
        assert 0 <= a.content_start <= a.content_end <= len(text)
