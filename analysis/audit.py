"""The audit log: who ingested, fetched, uploaded, noted or deleted what and when, one JSON line
per event appended to the store's _audit/log.jsonl, never rewritten."""

from __future__ import annotations

import errno
import fcntl
import getpass
import hashlib
import json
import os
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from analysis.settings import PROJECT_DIR

if TYPE_CHECKING:
    from analysis.ingest import IngestSummary

AUDIT_FOLDER = "_audit"  # inside a local store, beside its tables; the store never lists it
LOG_NAME = "log.jsonl"
FIELDS = ("time", "user", "action", "target", "outcome")
MAX_TARGET = 1000  # characters of a target kept in its line
MAX_DETAIL = 300  # characters of any other text value


def log_path(store_root: Path | str) -> Path:
    """Where a store's audit log lives: inside a local store (file:// included); for an object
    store, in the project's _audit/ folder on this machine, one file per store URI."""
    uri = str(store_root).rstrip("/")
    if "://" not in uri:
        return Path(uri) / AUDIT_FOLDER / LOG_NAME
    scheme, rest = uri.split("://", 1)
    if scheme == "file":
        return Path(rest) / AUDIT_FOLDER / LOG_NAME
    name = hashlib.sha1(uri.encode()).hexdigest()[:12]
    return PROJECT_DIR / AUDIT_FOLDER / f"{name}.jsonl"


def cli_user() -> str:
    """Who runs the command line: `cli:<os user>`."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a container)
        name = str(os.getuid())
    return f"cli:{name}"


def without_credentials(text: str) -> str:
    """A URL without its user name and password; any other text unchanged."""
    if "@" not in text or "://" not in text:
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if "@" not in parts.netloc:
        return text
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _clip(text: object, limit: int) -> str:
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _event(user: str, action: str, target: str, outcome: str, details: dict[str, Any]) -> dict:
    event: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "user": _clip(user, MAX_DETAIL),
        "action": _clip(action, MAX_DETAIL),
        "target": _clip(without_credentials(str(target)), MAX_TARGET),
        "outcome": _clip(outcome, MAX_DETAIL),
    }
    for key, value in details.items():
        if key in event:
            raise ValueError(f"audit detail {key!r} would overwrite the event's own field")
        plain = value is None or isinstance(value, bool | int | float)
        event[key] = value if plain else _clip(without_credentials(str(value)), MAX_DETAIL)
    return event


def record(
    store_root: Path | str,
    user: str,
    action: str,
    target: str,
    *,
    outcome: str = "ok",
    **details: Any,
) -> dict[str, Any]:
    """Append one event to the store's audit log and return it.

    One line, written by a single write() on a file opened O_APPEND under an exclusive lock,
    then fsync'd: lines of concurrent writers never interleave or end half-written.
    """
    event = _event(user, action, target, outcome, details)
    line = (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")
    path = log_path(store_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.write(fd, line) != len(line):
            raise OSError(errno.EIO, "short write to the audit log", str(path))
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    return event


def _parse(line: str) -> dict[str, Any]:
    """One line as an event; a line that is not one (a hand edit) as an `unreadable` event."""
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        event = None
    if not isinstance(event, dict) or not all(name in event for name in FIELDS):
        return {"time": None, "user": None, "action": "unreadable", "target": _clip(line, 200)}
    return event


def read(store_root: Path | str, last: int | None = None) -> list[dict[str, Any]]:
    """The events of a store's audit log, oldest first (only the `last` ones when given)."""
    path = log_path(store_root)
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    with handle:
        lines = deque(handle, maxlen=last) if last else list(handle)
    return [_parse(line.rstrip("\n")) for line in lines if line.strip()]


def ingest_details(summary: IngestSummary | None, rejected: int) -> dict[str, int]:
    """The counts an ingest event carries: articles added, unchanged, re-parsed, statements
    written and inputs rejected."""
    if summary is None:
        return {"added": 0, "rejected": rejected}
    return {
        "added": summary.added,
        "unchanged": summary.unchanged,
        "reparsed": summary.reparsed,
        "statements": summary.statements,
        "rejected": rejected,
    }
