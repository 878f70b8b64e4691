"""督查督办 in a real browser: a supervisor closes an answered item on the page, the register's
light turns green, and an uploader answers its own unit's item with an attachment."""

from __future__ import annotations

import pytest

from app.store import Store
from tests.browser.test_browser import TIMEOUT, go, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_supervisor_closes_an_answered_item(server, browser, shot) -> None:
    store = Store(str(server.data))
    items = store.read("supervision_items")
    answered = items[items["status"] == "feedback"].sort_values("item_id").iloc[0]
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, server.url, "demo-supervisor", "demo-supervisor-2011")
    go(page, "督查督办")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=TIMEOUT)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    shot(page, "supervision-register")
    page.get_by_role("tab", name="办理与反馈").click()
    # The list is long (only the options in view are drawn): type to filter, then pick.
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="督办事项").first
    box.click()
    page.keyboard.type(answered["item_id"])
    page.get_by_role("option", name=answered["item_id"]).first.click()
    page.get_by_role("button", name="审核通过，销号").click()
    page.get_by_text(f"督办事项 {answered['item_id']} 现为“已销号”").wait_for(timeout=TIMEOUT)
    shot(page, "supervision-closed")
    after = store.read("supervision_items").set_index("item_id").loc[answered["item_id"]]
    assert after["status"] == "closed" and after["closed_by"] == "demo-supervisor"
    page.close()
