"""serve.py's two modes: one analyst on 127.0.0.1 by default; --deploy (or SYRIA_DASH_DEPLOY=1)
on every interface, refusing to start with a one-line reason until sign-in is configured."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.settings import PROJECT_DIR

SERVE = PROJECT_DIR / "serve.py"
AUTH = """[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "0123456789abcdef0123456789abcdef"
client_id = "dashboard"
client_secret = "secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def _serve_module():
    spec = importlib.util.spec_from_file_location("serve", SERVE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


serve = _serve_module()


def run_serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """serve.py as an operator starts it; a refusal returns at once (the timeout bounds a
    serve.py that wrongly starts the server instead)."""
    environment = {**os.environ, "SYRIA_DASH_DEPLOY": "", **(env or {})}
    return subprocess.run(
        [sys.executable, str(SERVE), "--server.port", "1", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=PROJECT_DIR,
    )


@pytest.fixture
def roles(tmp_path: Path) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text('viewers = ["*"]', encoding="utf-8")
    return path


def _refused(result: subprocess.CompletedProcess, reason: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("serve.py: ") and reason in lines[0], lines


def test_deploy_refuses_to_start_without_an_auth_section(tmp_path: Path, roles: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[other]\nkey = "value"\n', encoding="utf-8")
    result = run_serve(
        "--deploy", "--secrets.files", str(secrets), env={"SYRIA_DASH_ROLES": str(roles)}
    )
    _refused(result, "--deploy needs sign-in configured: no [auth] section")


def test_the_deploy_setting_refuses_like_the_flag(tmp_path: Path, roles: Path) -> None:
    result = run_serve(
        "--secrets.files",
        str(tmp_path / "absent.toml"),
        env={"SYRIA_DASH_DEPLOY": "1", "SYRIA_DASH_ROLES": str(roles)},
    )
    _refused(result, "no [auth] section")


def test_deploy_refuses_to_start_without_a_roles_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    missing = tmp_path / "no-roles.toml"
    result = run_serve(
        "--deploy", "--secrets.files", str(secrets), env={"SYRIA_DASH_ROLES": str(missing)}
    )
    _refused(result, f"{missing}: cannot read the roles file")


def test_deploy_refuses_a_malformed_secrets_file(tmp_path: Path, roles: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth\n", encoding="utf-8")
    result = run_serve(
        "--deploy", "--secrets.files", str(secrets), env={"SYRIA_DASH_ROLES": str(roles)}
    )
    _refused(result, f"{secrets}: cannot be read")


def test_the_local_mode_refuses_to_listen_beyond_loopback() -> None:
    _refused(run_serve("--server.address", "0.0.0.0"), "start with --deploy")


def test_the_local_mode_listens_on_loopback_and_deploy_everywhere(
    tmp_path: Path, roles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SYRIA_DASH_DEPLOY", raising=False)
    local, rest = serve.parse_options(["--server.port", "8600"])
    assert serve.launch_problem(local) is None
    arguments = serve.streamlit_arguments(local, rest)
    assert arguments[:2] == ["run", str(PROJECT_DIR / "app.py")]
    assert arguments[arguments.index("--server.address") + 1] == "127.0.0.1"
    assert "--client.showErrorDetails" not in arguments and "8600" in arguments

    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    monkeypatch.setenv("SYRIA_DASH_ROLES", str(roles))
    deploy, rest = serve.parse_options(["--deploy", "--secrets.files", str(secrets)])
    assert serve.launch_problem(deploy) is None
    arguments = serve.streamlit_arguments(deploy, rest)
    assert arguments[arguments.index("--server.address") + 1] == "0.0.0.0"
    assert arguments[arguments.index("--secrets.files") + 1] == str(secrets)
    assert arguments[arguments.index("--client.showErrorDetails") + 1] == "none"


def test_streamlit_run_directly_listens_on_loopback_too() -> None:
    import tomllib

    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def test_a_later_secrets_file_replaces_the_auth_section(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(AUTH, encoding="utf-8")
    second.write_text('[auth]\nredirect_uri = "http://x/oauth2callback"\n', encoding="utf-8")
    assert serve.auth_section([first, second]) == {"redirect_uri": "http://x/oauth2callback"}
    assert serve.auth_section([tmp_path / "absent.toml"]) is None
