"""Format sniffing and byte decoding: gzip, binary refusal, the format, the text encoding."""

from __future__ import annotations

import gzip
import io
import os
import re
import unicodedata
from collections.abc import Callable

from analysis import settings
from analysis.load.problems import BadInput, mib, why

TEXT_EXTENSIONS = frozenset({".txt", ".text"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom"})
SUPPORTED_EXTENSIONS = (
    TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS | {".json", ".jsonl", ".csv"}
)

# The format an extension names. `.tsv` is read when named but not picked up by a folder walk.
_KIND_OF_EXTENSION = {
    **dict.fromkeys(HTML_EXTENSIONS, "html"),
    **dict.fromkeys(FEED_EXTENSIONS, "feed"),
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def extension(name: str) -> str:
    """The lower-case extension of a file name, looking through a `.gz` suffix."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return os.path.splitext(lower)[1]


def full_suffix(name: str) -> str:
    """The suffix of a file name as written, with its `.gz` if any ('.html.gz')."""
    lower = name.lower()
    gz = ".gz" if lower.endswith(".gz") else ""
    return os.path.splitext(name[: len(name) - len(gz)])[1] + name[len(name) - len(gz) :]


def ungzipped(name: str, data: bytes) -> tuple[str, bytes]:
    """A `.gz` input decompressed and its name without `.gz`; any other input as is."""
    if not name.lower().endswith(".gz"):
        return name, data
    return name[:-3], _gunzip(data)


def _gunzip(data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(settings.MAX_FILE_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise BadInput(f"corrupt gzip data ({why(exc)})") from None
    if len(out) > settings.MAX_FILE_BYTES:
        # Read one byte past the limit only: a gzip bomb never unpacks in full.
        raise BadInput(f"decompresses to more than the {mib(settings.MAX_FILE_BYTES)} limit")
    return out


def kind(name: str, data: bytes) -> str:
    """The format of an input: its extension first, its first bytes otherwise."""
    head = data[:4096]
    if _looks_binary(head):
        return "binary"
    ext = extension(name)
    if ext in _KIND_OF_EXTENSION:
        return _KIND_OF_EXTENSION[ext]
    start = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n").lower()
    if ext in TEXT_EXTENSIONS:
        return "html" if start.startswith(("<!doctype html", "<html")) else "text"
    return _kind_of_content(start)


def _kind_of_content(start: str) -> str:
    """The format told by the (lower-cased) start of an input without a known extension."""
    if start.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", start):
            return "feed"
        if re.search(r"<(!doctype html|html|head|body|article|div|p)[\s>]", start):
            return "html"
    if start.startswith("{"):
        first = start.split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") and "\n{" in start else "json"
    if start.startswith("["):
        return "json"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > max(2, len(head) // 100)


def decode(data: bytes, warn: Callable[[str], None] | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else charset detection.

    A file whose lines are partly UTF-8 and partly another encoding is read line by line,
    each part in its own encoding, and `warn` hears of it (never garbled without a word).
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput("undecodable UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        text, other, encoding = mixed
        if warn is not None:
            warn(
                f"mixed character encodings: {other} line(s) not UTF-8, read as {encoding} "
                "(the rest as UTF-8); check the text"
            )
        return text
    return _detected(data)


def _detected(data: bytes) -> str:
    """Text in the encoding charset detection finds (binary refused)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput("undecodable text (no known character encoding fits)")
    text = str(best)
    # A detector fits some encoding to nearly any bytes: control characters give binary away.
    if sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text[:4096]) > 8:
        raise BadInput("binary file, not text")
    return text


def _mixed_lines(data: bytes) -> tuple[str, int, str] | None:
    """(text, lines not UTF-8, their encoding) when some lines with non-ASCII characters are
    UTF-8 and others are not; None for a file in one encoding."""
    lines = data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8 = 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(None)
    other = [line for line, text in zip(lines, decoded, strict=True) if text is None]
    if not utf8 or not other:
        return None
    encoding = _legacy_encoding(b"".join(other))
    parts = [
        text if text is not None else line.decode(encoding, "replace")
        for line, text in zip(lines, decoded, strict=True)
    ]
    return "".join(parts), len(other), encoding


def _legacy_encoding(data: bytes) -> str:
    """The encoding of the lines that are not UTF-8: detected, Windows-1252 when unsure."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else "cp1252"
