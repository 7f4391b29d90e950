"""Saved views and statement notes, kept with the store (<store>/_workspace/): each file
rewritten whole under a lock, through a temporary file and an atomic rename, so a reader never
sees it half-written and two writers never lose each other's entries. Ingests never touch it."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.audit import log_path
from analysis.text import fold

WORKSPACE_FOLDER = "_workspace"
VIEWS_FILE = "views.json"
NOTES_FILE = "notes.json"
MAX_NAME = 120  # characters of a view's name
MAX_NOTE = 2000  # characters of a note


@dataclass(frozen=True)
class SavedView:
    """A named link to a view: its page (url path) and query string, who saved it, when."""

    name: str
    page: str
    query: str
    author: str
    saved_at: str


@dataclass(frozen=True)
class Note:
    """An analyst's note on a statement; the article and the folded words find the statement
    again when a re-parse gives it another id."""

    note_id: str
    statement_id: str
    article_id: str
    text_key: str
    note: str
    author: str
    noted_at: str


def workspace_dir(store_root: Path | str) -> Path:
    """The folder of a store's saved views and notes (beside its audit log)."""
    return log_path(store_root).parent.parent / WORKSPACE_FOLDER


def text_key(text: object) -> str:
    """A short digest of a statement's folded words."""
    return hashlib.sha1(fold(str(text or "")).encode("utf-8")).hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot be read ({error}); restore it from a backup") from error
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _write_atomically(path: Path, entries: list[dict[str, Any]]) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entries, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(store_root: Path | str, name: str) -> Iterator[Path]:
    folder = workspace_dir(store_root)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f".{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder / name


def _update(
    store_root: Path | str, name: str, change: Callable[[list[dict[str, Any]]], list[dict]]
) -> None:
    """Read, change and rewrite one workspace file under its lock."""
    with _locked(store_root, name) as path:
        _write_atomically(path, change(_read(path)))


# -- saved views ---------------------------------------------------------------------------------
def saved_views(store_root: Path | str) -> list[SavedView]:
    """The saved views, newest first."""
    views = [SavedView(**e) for e in _read(workspace_dir(store_root) / VIEWS_FILE)]
    return sorted(views, key=lambda v: v.saved_at, reverse=True)


def save_view(store_root: Path | str, name: str, page: str, query: str, author: str) -> SavedView:
    """Save (or replace, by name) a view."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValueError("a saved view needs a name")
    view = SavedView(name, page.strip("/"), query.lstrip("?"), author, _now())
    _update(
        store_root,
        VIEWS_FILE,
        lambda entries: [e for e in entries if e.get("name") != name] + [asdict(view)],
    )
    return view


def delete_view(store_root: Path | str, name: str) -> None:
    """Remove a saved view by name (nothing happens when there is none)."""
    _update(store_root, VIEWS_FILE, lambda entries: [e for e in entries if e.get("name") != name])


# -- notes ---------------------------------------------------------------------------------------
def notes(store_root: Path | str) -> list[Note]:
    """Every note, oldest first."""
    found = [Note(**e) for e in _read(workspace_dir(store_root) / NOTES_FILE)]
    return sorted(found, key=lambda n: n.noted_at)


def add_note(store_root: Path | str, statement: pd.Series, note: str, author: str) -> Note:
    """Attach a note to a statement (a row with statement_id, article_id and text)."""
    note = note.strip()[:MAX_NOTE]
    if not note:
        raise ValueError("a note needs some text")
    entry = Note(
        note_id=uuid.uuid4().hex,
        statement_id=str(statement["statement_id"]),
        article_id=str(statement["article_id"]),
        text_key=text_key(statement["text"]),
        note=note,
        author=author,
        noted_at=_now(),
    )
    _update(store_root, NOTES_FILE, lambda entries: [*entries, asdict(entry)])
    return entry


def delete_note(store_root: Path | str, note_id: str) -> None:
    """Remove one note by id."""
    _update(
        store_root, NOTES_FILE, lambda entries: [e for e in entries if e.get("note_id") != note_id]
    )


_Index = tuple[dict[str, list[Note]], dict[tuple[str, str], list[Note]]]


def _index(all_notes: list[Note]) -> _Index:
    """The notes by statement id and by (article, folded words)."""
    by_id: dict[str, list[Note]] = {}
    by_words: dict[tuple[str, str], list[Note]] = {}
    for note in all_notes:
        by_id.setdefault(note.statement_id, []).append(note)
        by_words.setdefault((note.article_id, note.text_key), []).append(note)
    return by_id, by_words


def _found(index: _Index, statement_id: object, article_id: object, text: object) -> list[Note]:
    """A statement's notes: by its id, else by its article and words (a statement re-parsed
    under another id keeps its notes)."""
    by_id, by_words = index
    return by_id.get(str(statement_id)) or by_words.get((str(article_id), text_key(text)), [])


def notes_of(statements: pd.DataFrame, all_notes: list[Note]) -> pd.Series:
    """Per statement row, its notes as one text ("" for none), with author and date."""
    index = _index(all_notes)
    texts = [
        " | ".join(f"{n.note} ({n.author}, {n.noted_at[:10]})" for n in _found(index, *row))
        for row in statements[["statement_id", "article_id", "text"]].itertuples(index=False)
    ]
    return pd.Series(texts, index=statements.index, dtype=object)


def notes_for_row(statement: pd.Series, all_notes: list[Note]) -> list[Note]:
    """The notes of one statement row."""
    row = (statement["statement_id"], statement["article_id"], statement["text"])
    return _found(_index(all_notes), *row)
