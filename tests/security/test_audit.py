"""The audit log: one whole JSON line per event, concurrent writers never lose or tear a line,
credentials never kept, the store's maintenance leaves it alone, the CLI ingest writes it."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import audit
from analysis.__main__ import main
from analysis.settings import PROJECT_DIR
from analysis.store import Store
from analysis.synthetic import synthetic_tables

WRITERS = 6
EVENTS_EACH = 150


# One writer process: EVENTS_EACH events with long lines (a torn or interleaved write would
# show as a line that is not JSON).
WRITER = """
import sys
from analysis import audit
root, writer, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    audit.record(root, f"writer{writer}@example.org", "upload", "f" * 900, note="x" * 250, number=i)
"""


def test_an_event_is_one_json_line_with_its_fields(tmp_path: Path) -> None:
    event = audit.record(
        tmp_path,
        "alice@example.org",
        "fetch",
        "https://example.org/a",
        outcome="failed",
        error="timed out\nsecond line",
        added=0,
    )
    lines = (tmp_path / "_audit" / "log.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 2  # one line, newline-terminated
    stored = json.loads(lines[0])
    assert stored == event
    assert stored["user"] == "alice@example.org" and stored["action"] == "fetch"
    assert stored["outcome"] == "failed" and stored["error"] == "timed out\nsecond line"
    assert stored["time"].endswith("Z") and stored["added"] == 0
    assert audit.read(tmp_path) == [event]


def test_concurrent_appends_from_several_processes_keep_every_line(tmp_path: Path) -> None:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(w), str(EVENTS_EACH)],
            cwd=PROJECT_DIR,
        )
        for w in range(WRITERS)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0] * WRITERS
    raw = (tmp_path / "_audit" / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(raw) == WRITERS * EVENTS_EACH
    events = [json.loads(line) for line in raw]  # every line whole
    seen = {(e["user"], e["number"]) for e in events}
    assert seen == {
        (f"writer{w}@example.org", i) for w in range(WRITERS) for i in range(EVENTS_EACH)
    }
    for writer in range(WRITERS):  # each writer's own lines stay in its order
        numbers = [e["number"] for e in events if e["user"] == f"writer{writer}@example.org"]
        assert numbers == sorted(numbers)


def test_credentials_in_a_url_are_never_kept(tmp_path: Path) -> None:
    audit.record(
        tmp_path,
        "bob@example.org",
        "fetch",
        "https://bob:hunter2@example.org/feed?x=1",
        error="https://bob:hunter2@example.org/feed: refused",
    )
    text = (tmp_path / "_audit" / "log.jsonl").read_text(encoding="utf-8")
    assert "hunter2" not in text and "bob:" not in text
    assert audit.read(tmp_path)[0]["target"] == "https://example.org/feed?x=1"


def test_a_line_that_is_not_an_event_is_shown_not_dropped(tmp_path: Path) -> None:
    audit.record(tmp_path, "local", "ingest", "a.txt")
    with (tmp_path / "_audit" / "log.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"hand": "edited"}\nnot json at all\n')
    audit.record(tmp_path, "local", "ingest", "b.txt")
    events = audit.read(tmp_path)
    assert [e["action"] for e in events] == ["ingest", "unreadable", "unreadable", "ingest"]
    assert [e["target"] for e in audit.read(tmp_path, last=2)] == ["not json at all", "b.txt"]


def test_an_object_store_keeps_its_log_on_this_machine() -> None:
    path = audit.log_path("s3://bucket/syria-store")
    assert path.parent.name == "_audit" and path.suffix == ".jsonl"
    assert audit.log_path("s3://bucket/other") != path
    assert audit.log_path("file:///srv/store") == Path("/srv/store/_audit/log.jsonl")


def test_store_maintenance_leaves_the_audit_log_alone(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write(synthetic_tables(50, seed=1))
    store.write(synthetic_tables(50, seed=2))
    audit.record(tmp_path, "local", "ingest", "first")
    store.optimize()
    store.vacuum(retention_hours=0)
    assert [e["target"] for e in audit.read(tmp_path)] == ["first"]
    assert store.count("statements") > 0


def test_the_cli_ingest_and_vacuum_are_recorded(tmp_path: Path, capsys) -> None:
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text(
        "---\noutlet: Test Wire\ntitle: T\npublished: 2024-01-02\n---\n"
        'Turkish Foreign Minister Hakan Fidan said "the talks will go on" in Ankara.\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert main(["ingest", str(article.parent), "--store", str(store)]) == 0
    assert main(["store", "vacuum", "--store", str(store)]) == 0
    ingest, vacuum = audit.read(store)
    assert ingest["user"] == f"cli:{getpass.getuser()}" and ingest["action"] == "ingest"
    assert ingest["target"] == str(article.parent) and ingest["outcome"] == "ok"
    assert ingest["added"] == 1 and ingest["rejected"] == 0
    assert vacuum["action"] == "vacuum" and vacuum["removed"] == 0


@pytest.mark.parametrize("field", ["time", "user"])
def test_details_cannot_overwrite_the_event_fields(tmp_path: Path, field: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        audit.record(tmp_path, "local", "ingest", "x", **{field: "forged"})
