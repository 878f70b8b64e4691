"""Sign-in: the account signed in to this session, checked on every run, and a sign-in that
survives a reload (a session token in an HttpOnly cookie)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import streamlit as st

from app.web.caches import settings, store
from app.web.language import begin_run, t


def account() -> Any:
    """The signed-in account, checked against the store on every run (a disabled account or
    an expired session is signed out at once); None when nobody is signed in."""
    from app import auth

    name = st.session_state.get("user")
    if not name:
        return None
    started = st.session_state.get("signed_in_at")
    hours = settings().auth.session_hours
    now = dt.datetime.now(dt.UTC)
    current = auth.get_account(store(), name)
    hashed = st.session_state.get("session_token_hash")
    if (
        current is None
        or current.disabled
        or started is None
        or (now - started > dt.timedelta(hours=hours))
        or (hashed and not auth.session_active(store(), hashed))  # revoked elsewhere
    ):
        sign_out()
        st.session_state["session_expired"] = True
        return None
    return current


def sign_in(name: str, *, remember: bool = False, signed_in_at: dt.datetime | None = None) -> None:
    """Sign ``name`` in to this session. ``remember``: also issue a session token and have
    the browser keep it (a cookie), so a reload signs in again; ``signed_in_at``: when the
    sign-in happened (a restored session keeps its token's time, so the expiry still counts
    from the real sign-in)."""
    if remember:
        from app import auth

        try:
            token, signed_in_at = auth.issue_session(store(), name, settings().auth)
        except OSError:  # a read-only store: signed in for this session only
            logging.getLogger("county").warning("session token not stored (user=%s)", name)
        else:
            st.session_state["session_token_hash"] = auth.token_hash(token)
            st.session_state[_COOKIE_PENDING] = token
    st.session_state["user"] = name
    st.session_state["signed_in_at"] = signed_in_at or dt.datetime.now(dt.UTC)


def sign_out() -> None:
    """Sign out of this session; a remembered sign-in is forgotten on the server and its
    cookie cleared in the browser."""
    hashed = st.session_state.pop("session_token_hash", None)
    st.session_state[_COOKIE_PENDING] = ""
    for key in ("user", "signed_in_at", "upload_prepared", "upload_token"):
        st.session_state.pop(key, None)
    if hashed:
        from app import auth

        try:
            auth.revoke_session_hash(store(), hashed)
        except OSError:  # a read-only store: the cookie is cleared, the entry expires
            logging.getLogger("county").warning("session token not revoked")


# -- a sign-in that survives a reload --------------------------------------------------------
# A reload (or a phone reconnecting) starts a new Streamlit session; the browser's cookie
# carries the session token across. The cookie is set by the server, HttpOnly
# (``app.session_cookie``): a hidden iframe redeems a one-time code for it after a sign-in.
SESSION_COOKIE = "county_session"
_COOKIE_PENDING = "_session_cookie_pending"  # a token to set, "" to clear
_COOKIE_CHECKED = "_session_cookie_checked"


def session_cookie() -> str | None:
    """The session token the browser sent when this session connected, if any."""
    try:
        value = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no browser behind this session (a bare script run)
        return None
    return value if isinstance(value, str) and value else None  # (AppTest's client is a mock)


def restore_session() -> None:
    """On a session's first run, sign in from the browser's session cookie when it holds a
    valid token of an enabled account; a cookie that signs nobody in is cleared."""
    if st.session_state.get(_COOKIE_CHECKED):
        return
    st.session_state[_COOKIE_CHECKED] = True
    if st.session_state.get("user"):
        return
    token = session_cookie()
    if not token:
        return
    from app import auth

    try:
        found = auth.verify_session(store(), token, settings().auth)
    except Exception:  # whatever is wrong with the sessions file, the sign-in form shows
        logging.getLogger("county").exception("session cookie not checked")
        found = None
    if found is None:
        st.session_state[_COOKIE_PENDING] = ""
        return
    account, issued = found
    sign_in(account.name, signed_in_at=issued)
    st.session_state["session_token_hash"] = auth.token_hash(token)


def write_session_cookie() -> None:
    """Set or clear the browser's session cookie when a sign-in or sign-out asked for it (an
    iframe that ``style.css`` hides, so it takes no room)."""
    token = st.session_state.pop(_COOKIE_PENDING, None)
    if token is None:
        return
    from app import session_cookie

    max_age = int(settings().auth.session_hours * 3600) if token else 0
    code = session_cookie.issue(token, max_age)
    with st.container(key="session_cookie_jar"):
        st.iframe(session_cookie.redeem_script(code), height="content")


def client_address() -> str | None:
    """The browser's address, for slowing down repeated failed sign-ins per client: the
    connection's own, or behind a reverse proxy that the settings trust
    (``[auth] trust_forwarded_for``), the right-most address of its X-Forwarded-For header."""
    try:
        if settings().auth.trust_forwarded_for:
            forwarded = st.context.headers.get("X-Forwarded-For")
            if forwarded:
                # The right-most address: the one the proxy itself added (a browser can
                # write any addresses before it).
                return forwarded.split(",")[-1].strip()[:64]
        address = st.context.ip_address
    except Exception:  # no browser behind this session (a bare script run)
        return None
    return address if isinstance(address, str) else None


def role() -> str | None:
    current = account()
    return current.role if current is not None else None


def require(page: str) -> Any:
    """Stop the page unless the signed-in role may open it (typed URLs included)."""
    from app import auth

    begin_run()  # every page starts here (a page may also run on its own, as in AppTest)
    current = account()
    if current is None or not auth.may_open(current.role, page):
        st.error(t("auth.no_permission"), icon=":material/block:")
        st.stop()
    return current


def current_user() -> str:
    """The signed-in account's name (recorded on every commit)."""
    current = account()
    return current.name if current is not None else "anonymous"


def uploadable_datasets() -> list[str]:
    """Datasets the signed-in user may upload, masters first."""
    from app import auth

    current = account()
    return auth.uploadable(current) if current is not None else []


def upload_scope(dataset: str) -> dict[str, set[str]] | None:
    """Rows the signed-in user may write (column → codes); None means everything."""
    from app import auth

    current = account()
    if current is None:
        raise PermissionError("not signed in")
    return auth.upload_scope(store(), current, dataset)


def can_rollback() -> bool:
    """Only administrators roll back."""
    return role() == "admin"
