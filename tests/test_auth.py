"""Accounts and roles: argon2 hashes, sign-in answers that reveal nothing, lockout, scopes,
and the server-side checks on every page and command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import auth, ui
from app.cli import main
from app.ingest import prepare
from app.settings import AuthSettings, Settings
from app.store import Store
from app.web import session as web_session  # owns session_cookie: patched there
from tests.helpers.cookies import cookie_scripts, cookie_writes
from tests.test_app import all_text, run_app

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(empty_store: Store) -> Store:
    auth.add_account(empty_store, "alice", "correct-horse", "admin")
    auth.add_account(
        empty_store, "bob", "battery-staple", "uploader", units=["001"], datasets=["complaints"]
    )
    return empty_store


def test_hashes_are_argon2_and_no_password_is_stored(store: Store) -> None:
    raw = (Path(store.root) / auth.ACCOUNTS_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["accounts"]["alice"]["password_hash"].startswith("$argon2id$")
    assert "correct-horse" not in raw and "battery-staple" not in raw
    assert "password_hash" not in auth.accounts_frame(store).columns
    assert "argon2" not in repr(auth.get_account(store, "alice"))


def test_wrong_password_and_unknown_name_get_the_same_answer(store: Store) -> None:
    answers = []
    for name, password in [("alice", "nope-nope"), ("mallory", "nope-nope")]:
        with pytest.raises(auth.AuthError) as err:
            auth.authenticate(store, name, password, AuthSettings(), NOW)
        answers.append((err.value.key, err.value.params))
    assert answers[0] == answers[1] == ("auth.err.invalid", {})
    assert auth.authenticate(store, "alice", "correct-horse", AuthSettings(), NOW).role == "admin"


@pytest.mark.parametrize("name", ["alice", "mallory"])
def test_lockout_after_five_failures_for_fifteen_minutes(store: Store, name: str) -> None:
    conf = AuthSettings()
    for i in range(conf.max_failures - 1):
        with pytest.raises(auth.AuthError, match="auth.err.invalid"):
            auth.authenticate(store, name, f"wrong-{i}", conf, NOW)
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(store, name, "wrong-last", conf, NOW)
    assert err.value.key == "auth.err.locked" and err.value.params["minutes"] == 15
    # Even the right password is refused while locked (and an unknown name looks the same).
    with pytest.raises(auth.AuthError, match="auth.err.locked"):
        auth.authenticate(store, name, "correct-horse", conf, NOW + dt.timedelta(minutes=14))
    if name == "alice":
        later = NOW + dt.timedelta(minutes=15, seconds=1)
        assert auth.authenticate(store, name, "correct-horse", conf, later).name == "alice"


def test_a_lockout_set_while_another_attempt_is_checked_stands(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two attempts at once: while one's password is being checked, the other fails for the
    fifth time and locks the account. The first, wrong or right, may not undo the lockout."""
    conf = AuthSettings()
    for i in range(conf.max_failures - 1):
        with pytest.raises(auth.AuthError, match="auth.err.invalid"):
            auth.authenticate(store, "alice", f"wrong-{i}", conf, NOW)
    real = auth._hasher

    class OtherAttemptMeanwhile:
        """The hasher, but while it checks a password the fifth wrong attempt comes in."""

        def __init__(self) -> None:
            self.armed = True

        def verify(self, hashed: str, password: str) -> bool:
            if self.armed:
                self.armed = False
                with pytest.raises(auth.AuthError, match="auth.err.locked"):
                    auth.authenticate(store, "alice", "wrong-concurrent", conf, NOW)
            return real.verify(hashed, password)

    for password in ("wrong-again", "correct-horse"):
        monkeypatch.setattr(auth.signin, "_hasher", OtherAttemptMeanwhile())
        with pytest.raises(auth.AuthError, match="auth.err.locked"):
            auth.authenticate(store, "alice", password, conf, NOW)
        data = auth._load(store)
        pair = "|".join(auth._failure_key(data, "alice", None))
        assert "locked_until" in data["failures"][pair]
        # Back to four failures for the next round.
        data["failures"][pair] = {"count": conf.max_failures - 1, "last": NOW.isoformat()}
        auth._save(store, data)


def test_lockout_is_configurable(store: Store) -> None:
    conf = dataclasses.replace(AuthSettings(), max_failures=2, lockout_minutes=1)
    with pytest.raises(auth.AuthError, match="invalid"):
        auth.authenticate(store, "alice", "x" * 9, conf, NOW)
    with pytest.raises(auth.AuthError, match="locked"):
        auth.authenticate(store, "alice", "x" * 9, conf, NOW)


def test_disabled_account_cannot_sign_in(store: Store) -> None:
    auth.update_account(store, "bob", disabled=True)
    with pytest.raises(auth.AuthError, match="auth.err.invalid"):
        auth.authenticate(store, "bob", "battery-staple", AuthSettings(), NOW)


def test_uploaders_never_upload_master_data_and_only_their_grant(store: Store) -> None:
    bob = auth.get_account(store, "bob")
    assert auth.uploadable(bob) == ["complaints"]
    viewer = auth.add_account(store, "carol", "long-enough", "viewer")
    assert auth.uploadable(viewer) == []
    everything = auth.add_account(store, "dave", "long-enough", "uploader")
    assert "townships" not in auth.uploadable(everything)
    assert "indicator_values" in auth.uploadable(everything)


def complaints_csv(units: list[str]) -> bytes:
    lines = ["编号,受理日期,单位代码,渠道,是否查实,内容摘要"]
    lines += [f"TS9{i:03d},2011-03-0{i + 1},{u},电话,是,办事推诿" for i, u in enumerate(units)]
    return "\n".join(lines).encode("gbk")


def test_rows_outside_the_uploaders_units_are_rejected_by_row(demo_store: Store) -> None:
    bob = auth.add_account(demo_store, "bob", "battery-staple", "uploader", units=["015"])
    scope = auth.upload_scope(demo_store, bob, "complaints")
    assert scope == {"unit_code": {"015"}}
    before = demo_store.versions()
    prepared = prepare(
        "complaints",
        complaints_csv(["015", "032", "015", "001"]),
        "投诉.csv",
        demo_store,
        Settings(),
        scope=scope,
    )
    assert not prepared.ok
    rows = sorted(p.row for p in prepared.problems if p.code == "out_of_scope")
    assert rows == [3, 5]  # the header is row 1: rows of units 032 and 001
    assert "第3行" in prepared.problems[0].message("zh") and "单位代码" in prepared.problems[
        0
    ].message("zh")
    assert demo_store.versions() == before


def test_scope_follows_cadres_and_projects(demo_store: Store) -> None:
    person = auth.add_account(
        demo_store, "eve", "long-enough", "uploader", units=["015"], townships=["01"]
    )
    cadres = demo_store.read("cadres")
    allowed = set(cadres.loc[cadres["unit_code"] == "015", "cadre_id"])
    assert auth.upload_scope(demo_store, person, "field_activities") == {"cadre_id": allowed}
    projects = demo_store.read("projects")
    in_01 = set(projects.loc[projects["township_code"] == "01", "project_id"])
    assert auth.upload_scope(demo_store, person, "project_progress") == {"project_id": in_01}
    assert auth.upload_scope(demo_store, person, "indicator_values") == {"township_code": {"01"}}


# -- pages ------------------------------------------------------------------------------------
VIEWS = ["overview", "indicators"]


@pytest.mark.parametrize(
    "user,page,allowed",
    [
        ("demo-leader", "upload", False),
        ("demo-leader", "history", False),
        ("demo-leader", "users", False),
        ("demo-leader", "datasets", False),
        ("demo-uploader", "upload", True),
        ("demo-uploader", "history", True),
        ("demo-uploader", "users", False),
        ("demo-admin", "users", True),
    ],
)
def test_pages_check_the_role_themselves(
    demo_store: Store, monkeypatch, user, page, allowed
) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user=user)
    if allowed:
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception
        assert "您没有访问此页面的权限" not in all_text(at)
        return
    # Navigation does not offer the page at all …
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"pages/{page}.py")
    # … and the page itself, reached by any other route, refuses and does nothing.
    page_at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    page_at.session_state["user"] = user
    page_at.session_state["signed_in_at"] = dt.datetime.now(dt.UTC)
    page_at.run()
    assert not page_at.exception
    assert "您没有访问此页面的权限" in all_text(page_at)
    assert not page_at.get("file_uploader") and not page_at.button


def test_navigation_lists_only_the_roles_pages(demo_store: Store) -> None:
    assert auth.may_open("viewer", "overview") and not auth.may_open("viewer", "upload")
    assert not auth.may_open(None, "overview")
    assert auth.PAGES["admin"][-1] == "users"


def test_signed_out_visitors_see_only_the_sign_in_page(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert "登录" in all_text(at)
    assert not at.get("file_uploader")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")
    page_at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    page_at.run()
    assert "您没有访问此页面的权限" in all_text(page_at)
    assert not page_at.get("file_uploader")


def test_sign_in_form_signs_in_and_wrong_password_says_nothing_more(demo_store, monkeypatch):
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    at.text_input(key="signin_name").set_value("demo-leader")
    at.text_input(key="signin_password").set_value("wrong-password")
    at.button[0].click()
    at.run()
    assert "用户名或密码错误" in all_text(at)
    at.text_input(key="signin_name").set_value("no-such-person")
    at.text_input(key="signin_password").set_value("wrong-password")
    at.button[0].click()
    at.run()
    assert "用户名或密码错误" in all_text(at)
    at.text_input(key="signin_name").set_value("demo-leader")
    at.text_input(key="signin_password").set_value("demo-leader-2011")
    at.button[0].click()
    at.run()
    assert at.session_state["user"] == "demo-leader"
    assert "总览" in all_text(at)


def test_rollback_is_for_admins_only(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-uploader", page="pages/history.py")
    at.selectbox(key="history_dataset__zh").set_value("complaints")
    at.run()
    assert not [b for b in at.button if b.key == "rb_go"]
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/history.py")
    at.selectbox(key="history_dataset__zh").set_value("complaints")
    at.run()
    at.selectbox(key="history_version").set_value(0)
    at.run()
    assert [b for b in at.button if b.key == "rb_go"]


def test_a_commit_records_the_signed_in_user(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-uploader", page="pages/upload.py")
    at.selectbox(key="upload_dataset__zh").set_value("complaints")
    at.run()
    at.get("file_uploader")[0].upload("投诉.csv", complaints_csv(["015"]), "text/csv")
    at.run()
    assert not at.exception
    commit = [b for b in at.button if b.key == "commit"]
    assert commit, all_text(at)
    commit[0].click()
    at.run()
    top = demo_store.history("complaints").iloc[0]
    assert top["user"] == "demo-uploader" and top["source_file"] == "投诉.csv"


# -- command line -----------------------------------------------------------------------------
def test_cli_users_add_list_disable(empty_store: Store, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cret-password\n"))
    assert (
        main(
            [
                "users",
                "add",
                "zhang",
                "--role",
                "uploader",
                "--units",
                "001,002",
                "--password-stdin",
                "--data-dir",
                empty_store.root,
            ]
        )
        == 0
    )
    assert main(["users", "list", "--format", "json", "--data-dir", empty_store.root]) == 0
    out = capsys.readouterr().out
    assert "zhang" in out and "s3cret" not in out and "argon2" not in out
    assert auth.get_account(empty_store, "zhang").units == ["001", "002"]
    assert main(["users", "disable", "zhang", "--data-dir", empty_store.root]) == 0
    assert auth.get_account(empty_store, "zhang").disabled


def test_cli_never_waits_on_a_prompt_without_a_terminal(empty_store: Store) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "users",
            "add",
            "admin",
            "--role",
            "admin",
            "--data-dir",
            empty_store.root,
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "--password-stdin" in done.stderr
    assert not auth.has_accounts(empty_store)


def test_cli_ingest_and_rollback_apply_the_users_scope(demo_store: Store, tmp_path, capsys) -> None:
    auth.add_account(
        demo_store, "bob", "battery-staple", "uploader", units=["015"], datasets=["complaints"]
    )
    path = tmp_path / "投诉.csv"
    path.write_bytes(complaints_csv(["015", "032"]))
    before = demo_store.versions()
    code = main(["ingest", "complaints", str(path), "--user", "bob", "--data-dir", demo_store.root])
    assert code == 1 and demo_store.versions() == before
    assert "第3行" in capsys.readouterr().err
    assert main(["ingest", "units", str(path), "--user", "bob", "--data-dir", demo_store.root]) == 1
    assert (
        main(["rollback", "complaints", "0", "--user", "bob", "--data-dir", demo_store.root]) == 1
    )
    assert demo_store.versions() == before
    path.write_bytes(complaints_csv(["015"]))
    assert (
        main(["ingest", "complaints", str(path), "--user", "bob", "--data-dir", demo_store.root])
        == 0
    )
    assert demo_store.history("complaints").iloc[0]["user"] == "bob"


# -- a sign-in that survives a reload ---------------------------------------------------------
HOURS = AuthSettings().session_hours
T0 = dt.datetime.now(dt.UTC)  # today: revoking prunes what has expired by the real clock


def stored_sessions(store: Store) -> dict:
    return json.loads((Path(store.root) / auth.SESSIONS_FILE).read_text(encoding="utf-8"))[
        "sessions"
    ]


def test_a_session_token_is_random_and_the_store_keeps_only_its_hash(store: Store) -> None:
    token, issued = auth.issue_session(store, "alice", AuthSettings(), T0)
    other, _ = auth.issue_session(store, "alice", AuthSettings(), T0)
    assert issued == T0 and token != other and len(token) >= 43
    raw = (Path(store.root) / auth.SESSIONS_FILE).read_text(encoding="utf-8")
    assert token not in raw and other not in raw
    entry = stored_sessions(store)[hashlib.sha256(token.encode()).hexdigest()]
    assert entry == {
        "user": "alice",
        "issued": T0.isoformat(),
        "expires": (T0 + dt.timedelta(hours=HOURS)).isoformat(),
    }
    account, when = auth.verify_session(store, token, AuthSettings(), T0 + dt.timedelta(hours=1))
    assert account.name == "alice" and account.role == "admin" and when == T0


def test_a_session_token_expires_with_the_session(store: Store) -> None:
    token, _ = auth.issue_session(store, "alice", AuthSettings(), T0)
    almost = T0 + dt.timedelta(hours=HOURS) - dt.timedelta(seconds=1)
    assert auth.verify_session(store, token, AuthSettings(), almost) is not None
    assert auth.verify_session(store, token, AuthSettings(), T0 + dt.timedelta(hours=HOURS)) is None
    # A shorter session set later counts too, from the real sign-in.
    shorter = dataclasses.replace(AuthSettings(), session_hours=1)
    assert auth.verify_session(store, token, shorter, T0 + dt.timedelta(hours=2)) is None
    # Expired entries are dropped on the next write.
    later = T0 + dt.timedelta(hours=HOURS + 1)
    fresh, _ = auth.issue_session(store, "bob", AuthSettings(), later)
    assert list(stored_sessions(store)) == [auth.token_hash(fresh)]


def test_unknown_revoked_and_malformed_tokens_sign_nobody_in(store: Store) -> None:
    token, _ = auth.issue_session(store, "alice", AuthSettings(), T0)
    kept, _ = auth.issue_session(store, "alice", AuthSettings(), T0)
    for bad in (None, "", "x" * 1000, token + "x", token.upper()):
        assert auth.verify_session(store, bad, AuthSettings(), T0) is None
    auth.revoke_session(store, token, T0)
    assert auth.verify_session(store, token, AuthSettings(), T0) is None
    assert auth.verify_session(store, kept, AuthSettings(), T0) is not None  # one token only
    ghost, _ = auth.issue_session(store, "nobody", AuthSettings(), T0)  # no such account
    assert auth.verify_session(store, ghost, AuthSettings(), T0) is None
    broken = {"sessions": {auth.token_hash(kept): {"user": "alice"}}}  # no times
    (Path(store.root) / auth.SESSIONS_FILE).write_text(json.dumps(broken), encoding="utf-8")
    assert auth.verify_session(store, kept, AuthSettings(), T0) is None


def test_disabling_an_account_or_changing_its_password_revokes_its_tokens(store: Store) -> None:
    alice, _ = auth.issue_session(store, "alice", AuthSettings(), T0)
    bob, _ = auth.issue_session(store, "bob", AuthSettings(), T0)
    auth.update_account(store, "bob", role="viewer", units=["002"])  # other changes keep them
    assert auth.verify_session(store, bob, AuthSettings(), T0)[0].role == "viewer"
    auth.update_account(store, "bob", disabled=True)
    assert auth.verify_session(store, bob, AuthSettings(), T0) is None
    auth.update_account(store, "bob", disabled=False)  # enabling again brings none back
    assert auth.verify_session(store, bob, AuthSettings(), T0) is None
    assert auth.verify_session(store, alice, AuthSettings(), T0) is not None
    auth.update_account(store, "alice", password="a-new-password")
    assert auth.verify_session(store, alice, AuthSettings(), T0) is None
    assert stored_sessions(store) == {}


def test_a_disabled_accounts_token_signs_nobody_in_even_if_still_stored(store: Store) -> None:
    token, _ = auth.issue_session(store, "bob", AuthSettings(), T0)
    data = json.loads((Path(store.root) / auth.ACCOUNTS_FILE).read_text(encoding="utf-8"))
    data["accounts"]["bob"]["disabled"] = True  # disabled behind the app's back
    (Path(store.root) / auth.ACCOUNTS_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert auth.verify_session(store, token, AuthSettings(), T0) is None


def test_a_new_session_signs_in_from_the_cookie(demo_store: Store, monkeypatch) -> None:
    issued = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    token, _ = auth.issue_session(demo_store, "demo-leader", AuthSettings(), issued)
    monkeypatch.setattr(web_session, "session_cookie", lambda: token)
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert at.session_state["user"] == "demo-leader"
    assert at.session_state["signed_in_at"] == issued  # the expiry counts from the sign-in
    assert at.session_state["session_token_hash"] == auth.token_hash(token)
    assert "总览" in all_text(at) and not cookie_writes(at)


def _session_script() -> None:
    import streamlit as st

    from app import ui

    ui.restore_session()
    if st.session_state.get("press_sign_out"):
        ui.sign_out()
    ui.write_session_cookie()


def test_signing_out_forgets_the_token_and_clears_the_cookie(demo_store: Store, monkeypatch):
    # (AppTest reruns only the page after a navigation run, so the sidebar's sign-out button is
    # out of its reach: the same calls, in a script of their own.)
    token, _ = auth.issue_session(demo_store, "demo-leader", AuthSettings())
    monkeypatch.setenv("COUNTY_DATA_DIR", demo_store.root)
    monkeypatch.setattr(web_session, "session_cookie", lambda: token)
    at = AppTest.from_function(_session_script, default_timeout=60)
    at.run()
    assert at.session_state["user"] == "demo-leader" and not cookie_writes(at)
    at.session_state["press_sign_out"] = True
    at.run()
    assert "user" not in at.session_state and "session_token_hash" not in at.session_state
    assert auth.verify_session(demo_store, token, AuthSettings()) is None
    assert token not in "".join(cookie_scripts(at))
    assert cookie_writes(at) == [("", 0)]
    at.session_state["press_sign_out"] = False
    at.run()  # the cookie the session connected with is not read again
    assert "user" not in at.session_state and not cookie_writes(at)


@pytest.mark.parametrize("case", ["revoked", "disabled", "expired", "garbage"])
def test_a_cookie_that_signs_nobody_in_is_cleared(demo_store: Store, monkeypatch, case) -> None:
    now = dt.datetime.now(dt.UTC)
    issued = now - dt.timedelta(hours=HOURS + 1) if case == "expired" else now
    token, _ = auth.issue_session(demo_store, "demo-leader", AuthSettings(), issued)
    if case == "revoked":
        auth.revoke_session(demo_store, token)
    elif case == "disabled":
        auth.update_account(demo_store, "demo-leader", disabled=True)
    monkeypatch.setattr(
        web_session, "session_cookie", lambda: "not-a-token" if case == "garbage" else token
    )
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert "user" not in at.session_state
    assert at.text_input(key="signin_password")  # the sign-in form
    assert cookie_writes(at) == [("", 0)]


def test_signing_in_issues_a_token_and_sets_the_cookie(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert not cookie_writes(at)  # no cookie, nothing to clear
    at.text_input(key="signin_name").set_value("demo-uploader")
    at.text_input(key="signin_password").set_value("demo-uploader-2011")
    at.button[0].click()
    at.run()
    assert at.session_state["user"] == "demo-uploader"
    [(hashed, entry)] = stored_sessions(demo_store).items()
    assert entry["user"] == "demo-uploader" and at.session_state["session_token_hash"] == hashed
    assert dt.datetime.fromisoformat(entry["issued"]) == at.session_state["signed_in_at"]
    [script] = cookie_scripts(at)
    [(token, max_age)] = cookie_writes(at)
    assert max_age == int(HOURS * 3600) and auth.token_hash(token) == hashed
    assert token not in script  # the page's script sees a one-time code, never the token


# -- failed sign-ins: per client, hashed, audited, unlocked by an admin ---------------------------
def test_a_strangers_guesses_do_not_lock_the_leader_out_of_their_own_device(store: Store) -> None:
    conf = AuthSettings()
    for i in range(conf.max_failures):
        with pytest.raises(auth.AuthError):
            auth.authenticate(store, "alice", f"wrong-{i}", conf, NOW, client="203.0.113.9")
    with pytest.raises(auth.AuthError, match="auth.err.locked"):  # the guesser waits
        auth.authenticate(store, "alice", "correct-horse", conf, NOW, client="203.0.113.9")
    # The leader, from their own address, signs in as usual.
    assert auth.authenticate(store, "alice", "correct-horse", conf, NOW, client="10.0.0.5")
    assert auth.locked_names(store, NOW) == ["alice"]


def test_each_further_lockout_of_a_client_lasts_twice_as_long(store: Store) -> None:
    conf = AuthSettings()
    when = NOW
    for expected in (15, 30, 60):
        for i in range(conf.max_failures):
            try:
                auth.authenticate(store, "alice", f"wrong-{i}", conf, when, client="x")
            except auth.AuthError as exc:
                last = exc
        assert last.key == "auth.err.locked" and last.params["minutes"] == expected
        when += dt.timedelta(minutes=expected, seconds=1)


def test_an_admin_unlocks_an_account(store: Store, monkeypatch, capsys) -> None:
    conf = AuthSettings()
    for i in range(conf.max_failures):
        with pytest.raises(auth.AuthError):
            auth.authenticate(store, "alice", f"wrong-{i}", conf, client="x")
    assert auth.locked_names(store) == ["alice"]
    assert main(["users", "unlock", "alice", "--data-dir", store.root]) == 0
    assert auth.locked_names(store) == []
    assert auth.authenticate(store, "alice", "correct-horse", conf, client="x").name == "alice"
    assert main(["users", "unlock", "nobody", "--data-dir", store.root]) == 1


def test_names_typed_at_failed_sign_ins_are_kept_only_as_hashes(store: Store) -> None:
    typed = "my-secret-password-in-the-wrong-box"
    with pytest.raises(auth.AuthError):
        auth.authenticate(store, typed, "", AuthSettings(), NOW, client="198.51.100.7")
    raw = (Path(store.root) / auth.ACCOUNTS_FILE).read_text(encoding="utf-8")
    assert typed not in raw and "198.51.100.7" not in raw
    log = (Path(store.root) / auth.AUDIT_FILE).read_text(encoding="utf-8")
    assert typed not in log  # an unknown name: its hash only
    [entry] = [json.loads(line) for line in log.splitlines()]
    assert entry["event"] == "sign_in_failed" and entry["typed"] and "user" not in entry


def test_failures_and_lockouts_go_to_the_audit_log(store: Store) -> None:
    conf = AuthSettings()
    for i in range(conf.max_failures):
        with pytest.raises(auth.AuthError):
            auth.authenticate(store, "alice", f"wrong-{i}", conf, NOW, client="x")
    auth.unlock(store, "alice", by="bob")
    events = [
        json.loads(line)
        for line in (Path(store.root) / auth.AUDIT_FILE).read_text(encoding="utf-8").splitlines()
    ]
    kinds = [e["event"] for e in events]
    assert kinds == ["sign_in_failed"] * conf.max_failures + ["locked_out", "unlocked"]
    assert all(e.get("user") == "alice" for e in events) and events[-1]["by"] == "bob"


def test_the_accounts_sessions_and_audit_files_are_private(store: Store) -> None:
    auth.issue_session(store, "alice", AuthSettings())
    with pytest.raises(auth.AuthError):
        auth.authenticate(store, "alice", "nope-nope", AuthSettings())
    for name in (auth.ACCOUNTS_FILE, auth.SESSIONS_FILE, auth.AUDIT_FILE):
        assert (Path(store.root) / name).stat().st_mode & 0o777 == 0o600, name


# -- demo accounts ---------------------------------------------------------------------------------
def test_demo_accounts_are_removed_in_one_step(demo_store: Store, monkeypatch, capsys) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert "demo-admin" in all_text(at)
    # Not while no other administrator would be left to manage the accounts.
    assert main(["users", "remove-demo", "--data-dir", demo_store.root]) == 1
    assert len(auth.demo_accounts_left(demo_store)) == len(auth.DEMO_ACCOUNTS) == 4
    auth.add_account(demo_store, "county-admin", "a-long-password", "admin")
    assert main(["users", "remove-demo", "--data-dir", demo_store.root]) == 0
    assert auth.demo_accounts_left(demo_store) == []
    with pytest.raises(auth.AuthError):
        auth.authenticate(demo_store, "demo-admin", "demo-admin-2011", AuthSettings())
    at = run_app(demo_store.root, monkeypatch, "zh", user=None)
    assert "demo-admin" not in all_text(at) and "演示账户" not in all_text(at)


def test_an_admin_removes_the_demo_accounts_on_the_users_page(demo_store: Store, monkeypatch):
    auth.add_account(demo_store, "county-admin", "a-long-password", "admin")
    at = run_app(demo_store.root, monkeypatch, "zh", user="county-admin", page="pages/users.py")
    [remove] = [b for b in at.button if b.key == "remove_demo"]
    remove.click()
    at.run()
    assert auth.demo_accounts_left(demo_store) == []
    assert "演示账号已删除" in all_text(at)


def test_adding_an_account_says_so(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/users.py")
    at.text_input(key="new_name").input("wang")
    at.text_input(key="new_password").input("a-long-password")
    [add] = [b for b in at.button if b.label == ui.t("auth.add")]
    add.click()
    at.run()
    assert auth.get_account(demo_store, "wang") is not None
    assert any("wang" in s.value for s in at.success), all_text(at)


def test_init_needs_demo_or_empty(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["init", "--data-dir", str(tmp_path / "x")])
    assert exit_.value.code == 2 and "--demo" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_uploading_into_the_demo_store_warns(
    demo_store: Store, tmp_path: Path, monkeypatch, capsys
):
    from tests.corpus.build import complaints_csv

    path = tmp_path / "投诉.csv"
    path.write_bytes(complaints_csv(["TS2011990", "2011-05-03", "015", "电话", "否", "x"]))
    main(["ingest", "complaints", str(path), "--dry-run", "--data-dir", demo_store.root])
    assert "演示数据库" in capsys.readouterr().err
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/upload.py")
    assert any("演示数据库" in w.value for w in at.warning)


def test_the_first_admin_page_does_not_show_the_data_directory(empty_store: Store, monkeypatch):
    at = run_app(empty_store.root, monkeypatch, "zh", user=None)
    shown = all_text(at) + "".join(c.value for c in at.code)
    assert "users add NAME --role admin" in shown and empty_store.root not in shown


def test_guesses_that_lock_the_pair_while_a_right_password_is_checked_stand(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No failure yet when the right password's check starts; while it is checked, five
    wrong guesses from the same client lock the pair: the right password is refused too
    (a burst of concurrent guesses does not get past the lockout)."""
    conf = AuthSettings()
    real = auth._hasher

    class GuessesMeanwhile:
        def __init__(self) -> None:
            self.armed = True

        def verify(self, hashed: str, password: str) -> bool:
            if self.armed:
                self.armed = False
                for i in range(conf.max_failures):
                    with pytest.raises(auth.AuthError):
                        auth.authenticate(store, "alice", f"wrong-{i}", conf, NOW, client="x")
            return real.verify(hashed, password)

    monkeypatch.setattr(auth.signin, "_hasher", GuessesMeanwhile())
    with pytest.raises(auth.AuthError, match="auth.err.locked"):
        auth.authenticate(store, "alice", "correct-horse", conf, NOW, client="x")


def test_a_new_password_lifts_the_lockouts(store: Store) -> None:
    conf = AuthSettings()
    for i in range(conf.max_failures):
        with pytest.raises(auth.AuthError):
            auth.authenticate(store, "alice", f"wrong-{i}", conf, client="x")
    auth.update_account(store, "alice", password="a-new-long-password")
    assert auth.locked_names(store) == []
    assert auth.authenticate(store, "alice", "a-new-long-password", conf, client="x")
