"""The Data page's administration, for a visitor with the "maintain" right: the audit log and
store maintenance (history, optimize, vacuum), each maintenance step recorded in the log."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from analysis import audit
from analysis.settings import VACUUM_RETENTION_HOURS
from analysis.store import Store
from dashboard import access
from dashboard.data import store_root
from dashboard.widgets import escape_markdown

AUDIT_ROWS = 500  # the newest events shown; the whole log stays in the file
RESULT_KEY = "_maintenance_result"


def admin_section() -> None:
    """The audit log and store maintenance; nothing for a visitor without the right."""
    if not access.can("maintain"):
        return
    st.subheader("Audit log")
    events = audit.read(store_root(), last=AUDIT_ROWS)
    if not events:
        st.caption("No ingest, fetch, upload or maintenance recorded yet.")
    else:
        st.caption(
            f"Who added or removed what, newest first (the last {len(events)} events; the "
            "whole log is the store's _audit/log.jsonl)."
        )
        # As text: the details differ from one action to the next (and a hand-edited line
        # may hold anything), which one typed column per detail could not hold.
        table = pd.DataFrame(events[::-1]).astype("string")
        st.dataframe(table, hide_index=True, key="audit_log")
    with st.expander("Store maintenance"):
        _maintenance()


def _maintenance() -> None:
    store = Store(store_root())
    try:
        history = [asdict(commit) for commit in store.history()]
    except Exception as error:  # noqa: BLE001 - a damaged store: one line, the page stays usable
        from dashboard.recovery import explained

        st.warning(
            escape_markdown(explained(error) or f"the store's history cannot be read: {error}")
        )
        history = []
    if history:
        frame = pd.DataFrame(history).drop(columns=["pins"]).iloc[::-1]
        st.dataframe(frame, hide_index=True, key="store_history")
    left, right = st.columns(2)
    if left.button("Optimize: compact small files", key="store_optimize", disabled=not history):
        run_maintenance("optimize")
    vacuum = f"Vacuum: remove files older than {VACUUM_RETENTION_HOURS} h no version needs"
    if right.button(vacuum, key="store_vacuum", disabled=not history):
        run_maintenance("vacuum")
    result = st.session_state.pop(RESULT_KEY, None)
    if result:
        st.info(escape_markdown(result))  # an error message may quote file names


def run_maintenance(action: str) -> None:
    """Optimize or vacuum the store (the right checked again here), recorded in the audit log."""
    user = access.current_user()
    if not user.can("maintain"):
        audit.record(store_root(), user.email, action, "store", outcome="denied")
        st.session_state[RESULT_KEY] = f"{action}: not allowed for your role"
        return
    try:
        counts, done = _maintain(Store(store_root()), action)
    except Exception as error:  # noqa: BLE001 - one line for the admin, never a traceback
        audit.record(store_root(), user.email, action, "store", outcome="failed", error=error)
        st.session_state[RESULT_KEY] = f"{action} failed: {error}"
        return
    audit.record(store_root(), user.email, action, "store", **counts)
    st.session_state[RESULT_KEY] = done


def _maintain(store: Store, action: str) -> tuple[dict[str, int], str]:
    """Run one maintenance step: the counts for the audit log and the line to show."""
    if action == "optimize":
        done = store.optimize()
        count = sum(metrics.get("numFilesRemoved", 0) for metrics in done.values())
        return {"compacted": count}, f"Optimized: {count} small file(s) compacted."
    removed = store.vacuum(retention_hours=VACUUM_RETENTION_HOURS)
    return {"removed": len(removed)}, f"Vacuumed: {len(removed)} unreferenced file(s) removed."
