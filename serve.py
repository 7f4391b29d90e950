"""Starts the dashboard with its imports and tables warmed before the first visitor arrives."""

import logging
import sys
import threading

from streamlit.web import cli


def warm_up() -> None:
    """Import the pages' modules and load the store's tables into the shared resource cache."""
    # Off the script thread Streamlit warns that there is no ScriptRunContext: expected here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    try:
        import dashboard as ui

        ui.load_data()
    except Exception as error:  # noqa: BLE001 - the first visitor will then see the real error
        print(f"warm-up skipped: {error}", file=sys.stderr)


if __name__ == "__main__":
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    cli.main(["run", "app.py", *sys.argv[1:]], prog_name="streamlit")
