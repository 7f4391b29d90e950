"""What site furniture, date lines and datelines look like in an article's plain text."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.load.normalise import match_outlet, normalise_date, outlet_names
from analysis.text import fold

# "Site icon: Turkish Minute" (an image's alt text) names the outlet.
_SITE_ICON_RE = re.compile(r"^\s*site (?:icon|logo)\s*[:\-–]?\s*(?P<outlet>.{2,80}?)\s*$", re.I)

# Whole lines that are site furniture (navigation, sharing, cookies, subscriptions), not text.
_FURNITURE_RES = [
    re.compile(p, re.I)
    for p in (
        r"exit mobile version",
        r"skip to (?:the )?(?:main )?content",
        r"(?:toggle |main )?(?:menu|navigation|search)",
        r"(?:home|back to top|go to top|scroll to top|print|email|comments?)",
        r"(?:click to )?share(?: this)?(?: article| story| post| page)?"
        r"(?:(?: on| via| to)? ?(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email|"
        r"pinterest|messenger)(?: \(opens in new window\))?)*[:.]?",
        r"(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|copy link)"
        r"(?:\W+(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|email|copy link))*",
        r"(?:subscribe|sign up|register)(?: now| today| here)?\W*",
        r".{0,40}\b(?:subscribe|sign up|register)\b.{0,60}\b(?:newsletters?|updates|inbox|"
        r"e-?mails?|alerts|our channel)\b.{0,60}",
        r"[^.]{0,60}\bnewsletters?\b[^.]{0,40}",
        r".{0,80}\bcookies?\b.{0,200}(?:accept|agree|consent|policy|settings|experience).{0,80}",
        r"(?:accept|reject|manage) (?:all )?cookies",
        r"(?:advertisement|advertising|sponsored(?: content)?|ad)",
        r"(?:related|related (?:articles|posts|stories|news|content|topics)|more (?:news|stories)"
        r"|you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular)|trending)"
        r"\s*:?",
        r"(?:read more|read also|also read|see also|related)\s*:.{0,200}",
        r"(?:read more|continue reading|load more|show more)\W*",
        r"follow us(?: on)?\b.{0,80}",
        r"(?:©|\(c\)|copyright\s*(?:©\s*)?(?:\d{4}|\(c\))).{0,200}",
        r".{0,120}\ball rights reserved\b.{0,40}",
        r"(?:privacy policy|terms of (?:use|service)|contact us|about us)(?:\W+.{0,60})?",
        r"(?:leave a|post a|add a) (?:comment|reply).{0,40}",
        r"\d+\s+(?:comments?|shares?|views?)",
        r"(?:loading|please wait)\W*",
        r"(?:tags?|filed under|categories|category)\s*:.{0,200}",
        r"(?:image|photo|video)\s*\d*\s*(?:of|/)\s*\d+",
        r"https?://\S+",
    )
]

_FURNITURE_RE = re.compile("|".join(f"(?:{r.pattern})" for r in _FURNITURE_RES), re.I)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_IN_TEXT_RE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.I,
)
# Only a paragraph shorter than this is looked at for a date line.
_DATE_LINE_MAX_CHARS = 160
# "ANKARA, Dec. 17, 2024 (Neva Wire) —" at the start of the first paragraph.
_DATED_DATELINE_RE = re.compile(
    rf"^[A-Z][A-Za-z .'’-]{{1,40}},\s*(?P<date>{_DATE_IN_TEXT_RE.pattern})\s*(?:\([^()]{{1,40}}\))?"
    r"\s*[-–—]",
    re.I,
)
_DATE_LINE_CUES = re.compile(
    r"^\s*(?:published|posted|updated|last updated|date|dated|first published)\b", re.I
)
_WIRE_DATELINE_RE = re.compile(r"^[A-Z][\w .,'’-]{1,60}?\((?P<outlet>[^()\d]{2,40})\)\s*[-–—]")
_TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:utc|gmt|[+-]\d{2}:?\d{2})\b", re.I
)
_WEEKDAY_RE = re.compile(r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?", re.I)


def site_icon_name(line: str) -> str | None:
    """The outlet name (as written) of a 'Site icon: <outlet>' line, else None."""
    icon = _SITE_ICON_RE.match(line)
    return icon.group("outlet") if icon else None


def is_furniture(line: str) -> bool:
    """Whether a whole (space-normalised) line is site furniture."""
    return len(line) <= 300 and _FURNITURE_RE.fullmatch(line) is not None


def outlet_in_furniture(line: str) -> str | None:
    """The known outlet named in a furniture line ('© 2024 Turkish Minute'), if any."""
    regex, names = _outlet_regex()
    match = regex.search(fold(line)) if regex is not None else None
    return names[match.group(0)] if match else None


@lru_cache(maxsize=1)
def _outlet_regex() -> tuple[re.Pattern | None, dict[str, str]]:
    names = outlet_names()
    if not names:
        return None, names
    alternatives = "|".join(re.escape(p) for p in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b"), names


def date_written_in(para: str) -> re.Match | None:
    """The first written date in a paragraph short enough to be a date line, else None."""
    return _DATE_IN_TEXT_RE.search(para) if len(para) < _DATE_LINE_MAX_CHARS else None


def is_date_line(para: str) -> bool:
    """A short line that states a date (a dateline), not a sentence mentioning one."""
    if _DATE_LINE_CUES.match(para):
        return True
    rest = _DATE_IN_TEXT_RE.sub("", para)
    rest = _TIME_RE.sub("", rest)
    words = re.findall(r"[^\W\d_]+", rest)
    words = [w for w in words if not _WEEKDAY_RE.fullmatch(w)]
    return len(words) <= 2


def wire_outlet(first_paragraph: str) -> str | None:
    """The outlet of a wire dateline ('MOSCOW (Reuters) —') opening the body, if any."""
    wire = _WIRE_DATELINE_RE.match(first_paragraph)
    return match_outlet(wire.group("outlet")) if wire else None


def dateline_date(first_paragraph: str) -> str | None:
    """The date of a dated dateline ('ANKARA, Dec. 17, 2024 —') opening the body, if any."""
    dated = _DATED_DATELINE_RE.match(first_paragraph)
    return normalise_date(dated.group("date")) if dated else None
