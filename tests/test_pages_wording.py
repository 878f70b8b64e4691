"""What a page shows is in the reader's language: no Chinese punctuation in English; every
download is made when its button is clicked, not on every rerun; after a rollback the history
shows the new version."""

from __future__ import annotations

import re

import pytest

from app import auth
from app.store import Store
from tests.test_app import PAGES, run_app
from tests.test_security import markdown_texts

FULL_WIDTH = re.compile(r"[（），：；、。]")


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_carry_no_chinese_punctuation(demo_store: Store, monkeypatch, page) -> None:
    at = run_app(demo_store.root, monkeypatch, "en", page)
    found = [text for _, text, _ in markdown_texts(at) if FULL_WIDTH.search(text)]
    # Names from the data may hold them (县国土资源局（一）): the page's own words may not.
    assert not [t for t in found if not re.search(r"[\u4e00-\u9fff]", FULL_WIDTH.sub("", t))], found


@pytest.mark.parametrize("page", ["pages/indicators.py", "pages/history.py"])
def test_downloads_are_made_on_the_click(demo_store: Store, monkeypatch, page) -> None:
    from app.ingest import files

    made: list[str] = []
    real = files.xlsx_bytes
    monkeypatch.setattr(files, "xlsx_bytes", lambda *a, **k: made.append("xlsx") or real(*a, **k))
    at = run_app(demo_store.root, monkeypatch, "zh", page)
    if page == "pages/history.py":
        at.selectbox(key="history_dataset__zh").set_value("complaints")
        at.run()
    assert not at.exception
    assert made == []
    assert [
        b
        for b in at.get("download_button")
        if "xlsx" in b.proto.label.lower() or "excel" in b.proto.label.lower()
    ]


def test_after_a_rollback_the_history_shows_the_new_version(demo_store: Store, monkeypatch):
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/history.py")
    at.selectbox(key="history_dataset__zh").set_value("complaints")
    at.run()
    before = demo_store.version("complaints")
    at.selectbox(key="history_version").set_value(0)
    at.run()
    at.checkbox(key="rb_confirm").check()
    at.run()
    [go] = [b for b in at.button if b.key == "rb_go"]
    go.click()
    at.run()
    assert demo_store.version("complaints") == before + 1
    table = at.dataframe[0].value  # the commits, newest first
    assert (table["版本"] == before + 1).any()  # the table is the new one
    assert any("回滚" in s.value or str(before + 1) in s.value for s in at.success)


def test_the_english_sign_in_page_carries_no_chinese_punctuation(demo_store: Store, monkeypatch):
    at = run_app(demo_store.root, monkeypatch, "en", user=None)
    lines = [text for _, text, _ in markdown_texts(at) if "demo-" in text]
    assert len(lines) == len(auth.DEMO_ACCOUNTS) and not [
        t for t in lines if FULL_WIDTH.search(t)
    ], lines


def test_the_annotated_error_file_is_made_on_the_click_only(demo_store: Store, monkeypatch):
    """A rejected file's annotated copy (its rows with 错误说明) can be large: it is made when
    its button is clicked, not on every rerun of the page."""
    from app.ingest import files
    from tests.corpus.build import complaints_csv

    made: list[str] = []
    real = files.annotated_file
    monkeypatch.setattr(files, "annotated_file", lambda *a, **k: made.append("x") or real(*a, **k))
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/upload.py")
    at.selectbox(key="upload_dataset__zh").set_value("complaints")
    at.run()
    bad = complaints_csv(["TS2011990", "2011-05-03", "999", "电话", "否", "x"])
    at.get("file_uploader")[0].upload("投诉.csv", bad, "text/csv")
    at.run()
    at.run()  # a rerun
    assert "文件未通过校验" in " ".join(e.value for e in at.error)
    assert [b for b in at.get("download_button") if "标注" in b.proto.label]
    assert made == []
