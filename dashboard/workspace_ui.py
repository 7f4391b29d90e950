"""Saved views and notes in the dashboard: save the view from the Share box, list the team's
saved views on Overview, note a statement on the Statements page (editors and admins)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pandas as pd
import streamlit as st

from analysis import audit, workspace
from dashboard import access
from dashboard.data import store_root
from dashboard.downloads import PAGE_PATH_KEY
from dashboard.versions import AS_OF
from dashboard.widgets import escape_markdown


def page_file(url_path: str) -> str:
    """The script of a page from its url path (views/<path>.py; the Overview is the root)."""
    return f"views/{url_path or 'overview'}.py"


def save_view_controls(link: str) -> None:
    """A name box and a button that save the view this link shows, for everyone."""
    if not access.can("annotate"):
        return
    st.text_input("Save this view as", key="save_view_name", max_chars=workspace.MAX_NAME)
    st.button(
        "Save view",
        key="save_view",
        icon=":material/bookmark_add:",
        on_click=_save_view,
        args=(link,),
    )


def _without_version(query: str) -> str:
    """A saved view follows the data: its link keeps everything but the pinned version."""
    pairs = [(k, v) for k, vs in parse_qs(query).items() if k != AS_OF for v in vs]
    return urlencode(pairs)


def _save_view(link: str) -> None:
    name = str(st.session_state.get("save_view_name") or "").strip()
    if not name:
        st.toast("Name the view first.")
        return
    user = access.current_user().email
    query = _without_version(link.split("?", 1)[1] if "?" in link else "")
    page = st.session_state.get(PAGE_PATH_KEY) or ""
    view = workspace.save_view(store_root(), name, page, query, user)
    audit.record(store_root(), user, "save_view", view.name, page=page, query=query)
    st.session_state["save_view_name"] = ""
    st.toast("Saved: " + escape_markdown(view.name), icon=":material/bookmark:")


def saved_views_list() -> None:
    """The team's saved views, newest first, each a link to its page and filters."""
    views = workspace.saved_views(store_root())
    if not views:
        st.caption("No saved view yet: save one from the sidebar's *Share this view*.")
        return
    editor = access.can("annotate")
    for view in views:
        left, right = st.columns([6, 1])
        params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(view.query).items()}
        left.page_link(
            page_file(view.page),
            label=escape_markdown(view.name),
            query_params=params,
            icon=":material/bookmark:",
        )
        left.caption(f"{escape_markdown(view.author)}, {view.saved_at[:10]}")
        if editor and right.button("Delete", key=f"delete_view_{view.name}"):
            workspace.delete_view(store_root(), view.name)
            audit.record(store_root(), access.current_user().email, "delete_view", view.name)
            st.rerun()


def with_notes(rows: pd.DataFrame, all_notes: list[workspace.Note]) -> pd.DataFrame:
    """The rows with a `notes` column (every note on each statement, with author and date)."""
    if rows.empty:
        return rows.assign(notes=pd.Series(dtype=object))
    return rows.assign(notes=workspace.notes_of(rows, all_notes))


def note_controls(row: pd.Series, all_notes: list[workspace.Note]) -> None:
    """One statement's notes, and (for editors) a box to add one and buttons to delete."""
    found = workspace.notes_for_row(row, all_notes)
    editor = access.can("annotate")
    for note in found:
        left, right = st.columns([6, 1])
        left.info(
            f"{escape_markdown(note.note)} — {escape_markdown(note.author)}, {note.noted_at[:10]}",
            icon=":material/sticky_note_2:",
        )
        if editor and right.button("Delete", key=f"delete_note_{note.note_id}"):
            workspace.delete_note(store_root(), note.note_id)
            audit.record(store_root(), access.current_user().email, "delete_note", note.note_id)
            st.rerun()
    if not editor:
        return
    key = f"note_{row['statement_id']}"
    st.text_area(
        "Add a note",
        key=key,
        max_chars=workspace.MAX_NOTE,
        placeholder="e.g. verify: TASS only",
    )
    st.button(
        "Add note",
        key=f"{key}_add",
        icon=":material/add_comment:",
        on_click=_add_note,
        args=(row[["statement_id", "article_id", "text"]].to_dict(), key),
    )


def _add_note(statement: dict, key: str) -> None:
    text = str(st.session_state.get(key) or "").strip()
    if not text:
        st.toast("Write the note first.")
        return
    user = access.current_user().email
    note = workspace.add_note(store_root(), pd.Series(statement), text, user)
    audit.record(store_root(), user, "note", note.statement_id, note_id=note.note_id)
    st.session_state[key] = ""
