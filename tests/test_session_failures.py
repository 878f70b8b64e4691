"""A remembered sign-in when things go wrong: a sessions file that cannot be read or written
fails closed (no one signed in from a cookie) without crashing the app, stopping a password
sign-in or stopping a sign-out; a revoked token ends the session it restored; a new password
keeps this sign-in and ends the others."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app import auth, ui
from app.settings import AuthSettings
from app.store import Store
from app.web import session as web_session  # owns session_cookie: patched there
from tests.helpers.cookies import cookie_writes
from tests.test_app import ROOT

NOW = dt.datetime.now(dt.UTC)
CORRUPT = {
    "not_json": '{"sessions": {',  # a torn or hand-edited file
    "a_list": "[1, 2]",  # valid JSON, wrong shape
    "naive_times": None,  # an entry with times lacking a zone (filled in per test: needs the hash)
}


def _write_corrupt(store: Store, case: str, token: str) -> None:
    path = Path(store.root) / auth.SESSIONS_FILE
    if case == "naive_times":
        entry = {
            "user": "demo-leader",
            "issued": NOW.replace(tzinfo=None).isoformat(),
            "expires": (NOW + dt.timedelta(hours=1)).replace(tzinfo=None).isoformat(),
        }
        path.write_text(json.dumps({"sessions": {auth.token_hash(token): entry}}), encoding="utf-8")
    else:
        path.write_text(CORRUPT[case], encoding="utf-8")


def _app(data_dir: str, monkeypatch: pytest.MonkeyPatch, cookie: str | None) -> AppTest:
    monkeypatch.setenv("COUNTY_DATA_DIR", data_dir)
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(web_session, "session_cookie", lambda: cookie)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    return at


# -- a corrupt _sessions.json fails closed ------------------------------------------------------
@pytest.mark.parametrize("case", list(CORRUPT))
def test_verify_session_fails_closed_on_a_corrupt_sessions_file(demo_store: Store, case) -> None:
    token = "A" * 43
    _write_corrupt(demo_store, case, token)
    # None (nobody signed in), not JSONDecodeError / AttributeError / TypeError.
    assert auth.verify_session(demo_store, token, AuthSettings()) is None


@pytest.mark.parametrize("case", list(CORRUPT))
def test_a_cookie_with_a_corrupt_sessions_file_shows_the_sign_in_page(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    # restore_session runs outside ui.run_safely: an exception there is the app's, on every
    # load of that browser (the cookie is never cleared), production or not.
    monkeypatch.delenv("COUNTY_RAISE_ERRORS", raising=False)
    token = "A" * 43
    _write_corrupt(demo_store, case, token)
    at = _app(demo_store.root, monkeypatch, token)
    assert not at.exception, at.exception
    assert "user" not in at.session_state
    assert at.text_input(key="signin_password")  # the sign-in form
    assert cookie_writes(at) == [("", 0)]  # the useless cookie is cleared


def _sign_in(at: AppTest) -> None:
    at.text_input(key="signin_name").set_value("demo-leader")
    at.text_input(key="signin_password").set_value("demo-leader-2011")
    at.button[0].click()
    at.run()


def test_a_corrupt_sessions_file_does_not_stop_a_password_sign_in(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTY_RAISE_ERRORS", raising=False)  # as in production
    _write_corrupt(demo_store, "not_json", "")
    at = _app(demo_store.root, monkeypatch, None)
    _sign_in(at)
    assert not at.exception, at.exception
    assert at.session_state["user"] == "demo-leader"  # today: a friendly error, nobody signs in


# -- a store the sessions file cannot be written to ---------------------------------------------
def _unwritable_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing _sessions.json fails (a read-only mount or bucket policy, a full disk); the
    other files are untouched."""
    original = Store.write_json

    def write_json(self: Store, name: str, value) -> None:
        if name == auth.SESSIONS_FILE:
            raise PermissionError(13, "Permission denied", name)
        original(self, name, value)

    monkeypatch.setattr(Store, "write_json", write_json)


def test_password_sign_in_works_when_the_sessions_file_cannot_be_written(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before 72e9344 a correct password signed in without writing anything; now issue_session
    # must write first, so nobody can sign in at all (a sign-in that is not remembered would do).
    monkeypatch.delenv("COUNTY_RAISE_ERRORS", raising=False)
    _unwritable_sessions(monkeypatch)
    at = _app(demo_store.root, monkeypatch, None)
    _sign_in(at)
    assert not at.exception, at.exception
    assert at.session_state["user"] == "demo-leader"


def _session_script() -> None:
    import streamlit as st

    from app import ui

    ui.restore_session()
    if st.session_state.get("press_sign_out"):
        ui.sign_out()
    ui.write_session_cookie()


def _restored_from_cookie(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, script: Any
) -> tuple[str, AppTest]:
    """demo-leader's remembered sign-in: a token issued, the browser sending it, ``script``
    run once and signed in by it."""
    token, _ = auth.issue_session(demo_store, "demo-leader", AuthSettings())
    monkeypatch.setenv("COUNTY_DATA_DIR", demo_store.root)
    monkeypatch.setattr(web_session, "session_cookie", lambda: token)
    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    assert at.session_state["user"] == "demo-leader"
    return token, at


def test_sign_out_completes_when_the_revocation_cannot_be_written(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sign_out pops the token's hash, then revoke_session_hash raises: "user" stays in the
    # session and no cookie-clearing script is sent: the sign-out button does not sign out.
    _, at = _restored_from_cookie(demo_store, monkeypatch, _session_script)
    _unwritable_sessions(monkeypatch)
    at.session_state["press_sign_out"] = True
    at.run()
    assert not at.exception, at.exception
    assert "user" not in at.session_state
    assert cookie_writes(at) == [("", 0)]


# -- revocation reaches a session restored from the token --------------------------------------
def test_a_new_password_ends_a_session_restored_from_the_old_token(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stolen cookie restores a live session; the admin resets the password "which revokes
    # the token", yet the thief's session keeps running for up to session_hours: account()
    # never looks at session_token_hash again. (Disabling is caught by account(); a new
    # password is not.)
    def script() -> None:
        from app import ui

        ui.restore_session()
        ui.account()
        ui.write_session_cookie()

    token, at = _restored_from_cookie(demo_store, monkeypatch, script)
    auth.update_account(demo_store, "demo-leader", password="a-brand-new-password")
    assert auth.verify_session(demo_store, token, AuthSettings()) is None  # revoked on the server
    at.run()
    assert "user" not in at.session_state  # ...but the session it restored is still signed in


# -- changing one's own password ------------------------------------------------------------------
def test_changing_ones_own_password_keeps_this_sign_in_and_ends_the_others(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, _ = auth.issue_session(demo_store, "demo-admin", AuthSettings())
    other, _ = auth.issue_session(demo_store, "demo-admin", AuthSettings())  # another browser
    at = _app(demo_store.root, monkeypatch, token)
    assert at.session_state["user"] == "demo-admin"
    at.switch_page("pages/users.py")
    at.run()
    at.selectbox(key="edit_name").set_value("demo-admin")
    at.run()
    at.text_input(key="edit_pw_demo-admin").input("a-brand-new-password-2011")
    [save] = [b for b in at.button if b.label == ui.t("auth.save")]
    save.click()
    at.run()
    assert not at.exception, at.exception
    at.run()  # the next run checks the session against the store again
    assert at.session_state["user"] == "demo-admin"  # still signed in here
    fresh = at.session_state["session_token_hash"]
    assert fresh != auth.token_hash(token)
    assert auth.session_active(demo_store, fresh)
    assert auth.verify_session(demo_store, token, AuthSettings()) is None  # this browser's old one
    assert auth.verify_session(demo_store, other, AuthSettings()) is None  # the other browser
    assert auth.authenticate(demo_store, "demo-admin", "a-brand-new-password-2011", AuthSettings())
