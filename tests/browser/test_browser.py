"""What only a browser shows: sign-in, uploads through the file input, the preview and diff,
the new numbers on the overview, row-level errors, the language switch, phone width."""

from __future__ import annotations

import io
import re

import pytest
import xlsxwriter
from playwright.sync_api import expect

from app.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]
TIMEOUT = 60_000


def sign_in(page, url: str, name: str, password: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(name, timeout=TIMEOUT)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="总览").wait_for(timeout=TIMEOUT)


def go(page, title: str) -> None:
    """Follow a navigation link (a reload would start a new session, signed in again from the
    session cookie, and lose the page's widget state)."""
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=TIMEOUT)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option).first.click()


def november_with_fai(store: Store, fai_value: float) -> bytes:
    """The stored 2011-11 indicator values as an xlsx with a title row, FAI changed."""
    month = store.read("indicator_values")
    month = month[month["period"] == "2011-11"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("指标月报")
    sheet.merge_range(0, 0, 0, 3, "示范县2011年11月主要指标完成情况")
    sheet.write_row(1, 0, ["月份", "指标代码", "乡镇代码", "本月值"])
    for r, row in enumerate(month.itertuples(), start=2):
        value = (
            fai_value
            if (row.indicator_code == "FAI" and not isinstance(row.township_code, str))
            else row.value
        )
        sheet.write_row(
            r,
            0,
            [
                "2011年11月",
                row.indicator_code,
                row.township_code if isinstance(row.township_code, str) else "",
                value,
            ],
        )
    book.close()
    return buffer.getvalue()


def test_upload_preview_commit_and_see_the_new_numbers(server, browser, shot, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, server.url, "demo-admin", "demo-admin-2011")
    # The FAI card by its label (not the first card in the page: while the page is still
    # drawn after the sign-in, another card can be the first one there).
    fai_card = page.locator("[data-testid='stMetric']").filter(has_text="固定资产投资")
    expect(fai_card.first).to_contain_text("93", timeout=TIMEOUT)
    shot(page, "overview-before")

    store = Store(str(server.data))
    stored = store.read("indicator_values")
    fai = stored[
        (stored["period"] == "2011-11")
        & (stored["indicator_code"] == "FAI")
        & stored["township_code"].isna()
    ]["value"].iloc[0]
    path = tmp_path / "11月指标.xlsx"
    path.write_bytes(november_with_fai(store, fai + 7.0))

    go(page, "数据上报")
    choose(page, "数据集", "指标月报（月报）")
    page.get_by_text(re.compile("月报：上传后替换")).wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    page.locator("input[type='file']").set_input_files(str(path))
    try:
        page.get_by_text(re.compile("校验通过")).wait_for(timeout=TIMEOUT)
    finally:
        shot(page, "after-upload")
    changed = page.get_by_role("tab", name="修改（1）")
    changed.wait_for(timeout=TIMEOUT)  # the tabs draw after the summary line
    assert changed.count() == 1
    shot(page, "preview")
    page.get_by_role("button", name="确认写入").click()
    page.get_by_text(re.compile("已写入")).wait_for(timeout=TIMEOUT)
    shot(page, "committed")

    go(page, "总览")
    # Until the page is drawn again: the card before it may still be there for a moment.
    expect(fai_card.first).to_contain_text("100", timeout=TIMEOUT)  # 93 + 7 亿元
    top = store.history("indicator_values").iloc[0]
    assert top["user"] == "demo-admin" and top["source_file"] == "11月指标.xlsx"
    page.close()


def test_gbk_csv_upload_and_a_bad_file_names_row_and_column(server, browser, shot, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, server.url, "demo-admin", "demo-admin-2011")
    go(page, "数据上报")
    choose(page, "数据集", "监督电话投诉（事件）")
    page.get_by_text(re.compile("事件数据：")).wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    good = tmp_path / "投诉.csv"
    good.write_bytes(
        "监督电话投诉登记表,,,,,\r\n编号,受理日期,单位代码,渠道,是否查实,内容摘要\r\n"
        "TS2099001,2011年11月3日,015,电话,是,窗口办事推诿\r\n".encode("gbk")
    )
    page.locator("input[type='file']").set_input_files(str(good))
    page.get_by_text(re.compile("校验通过")).wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="确认写入").click()
    page.get_by_text(re.compile("已写入")).wait_for(timeout=TIMEOUT)

    bad = tmp_path / "投诉_有误.csv"
    bad.write_bytes(
        "编号,受理日期,单位代码,渠道,是否查实,内容摘要\r\n"
        "TS2099002,2011-11-04,015,电话,是,正常\r\n"
        "TS2099003,2011-11-05,999,传真,也许,代码和渠道都不对\r\n".encode("gbk")
    )
    page.wait_for_timeout(1500)
    page.locator("input[type='file']").set_input_files(str(bad))
    try:
        page.get_by_text(re.compile("文件未通过校验")).wait_for(timeout=TIMEOUT)
    finally:
        shot(page, "after-bad-upload")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=TIMEOUT)
    shot(page, "errors")
    # The grid is drawn on a canvas: read the same list through its download button.
    with page.expect_download() as download:
        page.get_by_role("button", name="下载错误清单（CSV）").click()
    errors = open(download.value.path(), encoding="utf-8-sig").read()
    assert "第3行，“单位代码”列，值“999”" in errors  # row 3 as the clerk sees it in Excel
    assert "“渠道”列，值“传真”" in errors
    # Exactly one, once the page has settled (while it is drawn again the old one may linger).
    expect(page.get_by_role("button", name="下载标注了错误说明的原文件")).to_have_count(
        1, timeout=TIMEOUT
    )
    page.close()


def test_language_switch_and_phone_width(server, browser, shot) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, server.url, "demo-leader", "demo-leader-2011")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=TIMEOUT)
    for path in ("overview", "indicators"):
        if path != "overview":
            # On a phone the navigation sits in the collapsed sidebar: open it, then follow.
            page.locator("[data-testid='stExpandSidebarButton']").click()
            go(page, "指标监测")
        page.locator("[data-testid='stMetric']").first.wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(1500)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (path, overflow)
        shot(page, f"phone-{path}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_text("English", exact=True).first.click()
    try:
        page.get_by_role("heading", name="Indicators").first.wait_for(timeout=TIMEOUT)
    finally:
        shot(page, "after-english")
    # A viewer has no upload page.
    assert page.get_by_role("link", name="Upload").count() == 0
    shot(page, "english")
    page.close()
