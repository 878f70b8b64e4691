"""AppTest: the app and every page run without exception, in both languages, on the demo
county and on an empty store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def run_app(
    data_dir: str,
    monkeypatch: pytest.MonkeyPatch,
    lang: str = "zh",
    page: str | None = None,
    user: str | None = "demo-admin",
) -> AppTest:
    """Run the app as ``user`` (signed in the way the sign-in page does it)."""
    monkeypatch.setenv("COUNTY_DATA_DIR", data_dir)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    if user:
        at.session_state["user"] = user
        at.session_state["signed_in_at"] = dt.datetime.now(dt.UTC)
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
    return at


def all_text(at: AppTest) -> str:
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
        "metric",
    ):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "")) + str(getattr(element, "label", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo(demo_store: Store, monkeypatch, page: str, lang: str) -> None:
    run_app(demo_store.root, monkeypatch, lang, page)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_store(empty_store: Store, monkeypatch, page: str) -> None:
    from app.auth import add_account

    add_account(empty_store, "admin", "a-long-password", "admin")
    run_app(empty_store.root, monkeypatch, "zh", page, user="admin")


def test_first_start_seeds_the_demo_and_says_so(tmp_path: Path, monkeypatch) -> None:
    """The README's first command (no data directory configured: ./data) seeds the demo."""
    monkeypatch.delenv("COUNTY_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert Store(str(tmp_path / "data")).info()["demo"] is True
    assert "演示账户" in all_text(at)  # the sign-in page lists the demo accounts
    data = str(tmp_path / "data")
    at = run_app(data, monkeypatch, "zh")
    assert "演示数据" in all_text(at)
    at_en = run_app(data, monkeypatch, "en")
    assert "demo data" in all_text(at_en)


def test_a_configured_data_directory_without_a_store_is_never_seeded(tmp_path: Path, monkeypatch):
    data = tmp_path / "county-data"  # COUNTY_DATA_DIR names it, nothing is there
    at = run_app(str(data), monkeypatch, "zh", user=None)
    assert not Store(str(data)).exists() and not data.exists()
    assert "还没有数据库" in all_text(at) and "demo-admin" not in all_text(at)
    assert str(data) not in all_text(at)  # the path is for the server's log, not a visitor


def test_language_switch_changes_the_page(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh")
    assert "总览" in all_text(at)
    at.radio(key="lang").set_value("en")
    at.run()
    assert not at.exception
    assert "Overview" in all_text(at)
