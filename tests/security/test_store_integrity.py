"""A tampered or damaged store: nothing outside the store folder is read or deleted, and a
damaged table gives one line naming the file and what to do, on the command line and as the
dashboard's recovery notice, with the Data page still open (issue 11)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.query.snapshot import build_snapshot
from analysis.render.safe_text import unescape_markdown
from analysis.settings import PROJECT_DIR
from analysis.store import Store, StoreError
from analysis.synthetic import synthetic_tables

LEGACY = PROJECT_DIR / "tests" / "fixtures" / "legacy_store"
GENERATION = (LEGACY / "CURRENT").read_text().strip()
ARTICLE = "---\noutlet: Test Wire\ntitle: A test\n---\nLavrov said the talks would go on.\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    """The command line in its own process (what a user sees: exit code, stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes (to prove nothing there changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- paths out of the store ----------------------------------------------------------------------
@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder beside the store holding a valid old-store generation: tempting to read."""
    folder = tmp_path / "victim"
    shutil.copytree(LEGACY / GENERATION, folder / "gen-x")
    (folder / "keep.txt").write_text("must survive")
    return folder


def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_current_file_pointing_outside_is_refused_and_the_folder_beside_survives(
    tmp_path: Path, victim: Path
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "CURRENT").write_text("../victim/gen-x\n")
    before = snapshot_of(victim)
    for args in (["store", "history"], ["ingest", str(article(tmp_path))]):
        line = one_line_error(cli(*args, "--store", str(store)))
        assert "CURRENT names '../victim/gen-x'" in line and "nothing was changed" in line
    assert snapshot_of(victim) == before
    assert (store / "CURRENT").read_text() == "../victim/gen-x\n"
    assert not (store / "articles").exists()


def test_a_generation_linked_outside_is_neither_read_nor_moved(tmp_path, victim) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "gen-x").symlink_to(victim / "gen-x", target_is_directory=True)
    (store / "CURRENT").write_text("gen-x")
    before = snapshot_of(victim)
    with pytest.raises(StoreError, match="leads outside the store folder"):
        Store(store).latest()
    assert snapshot_of(victim) == before and (store / "gen-x").is_symlink()
    assert not (store / "articles").exists() and not (store / "_legacy").exists()


def test_a_generation_file_linked_outside_is_not_read(tmp_path, victim) -> None:
    store = tmp_path / "store"
    shutil.copytree(LEGACY / GENERATION, store / "gen-x")
    (store / "gen-x" / "statements.parquet").unlink()
    (store / "gen-x" / "statements.parquet").symlink_to(victim / "gen-x" / "statements.parquet")
    (store / "CURRENT").write_text("gen-x")
    with pytest.raises(StoreError, match="statements.parquet: leads outside the store"):
        Store(store).latest()
    assert not (store / "articles").exists()


def two_versions(root: Path) -> Store:
    store = Store(root)
    store.write(synthetic_tables(200, seed=1))
    store.write(synthetic_tables(100, seed=2))
    return store


def newest_file(store: Store, table: str) -> Path:
    """The data file of a table that the newest store version added."""
    (added,) = store.files(table) - store.files(table, as_of=store.latest() - 1)
    return store.root / table / added


def test_a_data_file_linked_outside_is_refused(tmp_path, victim) -> None:
    store = two_versions(tmp_path / "store")
    linked = newest_file(store, "statements")
    shutil.copy(linked, victim / "stolen.parquet")
    linked.unlink()
    linked.symlink_to(victim / "stolen.parquet")
    before = snapshot_of(victim)
    line = one_line_error(cli("chart", "theme_counts", "--out", str(tmp_path / "c.html"),
                              "--store", str(store.root)))  # fmt: skip
    assert linked.name in line and "leads outside the store folder" in line
    assert snapshot_of(victim) == before


def test_a_snapshot_folder_linked_outside_is_never_written_or_emptied(tmp_path, victim) -> None:
    store = two_versions(tmp_path / "store")
    (victim / "v0-decoy.duckdb").write_bytes(b"not a snapshot")
    (store.root / "_snapshots").symlink_to(victim, target_is_directory=True)
    before = snapshot_of(victim)
    with pytest.raises(StoreError, match="leads outside the store folder"):
        build_snapshot(store, store.latest(), ["military_bases"])
    assert snapshot_of(victim) == before


# -- damaged tables ------------------------------------------------------------------------------
def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(8, len(data) // 2):
        data[i] = (data[i] * 7 + 3) % 256
    path.write_bytes(bytes(data))


def truncated_log(store: Store, table: str) -> Path:
    path = sorted((store.root / table / "_delta_log").glob("*.json"))[-1]
    path.write_text(path.read_text()[:60])
    return path


DAMAGES = {
    "corrupt data file": lambda store: corrupt(newest_file(store, "statements")),
    "missing data file": lambda store: newest_file(store, "mentions").unlink(),
    "truncated statements log": lambda store: truncated_log(store, "statements"),
    "truncated articles log": lambda store: truncated_log(store, "articles"),
}
NAMED = {
    "corrupt data file": lambda store: newest_file(store, "statements").name,
    "missing data file": lambda store: newest_file(store, "mentions").name,
    "truncated statements log": lambda store: "statements/_delta_log/00000000000000000001.json",
    "truncated articles log": lambda store: "articles/_delta_log/00000000000000000001.json",
}


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request, tmp_path: Path) -> tuple[Store, str]:
    """A two-version store with one kind of damage; the file the message must name."""
    store = two_versions(tmp_path / "store")
    named = NAMED[request.param](store)
    DAMAGES[request.param](store)
    return store, named


def test_the_command_line_names_the_damaged_file_in_one_line(damaged, tmp_path) -> None:
    store, named = damaged
    out = tmp_path / "chart.html"
    line = one_line_error(
        cli("chart", "theme_counts", "--out", str(out), "--store", str(store.root))
    )
    assert named in line and "damaged" in line
    assert "store restore" in line or "aside" in line
    assert "ingest the articles again" in line


def test_an_ingest_into_a_damaged_store_says_which_file(tmp_path) -> None:
    store = two_versions(tmp_path / "store")
    named = newest_file(store, "articles")  # an ingest reads which articles are stored
    corrupt(named)
    line = one_line_error(cli("ingest", str(article(tmp_path)), "--store", str(store.root)))
    assert named.name in line and "store restore 0" in line


def test_following_the_message_brings_the_store_back(tmp_path) -> None:
    store = two_versions(tmp_path / "store")
    corrupt(newest_file(store, "statements"))
    chart = ["chart", "theme_counts", "--out", str(tmp_path / "c.html"), "--store", str(store.root)]
    line = one_line_error(cli(*chart))
    version = re.search(r"store restore (\d+)", line).group(1)
    assert cli("store", "restore", version, "--store", str(store.root)).returncode == 0
    assert cli(*chart).returncode == 0
    assert Store(store.root).counts()[1] == 200  # version 0's statements, read whole again


def test_a_damaged_log_entry_moved_aside_then_a_restore_brings_the_store_back(tmp_path) -> None:
    store = two_versions(tmp_path / "store")
    damaged_entry = truncated_log(store, "statements")
    chart = ["chart", "theme_counts", "--out", str(tmp_path / "c.html"), "--store", str(store.root)]
    line = one_line_error(cli(*chart))
    assert "move 1 file(s) of statements/_delta_log/" in line and "restore version 0" in line
    damaged_entry.rename(tmp_path / damaged_entry.name)  # aside, as the message says
    assert cli("store", "restore", "0", "--store", str(store.root)).returncode == 0
    assert cli(*chart).returncode == 0


# -- the dashboard -------------------------------------------------------------------------------
def open_page(store: Store, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store.root))
    monkeypatch.delenv("SYRIA_DASH_SYNTHETIC", raising=False)
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", ["overview", "timeline", "statements", "data"])
def test_every_page_shows_one_recovery_notice_instead_of_a_stack_trace(damaged, monkeypatch, page):
    store, named = damaged
    at = open_page(store, monkeypatch, page)
    notices = [unescape_markdown(e.value) for e in at.error]
    assert len(notices) == 1 and notices[0].startswith("The store cannot be read: ")
    assert named in notices[0] and "ingest the articles again" in notices[0]
    assert not at.get("plotly_chart")


def test_the_data_page_stays_usable_on_a_damaged_store(damaged, monkeypatch) -> None:
    store, _ = damaged
    at = open_page(store, monkeypatch, "data")
    assert len(at.tabs) == 3 and at.get("file_uploader")
    assert at.button(key="ingest_sample") is not None
    assert any("Not while the store cannot be read" in c.value for c in at.caption)


# -- error details -------------------------------------------------------------------------------
def shown_error_details(env: dict[str, str]) -> str:
    """client.showErrorDetails as the dashboard started from the project folder sees it."""
    result = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return re.search(r'^showErrorDetails = "(\w+)"', result.stdout, re.MULTILINE).group(1)


def test_error_details_are_off_unless_development_turns_them_on() -> None:
    env = {k: v for k, v in os.environ.items() if k != "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"}
    assert shown_error_details(env) in ("type", "none")
    development = {**env, "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full"}
    assert shown_error_details(development) == "full"
