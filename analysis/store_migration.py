"""One-time migration of a Parquet-generation store (CURRENT + gen-*/) into Delta tables."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd

from analysis.schema import with_added_fields
from analysis.store import Store, StoreError, _as_lists, inside_store

LEGACY_FOLDER = "_legacy"
_GENERATION = re.compile(r"^gen-[A-Za-z0-9_]+$")


def _generation(root: Path, pointer: Path) -> Path:
    """The folder CURRENT names, refused unless it is a generation inside the store (its name
    a plain gen-* and, links followed, the folder and the pointer still inside)."""
    name = inside_store(root, pointer).read_text(encoding="utf-8").strip()
    if not _GENERATION.match(name):
        shown = name[:60] + ("…" if len(name) > 60 else "")
        raise ValueError(f"CURRENT names {shown!r}, not a generation folder of this store")
    return inside_store(root, root / name)


def _read_generation(root: Path, folder: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """The generation's tables and manifest, every file read from inside the store."""
    frames = {
        name: pd.read_parquet(inside_store(root, folder / f"{name}.parquet"))
        for name in ("articles", "statements", "mentions")
    }
    manifest_file = inside_store(root, folder / "manifest.json")
    return frames, json.loads(manifest_file.read_text(encoding="utf-8"))


def migrate_generation_store(store: Store) -> bool:
    """Copy the current generation into Delta tables, then keep the old files in _legacy/.

    Claimed by renaming CURRENT, so of two processes opening the store only one migrates.
    Every article keeps the pipeline version it was parsed with; nothing is deleted.
    """
    root = store.root
    claimed = root / "CURRENT.migrating"
    try:
        os.rename(root / "CURRENT", claimed)
    except FileNotFoundError:
        return False  # another process migrates it, or did
    try:
        folder = _generation(root, claimed)
        frames, manifest = _read_generation(root, folder)
        legacy = inside_store(root, root / LEGACY_FOLDER)
    except (OSError, ValueError, StoreError) as error:
        os.rename(claimed, root / "CURRENT")
        raise StoreError(
            f"{root}: cannot migrate the old store ({error}); nothing was changed: put the old "
            "store's files back as they were or move its CURRENT file aside to start afresh"
        ) from None
    _write_by_pipeline(store, frames, manifest)
    legacy.mkdir(exist_ok=True)
    shutil.move(str(folder), str(legacy / folder.name))
    os.rename(claimed, legacy / "CURRENT")
    return True


def _write_by_pipeline(store: Store, frames: dict[str, pd.DataFrame], manifest: dict) -> None:
    """One commit per pipeline version the old articles were parsed with."""
    versions = manifest.get("articles", {})
    articles = frames["articles"]
    by_version = articles["article_id"].map(lambda i: versions.get(i, "migrated"))
    duplicates = int(manifest.get("duplicates_folded", 0))
    statements = frames["statements"]
    for version, group in articles.groupby(by_version, sort=True):
        ids = set(group["article_id"])
        store.commit_batch(
            group,
            _as_lists(with_added_fields(statements[statements["article_id"].isin(ids)])),
            frames["mentions"][frames["mentions"]["article_id"].isin(ids)],
            str(version),
            duplicates=duplicates,
            operation="migrate",
        )
        duplicates = 0
