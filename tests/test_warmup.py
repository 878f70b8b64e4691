"""Reports kept by the versions of what they read, and warmed again after a commit: a 督办 step
leaves the indicators' reports cached; after the monthly upload the reports leaders looked
at are computed for the new month before anyone asks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import streamlit as st

from app.reports import compute
from app.store import Store
from app.web import caches, warmup


@pytest.fixture
def app_store(demo_store: Store, monkeypatch) -> Store:
    monkeypatch.setenv("COUNTY_DATA_DIR", demo_store.root)
    st.cache_resource.clear()
    st.cache_data.clear()
    with warmup._guard:
        warmup._noted.clear()
        warmup._views.clear()
        warmup._calls.clear()
    yield demo_store
    st.cache_resource.clear()


@pytest.fixture
def counted(monkeypatch) -> dict[str, list]:
    calls: dict[str, list] = {"targets": []}
    original = compute.targets

    def targets(read, settings, year, month):  # noqa: ANN001
        calls["targets"].append(month)
        return original(read, settings, year, month)

    monkeypatch.setattr(compute, "targets", targets)
    return calls


def _new_month(store: Store, period: str) -> None:
    values = store.read("indicator_values")
    month = values[values["period"] == "2011-11"].copy()
    month["period"] = period
    store.commit("indicator_values", month, "replace", {"user": "t"}, where={"period": [period]})


def test_a_commit_elsewhere_leaves_a_report_cached(app_store: Store, counted) -> None:
    first = caches.report("targets", 2011, "2011-11")
    caches.report("targets", 2011, "2011-11")
    assert counted["targets"] == ["2011-11"]
    items = app_store.read("supervision_items")
    app_store.commit("supervision_items", items.head(3), "upsert", {"user": "t"})  # a 督办 step
    again = caches.report("targets", 2011, "2011-11")
    assert counted["targets"] == ["2011-11"]  # not computed again
    assert again.equals(first)
    _new_month(app_store, "2011-12")  # what the report reads changed: computed again
    caches.report("targets", 2011, "2011-11")
    assert counted["targets"] == ["2011-11", "2011-11"]


def test_after_an_upload_the_new_month_is_warm_before_anyone_asks(
    app_store: Store, counted
) -> None:
    caches.report("targets", 2011, "2011-11")
    caches.report("field_days", 2011, dt.date(2011, 11, 30))
    assert ("targets", ("<year>", "<month>")) in warmup.noted()
    _new_month(app_store, "2011-12")
    assert warmup.warm() == 2
    assert counted["targets"] == ["2011-11", "2011-12"]  # the new latest month
    december = caches.report("targets", 2011, "2011-12")
    assert counted["targets"] == ["2011-11", "2011-12"]  # found warm
    assert set(december["month"]) == {12}


def test_the_tables_people_read_are_warmed_in_their_language(
    app_store: Store, counted, monkeypatch
) -> None:
    from app.reports import tables
    from app.web import language

    made: list[str] = []
    original = tables.targets

    def targets(report, names, lang):  # noqa: ANN001
        made.append(lang)
        return original(report, names, lang)

    monkeypatch.setattr(tables, "targets", targets)
    language._this_run.forced = "en"  # a leader reading English
    try:
        caches.table("targets", 2011, "2011-11")
        _new_month(app_store, "2011-12")
        language._this_run.forced = None
        warmup.warm()  # the server's thread: no session, no language of its own
        assert made == ["en", "en"]  # made again, in English, for the new month
        language._this_run.forced = "en"
        december = caches.table("targets", 2011, "2011-12")
    finally:
        language._this_run.forced = None
    assert made == ["en", "en"]  # found warm
    assert "Indicator" in december.columns


def test_reports_share_the_months_status_and_follow_an_upload(
    app_store: Store, monkeypatch
) -> None:
    """The month's 序时进度 of every indicator is made once for the headline, the framework, a
    ranking and the table (not once per report); an upload of that month makes it again, and
    every report shows the new figures, the same as the command line computes them. An upload
    of the next month leaves it as it was, and a correction of that month reads that month's
    rows only (its year-to-date advances the month before's)."""
    from app import metrics

    made: list[tuple[int, int]] = []
    real = metrics.progress

    def counting(indicators, targets, current, last_year, previous, year, month, settings):  # noqa: ANN001, ANN202, E501
        made.append((year, month))
        return real(indicators, targets, current, last_year, previous, year, month, settings)

    monkeypatch.setattr(metrics, "progress", counting)
    code = app_store.read("indicators")["indicator_code"].iloc[0]
    caches.report("headline", 2011, "2011-11")
    caches.report("framework", 2011, "2011-11")
    caches.report("township_ranking", 2011, "2011-11", code)
    caches.report("targets", 2011, "2011-11")
    assert made.count((2011, 11)) == 1

    values = app_store.read("indicator_values")
    november = values[values["period"] == "2011-11"].copy()
    november["value"] = november["value"] * 3  # a corrected November
    app_store.commit(
        "indicator_values", november, "replace", {"user": "t"}, where={"period": ["2011-11"]}
    )
    shown = caches.report("framework", 2011, "2011-11")
    assert made.count((2011, 11)) == 2

    def plain(dataset, columns=None, filters=None):  # noqa: ANN001, ANN202
        return app_store.read(dataset, None, columns, filters)

    expected = compute.framework(plain, caches.settings(), 2011, "2011-11")
    assert shown.equals(expected)
    before = compute.framework(
        lambda d: values if d == "indicator_values" else plain(d),
        caches.settings(),
        2011,
        "2011-11",
    )
    assert not shown.equals(before)  # the correction shows

    _new_month(app_store, "2011-12")  # December uploaded: November's status stays as made
    december = caches.report("targets", 2011, "2011-12")
    caches.report("framework", 2011, "2011-11")
    assert made.count((2011, 11)) == 2
    reads: list = []
    real_read = Store.read

    def recorded(self, dataset, version=None, columns=None, filters=None, snapshot=None):  # noqa: ANN001, ANN202
        if dataset == "indicator_values" and columns is None:  # rows, not the months listed
            reads.append(filters)
        return real_read(self, dataset, version, columns, filters, snapshot)

    monkeypatch.setattr(Store, "read", recorded)
    corrected = app_store.read("indicator_values")
    corrected = corrected[corrected["period"] == "2011-12"].copy()
    corrected["value"] = corrected["value"] + 1.0
    app_store.commit(
        "indicator_values", corrected, "replace", {"user": "t"}, where={"period": ["2011-12"]}
    )
    reads.clear()
    again = caches.report("targets", 2011, "2011-12")
    assert reads == [[("period", "=", "2011-12")]]  # December's rows only
    expected = compute.targets(plain, caches.settings(), 2011, "2011-12")
    pd.testing.assert_frame_equal(  # the page's copy keeps its repeated text as categories
        again, expected, check_dtype=False, check_categorical=False
    )
    assert not again["actual"].equals(december["actual"])


def test_a_warm_up_pass_reads_one_set_of_versions(app_store: Store, monkeypatch) -> None:
    """A commit landing while the warm-up computes is the next pass's: within a pass every
    read, report and kept state is at the versions the pass started with (nothing is kept
    under one version's identity with another version's rows)."""
    seen: list[tuple[int, int]] = []

    def spy(read, settings):  # noqa: ANN001, ANN202 - a report during which an upload lands
        before = caches.versions()["indicator_values"]
        _new_month(app_store, "2011-12")
        seen.append((before, caches.versions()["indicator_values"]))
        return 0

    monkeypatch.setattr(compute, "spy_report", spy, raising=False)
    warmup.note("spy_report", ())
    warmup.warm()
    assert seen and seen[0][0] == seen[0][1]
    assert caches.versions()["indicator_values"] == seen[0][0] + 1  # outside the pass: latest


def test_a_restarted_server_warms_what_people_looked_at_before(
    app_store: Store, counted, monkeypatch
) -> None:
    """The notes outlive the server: a new server (nothing noted, every cache empty) reads
    them back and computes the reports, the tables in their language and the bulletin's
    preview for the latest month before the first leader asks."""
    from app.views import bulletin_documents
    from app.web import language, warmup_notes

    caches.report("targets", 2011, "2011-11")
    language._this_run.forced = "en"
    try:
        caches.table("targets", 2011, "2011-11")
    finally:
        language._this_run.forced = None
    warmup.note_call(bulletin_documents.preview, ("2011-11", "zh"))
    saved = warmup_notes.save(app_store, None)
    assert {"report", "view", "call"} <= {next(iter(e)) for e in saved}
    assert warmup_notes.save(app_store, saved) is saved  # unchanged: not written again

    _new_month(app_store, "2011-12")  # uploaded while the server was down
    with warmup._guard:  # a new process: nothing in mind, nothing cached
        warmup._noted.clear()
        warmup._views.clear()
        warmup._calls.clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    read_back = warmup_notes.load(app_store)
    assert len(read_back) == len(saved)
    assert warmup.warm() == 3
    assert "2011-12" in counted["targets"]  # the new latest month
    made = len(counted["targets"])
    language._this_run.forced = "en"
    try:
        december = caches.table("targets", 2011, "2011-12")
    finally:
        language._this_run.forced = None
    assert len(counted["targets"]) == made  # found warm
    assert "Indicator" in december.columns


def test_unreadable_warmup_notes_are_skipped(app_store: Store) -> None:
    from app.documents import replace_doc
    from app.web import warmup_notes

    replace_doc(
        app_store,
        warmup_notes.DOCUMENT,
        {
            "entries": [
                {"report": "targets", "args": {"tuple": ["<year>", "<month>"]}},
                {"view": "x", "build": "os:system", "args": {"tuple": []}, "lang": "zh"},
                {"call": "y", "fn": "app.nowhere:f", "args": {"tuple": []}},
                {"report": "z", "args": [1, 2]},
            ]
        },
    )
    assert [e.get("report") for e in warmup_notes.load(app_store)] == ["targets"]
    assert warmup.noted() == [("targets", ("<year>", "<month>"))]


def test_an_upload_in_this_server_wakes_the_warm_up_at_once(
    app_store: Store, counted, monkeypatch
) -> None:
    """The upload page wakes the warm-up: the new month is computed without waiting for the
    next poll of the tables' versions (here a poll a minute away)."""
    import threading
    import time

    monkeypatch.setenv("COUNTY_WARMUP", "on")
    monkeypatch.setattr(warmup, "POLL_SECONDS", 60.0)
    caches.report("targets", 2011, "2011-11")
    stop = threading.Event()
    warmup._woken.clear()
    thread = threading.Thread(target=warmup._loop, args=(app_store.root, stop), daemon=True)
    thread.start()
    try:
        warmup.wake()  # the thread's first look: the versions as they are
        deadline = time.monotonic() + 30
        while warmup._woken.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        _new_month(app_store, "2011-12")
        warmup.wake()
        while "2011-12" not in counted["targets"] and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        warmup.wake()
        thread.join(timeout=30)
    assert "2011-12" in counted["targets"]
