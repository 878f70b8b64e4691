"""A sign-in survives a reload (a new Streamlit session) through the session cookie; signing out
forgets it, in the browser and on the server."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.browser.test_browser import TIMEOUT, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]
COOKIE = "county_session"


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def wait_for_cookie(page, context, present: bool) -> None:
    """The cookie is set (or cleared) by the server's answer to the hidden iframe's request."""
    for _ in range(120):
        if (session_cookie(context) is not None) == present:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the session cookie was not {'set' if present else 'cleared'}")


def test_sign_in_survives_a_reload_and_sign_out_ends_it(server, browser, shot) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, server.url, "demo-leader", "demo-leader-2011")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=TIMEOUT)
    wait_for_cookie(page, context, present=True)
    cookie = session_cookie(context)
    assert cookie["path"] == "/" and cookie["sameSite"] == "Strict" and not cookie["secure"]
    # Set by the server, HttpOnly: no script of the page can read it.
    assert cookie["httpOnly"]
    assert COOKIE not in page.evaluate("() => document.cookie")
    assert cookie["expires"] > 0  # Max-Age: it outlives the tab
    # The iframe that set it takes no room on a phone: hidden, and the heading sits where it
    # sits without it (after the reload below).
    jars = page.evaluate(
        "() => [...document.querySelectorAll('.st-key-session_cookie_jar')]"
        ".map(e => getComputedStyle(e.parentElement).display)"
    )
    assert jars == ["none"]
    heading_top = page.get_by_role("heading", name="总览").bounding_box()["y"]
    # The server keeps the token's hash only.
    raw = (server.data / "_sessions.json").read_text(encoding="utf-8")
    assert cookie["value"] not in raw
    entry = json.loads(raw)["sessions"][hashlib.sha256(cookie["value"].encode()).hexdigest()]
    assert entry["user"] == "demo-leader"
    shot(page, "signed-in")

    page.reload(wait_until="domcontentloaded")
    page.get_by_role("heading", name="总览").wait_for(timeout=TIMEOUT)
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_label("密码").count() == 0
    assert page.locator(".st-key-session_cookie_jar").count() == 0
    assert page.get_by_role("heading", name="总览").bounding_box()["y"] == heading_top
    shot(page, "after-reload")

    # On a phone the sign-out button sits in the collapsed sidebar.
    page.locator("[data-testid='stExpandSidebarButton']").click()
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("密码").wait_for(timeout=TIMEOUT)
    wait_for_cookie(page, context, present=False)
    assert (
        json.loads((server.data / "_sessions.json").read_text(encoding="utf-8"))["sessions"] == {}
    )

    page.reload(wait_until="domcontentloaded")
    page.get_by_label("密码").wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    assert page.get_by_role("heading", name="总览").count() == 0
    shot(page, "signed-out-after-reload")
    context.close()
