"""Sources: files, folders, stdin and http(s) URLs → raw inputs (origin, name, bytes, metadata)."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from analysis import settings
from analysis.load.fetch import fetch
from analysis.load.problems import LoadProblem, ProblemHandler, larger_than, log, short, why
from analysis.load.sniff import SUPPORTED_EXTENSIONS, extension, full_suffix

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
_SIDECAR_MAX_BYTES = 1024 * 1024


class Source(NamedTuple):
    """One raw input: where it came from, the name that tells its format, its bytes, metadata."""

    origin: str
    name: str
    data: bytes
    meta: dict


def sources(path: str | Path, report: ProblemHandler) -> Iterator[Source]:
    """The raw inputs of one path: `-` (stdin), an http(s) URL, a file or a folder."""
    spec = str(path)
    if spec == "-":
        yield from _stdin(report)
    elif _looks_like_url(spec):
        fetched = fetch_url(spec, report)
        if fetched is not None:
            yield fetched
    else:
        yield from _local(spec, report)


def _stdin(report: ProblemHandler) -> Iterator[Source]:
    try:
        data = sys.stdin.buffer.read(settings.MAX_FILE_BYTES + 1)
    except (OSError, ValueError, AttributeError) as exc:
        report(LoadProblem("<stdin>", f"cannot read standard input ({why(exc)})"))
        return
    if len(data) > settings.MAX_FILE_BYTES:
        report(LoadProblem("<stdin>", larger_than(settings.MAX_FILE_BYTES)))
        return
    yield Source("<stdin>", "stdin", data, {})


def _looks_like_url(spec: str) -> bool:
    """A scheme-like prefix that is no Windows drive and no existing file ('a:b.txt')."""
    has_scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", spec) and not _is_windows_drive(spec)
    return bool(has_scheme and not _exists(Path(spec)))


def _local(spec: str, report: ProblemHandler) -> Iterator[Source]:
    file = Path(spec)
    try:
        if file.is_dir():
            for child in _walk(file, report):
                yield from _read_file(child, report)
            return
        if not file.exists():
            report(LoadProblem(spec, "no such file or folder"))
            return
    except OSError as exc:
        report(LoadProblem(spec, f"cannot read ({why(exc)})"))
        return
    yield from _read_file(file, report)


def _walk(folder: Path, report: ProblemHandler) -> Iterator[Path]:
    """Supported files under a folder, recursively, sorted, hidden ones and metadata skipped;
    a sub-folder that cannot be listed (locked) is reported, never skipped silently."""

    def unreadable(error: OSError) -> None:
        where = error.filename if error.filename is not None else folder
        reason = error.strerror or why(error)
        report(LoadProblem(str(where), f"folder not read ({reason}): its files were skipped"))

    found = []
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith((".gold.jsonl", ".refs.jsonl", ".meta.json")):
                continue
            if extension(name) in SUPPORTED_EXTENSIONS:
                found.append(Path(root, name))
    return iter(sorted(found, key=lambda p: p.relative_to(folder).parts))


def _read_file(file: Path, report: ProblemHandler) -> Iterator[Source]:
    origin = str(file)
    try:
        if not file.is_file():
            report(LoadProblem(origin, "not a regular file"))
            return
        if file.stat().st_size > settings.MAX_FILE_BYTES:
            report(LoadProblem(origin, larger_than(settings.MAX_FILE_BYTES)))
            return
        with file.open("rb") as handle:
            data = handle.read(settings.MAX_FILE_BYTES + 1)
    except OSError as exc:
        report(LoadProblem(origin, f"cannot read ({why(exc)})"))
        return
    if len(data) > settings.MAX_FILE_BYTES:  # it grew while read
        report(LoadProblem(origin, larger_than(settings.MAX_FILE_BYTES)))
        return
    yield Source(origin, file.name, data, _sidecar(file, report))


def _sidecar(file: Path, report: ProblemHandler) -> dict:
    """Metadata of `<stem>.meta.json` beside a file, if any."""
    stem = file.name[: -len(full_suffix(file.name))] if full_suffix(file.name) else file.stem
    meta_path = file.with_name(stem + ".meta.json")
    if not meta_path.is_file():
        return {}
    try:
        if meta_path.stat().st_size > _SIDECAR_MAX_BYTES:
            raise ValueError("larger than 1 MiB")
        meta = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        reason = f"sidecar metadata ignored ({why(exc)})"
        report(LoadProblem(str(meta_path), reason, warning=True))
        return {}
    return {str(k).lower(): v for k, v in meta.items()}


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_windows_drive(spec: str) -> bool:
    return bool(re.match(r"^[a-zA-Z]:[\\/]", spec))


# --------------------------------------------------------------------------------------------
# URLs


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
        return f"malformed URL ({why(exc)})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"unsupported URL scheme {parts.scheme + ':'!r} (only http and https)"
    if not parts.hostname:
        return "URL has no host"
    if parts.username or parts.password:
        return "URL with embedded credentials refused"
    return None


# The one message for every fetch that failed or was refused, whatever the cause: a refused
# address, a closed port, a bad reply and a timeout look alike (no port-scanning signal).
NOT_FETCHED = "could not be fetched (unreachable, not allowed, an error, too large or too slow)"
_USERINFO_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@")


def without_credentials(url: str) -> str:
    """A URL as it may be shown: any user name and password taken out."""
    return _USERINFO_RE.sub(r"\1", url)


def fetch_url(url: str, report: ProblemHandler) -> Source | None:
    """The page or file at an http(s) URL, named so that its content type tells its format."""
    shown_url = short(without_credentials(url))
    reason = check_url(url)
    if reason:
        report(LoadProblem(shown_url, reason))
        return None
    try:
        fetched = fetch(url, check_url)
    except Exception as exc:  # noqa: BLE001 - no failure may say more than the neutral line
        log.debug("%s: fetch failed: %s", shown_url, short(without_credentials(str(exc))))
        report(LoadProblem(shown_url, NOT_FETCHED))
        return None
    name = _name_of(fetched.url, fetched.content_type)
    return Source(url, name, fetched.data, {"url": fetched.url})


def _name_of(final_url: str, content_type: str) -> str:
    """The file name of a URL, given the extension of its content type when it has none."""
    name = Path(urllib.parse.urlsplit(final_url).path).name
    ext = _CONTENT_TYPES.get(content_type)
    if ext and extension(name) not in SUPPORTED_EXTENSIONS:
        name = (name or "page") + ext
    return name
