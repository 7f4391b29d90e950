"""Sign-in on a deployed dashboard: the roles file (e-mail addresses, @domains or * per role),
who matches which role (the most privileged match wins), what each role may do, and whether
the [auth] settings and the roles file let anyone in."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROLES = ("viewer", "editor", "admin")  # least privileged first
LISTS = {"viewers": "viewer", "editors": "editor", "admins": "admin"}  # the file's keys
ACTIONS = ("read", "ingest", "fetch", "annotate", "maintain")
# read: every page, exports, share links; ingest: uploads and the bundled sample; fetch: a URL
# or feed; annotate: notes and saved views; maintain: store maintenance and the audit log.
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "editor": frozenset({"read", "ingest", "fetch", "annotate"}),
    "admin": frozenset(ACTIONS),
}
# What Streamlit's st.login needs in [auth] for the default provider, in .streamlit/secrets.toml.
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET = 32  # characters
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^@[^@\s]+\.[^@\s]+$")


class RolesError(ValueError):
    """The roles file cannot be used; the message is one line naming the file and the reason."""


def allows(role: str | None, action: str) -> bool:
    """Whether a role may do an action (no role: nothing)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    return role is not None and action in PERMISSIONS[role]


def matches(entry: str, email: str) -> bool:
    """Whether a roles-file entry covers an address: the same address (any case), the same
    domain for `@domain` (not its sub-domains), any address for `*`."""
    email = email.strip().lower()
    if not _ADDRESS.match(email):
        return False
    if entry == "*":
        return True
    if entry.startswith("@"):
        return email.endswith(entry)
    return email == entry


@dataclass(frozen=True)
class Roles:
    """The entries of each role, as the roles file lists them (lower-cased)."""

    entries: dict[str, tuple[str, ...]]

    def role_of(self, email: str | None) -> str | None:
        """The most privileged role whose entries cover the address, None when none does."""
        if not email:
            return None
        for role in reversed(ROLES):
            if any(matches(entry, email) for entry in self.entries.get(role, ())):
                return role
        return None


def _entries(source: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RolesError(f"{source}: {key} must be a list of texts")
    entries = tuple(v.strip().lower() for v in value)
    for entry in entries:
        if entry != "*" and not _ADDRESS.match(entry) and not _DOMAIN.match(entry):
            raise RolesError(f"{source}: {key}: {entry!r} is not an e-mail address, @domain or *")
    return entries


def parse_roles(text: str, source: str) -> Roles:
    """The roles of a roles file's text (RolesError naming `source` when it is malformed)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RolesError(f"{source}: not valid TOML ({error})") from None
    unknown = sorted(set(document) - set(LISTS))
    if unknown:
        raise RolesError(f"{source}: unknown key {unknown[0]!r}; use {', '.join(LISTS)}")
    entries = {LISTS[key]: _entries(source, key, value) for key, value in document.items()}
    if not any(entries.values()):
        raise RolesError(f"{source}: lists nobody (admins, editors and viewers are all empty)")
    return Roles(entries)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: tuple[int, int]) -> Roles:
    return parse_roles(path.read_text(encoding="utf-8"), str(path))


def load_roles(path: Path) -> Roles:
    """The roles file's roles, read again whenever the file changes."""
    try:
        stat = path.stat()
    except OSError as error:
        raise RolesError(f"{path}: cannot read the roles file ({error.strerror})") from None
    try:
        return _load(path, (stat.st_mtime_ns, stat.st_size))
    except (OSError, UnicodeDecodeError) as error:
        raise RolesError(f"{path}: cannot read the roles file ({error})") from None


def sign_in_problem(auth: object, roles_path: Path) -> str | None:
    """Why a deployed dashboard cannot let anyone in yet (one line), or None when the [auth]
    section and the roles file are both usable."""
    if not isinstance(auth, Mapping) or not auth:
        return "no [auth] section in .streamlit/secrets.toml: sign-in is not configured"
    missing = [key for key in AUTH_KEYS if not str(auth.get(key) or "").strip()]
    if missing:
        return f"[auth] in .streamlit/secrets.toml lacks {', '.join(missing)}"
    if not str(auth["redirect_uri"]).endswith("/oauth2callback"):
        return "[auth] redirect_uri must be this dashboard's address + /oauth2callback"
    if not str(auth["server_metadata_url"]).startswith(("https://", "http://")):
        return "[auth] server_metadata_url must be the provider's http(s) discovery address"
    if len(str(auth["cookie_secret"])) < MIN_COOKIE_SECRET:
        return (
            f"[auth] cookie_secret is shorter than {MIN_COOKIE_SECRET} characters: make one "
            "with python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    try:
        load_roles(roles_path)
    except RolesError as error:
        return str(error)
    return None
