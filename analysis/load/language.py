"""The language of an article: a metadata code tidied, else a cheap guess from the text."""

from __future__ import annotations

import re
from collections import Counter

# Letters of non-Latin scripts and the language a text mostly in one is taken to be.
_SCRIPT_RES = {
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "el": re.compile(r"[\u0370-\u03ff]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
}
# Any letter of those scripts: one pass decides whether counting each is worth it.
_ANY_SCRIPT_RE = re.compile(
    r"[\u0370-\u04ff\u0590-\u077f\u1100-\u11ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)

# The commonest function words of some Latin-script languages (short, unambiguous ones).
_FUNCTION_WORDS = {
    code: frozenset(words.split(" "))
    for code, words in {
        "en": "the of and to in is that for on it with as was by at be this are from have has "
        "an not or but its his her their they he she we said will would which who been were",
        "tr": "ve bir bu ile için olarak gibi daha çok ama ancak ise kadar sonra olan "
        "değil her şey dedi",
        "de": "der die das und ist nicht mit den von zu sich auf für dem des ein eine auch es "
        "wird sind im",
        "fr": "le la les et des est une du en dans que qui pour pas sur au avec ce il sont plus "
        "par",
        "es": "el la los las y del en que es por para con una un se no al lo como su más",
        "pt": "o os as e do da dos das em que é um uma para com não no na se por mais ao",
        "it": "il lo la gli le e di che è un una per con non del della in si sono al da",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada bisa",
        "nl": "het een en van is dat op te in niet met voor zijn er",
    }.items()
}


def language_code(value: object) -> str | None:
    """A language as metadata writes it ('en-GB', 'tr_TR', 'EN') → its 2–3 letter code."""
    if not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def guess_language(text: str) -> str:
    """A cheap language guess: 'en' unless the text is clearly in another script or language.

    Non-Latin scripts are told by their letters; Latin-script languages by which language's
    commonest function words the text uses most (English when none stands out).
    """
    sample = text[:4000]
    letters = len(re.findall(r"[^\W\d_]", sample))
    if letters < 40:
        return "en"
    return _script_language(sample, letters) or _latin_language(sample)


def _script_language(sample: str, letters: int) -> str | None:
    """The language of the non-Latin script most of the letters are in, if any."""
    if len(_ANY_SCRIPT_RE.findall(sample)) <= 0.1 * letters:
        return None  # too few for Japanese's share, let alone any other script's
    counts = {code: len(regex.findall(sample)) for code, regex in _SCRIPT_RES.items()}
    if counts["ja"] > 0.1 * letters:
        return "ja"  # kana mark Japanese even among many Chinese characters
    top = max(counts, key=counts.__getitem__)
    return top if counts[top] > 0.4 * letters else None


def _latin_language(sample: str) -> str:
    """The Latin-script language whose function words clearly dominate, else English."""
    words = re.findall(r"[^\W\d_]+", sample.casefold())
    if len(words) < 30:
        return "en"
    counts = Counter(words)
    shares = {
        code: sum(counts[w] for w in vocabulary) / len(words)
        for code, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(shares, key=shares.__getitem__)
    if best != "en" and shares[best] >= 0.08 and shares[best] > 2 * shares["en"]:
        return best
    return "en"
