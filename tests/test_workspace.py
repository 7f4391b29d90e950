"""Saved views and notes kept with the store: atomic rewrites, concurrent writers keep every
entry, notes find their statement again after a re-parse, ingests leave them alone."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from analysis import workspace
from analysis.store import Store
from analysis.synthetic import synthetic_tables


def _row(statement_id: str = "s1", article_id: str = "a1", text: str = "We talk.") -> pd.Series:
    return pd.Series({"statement_id": statement_id, "article_id": article_id, "text": text})


def test_a_saved_view_is_replaced_by_name_and_deleted(tmp_path: Path) -> None:
    workspace.save_view(tmp_path, "Turkey", "timeline", "country=Turkey", "ed")
    workspace.save_view(tmp_path, "  Turkey ", "themes", "?country=Turkey&kind=direct", "ed")
    views = workspace.saved_views(tmp_path)
    assert [(v.name, v.page, v.query) for v in views] == [
        ("Turkey", "themes", "country=Turkey&kind=direct")
    ]
    workspace.delete_view(tmp_path, "Turkey")
    assert workspace.saved_views(tmp_path) == []
    with pytest.raises(ValueError, match="needs a name"):
        workspace.save_view(tmp_path, "   ", "", "", "ed")


def test_a_note_follows_its_statement_after_a_reparse_gives_a_new_id(tmp_path: Path) -> None:
    workspace.add_note(tmp_path, _row(), "verify: TASS only", "ed")
    found = workspace.notes(tmp_path)
    assert [n.note for n in found] == ["verify: TASS only"]
    rows = pd.DataFrame(
        [
            _row("s1-new-id", "a1", "We  TALK."),  # same words, folded, another id
            _row("s2", "a1", "Something else."),
            _row("s1", "a2", "Other article."),  # the old id wins over the words
        ]
    )
    shown = workspace.notes_of(rows, found)
    assert shown.iloc[0].startswith("verify: TASS only (ed, ")
    assert shown.iloc[1] == ""
    assert shown.iloc[2].startswith("verify: TASS only")
    workspace.delete_note(tmp_path, found[0].note_id)
    assert workspace.notes(tmp_path) == []


def _add_notes(root: str, writer: int) -> None:
    for i in range(25):
        workspace.add_note(Path(root), _row(f"s{writer}-{i}"), f"note {writer}-{i}", f"w{writer}")


def test_concurrent_writers_keep_every_note(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_add_notes, args=(str(tmp_path), w)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert len(workspace.notes(tmp_path)) == 100
    leftovers = [p.name for p in workspace.workspace_dir(tmp_path).iterdir()]
    assert sorted(leftovers) == [".notes.json.lock", "notes.json"]  # no temporary file left


def test_a_damaged_file_is_named_not_overwritten(tmp_path: Path) -> None:
    folder = workspace.workspace_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / workspace.NOTES_FILE).write_text("[{broken", encoding="utf-8")
    with pytest.raises(ValueError, match="notes.json: cannot be read"):
        workspace.add_note(tmp_path, _row(), "x", "ed")
    assert (folder / workspace.NOTES_FILE).read_text(encoding="utf-8") == "[{broken"


def test_ingests_and_maintenance_leave_the_workspace_alone(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = Store(root)
    store.write(synthetic_tables(200, seed=1))
    workspace.save_view(root, "All", "", "", "ed")
    workspace.add_note(root, _row(), "check", "ed")
    store.write(synthetic_tables(300, seed=2))
    store.optimize()
    store.vacuum(retention_hours=0)
    assert [v.name for v in workspace.saved_views(root)] == ["All"]
    assert [n.note for n in workspace.notes(root)] == ["check"]
