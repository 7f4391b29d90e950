"""A damaged store explained: which file a failed read tripped on and how to recover, in one
line for the command line and the dashboard's recovery notice."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from analysis.store import TABLES, Commit, Store, StoreError

HISTORY_COMMAND = "python -m analysis store history"
RESTORE_COMMAND = "python -m analysis store restore"
REINGEST = "move the store folder aside and ingest the articles again"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_LOG_VERSION = re.compile(r"^(\d{20})\.")
REASON_CHARS = 160


@dataclass(frozen=True)
class Damage:
    """One unreadable part of a store table: a data file, or a log entry (its version)."""

    table: str
    path: Path
    reason: str
    log_version: int | None = None  # the table version whose log entry is damaged or missing


def one_line(error: BaseException | str) -> str:
    """An error's first line, colour codes dropped, cut short (delta-rs adds a backtrace)."""
    text = _ANSI.sub("", str(error)).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(error).__name__
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"


def _log_version(path: Path) -> int | None:
    match = _LOG_VERSION.match(path.name)
    return int(match.group(1)) if match else None


def _log_damage(store: Store, name: str) -> Damage | None:
    """The first transaction log entry of a table that is not valid JSON lines."""
    for entry in sorted((store.root / name / "_delta_log").glob("*.json")):
        try:
            for line in entry.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    json.loads(line)
        except (OSError, ValueError) as error:
            return Damage(name, entry, one_line(error), _log_version(entry) or 0)
    return None


def _pin_damage(store: Store) -> Damage | None:
    """A table version the latest store version pins that its log no longer has."""
    pins = store.commit(store.latest()).pins if store.latest() is not None else {}
    for name, version in pins.items():
        try:
            store.table_files(name, version)
        except StoreError:
            raise
        except Exception:  # noqa: BLE001 - any failure to load that version
            log = store.root / name / "_delta_log"
            return Damage(name, log, f"its version {version} cannot be read", version)
    return None


def _data_damage(store: Store, name: str) -> Damage | None:
    """The first data file of a table's latest version that is missing or cannot be read."""
    folder = store.root / name
    if not (folder / "_delta_log").is_dir():
        return None
    for file_name in sorted(store.table_files(name)):
        path = folder / file_name
        if not path.is_file():
            return Damage(name, path, "the file is missing")
        try:
            parquet = pq.ParquetFile(path)
            for group in range(parquet.num_row_groups):  # every page read, one group at a time
                parquet.read_row_group(group)
        except Exception as error:  # noqa: BLE001 - any failure to read is the damage found
            return Damage(name, path, one_line(error))
    return None


def find_damage(store: Store) -> Damage | None:
    """The first damaged part of a local store (log entries, then pinned versions, then data
    files), None when everything reads."""
    if not store.local:
        return None
    for name in TABLES:
        found = _log_damage(store, name)
        if found is not None:
            return found
    found = _pin_damage(store)
    if found is not None:
        return found
    for name in TABLES:
        found = _data_damage(store, name)
        if found is not None:
            return found
    return None


def _newest(store: Store, keep: Callable[[Commit], bool]) -> int | None:
    """The newest store version for which `keep(commit)` holds, None when there is none."""
    try:
        return next((c.version for c in reversed(store.history()) if keep(c)), None)
    except Exception:  # noqa: BLE001 - the history itself unreadable: re-ingest is the way
        return None


def _restore(version: int | None) -> str:
    if version is None:
        return f"no stored version is without it: {REINGEST}"
    return (
        f"restore version {version}, the newest without it (`{RESTORE_COMMAND} {version}`; "
        f"`{HISTORY_COMMAND}` lists the versions), or {REINGEST}"
    )


def _log_advice(store: Store, damage: Damage) -> str:
    """Move the damaged log entries aside, then go back to a store version from before them."""
    k = damage.log_version or 0
    log = store.root / damage.table / "_delta_log"
    later = sorted(p for p in log.iterdir() if (_log_version(p) or -1) >= k) if log.is_dir() else []
    if damage.table == "articles":
        if k == 0 or not later:
            return REINGEST
        return f"{_move(damage.table, later)} to go back to version {k - 1}, or {REINGEST}"
    version = _newest(store, lambda c: c.pins.get(damage.table, 0) < k)
    return f"{_move(damage.table, later) + ', then ' if later else ''}{_restore(version)}"


def _move(table: str, files: list[Path]) -> str:
    return f"move {len(files)} file(s) of {table}/_delta_log/ from {files[0].name} on aside"


def damage_message(store: Store, damage: Damage) -> str:
    """One line: the file, what is wrong with it, and what to do."""
    if damage.log_version is not None:
        what, advice = "transaction log", _log_advice(store, damage)
    else:
        name = damage.path.name
        advice = _restore(_newest(store, lambda c: name not in _files_of(store, damage.table, c)))
        what = "data file"
    return f"{damage.path}: damaged {damage.table} {what} ({damage.reason}); {advice}"


def _files_of(store: Store, table: str, commit: Commit) -> set[str]:
    return store.table_files(table, commit.pins.get(table))


def explain(store: Store, error: BaseException) -> str | None:
    """The one line to show for an error met reading or writing the store: its own message
    for a StoreError, the damaged file when one is found, None when the store reads whole
    (the error is then not the store's)."""
    if isinstance(error, StoreError):
        return str(error)
    try:
        damage = find_damage(store)
    except StoreError as refused:  # a link out of the store, met while looking
        return str(refused)
    except Exception as other:  # noqa: BLE001 - a log delta-rs cannot replay at all
        return f"{store.root}: the store cannot be read ({one_line(other)}); {REINGEST}"
    return None if damage is None else damage_message(store, damage)
