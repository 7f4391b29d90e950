"""The loader: files, folders, feeds, URLs and uploads → one Article record per article."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
import os
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from analysis import settings
from analysis.reference import load_outlets
from analysis.text import fold, is_byline, is_caption

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Article:
    """One article as read, before NLP (DESIGN.md section 3, plus the `sample` flag)."""

    article_id: str
    origin: str
    outlet: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    url: str | None
    language: str
    text: str
    sample: bool = False

    def to_record(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadProblem:
    """Why one input could not be read: rendered as a single line naming the input."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


ProblemHandler = Callable[[LoadProblem], None]
DuplicateHandler = Callable[["Article"], None]

TEXT_EXTENSIONS = frozenset({".txt", ".text"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom"})
SUPPORTED_EXTENSIONS = (
    TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS | {".json", ".jsonl", ".csv"}
)

# Common column / key names of each Article field in CSV, JSON and JSONL (compared after
# lower-casing and turning spaces and hyphens into underscores).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article_content", "article_body", "articlebody",
             "article_text", "full_text", "article", "story"),
    "title": ("title", "headline", "article_title", "name"),
    "published": ("published", "date", "publish_date", "published_at", "publication_date",
                  "pubdate", "date_published", "datepublished", "datetime"),
    "outlet": ("outlet", "source", "publisher", "source_name", "site_name", "media", "site"),
    "url": ("url", "link", "article_url", "href", "canonical_url"),
    "language": ("language", "lang"),
    "sample": ("sample",),
}  # fmt: skip
_FIELD_ALIASES = {"date": "published", "source": "outlet", "link": "url", "body": "text"}


# --------------------------------------------------------------------------------------------
# Public helpers


def article_id(text: str) -> str:
    """Stable 16-hex id of an article: a hash of its body after Unicode and space folding."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def parse_column_map(spec: str | Iterable[str]) -> dict[str, str]:
    """``"text=body,title=headline"`` (or a list of ``field=column``) → a column map.

    Raises ValueError with a one-line message on an unknown field or a malformed pair.
    """
    pairs = spec.split(",") if isinstance(spec, str) else [p for s in spec for p in s.split(",")]
    mapping: dict[str, str] = {}
    for pair in (p.strip() for p in pairs):
        if not pair:
            continue
        field, sep, column = pair.partition("=")
        field = _FIELD_ALIASES.get(field.strip().lower(), field.strip().lower())
        if not sep or not column.strip():
            raise ValueError(f"column map entry {pair!r} is not FIELD=COLUMN")
        if field not in FIELD_NAMES:
            raise ValueError(f"unknown field {field!r} in column map (fields: {_fields()})")
        mapping[field] = column.strip()
    return mapping


def normalise_date(value: object) -> str | None:
    """A date in any common written form → 'YYYY-MM-DD', or None when it names no full date.

    A date with a time and a zone keeps the calendar day of its own zone, as the publisher
    wrote it. Relative or partial dates ('Tuesday', 'March 9') give None.
    """
    if isinstance(value, datetime):
        return _valid_day(value.date())
    if isinstance(value, date):
        return _valid_day(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    iso = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)", text)
    if iso:
        try:
            return _valid_day(date(*map(int, iso.groups())))
        except ValueError:
            return None
    from dateutil import parser as date_parser

    days = []
    for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
        try:
            days.append(date_parser.parse(text, default=default, fuzzy=False).date())
        except (ValueError, OverflowError, TypeError):
            return None
    return _valid_day(days[0]) if days[0] == days[1] else None


def _valid_day(day: date) -> str | None:
    return day.isoformat() if 1800 <= day.year <= 2200 else None


def resolve_relative_date(phrase: str, known: str | None) -> str | None:
    """A weekday or 'today'/'yesterday' phrase → YYYY-MM-DD, only against a known date.

    ``known`` is a date the article is known to be from (its publication date); without one
    the phrase names no date and the answer is None. A weekday is the latest such day on or
    before the known date.
    """
    anchor = normalise_date(known) if known else None
    if anchor is None:
        return None
    day = date.fromisoformat(anchor)
    words = fold(phrase).split()
    if "today" in words:
        return day.isoformat()
    if "yesterday" in words:
        return date.fromordinal(day.toordinal() - 1).isoformat()
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for word in words:
        if word in weekdays:
            back = (day.weekday() - weekdays.index(word)) % 7
            return date.fromordinal(day.toordinal() - back).isoformat()
    return None


def match_outlet(name: str | None) -> str | None:
    """The canonical outlet name (data/outlets.toml) of a name or domain, else the name as is."""
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    host = _host(name) if "." in name and " " not in name else None
    if host:
        return _known_outlet(host)
    return _outlet_names().get(fold(name), name)


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    """Folded outlet names and patterns → canonical names."""
    return {fold(p): o.name for o in load_outlets() for p in (o.name, *o.patterns)}


def guess_language(text: str) -> str:
    """A cheap language guess: 'en' unless the text is clearly in another script or language.

    Non-Latin scripts are told by their letters; Latin-script languages by which language's
    commonest function words the text uses most (English when none stands out).
    """
    sample = text[:4000]
    letters = len(re.findall(r"[^\W\d_]", sample))
    if letters < 40:
        return "en"
    counts = {code: len(regex.findall(sample)) for code, regex in _SCRIPT_RES.items()}
    if counts["ja"] > 0.1 * letters:
        return "ja"
    top = max(counts, key=counts.__getitem__)
    if counts[top] > 0.4 * letters:
        return top
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


# --------------------------------------------------------------------------------------------
# Entry points


def load_articles(
    paths: Iterable[str | Path],
    *,
    column_map: Mapping[str, str] | None = None,
    on_problem: ProblemHandler | None = None,
    on_duplicate: DuplicateHandler | None = None,
) -> Iterator[Article]:
    """Articles of files, folders, `-` (stdin) and http(s) URLs; each article once.

    Bad input never raises: it is reported to ``on_problem`` (or logged) and skipped. An
    article read again (same body) is folded into the first and passed to ``on_duplicate``.
    """
    report = on_problem or _log_problem
    column_map = _checked_map(column_map, report)
    if isinstance(paths, str | Path):
        paths = [paths]
    seen: set[str] = set()
    for path in paths:
        try:
            for origin, name, data, meta in _sources(path, report):
                articles = _parse_safely(origin, name, data, meta, column_map, report)
                yield from _unique(articles, seen, on_duplicate)
        except Exception as exc:  # noqa: BLE001 - e.g. a folder that vanishes while walked
            report(LoadProblem(_short(str(path)), f"could not be read ({_why(exc)})"))


def load_upload(
    name: str,
    data: bytes,
    *,
    on_problem: ProblemHandler | None = None,
    on_duplicate: DuplicateHandler | None = None,
) -> Iterator[Article]:
    """Articles of one uploaded file (browser upload): its name tells the format."""
    report = on_problem or _log_problem
    name = Path(str(name)).name or "upload"
    if len(data) > settings.MAX_FILE_BYTES:
        report(LoadProblem(name, f"larger than the {_mib(settings.MAX_FILE_BYTES)} limit"))
        return
    yield from _unique(_parse_safely(name, name, data, {}, None, report), set(), on_duplicate)


# --------------------------------------------------------------------------------------------
# Sources: files, folders, stdin, URLs → (origin, name, bytes, sidecar metadata)

Source = tuple[str, str, bytes, dict]


def _sources(path: str | Path, report: ProblemHandler) -> Iterator[Source]:
    spec = str(path)
    if spec == "-":
        try:
            data = sys.stdin.buffer.read(settings.MAX_FILE_BYTES + 1)
        except (OSError, ValueError, AttributeError) as exc:
            report(LoadProblem("<stdin>", f"cannot read standard input ({_why(exc)})"))
            return
        if len(data) > settings.MAX_FILE_BYTES:
            report(LoadProblem("<stdin>", f"larger than the {_mib(settings.MAX_FILE_BYTES)} limit"))
            return
        yield "<stdin>", "stdin", data, {}
        return
    looks_like_url = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", spec) and not _is_windows_drive(spec)
    if looks_like_url and not _exists(Path(spec)):
        fetched = _fetch_url(spec, report)
        if fetched is not None:
            yield fetched
        return
    file = Path(spec)
    try:
        if file.is_dir():
            for child in _walk(file):
                yield from _read_file(child, report)
            return
        if not file.exists():
            report(LoadProblem(spec, "no such file or folder"))
            return
    except OSError as exc:
        report(LoadProblem(spec, f"cannot read ({_why(exc)})"))
        return
    yield from _read_file(file, report)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files under a folder, recursively, sorted, hidden ones and metadata skipped."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith((".gold.jsonl", ".meta.json")):
                continue
            if _extension(name) in SUPPORTED_EXTENSIONS:
                found.append(Path(root, name))
    return iter(sorted(found, key=lambda p: p.relative_to(folder).parts))


def _read_file(file: Path, report: ProblemHandler) -> Iterator[Source]:
    origin = str(file)
    try:
        if not file.is_file():
            report(LoadProblem(origin, "not a regular file"))
            return
        size = file.stat().st_size
        if size > settings.MAX_FILE_BYTES:
            report(LoadProblem(origin, f"larger than the {_mib(settings.MAX_FILE_BYTES)} limit"))
            return
        with file.open("rb") as handle:
            data = handle.read(settings.MAX_FILE_BYTES + 1)
    except OSError as exc:
        report(LoadProblem(origin, f"cannot read ({_why(exc)})"))
        return
    if len(data) > settings.MAX_FILE_BYTES:
        report(LoadProblem(origin, f"larger than the {_mib(settings.MAX_FILE_BYTES)} limit"))
        return
    yield origin, file.name, data, _sidecar(file, report)


def _sidecar(file: Path, report: ProblemHandler) -> dict:
    """Metadata of `<stem>.meta.json` beside a file, if any."""
    stem = file.name[: -len(_full_suffix(file.name))] if _full_suffix(file.name) else file.stem
    meta_path = file.with_name(stem + ".meta.json")
    if not meta_path.is_file():
        return {}
    try:
        if meta_path.stat().st_size > 1024 * 1024:
            raise ValueError("larger than 1 MiB")
        meta = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        report(LoadProblem(str(meta_path), f"sidecar metadata ignored ({_why(exc)})"))
        return {}
    return {str(k).lower(): v for k, v in meta.items()}


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"redirect to an unsupported URL {newurl[:80]!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str | None:
    """Why a URL cannot be fetched (one line), or None when it is a plain http(s) URL."""
    if len(url) > 2048:
        return "URL longer than 2048 characters"
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in url):
        return "URL contains spaces or control characters"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"malformed URL ({_why(exc)})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"unsupported URL scheme {parts.scheme + ':'!r} (only http and https)"
    if not parts.hostname:
        return "URL has no host"
    if parts.username or parts.password:
        return "URL with embedded credentials refused"
    return None


def _fetch_url(url: str, report: ProblemHandler) -> Source | None:
    reason = check_url(url)
    if reason:
        report(LoadProblem(_short(url), reason))
        return None
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "syria-dash/0.1 (+loader)"})
    try:
        with opener.open(request, timeout=settings.URL_TIMEOUT_SECONDS) as response:
            data = response.read(settings.MAX_URL_BYTES + 1)
            content_type = response.headers.get_content_type() or ""
            final_url = response.geturl() or url
    except urllib.error.HTTPError as exc:
        kind = "redirect refused" if 300 <= exc.code < 400 else "HTTP error"
        report(LoadProblem(_short(url), f"{kind} {exc.code} ({_why(exc.reason)})"))
        return None
    except urllib.error.URLError as exc:
        report(LoadProblem(_short(url), f"could not fetch (offline or unreachable: {exc.reason})"))
        return None
    except (OSError, ValueError) as exc:
        report(LoadProblem(_short(url), f"could not fetch ({_why(exc)})"))
        return None
    if len(data) > settings.MAX_URL_BYTES:
        report(LoadProblem(_short(url), f"larger than the {_mib(settings.MAX_URL_BYTES)} limit"))
        return None
    name = Path(urllib.parse.urlsplit(final_url).path).name
    ext = _CONTENT_TYPES.get(content_type)
    if ext and _extension(name) not in SUPPORTED_EXTENSIONS:
        name = (name or "page") + ext
    return url, name, data, {"url": final_url}


_CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/rss+xml": ".rss",
    "application/atom+xml": ".atom",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/csv": ".csv",
    "text/plain": ".txt",
}


# --------------------------------------------------------------------------------------------
# Parsing: bytes → articles, by format


class _BadInput(Exception):
    """Input that cannot be read; its message is the one-line reason."""


def _parse_safely(
    origin: str,
    name: str,
    data: bytes,
    meta: dict,
    column_map: Mapping[str, str] | None,
    report: ProblemHandler,
) -> Iterator[Article]:
    """Parse one input; any failure becomes one LoadProblem and the input is skipped."""
    produced = 0
    try:
        for article in _parse(origin, name, data, meta, column_map, report):
            produced += 1
            yield article
    except _BadInput as exc:
        report(LoadProblem(origin, str(exc)))
        return
    except (RecursionError, MemoryError):
        report(LoadProblem(origin, "input too deeply nested or too large to parse"))
        return
    except Exception as exc:  # noqa: BLE001 - a loader never lets bad input escape
        log.debug("unexpected loader failure on %s", origin, exc_info=True)
        report(LoadProblem(origin, f"could not be read ({type(exc).__name__}: {_why(exc)})"))
        return
    if produced == 0:
        report(LoadProblem(origin, "no article text found"))


def _parse(
    origin: str,
    name: str,
    data: bytes,
    meta: dict,
    column_map: Mapping[str, str] | None,
    report: ProblemHandler,
) -> Iterator[Article]:
    if name.lower().endswith(".gz"):
        data = _gunzip(data)
        name = name[:-3]
    if not data.strip():
        raise _BadInput("empty file")
    kind = _kind(name, data)
    if kind == "binary":
        raise _BadInput("binary file, not text")
    text = _decode(data)
    if kind == "html":
        yield from _parse_html(origin, text, meta)
    elif kind == "feed":
        yield from _parse_feed(origin, data, text)
    elif kind == "json":
        yield from _parse_records(origin, _json_records(text), column_map, meta, report)
    elif kind == "jsonl":
        records = _jsonl_records(text, origin, report)
        yield from _parse_records(origin, records, column_map, meta, report)
    elif kind == "csv":
        yield from _parse_records(origin, _csv_records(text), column_map, meta, report)
    else:
        article = _text_article(origin, text, meta, report)
        if article is not None:
            yield article


def _gunzip(data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(settings.MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise _BadInput(f"corrupt gzip data ({_why(exc)})") from None
    if len(out) > settings.MAX_FILE_BYTES:
        raise _BadInput(f"decompresses to more than the {_mib(settings.MAX_FILE_BYTES)} limit")
    return out


def _kind(name: str, data: bytes) -> str:
    """The format of an input: its extension first, its first bytes otherwise."""
    head = data[:4096]
    if _looks_binary(head):
        return "binary"
    ext = _extension(name)
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in FEED_EXTENSIONS:
        return "feed"
    if ext in (".json", ".jsonl", ".csv"):
        return ext[1:]
    if ext == ".tsv":  # read when named, not picked up by a folder walk
        return "csv"
    sniff = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n").lower()
    if ext in TEXT_EXTENSIONS:
        return "html" if sniff.startswith(("<!doctype html", "<html")) else "text"
    if sniff.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", sniff):
            return "feed"
        if re.search(r"<(!doctype html|html|head|body|article|div|p)[\s>]", sniff):
            return "html"
    if sniff.startswith("{"):
        first = sniff.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") and "\n{" in sniff else "json"
    if sniff.startswith("["):
        return "json"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > max(2, len(head) // 100)


def _decode(data: bytes) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else charset detection."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _BadInput("undecodable UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _BadInput("undecodable text (no known character encoding fits)")
    text = str(best)
    if sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text[:4096]) > 8:
        raise _BadInput("binary file, not text")
    return text


# --------------------------------------------------------------------------------------------
# Plain text

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
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
# A caption is one paragraph of at most this length; in a longer paragraph only the sentences
# with a caption cue are dropped.
_CAPTION_MAX_CHARS = 600
_SENTENCE_END_RE = re.compile(r"(?<=[.!?)])\s+(?=[A-Z“\"(])")
_TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:utc|gmt|[+-]\d{2}:?\d{2})\b", re.I
)
_TERMINAL = (".", "!", "?", '"', "”", "’", ":", ";", ")", "]", "»")


def _front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            meta[key.strip().lower()] = value
    return meta, text[match.end() :]


def _text_article(origin: str, raw: str, meta: dict, report: ProblemHandler) -> Article | None:
    front, raw = _front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    meta = {**meta, **front}
    raw = _without_markup(raw, origin, report)
    cleaned = clean_text(raw)
    title = _meta(meta, "title") or cleaned.headline
    paragraphs = list(cleaned.paragraphs)
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    return _make_article(
        origin,
        text="\n\n".join(paragraphs),
        title=title,
        outlet=_meta(meta, "outlet") or cleaned.outlet,
        published=normalise_date(_meta(meta, "published"))
        or cleaned.published
        or _date_in_name(origin),
        url=_meta(meta, "url"),
        language=_meta(meta, "language"),
        sample=meta.get("sample"),
    )


_HOSTILE_RE = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|svg|math)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
_MARKUP_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>|<!--")
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section)\b", re.I)


def _without_markup(text: str, origin: str, report: ProblemHandler) -> str:
    """Plain text with markup in it: script-like elements and tags out (reported), text kept."""
    if "<" not in text or not _MARKUP_TAG_RE.search(text):
        return text
    if _HOSTILE_RE.search(text):
        report(LoadProblem(origin, "script or style markup removed from the text"))
        text = _HOSTILE_RE.sub(" ", text)

    def replace_tag(match: re.Match) -> str:
        return "\n\n" if _BLOCK_TAG_RE.match(match.group(0)) else ""

    return _MARKUP_TAG_RE.sub(replace_tag, _without_comments(text))


def _without_comments(text: str) -> str:
    """Text without <!-- comments --> (an unclosed one runs to the end), in linear time."""
    parts = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


@dataclass(frozen=True)
class CleanText:
    """Plain text split into body paragraphs, with what the furniture told about the article."""

    paragraphs: tuple[str, ...]
    headline: str | None = None
    outlet: str | None = None
    published: str | None = None


def clean_text(raw: str, *, find_headline: bool = True, join_wrapped: bool = True) -> CleanText:
    """Strip site furniture, captions, bylines and date lines; find headline, outlet and date.

    The published date comes only from a date line or the header (never from a caption or
    from a relative phrase such as 'on Tuesday').
    """
    outlet = None
    published = None
    lines: list[str] = []
    for line in raw.split("\n"):
        stripped = " ".join(line.split())
        icon = _SITE_ICON_RE.match(stripped)
        if icon:
            outlet = outlet or match_outlet(icon.group("outlet"))
            lines.append("")
        elif stripped and _is_furniture(stripped):
            outlet = outlet or _outlet_in_furniture(stripped)
            lines.append("")
        else:
            lines.append(stripped)
    paragraphs = _paragraphs(lines, join_wrapped=join_wrapped)

    body: list[str] = []
    headline = None
    for index, para in enumerate(paragraphs):
        if is_caption(para):
            if len(para) <= _CAPTION_MAX_CHARS:
                continue
            para = _without_caption_sentences(para)
        date_match = _DATE_IN_TEXT_RE.search(para) if len(para) < 160 else None
        if is_byline(para) or (date_match and _is_date_line(para)):
            if date_match:
                published = published or normalise_date(date_match.group(0))
            continue
        known = match_outlet(para) if len(para.split()) <= 5 else None
        if known and _is_known_outlet(known) and not body:
            outlet = outlet or known
            continue
        first = headline is None and not body
        if find_headline and first and _is_headline(para, paragraphs, index):
            headline = para[:-1] if para.endswith(".") and not para.endswith("..") else para
            continue
        body.append(para)
    if body:
        wire = _WIRE_DATELINE_RE.match(body[0])
        if wire and outlet is None:
            outlet = match_outlet(wire.group("outlet"))
        dated = _DATED_DATELINE_RE.match(body[0])
        if dated and published is None:
            published = normalise_date(dated.group("date"))
    return CleanText(tuple(body), headline, outlet, published)


def _is_furniture(line: str) -> bool:
    return len(line) <= 300 and _FURNITURE_RE.fullmatch(line) is not None


def _without_caption_sentences(para: str) -> str:
    """A long paragraph (one-paragraph articles) keeps all but its caption sentences."""
    sentences = _SENTENCE_END_RE.split(para)
    return " ".join(s for s in sentences if not is_caption(s)) or para


def _is_date_line(para: str) -> bool:
    """A short line that states a date (a dateline), not a sentence mentioning one."""
    if _DATE_LINE_CUES.match(para):
        return True
    rest = _DATE_IN_TEXT_RE.sub("", para)
    rest = _TIME_RE.sub("", rest)
    words = re.findall(r"[^\W\d_]+", rest)
    weekday = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
    words = [w for w in words if not re.fullmatch(weekday, w, re.I)]
    return len(words) <= 2


def _is_headline(para: str, paragraphs: list[str], index: int) -> bool:
    """The first paragraph is a headline when it is short, unpunctuated and body text follows."""
    words = para.split()
    if not 2 <= len(words) <= 30 or len(para) > 250:
        return False
    if para.endswith(".") and not para.endswith("...") and not _title_case(words):
        return False  # a one-sentence paragraph, unless Written In Title Case.
    rest = paragraphs[index + 1 :]
    return any(len(p.split()) >= 12 for p in rest)


def _title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return len(long_words) >= 2 and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(
        long_words
    )


def _paragraphs(lines: list[str], *, join_wrapped: bool = True) -> list[str]:
    """Lines → paragraphs: blank lines separate; hard-wrapped lines of one paragraph are joined.

    Without `join_wrapped` (extracted HTML, feeds) every line is a paragraph. The first line
    of a text is joined to the next only when that one plainly goes on (lower case): it is
    often a headline.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and not (join_wrapped and _continues(current[-1], line, not paragraphs)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    return paragraphs


def _continues(previous: str, line: str, first: bool) -> bool:
    """Whether `line` goes on the paragraph that `previous` ends (a hard wrap)."""
    if previous.endswith(_TERMINAL):
        return False
    if line[:1].islower():
        return True
    return not first and (line[:1].isdigit() or len(previous) >= 55)


def _is_known_outlet(name: str) -> bool:
    return name in _outlet_names().values()


def _outlet_in_furniture(line: str) -> str | None:
    """The known outlet named in a furniture line ('© 2024 Turkish Minute'), if any."""
    regex, names = _outlet_regex()
    match = regex.search(fold(line)) if regex is not None else None
    return names[match.group(0)] if match else None


@lru_cache(maxsize=1)
def _outlet_regex() -> tuple[re.Pattern | None, dict[str, str]]:
    names = _outlet_names()
    if not names:
        return None, names
    alternatives = "|".join(re.escape(p) for p in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b"), names


# --------------------------------------------------------------------------------------------
# HTML


def _parse_html(origin: str, text: str, meta: dict) -> Iterator[Article]:
    from analysis.load.html import extract_html

    page = extract_html(text, url=_meta(meta, "url"))
    if not page.text.strip():
        raise _BadInput("no article text found in the HTML page")
    cleaned = clean_text(page.text, find_headline=False, join_wrapped=False)
    paragraphs = list(cleaned.paragraphs)
    title = _meta(meta, "title") or page.title
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    outlet = (
        _meta(meta, "outlet")
        or (match_outlet(page.site_name) if page.site_name else None)
        or match_outlet(page.hostname or page.url or _meta(meta, "url") or "")
        or cleaned.outlet
        or page.hostname
        or _host(page.url or _meta(meta, "url") or "")
    )
    title = _without_site_name(title, (page.site_name, outlet))
    article = _make_article(
        origin,
        text="\n\n".join(paragraphs),
        title=title,
        outlet=outlet,
        published=normalise_date(_meta(meta, "published"))
        or page.published
        or _date_in_name(origin),
        url=page.url or _meta(meta, "url"),
        language=_meta(meta, "language"),
        sample=meta.get("sample"),
    )
    if article is not None:
        yield article


# --------------------------------------------------------------------------------------------
# RSS / Atom


def _parse_feed(origin: str, data: bytes, text: str) -> Iterator[Article]:
    import feedparser

    from analysis.load.html import fragment_text

    if re.search(r"<!ENTITY", text[:10000], re.I):
        raise _BadInput("feed declares XML entities (refused)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            why = _why(parsed.get("bozo_exception") or "malformed")
            raise _BadInput(f"malformed feed ({why})")
        raise _BadInput("no items: not an RSS or Atom feed")
    channel = parsed.get("feed", {})
    channel_outlet = _feed_outlet(channel.get("title") or "")
    channel_language = _language_code(channel.get("language"))
    produced = 0
    for entry in entries:
        body_html = ""
        for content in entry.get("content") or []:
            if len(content.get("value") or "") > len(body_html):
                body_html = content.get("value") or ""
        summary = entry.get("summary") or entry.get("description") or ""
        if len(summary) > len(body_html):
            body_html = summary
        cleaned = clean_text(fragment_text(body_html), find_headline=False, join_wrapped=False)
        url = entry.get("feedburner_origlink") or entry.get("link") or None
        outlet = (
            (_known_outlet(url) if url else None) or channel_outlet or (_host(url) if url else None)
        )
        raw_date = entry.get("published") or entry.get("updated") or entry.get("dc_date")
        published = normalise_date(raw_date) if raw_date else None
        if published is None:
            struct = entry.get("published_parsed") or entry.get("updated_parsed")
            published = date(*struct[:3]).isoformat() if struct else None
        article = _make_article(
            origin,
            text="\n\n".join(cleaned.paragraphs),
            title=fragment_text(entry.get("title") or "") or None,
            outlet=outlet,
            published=published,
            url=url,
            language=_language_code(entry.get("language")) or channel_language,
            sample=None,
        )
        if article is not None:
            produced += 1
            yield article
    if not produced and parsed.get("bozo"):
        raise _BadInput(f"malformed feed ({_why(parsed.get('bozo_exception') or 'malformed')})")


# --------------------------------------------------------------------------------------------
# Records: JSON, JSONL, CSV


def _json_records(text: str) -> Iterator[dict]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _BadInput(f"malformed JSON ({_why(exc)})") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if any(_field_key(data, f, None) for f in ("text",)) or not lists:
            data = [data]
        else:
            data = max(lists, key=len)  # {"articles": [...]}
    if not isinstance(data, list):
        raise _BadInput("JSON is neither an object nor a list of objects")
    objects = [item for item in data if isinstance(item, dict)]
    if not objects:
        raise _BadInput("JSON holds no objects")
    yield from objects


def _jsonl_records(text: str, origin: str, report: ProblemHandler) -> Iterator[dict]:
    bad = 0
    first_bad = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            bad += 1
            first_bad = first_bad or f"line {number}: {_why(exc)}"
            continue
        if isinstance(item, dict):
            yield item
        else:
            bad += 1
            first_bad = first_bad or f"line {number}: not a JSON object"
    if bad:
        report(LoadProblem(origin, f"{bad} malformed JSONL line(s) skipped (first at {first_bad})"))


def _csv_records(text: str) -> Iterator[dict]:
    csv.field_size_limit(max(settings.MAX_FILE_BYTES, 1 << 20))
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise _BadInput("empty CSV") from None
    except csv.Error as exc:
        raise _BadInput(f"malformed CSV ({_why(exc)})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(header) < 2 and not _field_key(dict.fromkeys(header), "text", None):
        raise _BadInput("not a CSV table (one column and no text column)")
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield dict(zip(header, row, strict=False))
    except csv.Error as exc:
        raise _BadInput(f"malformed CSV at line {reader.line_num} ({_why(exc)})") from None


def _parse_records(
    origin: str,
    records: Iterable[dict],
    column_map: Mapping[str, str] | None,
    meta: dict,
    report: ProblemHandler,
) -> Iterator[Article]:
    from analysis.load.html import fragment_text

    keys_by_shape: dict[tuple, dict[str, str | None]] = {}
    empty = hostile = 0
    for record in records:
        shape = tuple(record)
        keys = keys_by_shape.get(shape)
        if keys is None:
            keys = {f: _field_key(record, f, column_map) for f in FIELD_NAMES}
            if column_map and not keys_by_shape:
                missing = [c for f, c in column_map.items() if keys.get(f) is None]
                if missing:
                    raise _BadInput(
                        f"mapped column(s) {', '.join(map(repr, missing))} not found "
                        f"(columns: {_columns(record)})"
                    )
            if keys["text"] is None and not keys_by_shape:
                raise _BadInput(
                    f"no text column (columns: {_columns(record)}); map one with text=COLUMN"
                )
            keys_by_shape[shape] = keys
        values = {f: _value(record.get(k)) if k else None for f, k in keys.items()}
        paragraphs = record.get(keys["text"]) if keys["text"] else None
        if isinstance(paragraphs, list):  # {"text": ["paragraph", "paragraph", ...]}
            values["text"] = "\n\n".join(p for p in paragraphs if isinstance(p, str))
        raw = values["text"] or ""
        if "<" in raw and _MARKUP_TAG_RE.search(raw):
            if _HOSTILE_RE.search(raw):
                hostile += 1
            raw = fragment_text(raw)
        cleaned = clean_text(raw, find_headline=False)
        article = _make_article(
            origin,
            text="\n\n".join(cleaned.paragraphs),
            title=values["title"] or _meta(meta, "title"),
            outlet=values["outlet"] or _meta(meta, "outlet") or cleaned.outlet,
            published=normalise_date(values["published"] or _meta(meta, "published"))
            or cleaned.published,
            url=values["url"] or _meta(meta, "url"),
            language=values["language"] or _meta(meta, "language"),
            sample=record.get(keys["sample"]) if keys["sample"] else meta.get("sample"),
        )
        if article is None:
            empty += 1
            continue
        yield article
    if empty:
        report(LoadProblem(origin, f"{empty} record(s) without article text skipped"))
    if hostile:
        report(LoadProblem(origin, f"script or style markup removed from {hostile} record(s)"))


def _field_key(record: Mapping, field: str, column_map: Mapping[str, str] | None) -> str | None:
    """The key of `record` that holds `field`: the mapped one, else a common name."""
    if column_map and field in column_map:
        wanted = column_map[field]
        if wanted in record:
            return wanted
        folded = {_norm_key(k): k for k in record}
        return folded.get(_norm_key(wanted))
    by_norm = {_norm_key(k): k for k in record}
    for name in FIELD_NAMES[field]:
        if name in by_norm:
            return by_norm[name]
    return None


def _norm_key(key: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _value(value: object) -> str | None:
    """A record value as text: nested {"name": …} objects (NewsAPI's source) give their name."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if isinstance(v, str | int | float))
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _columns(record: Mapping) -> str:
    names = ", ".join(str(k) for k in list(record)[:12])
    return names + (", …" if len(record) > 12 else "")


# --------------------------------------------------------------------------------------------
# Building the record


def _make_article(
    origin: str,
    *,
    text: str,
    title: str | None,
    outlet: str | None,
    published: str | None,
    url: str | None,
    language: str | None,
    sample: object,
) -> Article | None:
    # U+FFFD stands for a character lost before the file reached us: it carries nothing.
    text = _REPLACEMENT_RE.sub("", text)
    title = _REPLACEMENT_RE.sub("", title) if title else title
    text = _without_leading_title(text.strip(), title)
    if not re.search(r"[^\W\d_]{2,}", text):
        return None  # no word at all: markup debris, numbers, punctuation
    outlet = match_outlet(outlet) if outlet else None
    if url is not None and check_url(str(url)):
        url = None
    if outlet is None and url:
        outlet = _known_outlet(url)
    title = (" ".join(str(title).split()) or None) if title else None
    is_sample = _truthy(sample) or any(o.sample and o.name == outlet for o in load_outlets())
    return Article(
        article_id=article_id(text),
        origin=origin,
        outlet=outlet,
        title=title,
        published=published,
        url=url,
        language=_language_code(language) or guess_language(text),
        text=text,
        sample=is_sample,
    )


_REPLACEMENT_RE = re.compile(r"\ufffd+_?")


def _without_leading_title(text: str, title: str | None) -> str:
    """The body without a copy of the headline at its start ('Wed 05 Apr 2017 Headline. Body').

    Only a short prefix with a digit or a weekday (a scraped date) may stand before it.
    """
    if not title or len(title) < 12:
        return text
    pattern = rf"(?P<prefix>[^\n]{{0,40}}?)\s*{re.escape(title.strip())}\s*[.:|–—-]?\s+"
    match = re.match(pattern, text, re.I)
    if not match or len(text) - match.end() < 2 * len(title):
        return text
    prefix = match.group("prefix").strip()
    weekday = re.search(r"\b(?:mon|tue|wed|thu|fri|sat|sun)", prefix, re.I)
    if prefix and not (len(prefix.split()) <= 6 and (re.search(r"\d", prefix) or weekday)):
        return text
    return text[match.end() :]


def _unique(
    articles: Iterable[Article], seen: set[str], on_duplicate: DuplicateHandler | None
) -> Iterator[Article]:
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            yield article
        elif on_duplicate is not None:
            on_duplicate(article)


# --------------------------------------------------------------------------------------------
# Small helpers


def _meta(meta: Mapping, field: str) -> str | None:
    for key in (field, *FIELD_NAMES.get(field, ())):
        value = meta.get(key)
        if value not in (None, ""):
            return _value(value)
    return None


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "on")
    return bool(value) if isinstance(value, bool | int) else False


def _language_code(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _without_site_name(title: str | None, names: Iterable[str | None]) -> str | None:
    """'Headline - Site' or 'Headline | Site' → 'Headline' when Site is the page's outlet."""
    if not title:
        return title
    for name in filter(None, names):
        match = re.match(rf"(.{{8,}}?)\s+[-|–—:]\s+{re.escape(name)}\s*$", title, re.I)
        if match:
            return match.group(1)
    return title


def _feed_outlet(title: str) -> str | None:
    """The outlet of a feed title: 'Reuters: World News' → 'Reuters'."""
    if not title.strip():
        return None
    known = match_outlet(title)
    if known and _is_known_outlet(known):
        return known
    return match_outlet(re.split(r"\s*[:|–—]\s*|\s+-\s+", title.strip(), maxsplit=1)[0])


def _known_outlet(url: str) -> str | None:
    host = _host(url)
    for outlet in load_outlets():
        if host and any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet.name
    return None


def _host(value: str) -> str | None:
    try:
        parts = urllib.parse.urlsplit(value if "//" in value else "//" + value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host if "." in host else None


def _extension(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return os.path.splitext(lower)[1]


def _full_suffix(name: str) -> str:
    lower = name.lower()
    gz = ".gz" if lower.endswith(".gz") else ""
    return os.path.splitext(name[: len(name) - len(gz)])[1] + name[len(name) - len(gz) :]


def _date_in_name(origin: str) -> str | None:
    """A YYYY-MM-DD date in a file's name (archives often name files by date), else None."""
    name = re.split(r"[/\\]", origin)[-1]
    match = re.search(r"(?<!\d)((?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)", name)
    return normalise_date(match.group(1)) if match else None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_windows_drive(spec: str) -> bool:
    return bool(re.match(r"^[a-zA-Z]:[\\/]", spec))


def _checked_map(
    column_map: Mapping[str, str] | None, report: ProblemHandler
) -> dict[str, str] | None:
    if not column_map:
        return None
    checked = {}
    for field, column in column_map.items():
        name = _FIELD_ALIASES.get(str(field).lower(), str(field).lower())
        if name in FIELD_NAMES:
            checked[name] = str(column)
        else:
            report(LoadProblem("column map", f"unknown field {field!r} ignored ({_fields()})"))
    return checked or None


def _fields() -> str:
    return ", ".join(FIELD_NAMES)


def _why(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _short(url: str) -> str:
    clean = "".join(c if c.isprintable() else "?" for c in url)
    return clean if len(clean) <= 120 else clean[:117] + "..."


def _mib(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MiB"
    return f"{limit:,} bytes"


def _log_problem(problem: LoadProblem) -> None:
    log.warning("%s", problem)


__all__ = [
    "Article",
    "LoadProblem",
    "CleanText",
    "FIELD_NAMES",
    "SUPPORTED_EXTENSIONS",
    "article_id",
    "check_url",
    "clean_text",
    "guess_language",
    "load_articles",
    "load_upload",
    "match_outlet",
    "normalise_date",
    "parse_column_map",
    "resolve_relative_date",
]
