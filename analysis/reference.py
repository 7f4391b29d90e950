"""Reference data an analyst edits in data/: actors, themes, outlets, key events, cue lexicon."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from analysis.settings import DATA_DIR
from analysis.text import fold

T = TypeVar("T")

# The theme ids DESIGN.md promises other tools; data/themes.toml may add more.
REQUIRED_THEME_IDS: tuple[str, ...] = (
    "military_bases",
    "political_process",
    "astana_format",
    "bilateral_consultation",
    "ceasefire_security",
    "counterterrorism",
    "sovereignty",
    "humanitarian",
    "chemical_weapons",
    "transition",
)


@dataclass(frozen=True)
class Role:
    """A title an actor held (for example foreign minister), optionally bounded by years."""

    title: str
    country: str | None = None
    start: int | None = None  # first year in the role
    end: int | None = None  # last year in the role; None while still in office

    def held_in(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: person, organisation, government, country, armed group or place."""

    name: str
    type: str  # person | organisation | government | country | group | place
    country: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # for countries: "Russian", "Turkish"
    roles: tuple[Role, ...] = ()
    # Common-noun descriptions that refer back to this actor once it is named in an article
    # ("the observatory", "the monitoring group" for the Syrian Observatory for Human Rights).
    descriptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleNouns:
    """Word lists of data/roles.toml: nouns naming a person by office or not, institutions."""

    title_heads: frozenset[str]
    generic_person_heads: frozenset[str]
    government_heads: frozenset[str]
    state_heads: frozenset[str]
    organisation_heads: frozenset[str]
    spellings: tuple[tuple[str, str], ...] = ()  # (variant, standard): ("defense", "defence")
    synonyms: tuple[tuple[str, str], ...] = ()  # ("top diplomat", "foreign minister")

    def standard(self, word: str) -> str:
        """The standard spelling of a folded word ("defense" → "defence")."""
        return dict(self.spellings).get(word, word)


@dataclass(frozen=True)
class Theme:
    """A theme of the taxonomy, matched per statement by its phrase patterns."""

    id: str
    label: str
    description: str
    patterns: tuple[str, ...]
    token_patterns: tuple[tuple[dict, ...], ...] = ()
    # Phrases that count only when the span also names something of every `requires` group
    # ("the call" is Russia–Turkey dialogue only with a Russian and a Turkish actor in view).
    conditional_patterns: tuple[str, ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Outlet:
    """A news outlet, recognised by name patterns in text and by web domains."""

    name: str
    country: str | None
    kind: str  # state | pro-government | independent | wire
    patterns: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    sample: bool = False  # an outlet invented for the bundled sample corpus


@dataclass(frozen=True)
class KeyEvent:
    """A dated milestone drawn on timelines."""

    date: date
    title: str
    description: str
    themes: tuple[str, ...] = field(default_factory=tuple)
    importance: int = 2  # 1: a turning point (labelled first); 2: labelled where there is room


class ReferenceDataError(ValueError):
    """A reference file in data/ is missing or malformed; the message is one line naming it."""


def _read_toml(name: str, data_dir: Path | None) -> dict:
    path = (data_dir or DATA_DIR) / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ReferenceDataError(f"{path}: cannot read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ReferenceDataError(f"{path}: not valid TOML ({error})") from None


def _entries(raw: dict, table: str, path: Path, build: Callable[[dict], T]) -> tuple[T, ...]:
    """Build each [[table]] entry, naming the file and entry when a key is missing."""
    entries = []
    for number, entry in enumerate(raw.get(table, ()), 1):
        try:
            entries.append(build(entry))
        except (KeyError, TypeError, ValueError) as error:
            raise ReferenceDataError(
                f"{path}: [[{table}]] number {number} is missing or has a bad {error}"
            ) from None
    return tuple(entries)


DISPLAY_ONLY = ("events.toml", "palette.toml")  # drawn on charts; no statement depends on them


def reference_fingerprint(data_dir: Path | None = None) -> str:
    """A short hash of every reference file the extraction reads: stored statements depend on
    their content (key events only decorate charts: editing them re-parses nothing)."""
    digest = hashlib.sha256()
    for path in sorted((data_dir or DATA_DIR).glob("*.toml")):
        if path.name in DISPLAY_ONLY:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=4)
def load_actors(data_dir: Path | None = None) -> tuple[Actor, ...]:
    """The actors gazetteer from data/actors.toml."""
    raw = _read_toml("actors.toml", data_dir)
    return _entries(
        raw,
        "actor",
        (data_dir or DATA_DIR) / "actors.toml",
        lambda a: Actor(
            name=a["name"],
            type=a["type"],
            country=a.get("country"),
            aliases=tuple(a.get("aliases", ())),
            demonyms=tuple(a.get("demonyms", ())),
            roles=tuple(
                Role(
                    title=r["title"],
                    country=r.get("country", a.get("country")),
                    start=r.get("from"),
                    end=r.get("to"),
                )
                for r in a.get("roles", ())
            ),
            descriptions=tuple(a.get("descriptions", ())),
        ),
    )


@lru_cache(maxsize=4)
def load_roles(data_dir: Path | None = None) -> RoleNouns:
    """The role and institution nouns from data/roles.toml."""
    raw = _read_toml("roles.toml", data_dir)
    path = (data_dir or DATA_DIR) / "roles.toml"
    lists = {}
    for key in (
        "title_heads",
        "generic_person_heads",
        "government_heads",
        "state_heads",
        "organisation_heads",
    ):
        words = raw.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ReferenceDataError(f"{path}: {key} is missing or is not a list of words")
        lists[key] = frozenset(fold(w) for w in words)
    spellings = raw.get("spellings", {})
    if not isinstance(spellings, dict) or not all(isinstance(v, str) for v in spellings.values()):
        raise ReferenceDataError(f"{path}: spellings is not a table of words")
    pairs = tuple((fold(k), fold(v)) for k, v in spellings.items())
    synonyms = raw.get("title_synonyms", {})
    if not isinstance(synonyms, dict) or not all(isinstance(v, str) for v in synonyms.values()):
        raise ReferenceDataError(f"{path}: title_synonyms is not a table of titles")
    titles = tuple((fold(k), fold(v)) for k, v in synonyms.items())
    return RoleNouns(**lists, spellings=pairs, synonyms=titles)


@lru_cache(maxsize=4)
def load_themes(data_dir: Path | None = None) -> tuple[Theme, ...]:
    """The theme taxonomy from data/themes.toml."""
    raw = _read_toml("themes.toml", data_dir)
    return _entries(
        raw,
        "theme",
        (data_dir or DATA_DIR) / "themes.toml",
        lambda t: Theme(
            id=t["id"],
            label=t["label"],
            description=t["description"],
            patterns=tuple(t.get("patterns", ())),
            token_patterns=tuple(tuple(p) for p in t.get("token_patterns", ())),
            conditional_patterns=tuple(t.get("conditional_patterns", ())),
            requires=tuple(tuple(group) for group in t.get("requires", ())),
        ),
    )


@lru_cache(maxsize=4)
def load_outlets(data_dir: Path | None = None) -> tuple[Outlet, ...]:
    """The outlets list from data/outlets.toml."""
    raw = _read_toml("outlets.toml", data_dir)
    return _entries(
        raw,
        "outlet",
        (data_dir or DATA_DIR) / "outlets.toml",
        lambda o: Outlet(
            name=o["name"],
            country=o.get("country"),
            kind=o["kind"],
            patterns=tuple(o.get("patterns", ())),
            domains=tuple(o.get("domains", ())),
            sample=bool(o.get("sample", False)),
        ),
    )


OUTLET_KINDS = ("state", "pro-government", "independent", "wire")


@lru_cache(maxsize=64)
def outlets_of_kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The names of data/outlets.toml's outlets of any of these kinds."""
    return tuple(o.name for o in load_outlets() if o.kind in kinds)


def outlet_kind(name: str) -> str | None:
    """The kind data/outlets.toml gives an outlet, or None for an outlet it does not list."""
    return next((o.kind for o in load_outlets() if o.name == name), None)


@dataclass(frozen=True)
class Palette:
    """Chart colours from data/palette.toml: one per listed country, a stable one for others."""

    countries: Mapping[str, str]
    others: tuple[str, ...]

    def color(self, name: str) -> str:
        """The colour of a country: its own, else one of `others` chosen by its name."""
        if name in self.countries:
            return self.countries[name]
        digest = hashlib.sha1(name.encode("utf-8")).digest()
        return self.others[int.from_bytes(digest[:4], "big") % len(self.others)]


@lru_cache(maxsize=4)
def load_palette(data_dir: Path | None = None) -> Palette:
    """The country colours of data/palette.toml."""
    raw = _read_toml("palette.toml", data_dir)
    others = tuple(raw.get("others", {}).get("colors", ())) or ("#7f7f7f",)
    return Palette(countries=dict(raw.get("countries", {})), others=others)


@lru_cache(maxsize=4)
def load_events(data_dir: Path | None = None) -> tuple[KeyEvent, ...]:
    """Key events from data/events.toml, oldest first."""
    raw = _read_toml("events.toml", data_dir)
    events = _entries(
        raw,
        "event",
        (data_dir or DATA_DIR) / "events.toml",
        lambda e: KeyEvent(
            date=e["date"],
            title=e["title"],
            description=e["description"],
            themes=tuple(e.get("themes", ())),
            importance=int(e.get("importance", 2)),
        ),
    )
    return tuple(sorted(events, key=lambda e: e.date))


@dataclass(frozen=True)
class SpeechActLexicon:
    """The [speech_acts] tables of data/cues.toml: cue → act and the complement's word lists."""

    cues: Mapping[str, str] = field(default_factory=dict)  # cue ("call for") → act
    expressing: frozenset[str] = frozenset()  # "expressed concern": the object names the act
    objects: Mapping[str, str] = field(default_factory=dict)  # object noun → act
    clause_verbs: Mapping[str, str] = field(default_factory=dict)  # "said it supported"
    predicates: Mapping[str, str] = field(default_factory=dict)  # "said it was concerned"
    future: frozenset[str] = frozenset()
    obligation: frozenset[str] = frozenset()
    hostile_verbs: frozenset[str] = frozenset()
    threat_objects: frozenset[str] = frozenset()
    readiness: frozenset[str] = frozenset()
    denial_words: frozenset[str] = frozenset()
    truth_words: frozenset[str] = frozenset()  # negated, a denial: "the claim is not true"
    possibility: frozenset[str] = frozenset()  # "could", "may": a possible outcome
    harm_verbs: frozenset[str] = frozenset()  # "could derail the talks" → warning
    accusation_verbs: frozenset[str] = frozenset()  # "said the regime shelled …" → accusation
    weapons: frozenset[str] = frozenset()  # "used chlorine gas" → accusation
    alleging: frozenset[str] = frozenset()  # "claimed the militia shelled …" → accusation
    violence_verbs: frozenset[str] = frozenset()  # the deeds an alleging cue accuses of
    intent_adverbs: frozenset[str] = frozenset()  # "deliberately targeted" → accusation
    recourse_verbs: frozenset[str] = frozenset()  # "resorted to chemical weapons" → accusation
    intention_verbs: frozenset[str] = frozenset()  # "wanted to set up a safe zone" → proposal
    failure_verbs: frozenset[str] = frozenset()  # "Russia has failed to pressure" → accusation
    purpose_verbs: frozenset[str] = frozenset()  # "the attack is aimed at …" → accusation
    violence_nouns: frozenset[str] = frozenset()  # the deeds a purpose is ascribed to
    equating_verbs: frozenset[str] = frozenset()  # "amounted to war crimes" → condemnation
    epistemic_cues: frozenset[str] = frozenset()  # "suggested it was a bomb": no proposal
    stance_verbs: frozenset[str] = frozenset()  # "did not want troops": no denial
    danger_words: frozenset[str] = frozenset()  # "lives are at stake", "poses a threat" → warning
    reprisals: frozenset[str] = frozenset()  # "warned of a strong response" → threat
    asking: frozenset[str] = frozenset()  # "asked Congress to approve" → demand
    alarming: frozenset[str] = frozenset()  # "the situation is dire" → concern, any subject

    def of_cue(self, cue: str | None) -> str | None:
        """The act a cue gives by itself ("warn" → warning), or None for a neutral cue."""
        return self.cues.get((cue or "").lower())


@dataclass(frozen=True)
class Cues:
    """The reporting lexicon of data/cues.toml."""

    communication: frozenset[str]
    clausal: frozenset[str]
    addressee: frozenset[str]
    phrasal: Mapping[str, frozenset[str]]
    content_prepositions: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]
    speech_nouns: frozenset[str]
    setting_prepositions: frozenset[str]
    refusals: frozenset[str]
    naming: frozenset[str]
    quote_only: frozenset[str]
    ignored_contents: tuple[str, ...]
    speech_object_only: frozenset[str] = frozenset()
    interrogation: frozenset[str] = frozenset()
    irrealis_modals: frozenset[str] = frozenset()
    irrealis_marks: frozenset[str] = frozenset()
    irrealis_nouns: frozenset[str] = frozenset()
    negative_subjects: frozenset[str] = frozenset()
    inanimate_subjects: frozenset[str] = frozenset()
    relay_verbs: frozenset[str] = frozenset()
    relay_sources: frozenset[str] = frozenset()
    forms: Mapping[str, str] = field(default_factory=dict)  # inflected form → lemma
    speech_acts: SpeechActLexicon = field(default_factory=SpeechActLexicon)
    channels: frozenset[str] = frozenset()  # [via]: nouns of an unnamed outlet ("the agency")
    channel_modifiers: frozenset[str] = frozenset()  # "state media", "official news agency"

    def knows(self, lemma: str) -> bool:
        """Whether `lemma` is a reporting verb of the lexicon."""
        return lemma in self.communication or lemma in self.clausal or lemma in self.phrasal


@lru_cache(maxsize=4)
def load_cues(data_dir: Path | None = None) -> Cues:
    """The reporting lexicon from data/cues.toml (lower-case lemmas)."""
    path = (data_dir or DATA_DIR) / "cues.toml"
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # a plain ValueError, as the statements code raised before the move
        raise ValueError(f"{path}: cannot read the reporting lexicon ({exc})") from exc
    return _cues_from(raw)


def _lowered(values: Iterable[str]) -> frozenset[str]:
    """A lexicon list as lower-case words."""
    return frozenset(v.lower() for v in values)


def _cues_from(raw: dict) -> Cues:
    """The lexicon of a parsed cues.toml; every list is optional."""
    verbs = raw.get("verbs", {})
    phrases = raw.get("phrases", {})
    subjects = raw.get("subjects", {})
    relay = raw.get("relay", {})
    return Cues(
        forms=_verb_forms(verbs),
        communication=_lowered(verbs.get("communication", ())),
        clausal=_lowered(verbs.get("clausal", ())),
        addressee=_lowered(verbs.get("addressee", ())),
        phrasal={k.lower(): _lowered(v) for k, v in verbs.get("phrasal", {}).items()},
        content_prepositions=_lowered(raw.get("content_prepositions", {}).get("items", ())),
        source_prepositions=tuple(
            tuple(w.lower() for w in seq) for seq in phrases.get("source_prepositions", ())
        ),
        speech_nouns=_lowered(phrases.get("speech_nouns", ())),
        setting_prepositions=_lowered(phrases.get("setting_prepositions", ())),
        refusals=_lowered(verbs.get("refusals", ())),
        naming=_lowered(verbs.get("naming", ())),
        quote_only=_lowered(verbs.get("quote_only", ())),
        ignored_contents=tuple(v.lower() for v in raw.get("ignore", {}).get("contents", ())),
        speech_object_only=_lowered(verbs.get("speech_object_only", ())),
        interrogation=_lowered(verbs.get("interrogation", ())),
        irrealis_modals=_lowered(verbs.get("irrealis_modals", ())),
        irrealis_marks=_lowered(verbs.get("irrealis_marks", ())),
        irrealis_nouns=_lowered(verbs.get("irrealis_nouns", ())),
        negative_subjects=_lowered(subjects.get("negative", ())),
        inanimate_subjects=_lowered(subjects.get("inanimate", ())),
        relay_verbs=_lowered(relay.get("verbs", ())),
        relay_sources=_lowered(relay.get("sources", ())),
        speech_acts=speech_acts_from(raw.get("speech_acts", {})),
        channels=_lowered(raw.get("via", {}).get("channels", ())),
        channel_modifiers=_lowered(raw.get("via", {}).get("channel_modifiers", ())),
    )


def load_speech_acts(data_dir: Path | None = None) -> SpeechActLexicon:
    """The speech-act lexicon of data/cues.toml (its [speech_acts] tables)."""
    return load_cues(data_dir).speech_acts


def speech_acts_from(raw: dict) -> SpeechActLexicon:
    """The [speech_acts] tables of a parsed cues.toml; an act outside SPEECH_ACTS is an error."""
    return SpeechActLexicon(
        cues=_act_map(raw.get("cues", {}), "cues"),
        expressing=_lowered(raw.get("expressing", ())),
        objects=_act_map(raw.get("objects", {}), "objects"),
        clause_verbs=_act_map(raw.get("clause_verbs", {}), "clause_verbs"),
        predicates=_act_map(raw.get("predicates", {}), "predicates"),
        future=_lowered(raw.get("future", ())),
        obligation=_lowered(raw.get("obligation", ())),
        hostile_verbs=_lowered(raw.get("hostile_verbs", ())),
        threat_objects=_lowered(raw.get("threat_objects", ())),
        readiness=_lowered(raw.get("readiness", ())),
        denial_words=_lowered(raw.get("denial_words", ())),
        truth_words=_lowered(raw.get("truth_words", ())),
        possibility=_lowered(raw.get("possibility", ())),
        harm_verbs=_lowered(raw.get("harm_verbs", ())),
        accusation_verbs=_lowered(raw.get("accusation_verbs", ())),
        weapons=_lowered(raw.get("weapons", ())),
        alleging=_lowered(raw.get("alleging", ())),
        violence_verbs=_lowered(raw.get("violence_verbs", ())),
        intent_adverbs=_lowered(raw.get("intent_adverbs", ())),
        recourse_verbs=_lowered(raw.get("recourse_verbs", ())),
        intention_verbs=_lowered(raw.get("intention_verbs", ())),
        failure_verbs=_lowered(raw.get("failure_verbs", ())),
        purpose_verbs=_lowered(raw.get("purpose_verbs", ())),
        violence_nouns=_lowered(raw.get("violence_nouns", ())),
        equating_verbs=_lowered(raw.get("equating_verbs", ())),
        epistemic_cues=_lowered(raw.get("epistemic_cues", ())),
        stance_verbs=_lowered(raw.get("stance_verbs", ())),
        danger_words=_lowered(raw.get("danger_words", ())),
        reprisals=_lowered(raw.get("reprisals", ())),
        asking=_lowered(raw.get("asking", ())),
        alarming=_lowered(raw.get("alarming", ())),
    )


def _act_map(table: dict, name: str) -> dict[str, str]:
    """act → words of a [speech_acts.<name>] table, read as word → act."""
    from analysis.schema import SPEECH_ACTS  # the schema's own list; imported late (pandera)

    unknown = sorted(set(table) - set(SPEECH_ACTS))
    if unknown:
        raise ValueError(f"cues.toml: [speech_acts.{name}] has unknown acts {unknown}")
    return {" ".join(w.lower().split()): act for act, words in table.items() for w in words}


def _verb_forms(verbs: dict) -> dict[str, str]:
    """Inflected form → lemma for the communication and clausal verbs (lemmatizer slips)."""
    lemmas = {
        v.lower()
        for key in ("communication", "clausal")
        for v in verbs.get(key, ())
        if isinstance(v, str)
    }
    return {form: lemma for lemma in sorted(lemmas) for form in _inflections(lemma)}


def _inflections(lemma: str) -> set[str]:
    """Regular English verb forms of a lemma (hope → hopes, hoped, hoping)."""
    if " " in lemma:
        return set()
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admit → admitted
    return forms
