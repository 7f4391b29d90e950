"""Speech acts from the cue and its complement (statements/acts.py, data/cues.toml)."""

from __future__ import annotations

import pytest

from analysis.extract.statements import extract_attributions, parse

CASES = {
    # breach or use of a weapon by another party than the speaker
    "The foreign minister said the rebels had violated the ceasefire.": "accusation",
    "The envoy said the militants used chlorine gas in the attack.": "accusation",
    # violence alleged by another party; reported with a neutral cue it stays a statement
    "The group claimed that the militia executed six men.": "accusation",
    "The monitor said the militia executed six men.": "statement",
    "The monitor said the rebels shelled the town.": "statement",
    # ... unless the deed is said to be intended, or a recourse to a means
    "The ministry said the jets deliberately targeted the hospitals.": "accusation",
    "The army said its jets deliberately avoided the town.": "statement",
    "The group said the regime has resorted to spreading rumours.": "accusation",
    # another party's failure or neglect; not the speaker's own, not negated
    "The coalition said Moscow has failed to restrain the regime.": "accusation",
    "The council said the world continues to ignore the suffering of the people.": "accusation",
    "The opposition said the regime did not fail to notice the protests.": "statement",
    # an aim ascribed to a deed of violence; a meeting's aim is no blame
    "The opposition said the bombardment of the city is aimed at forcing people out.": (
        "accusation"
    ),
    "The ministry said the talks are aimed at ending the war.": "statement",
    # a deed equated with a crime or a violation
    "The watchdog said the attacks amounted to war crimes.": "condemnation",
    "The envoy said the raid constituted a violation of the truce.": "condemnation",
    "The envoy said the plan represented a step forward.": "statement",
    # the speaker's own intention to act proposes a course; another's wish does not
    "Turkey said it wanted to establish a safe zone along the border.": "proposal",
    "The senator said she would consider sending more troops to Syria.": "proposal",
    "The governor said most residents wanted to be part of Russia.": "statement",
    # a quotation opening on a bare verb tells someone to act
    '"Stop the bombing now," the envoy said.': "demand",
    'The minister said: "Let the United Nations decide."': "demand",
    '"We will stay," the envoy said.': "promise",
    # a claim said not to be true, the "not" on the predicate or on the verb
    "The official said the claim was absolutely not true.": "denial",
    "The official said the ministry’s claim is “absolutely not true.”": "denial",
    # what a naming cue calls its object, the "as" parsed inside the object's own clause
    'The spokesman described the idea that the U.S. is training the militants as "absurd."': (
        "denial"
    ),
    # "suggest" with a finite clause of fact reports a view; a course of action it proposes
    "The analyst suggested the attackers were not even using encryption.": "statement",
    "The envoy suggested holding talks in Geneva.": "proposal",
    "The senator suggested he could seek a resolution at the Security Council.": "proposal",
    "The aid group said it was afraid of a new exodus.": "concern",
    "The ministry emphasized the need for a political solution.": "demand",
    # one's own breach denied; one's own wish or plan is no denial
    "The ministry said it had not violated the ceasefire.": "denial",
    "The senator said she did not want combat troops on the ground.": "statement",
    # concern: a passive participle, a bad situation whatever its subject, a superlative
    "The agency said it was seriously concerned by the reports.": "concern",
    "The aid group said the situation in the camps was dire.": "concern",
    "The coordinator said it was the deadliest month of the year.": "concern",
    # warning: a possible (or likely) bad outcome
    "The minister said the strikes could derail the peace talks.": "warning",
    "The minister said the toll was likely to rise.": "warning",
    "The agency warned of dire consequences.": "warning",
    # ... or something at stake, under threat, posed as a danger; not one said to be safe
    "The minister said core national interests are now at stake.": "warning",
    "The envoy said the group poses a grave threat to the region.": "warning",
    "The doctor said the children were no longer in danger.": "statement",
    "The ministry said neither our pilots nor our planes posed any danger to Turkey.": (
        "statement"
    ),
    # a warning of the speaker's own reprisal is a threat
    "The army warned of a strong response.": "threat",
    "The army warned that it would strike the bases.": "threat",
    # demands: asking someone to act, a prepositional cue, a clause verb with its preposition
    "The president asked parliament to approve the budget.": "demand",
    "The opposition insisted on a new vote.": "demand",
    "The spokesman said his government always calls for talks.": "demand",
    # naming something: a condemning adjective on the subject, "described as fabricated"
    "The mayor said these heinous acts cannot be tolerated.": "condemnation",
    "The regime described the reports as fabricated.": "denial",
    "The ministry repeated its denial.": "denial",
    # the speaker's own future action: a promise, a hostile one a threat
    "The organisation said it would send a mission to investigate the attack.": "promise",
    "The minister said his country would fight the militants.": "threat",
    "The minister said the meeting would take place in May.": "statement",
    # the perfect's "have" is no obligation; a modal of possibility still hedges the breach
    "The commission said government forces have used chlorine gas in the attacks.": "accusation",
    "The envoy said the rebels may have used chlorine gas.": "statement",
    # a naming word's noun modifier, a purpose infinitive's clause verb
    'The council called the shelling an "outrage" tantamount to a war crime.': "condemnation",
    "The minister said his government stood with its partners to condemn the bombing.": (
        "condemnation"
    ),
    # concern: an expressed doubt, a passive participle of distress
    "The envoy expressed doubt that the convoy would arrive.": "concern",
    "The coordinator said he was pained and disappointed that the convoy had not arrived.": (
        "concern"
    ),
    # an accusation word anywhere in the content, unless negated
    "The opposition said the silence of the world represents complicity in the killing.": (
        "accusation"
    ),
    "The opposition said the government was not complicit in the killing.": "statement",
    "The minister said the agency had sent the responsible officials to the city.": "statement",
    # an obligation noun with an infinitive is a demand; another noun is not
    "The minister said the international community has a responsibility to protect civilians.": (
        "demand"
    ),
    "The minister said the international community has a plan to protect civilians.": "statement",
    "The minister said the perpetrators had to be held accountable.": "demand",
    # "have got to", the time for someone to act; a party's need of something is no demand
    "The senator said we've got to do a better job.": "demand",
    "The analyst said Damascus needs Russia's support at the Security Council.": "statement",
    "The envoy said it was now time for the two sides to get to the table.": "demand",
    "The envoy said it was a time of great uncertainty.": "statement",
    # an open question ("did not know whether") denies nothing
    "The refugee said he did not know whether his family had survived.": "statement",
}


@pytest.mark.parametrize("text", list(CASES))
def test_speech_act(nlp, text: str) -> None:
    (attribution,) = extract_attributions(parse(nlp, text))
    assert attribution.speech_act == CASES[text], attribution.content
