"""Who is using the dashboard and what they may do: the local analyst (every right) on a
single-analyst set-up; on a deployed one, the signed-in user (st.login, OIDC) and their role.

Pages gate on `can(action)`, actions "read", "ingest", "fetch", "annotate" and "maintain"
(analysis.roles says which role has which)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from analysis import settings
from analysis.roles import RolesError, allows, load_roles, sign_in_problem
from dashboard.widgets import escape_markdown

_LOG = logging.getLogger("syria_dash.access")


@dataclass(frozen=True)
class User:
    """A visitor: who (their e-mail address, or "local"), whether signed in, their role."""

    email: str
    role: str | None
    signed_in: bool = True
    reason: str = ""  # why a signed-in visitor has no role

    def can(self, action: str) -> bool:
        return allows(self.role, action)


LOCAL_ANALYST = User(email="local", role="admin")  # make run: one analyst on 127.0.0.1


def _auth_section() -> object:
    try:
        return st.secrets.get("auth") if st.secrets.load_if_toml_exists() else None
    except Exception as error:  # noqa: BLE001 - a malformed secrets.toml: one line in the log
        _LOG.error("secrets.toml cannot be read: %s", error)
        return None


def current_user() -> User:
    """The visitor of this session: the local analyst unless deployed, else as st.user says."""
    if not settings.deploy_mode():
        return LOCAL_ANALYST
    info = st.user
    if info.get("is_logged_in") is not True:
        return User(email="", role=None, signed_in=False)
    email = str(info.get("email") or "").strip()
    if info.get("email_verified") is False:
        return User(email, None, reason="your sign-in provider has not verified this address")
    try:
        role = load_roles(settings.roles_file()).role_of(email)
    except RolesError as error:
        _LOG.error("%s", error)
        return User(email, None, reason="the dashboard's roles file cannot be read")
    return User(email, role, reason="" if role else "the dashboard's roles do not list it")


def can(action: str) -> bool:
    """Whether the current visitor may do an action ("read", "ingest", "fetch", "annotate",
    "maintain")."""
    return current_user().can(action)


def gate() -> User:
    """The visitor, let in: on a deployed dashboard the sign-in page or the no-access page is
    all a visitor without a role sees (the script stops there)."""
    if not settings.deploy_mode():
        return LOCAL_ANALYST
    problem = sign_in_problem(_auth_section(), settings.roles_file())
    if problem:
        _LOG.error("sign-in is not configured: %s", problem)
        st.error(
            "Sign-in is not configured on this server; its administrator can see why in the log."
        )
        st.stop()
    user = current_user()
    if not user.signed_in:
        _sign_in_page()
    elif user.role is None:
        _no_access_page(user)
    return user


def _sign_in_page() -> None:
    st.title("Russia–Turkey on Syria")
    st.write("Sign in to see the dashboard.")
    st.button("Sign in", key="sign_in", type="primary", icon=":material/login:", on_click=st.login)
    st.stop()


def _no_access_page(user: User) -> None:
    st.title("No access")
    st.markdown(
        f"You are signed in as **{escape_markdown(user.email or 'an unnamed account')}**, "
        f"but {escape_markdown(user.reason)}. Ask the dashboard's administrator for access."
    )
    st.button("Sign out", key="sign_out", icon=":material/logout:", on_click=st.logout)
    st.stop()


def account_sidebar(user: User) -> None:
    """Who is signed in, their role and a sign-out button (deployed dashboards only)."""
    if not settings.deploy_mode():
        return
    st.sidebar.divider()
    st.sidebar.caption(f"Signed in as {escape_markdown(user.email)} · {user.role}")
    st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:", on_click=st.logout)
