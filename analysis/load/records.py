"""Records: JSON, JSONL and CSV rows → articles, columns found by common names or a column map."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping

from analysis import settings
from analysis.load.article import Article, make_article
from analysis.load.fields import (
    FIELD_NAMES,
    canonical_field,
    field_key,
    field_list,
    meta_value,
    value_text,
)
from analysis.load.markup import has_hostile_markup, has_markup
from analysis.load.normalise import normalise_date
from analysis.load.plaintext import clean_text
from analysis.load.problems import BadInput, LoadProblem, ProblemHandler, why

# The key of each Article field in records of one shape (one tuple of keys).
FieldKeys = dict[str, str | None]


# --------------------------------------------------------------------------------------------
# Column maps


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
        field = canonical_field(field.strip().lower())
        if not sep or not column.strip():
            raise ValueError(f"column map entry {pair!r} is not FIELD=COLUMN")
        if field not in FIELD_NAMES:
            raise ValueError(f"unknown field {field!r} in column map (fields: {field_list()})")
        mapping[field] = column.strip()
    return mapping


def checked_map(
    column_map: Mapping[str, str] | None, report: ProblemHandler
) -> dict[str, str] | None:
    """A caller's column map with its unknown fields reported and dropped (None when empty)."""
    if not column_map:
        return None
    checked = {}
    for field, column in column_map.items():
        name = canonical_field(str(field).lower())
        if name in FIELD_NAMES:
            checked[name] = str(column)
        else:
            report(
                LoadProblem(
                    "column map", f"unknown field {field!r} ignored ({field_list()})", warning=True
                )
            )
    return checked or None


# --------------------------------------------------------------------------------------------
# Formats → records


def json_records(text: str) -> Iterator[dict]:
    """The objects of a JSON list, of the longest list in an object, or the object itself."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadInput(f"malformed JSON ({why(exc)})") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if any(field_key(data, f, None) for f in ("text",)) or not lists:
            data = [data]
        else:
            data = max(lists, key=len)  # {"articles": [...]}
    if not isinstance(data, list):
        raise BadInput("JSON is neither an object nor a list of objects")
    objects = [item for item in data if isinstance(item, dict)]
    if not objects:
        raise BadInput("JSON holds no objects")
    yield from objects


def jsonl_records(text: str, origin: str, report: ProblemHandler) -> Iterator[dict]:
    """The objects of JSON lines; bad lines are skipped and reported once, with the first."""
    bad = 0
    first_bad = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            bad += 1
            first_bad = first_bad or f"line {number}: {why(exc)}"
            continue
        if isinstance(item, dict):
            yield item
        else:
            bad += 1
            first_bad = first_bad or f"line {number}: not a JSON object"
    if bad:
        reason = f"{bad} malformed JSONL line(s) skipped (first at {first_bad})"
        report(LoadProblem(origin, reason, warning=True))


def csv_records(text: str, origin: str, report: ProblemHandler) -> Iterator[dict]:
    """The rows of a CSV (or other delimited) table as header → cell dicts; blank rows skipped.

    A quote left open swallows the rest of the file into one cell: that last record is
    reported and skipped, not read as one long article; quotes that do not pair up elsewhere
    are reported too.
    """
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
        raise BadInput("empty CSV") from None
    except csv.Error as exc:
        raise BadInput(f"malformed CSV ({why(exc)})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(header) < 2 and not field_key(dict.fromkeys(header), "text", None):
        raise BadInput("not a CSV table (one column and no text column)")
    last: list[str] | None = None  # held back: it may hold an open quote
    try:
        for row in reader:
            if last is not None and any(cell.strip() for cell in last):
                yield dict(zip(header, last, strict=False))
            last = row
    except csv.Error as exc:
        raise BadInput(f"malformed CSV at line {reader.line_num} ({why(exc)})") from None
    if _quotes_checked(text, dialect, origin, report) and last and any(c.strip() for c in last):
        yield dict(zip(header, last, strict=False))


def _quotes_checked(
    text: str, dialect: type[csv.Dialect] | csv.Dialect, origin: str, report: ProblemHandler
) -> bool:
    """Report quotes that do not pair up (read strictly, the way the lenient reader does not):
    False when the last record's quote is never closed, so that record is to be skipped."""
    # by the standard rule ("" is a quote inside a quoted field): a sniffed dialect that lacks it
    # lets any quote end a quoted field, and no reading could find an odd one
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True, doublequote=True)
    mispaired, unterminated, start = None, None, 1
    while True:
        try:
            next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc):
                unterminated = start
            elif mispaired is None:
                mispaired = (start, why(exc))
        start = reader.line_num + 1
    if mispaired is not None:
        line, error = mispaired
        reason = (
            f"quotes do not pair up in the record at line {line} ({error}): it may hold more rows"
        )
        report(LoadProblem(origin, reason, warning=True))
    if unterminated is not None:
        reason = f"unterminated quote in the record at line {unterminated}: it runs to the end"
        report(LoadProblem(origin, reason + " of the file and was skipped", warning=True))
    return unterminated is None


# --------------------------------------------------------------------------------------------
# Records → articles


def record_articles(
    origin: str,
    records: Iterable[dict],
    column_map: Mapping[str, str] | None,
    meta: dict,
    report: ProblemHandler,
) -> Iterator[Article]:
    """One article per record; records without text and removed scripts are reported once."""
    keys_by_shape: dict[tuple, FieldKeys] = {}
    empty = hostile = 0
    for record in records:
        keys = _keys_of(record, keys_by_shape, column_map)
        values = _values_of(record, keys)
        raw = values["text"] or ""
        if has_markup(raw):
            hostile += has_hostile_markup(raw)
            raw = _fragment_text(raw)
        sample = record.get(keys["sample"]) if keys["sample"] else meta.get("sample")
        article = _record_article(origin, raw, values, meta, sample)
        if article is None:
            empty += 1
            continue
        yield article
    if empty:
        report(LoadProblem(origin, f"{empty} record(s) without article text skipped", warning=True))
    if hostile:
        reason = f"script or style markup removed from {hostile} record(s)"
        report(LoadProblem(origin, reason, warning=True))


def _keys_of(
    record: dict, keys_by_shape: dict[tuple, FieldKeys], column_map: Mapping[str, str] | None
) -> FieldKeys:
    """The key of each field in a record, found once per shape; the first shape is checked."""
    shape = tuple(record)
    keys = keys_by_shape.get(shape)
    if keys is None:
        keys = {f: field_key(record, f, column_map) for f in FIELD_NAMES}
        if not keys_by_shape:
            _check_keys(record, keys, column_map)
        keys_by_shape[shape] = keys
    return keys


def _check_keys(record: dict, keys: FieldKeys, column_map: Mapping[str, str] | None) -> None:
    """A mapped column that is missing, or no text column at all, makes the input unreadable."""
    missing = [c for f, c in (column_map or {}).items() if keys.get(f) is None]
    if missing:
        raise BadInput(
            f"mapped column(s) {', '.join(map(repr, missing))} not found "
            f"(columns: {_columns(record)})"
        )
    if keys["text"] is None:
        raise BadInput(f"no text column (columns: {_columns(record)}); map one with text=COLUMN")


def _values_of(record: dict, keys: FieldKeys) -> dict[str, str | None]:
    """Each field's value as text; a list of paragraphs is joined into one text."""
    values = {f: value_text(record.get(k)) if k else None for f, k in keys.items()}
    paragraphs = record.get(keys["text"]) if keys["text"] else None
    if isinstance(paragraphs, list):  # {"text": ["paragraph", "paragraph", ...]}
        values["text"] = "\n\n".join(p for p in paragraphs if isinstance(p, str))
    return values


def _fragment_text(markup: str) -> str:
    from analysis.load.html import fragment_text  # lxml and trafilatura load only when needed

    return fragment_text(markup)


def _record_article(
    origin: str, raw: str, values: Mapping[str, str | None], meta: dict, sample: object
) -> Article | None:
    """The article of one record's values; sidecar metadata fills the fields it lacks."""
    cleaned = clean_text(raw, find_headline=False)
    return make_article(
        origin,
        text="\n\n".join(cleaned.paragraphs),
        title=values["title"] or meta_value(meta, "title"),
        outlet=values["outlet"] or meta_value(meta, "outlet") or cleaned.outlet,
        published=normalise_date(values["published"] or meta_value(meta, "published"))
        or cleaned.published,
        url=values["url"] or meta_value(meta, "url"),
        language=values["language"] or meta_value(meta, "language"),
        sample=sample,
    )


def _columns(record: Mapping) -> str:
    names = ", ".join(str(k) for k in list(record)[:12])
    return names + (", …" if len(record) > 12 else "")
