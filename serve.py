"""Starts the dashboard: for one analyst on 127.0.0.1 (`make run`), or with --deploy for a team
on every interface, refusing to start until sign-in is configured; the pages' imports and
tables are warmed once the server has started, while a first browser loads the page."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
import threading
import tomllib
from pathlib import Path

from streamlit import file_util
from streamlit.web import cli

from analysis import settings
from analysis.roles import sign_in_problem

APP = Path(__file__).resolve().parent / "app.py"
LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"  # noqa: S104 - deployment mode only, behind sign-in


def parse_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """serve.py's own options; every other argument goes to `streamlit run` unchanged."""
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__, allow_abbrev=False)
    parser.add_argument(
        "--deploy",
        action="store_true",
        default=settings.deploy_mode(),
        help="a team's server: listen on every interface, every visitor signs in "
        "(also SYRIA_DASH_DEPLOY=1)",
    )
    parser.add_argument("--server.address", dest="address", help="the address to listen on")
    parser.add_argument("--secrets.files", dest="secrets", action="append", help="secrets.toml")
    return parser.parse_known_args(argv)


def is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def secrets_files(given: list[str] | None) -> list[Path]:
    """The secrets.toml files Streamlit will read, in its order (later ones win)."""
    if given:
        return [Path(name) for name in given]
    names = [
        file_util.get_streamlit_file_path("secrets.toml"),  # ~/.streamlit
        file_util.get_project_streamlit_file_path("secrets.toml"),  # ./.streamlit
        file_util.get_main_script_streamlit_file_path(str(APP), "secrets.toml"),  # beside app.py
    ]
    return [Path(name) for name in dict.fromkeys(names)]


def auth_section(files: list[Path]) -> object:
    """The [auth] section Streamlit will see (each file replaces the sections it names)."""
    merged: dict = {}
    for path in files:
        if path.is_file():
            try:
                merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise ValueError(f"{path}: cannot be read ({error})") from None
    return merged.get("auth")


def launch_problem(options: argparse.Namespace) -> str | None:
    """Why the dashboard must not start as asked (one line), or None."""
    if not options.deploy:
        if options.address and not is_loopback(options.address):
            return (
                f"--server.address {options.address} reaches beyond this machine without "
                "sign-in: start with --deploy (see README, Deploying for a team)"
            )
        return None
    try:
        auth = auth_section(secrets_files(options.secrets))
    except ValueError as error:
        return str(error)
    problem = sign_in_problem(auth, settings.roles_file())
    return None if problem is None else f"--deploy needs sign-in configured: {problem}"


def streamlit_arguments(options: argparse.Namespace, rest: list[str]) -> list[str]:
    """`streamlit run app.py …`: the address for the mode, and no error details when deployed."""
    address = options.address or (EVERYWHERE if options.deploy else LOOPBACK)
    extra = ["--server.address", address]
    for name in options.secrets or []:
        extra += ["--secrets.files", name]
    if options.deploy and not any(a.startswith("--client.showErrorDetails") for a in rest):
        extra += ["--client.showErrorDetails", "none"]
    return ["run", str(APP), *rest, *extra]


def _wait_for_server(timeout: float = 30.0) -> None:
    """Until Streamlit's runtime has started (its imports and the server's start own the
    interpreter until then), at most `timeout` seconds."""
    import time

    from streamlit.runtime import Runtime
    from streamlit.runtime.runtime import RuntimeState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL:
            return
        time.sleep(0.02)


def warm_up() -> None:
    """Import the pages' modules and load the store's tables into the shared resource cache,
    once the server is up: started beside it, the imports delayed its start by half a second."""
    # Off the script thread Streamlit warns that there is no ScriptRunContext: expected here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    try:
        _wait_for_server()
        import dashboard as ui

        ui.load_data()
    except Exception as error:  # noqa: BLE001 - the first visitor will then see the real error
        print(f"warm-up skipped: {error}", file=sys.stderr)


def main(argv: list[str]) -> int:
    options, rest = parse_options(argv)
    problem = launch_problem(options)
    if problem:
        print(f"serve.py: {problem}", file=sys.stderr)
        return 2
    if options.deploy:
        os.environ["SYRIA_DASH_DEPLOY"] = "1"  # the app, in this process, asks every visitor
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    cli.main(streamlit_arguments(options, rest), prog_name="streamlit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
