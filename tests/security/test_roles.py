"""Roles: who matches which role, what each may do, malformed roles files, the sign-in check."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.roles import (
    ACTIONS,
    RolesError,
    allows,
    load_roles,
    matches,
    parse_roles,
    sign_in_problem,
)
from analysis.settings import PROJECT_DIR

ROLES = parse_roles(
    """
admins = ["Alice@Example.org"]
editors = ["@example.org", "bob@partner.net"]
viewers = ["@partner.net"]
""",
    "roles.toml",
)
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9000/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("alice@example.org", "admin"),  # also an editor by domain: the most privileged wins
        ("ALICE@EXAMPLE.ORG", "admin"),
        ("carol@example.org", "editor"),
        ("bob@partner.net", "editor"),  # also a viewer by domain
        ("dave@partner.net", "viewer"),
        ("eve@sub.example.org", None),  # a sub-domain is not the domain
        ("eve@evil-example.org", None),
        ("eve@example.org.evil.net", None),
        ("example.org", None),
        ("alice@example.org@evil.net", None),
        ("", None),
        (None, None),
    ],
)
def test_the_most_privileged_matching_role_wins(email: str | None, role: str | None) -> None:
    assert ROLES.role_of(email) == role


def test_a_star_lets_in_any_address_and_nothing_else() -> None:
    roles = parse_roles('admins = ["boss@example.org"]\nviewers = ["*"]', "roles.toml")
    assert roles.role_of("anyone@anywhere.net") == "viewer"
    assert roles.role_of("boss@example.org") == "admin"
    assert not matches("*", "not an address")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("viewer", {"read"}),
        ("editor", {"read", "ingest", "fetch", "annotate"}),
        ("admin", set(ACTIONS)),
        (None, set()),
    ],
)
def test_each_role_has_its_rights(role: str | None, allowed: set[str]) -> None:
    assert {action for action in ACTIONS if allows(role, action)} == allowed


def test_an_unknown_action_is_an_error_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        allows("admin", "delete")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('admins = ["alice@example.org"', "not valid TOML"),
        ('owners = ["alice@example.org"]', "unknown key 'owners'"),
        ('admins = "alice@example.org"', "admins must be a list of texts"),
        ('editors = ["example.org"]', "'example.org' is not an e-mail address, @domain or *"),
        ('editors = ["@localhost"]', "'@localhost' is not an e-mail address"),
        ("admins = []\nviewers = []", "lists nobody"),
    ],
)
def test_a_malformed_roles_file_is_one_line_naming_it(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesError) as caught:
        load_roles(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_the_roles_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('viewers = ["carol@example.org"]', encoding="utf-8")
    assert load_roles(path).role_of("carol@example.org") == "viewer"
    path.write_text('editors = ["carol@example.org", "@example.net"]', encoding="utf-8")
    assert load_roles(path).role_of("carol@example.org") == "editor"


def test_the_example_roles_file_is_a_valid_roles_file() -> None:
    roles = load_roles(PROJECT_DIR / ".streamlit" / "roles.example.toml")
    assert roles.role_of("alice@example.org") == "admin"
    assert roles.role_of("someone@elsewhere.net") is None


def test_sign_in_is_configured_with_the_five_keys_and_a_roles_file(tmp_path: Path) -> None:
    roles = tmp_path / "roles.toml"
    roles.write_text('viewers = ["*"]', encoding="utf-8")
    assert sign_in_problem(AUTH, roles) is None


@pytest.mark.parametrize(
    ("auth", "roles_text", "reason"),
    [
        (None, 'viewers = ["*"]', "no [auth] section"),
        ({}, 'viewers = ["*"]', "no [auth] section"),  # an empty section is no section
        ({**AUTH, "client_secret": ""}, 'viewers = ["*"]', "lacks client_secret"),
        (
            {k: v for k, v in AUTH.items() if k not in ("client_id", "cookie_secret")},
            'viewers = ["*"]',
            "lacks cookie_secret, client_id",
        ),
        ({**AUTH, "cookie_secret": "short"}, 'viewers = ["*"]', "shorter than 32 characters"),
        ({**AUTH, "redirect_uri": "http://h/"}, 'viewers = ["*"]', "/oauth2callback"),
        ({**AUTH, "server_metadata_url": "file:///x"}, 'viewers = ["*"]', "discovery address"),
        (AUTH, None, "cannot read the roles file"),
        (AUTH, "viewers = 3", "viewers must be a list"),
    ],
)
def test_sign_in_problems_are_one_line(
    tmp_path: Path, auth: dict | None, roles_text: str | None, reason: str
) -> None:
    roles = tmp_path / "roles.toml"
    if roles_text is not None:
        roles.write_text(roles_text, encoding="utf-8")
    problem = sign_in_problem(auth, roles)
    assert problem is not None and reason in problem and "\n" not in problem
