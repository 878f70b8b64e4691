"""督查督办: proposals from the rules, the item lifecycle and its lights, who may do what, the
command line's contract, the bulletin's section, the Word notice and the page."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from app import auth, supervision
from app.cli import main
from app.metrics import supervision as rules
from app.reports import bulletin
from app.reports import supervision as reports
from app.reports.supervision_notice import notice_outline
from app.settings import Settings, SettingsError, load_settings
from app.store import Store
from tests.test_app import all_text, run_app

SETTINGS = Settings()
SUP = auth.Account(name="sup", role="supervisor", password_hash="")
LAND = auth.Account(name="land", role="uploader", password_hash="", units=["032"])
UNION = auth.Account(name="union", role="uploader", password_hash="", units=["015"])
VIEWER = auth.Account(name="leader", role="viewer", password_hash="")


@pytest.fixture
def store(demo_store: Store) -> Store:
    """The demo county without its seeded register: the loop starts from nothing."""
    demo_store.commit(
        "supervision_items", demo_store.read("supervision_items").head(0), "overwrite"
    )
    return demo_store


def _cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- proposals --------------------------------------------------------------------------------


def test_a_months_findings_are_proposed_from_every_rule(store: Store) -> None:
    found = reports.supervision_proposals(store.read, SETTINGS, "2011-11")
    by_source = found.groupby("source").size().to_dict()
    # The demo's red indicators, stalled projects, round 2 and 3 admonishments (bottom 1 of
    # 党群, bottom 2 of 政府), both-rounds handling, round 1's rectifications, the most
    # complained-of unit, cadres behind, the liaison's short months, the festival deadline.
    assert by_source == {
        "indicator_red": 5,
        "project_stalled": 2,
        "project_schedule": 3,
        "survey_admonish": 7,
        "survey_organisational": 2,
        "survey_superior": 1,
        "rectification_late": 1,
        "rectification_missing": 3,
        "complaints_most": 1,
        "field_days_behind": 3,
        "liaison_short": 2,
        "petitions_short": 3,
    }
    land = found[(found["source"] == "complaints_most")].iloc[0]
    assert land["unit_code"] == "032" and "县国土资源局" in land["finding"]
    assert "7件" in land["finding"]
    # A township's red indicator goes to the township's own unit; a county one to nobody.
    red = found[found["source"] == "indicator_red"]
    assert set(red.loc[red["ref"] == "19", "unit_code"]) == {"219"}
    assert red.loc[red["ref"].isna(), "unit_code"].isna().all()
    # Rectification of round 1: 10 days, as the speech says; others the default 15.
    assert set(found.loc[found["source"] == "rectification_missing", "due_days"]) == {10}
    assert set(found.loc[found["source"] == "project_stalled", "due_days"]) == {15}


def test_a_code_with_stray_spaces_names_the_same_finding() -> None:
    # A code typed with a space in Excel ("019 ", a full-width space) or left empty names the
    # same finding as the clean code, whatever kind of column it came in: text, categories,
    # Python objects, numbers.
    codes = ["019 ", "\u3000020", "", None, "021"]
    expected = ["019", "020", None, None, "021"]
    for column in (
        pd.Series(codes, dtype="str"),
        pd.Series(codes, dtype="category"),
        pd.Series(codes, dtype=object),
    ):
        got = rules._texts(column, len(column))
        assert got.dtype == "str"
        assert [None if pd.isna(v) else v for v in got] == expected
    mixed = rules._texts(pd.Series([19, "020 ", None], dtype=object), 3)
    assert [None if pd.isna(v) else v for v in mixed] == ["19", "020", None]
    assert list(rules._texts(" 县本级 ", 2)) == ["县本级", "县本级"]
    assert rules._texts(None, 2).isna().all()
    # Findings made of such codes are keyed as an item stored with the clean ones.
    found = rules.finding_frame(
        [rules._found("liaison_short", pd.Series(["C1 "]), "2011-03", "0 ", None, {}, [0])],
        "2011-03",
    )
    assert rules.finding_keys(found).tolist() == ["liaison_short|C1|2011-03"]
    assert found["unit_code"].tolist() == ["0"] and found["cadre_id"].isna().all()


def test_petitions_are_proposed_only_past_a_deadline(store: Store) -> None:
    january = reports.supervision_proposals(store.read, SETTINGS, "2011-01")
    assert "petitions_short" not in set(january["source"])  # the festival is on 3 February
    february = reports.supervision_proposals(store.read, SETTINGS, "2011-02")
    short = february[february["source"] == "petitions_short"]
    assert len(short) == 3 and set(short["ref"]) == {"festival:2011-02-03"}


def test_an_open_finding_is_not_proposed_again_and_issuing_twice_adds_nothing(store: Store) -> None:
    on = dt.date(2011, 12, 5)
    ids = supervision.issue(store, SETTINGS, "2011-10", user="sup", account=SUP, on=on)
    assert ids and ids[0] == "DB201110-001"
    assert supervision.issue(store, SETTINGS, "2011-10", user="sup", account=SUP, on=on) == []
    # November: the standing findings still open are not proposed again, nor past events.
    november = reports.supervision_proposals(store.read, SETTINGS, "2011-11")
    items = store.read("supervision_items")
    known = set(zip(items["source"], items["subject_code"], items["ref"].fillna(""), strict=True))
    again = set(
        zip(november["source"], november["subject_code"], november["ref"].fillna(""), strict=True)
    )
    assert not known & again
    # Round 3 (November) is new: its admonishments are proposed.
    assert set(november.loc[november["source"] == "survey_admonish", "ref"]) == {"2011-3"}


def test_a_standing_finding_comes_back_after_its_item_is_closed(store: Store) -> None:
    on = dt.date(2011, 11, 3)
    supervision.issue(
        store, SETTINGS, "2011-10", user="sup", account=SUP, on=on, sources=["project_stalled"]
    )
    item = store.read("supervision_items").iloc[0]
    supervision.feedback(
        store, SETTINGS, item["item_id"], text="已协调", account=SUP, on=dt.date(2011, 11, 10)
    )
    supervision.close(store, SETTINGS, item["item_id"], account=SUP, on=dt.date(2011, 11, 11))
    november = reports.supervision_proposals(store.read, SETTINGS, "2011-11")
    stalled = november[november["source"] == "project_stalled"]
    assert item["subject_code"] in set(stalled["subject_code"])  # still stalled: again


# -- lifecycle and lights ----------------------------------------------------------------------


def _one(store: Store, unit: str = "032") -> str:
    supervision.issue(
        store,
        SETTINGS,
        "2011-11",
        user="sup",
        account=SUP,
        on=dt.date(2011, 12, 5),
        sources=["complaints_most"],
    )
    items = store.read("supervision_items")
    return str(items.loc[items["unit_code"] == unit, "item_id"].iloc[0])


def _light(store: Store, item: str, day: str) -> tuple[str, str, str]:
    states = reports.supervision_register(store.read, SETTINGS, dt.date.fromisoformat(day))
    row = states[states["item_id"] == item].iloc[0]
    return row["status_at"], f"{row['due_at']:%Y-%m-%d}", row["light"]


def test_the_lifecycle_and_its_lights_follow_the_dates(store: Store) -> None:
    item = _one(store)  # issued 5 Dec, due in 15 days: 20 Dec
    supervision.feedback(
        store,
        SETTINGS,
        item,
        text="已制定整改措施",
        account=LAND,
        file=("整改方案.docx", b"plan"),
        on=dt.date(2011, 12, 8),
    )
    supervision.return_item(
        store, SETTINGS, item, reason="措施不具体", account=SUP, on=dt.date(2011, 12, 10)
    )
    supervision.extend(
        store,
        SETTINGS,
        item,
        to=dt.date(2011, 12, 30),
        reason="需跨部门协调",
        account=SUP,
        on=dt.date(2011, 12, 10),
    )
    supervision.feedback(
        store, SETTINGS, item, text="已补充", account=LAND, on=dt.date(2011, 12, 20)
    )
    supervision.close(store, SETTINGS, item, account=SUP, on=dt.date(2011, 12, 22))
    assert _light(store, item, "2011-12-06") == ("issued", "2011-12-20", "none")
    assert _light(store, item, "2011-12-09") == ("feedback", "2011-12-20", "none")
    assert _light(store, item, "2011-12-11") == ("returned", "2011-12-30", "yellow")
    assert _light(store, item, "2011-12-21") == ("feedback", "2011-12-30", "yellow")
    assert _light(store, item, "2011-12-23") == ("closed", "2011-12-30", "green")
    stored = store.read("supervision_items").set_index("item_id").loc[item]
    assert stored["original_due_on"] == pd.Timestamp("2011-12-20")
    assert stored["extension_reason"] == "需跨部门协调"
    assert supervision.attachment(store, stored["feedback_sha256"]) is None  # replaced answer
    steps = [s["action"] for s in json.loads(stored["log"])]
    assert steps == ["issue", "feedback", "return", "extend", "feedback", "close"]
    # Every step is a commit with who did it.
    history = store.history("supervision_items")
    assert {"sup", "land"} <= set(history["user"])


def test_blue_near_the_deadline_and_red_past_it(store: Store) -> None:
    item = _one(store)  # due 20 Dec; remind 3 days before
    assert _light(store, item, "2011-12-16")[2] == "none"
    assert _light(store, item, "2011-12-17")[2] == "blue"
    assert _light(store, item, "2011-12-20")[2] == "blue"
    assert _light(store, item, "2011-12-21")[2] == "red"
    summary = reports.supervision_units(store.read, SETTINGS, dt.date(2012, 1, 10))
    land = summary.set_index("unit_code").loc["032"]
    assert land["overdue"] == 1 and land["max_overdue_days"] == 21
    assert bool(land["escalate"])  # overdue longer than 15 days: 责令作出检查


def test_an_attachment_is_kept_and_checked(store: Store) -> None:
    item = _one(store)
    supervision.feedback(
        store,
        SETTINGS,
        item,
        text="见附件",
        account=LAND,
        file=("a.pdf", b"%PDF-1"),
        on=dt.date(2011, 12, 8),
    )
    stored = store.read("supervision_items").set_index("item_id").loc[item]
    assert stored["feedback_file"] == "a.pdf"
    assert supervision.attachment(store, stored["feedback_sha256"]) == b"%PDF-1"


def test_who_may_do_what(store: Store) -> None:
    item = _one(store)
    before = store.version("supervision_items")
    with pytest.raises(supervision.SupervisionError) as refused:
        supervision.feedback(
            store, SETTINGS, item, text="x", account=UNION, on=dt.date(2011, 12, 8)
        )
    assert refused.value.key == "sup.err.not_your_unit"
    with pytest.raises(supervision.SupervisionError):
        supervision.feedback(
            store, SETTINGS, item, text="x", account=VIEWER, on=dt.date(2011, 12, 8)
        )
    for act in (
        lambda: supervision.close(store, SETTINGS, item, account=LAND),
        lambda: supervision.return_item(store, SETTINGS, item, reason="r", account=LAND),
        lambda: supervision.issue(store, SETTINGS, "2011-11", user="land", account=LAND),
    ):
        with pytest.raises(supervision.SupervisionError) as refused:
            act()
        assert refused.value.key == "sup.err.not_supervisor"
    # Steps out of order or dates out of order are refused too.
    with pytest.raises(supervision.SupervisionError) as refused:
        supervision.close(store, SETTINGS, item, account=SUP, on=dt.date(2011, 12, 6))
    assert refused.value.key == "sup.err.wrong_status"  # nothing answered yet
    with pytest.raises(supervision.SupervisionError) as refused:
        supervision.feedback(store, SETTINGS, item, text="x", account=LAND, on=dt.date(2011, 12, 1))
    assert refused.value.key == "sup.err.before_last_step"
    with pytest.raises(supervision.SupervisionError):
        supervision.extend(
            store,
            SETTINGS,
            item,
            to=dt.date(2011, 12, 10),
            reason="r",
            account=SUP,
            on=dt.date(2011, 12, 6),
        )  # earlier than the current due date
    assert store.version("supervision_items") == before  # nothing written


def test_settings_name_a_bad_source(tmp_path) -> None:
    path = tmp_path / "county.toml"
    path.write_text('[supervision]\ndue_days = { "survey_admonsh" = 5 }\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="survey_admonsh"):
        load_settings(path=path)
    path.write_text('[supervision]\ndue_days = { "survey_admonish" = 5 }\nremind_days = 5\n')
    loaded = load_settings(path=path)
    assert loaded.supervision.days_for("survey_admonish") == 5
    assert loaded.supervision.days_for("rectification_missing") == 10


# -- the command line ---------------------------------------------------------------------------


def test_the_loop_on_the_command_line(store: Store, capsys, tmp_path) -> None:
    root = store.root
    auth.add_account(store, "land", "a-long-password", "uploader", units=["032"])
    auth.add_account(store, "union", "a-long-password", "uploader", units=["015"])
    auth.add_account(store, "sup", "a-long-password", "supervisor")
    code, out, _ = _cli(
        capsys, "supervise", "propose", "--month", "2011-11", "--data-dir", root, "--format", "json"
    )
    proposed = json.loads(out)
    assert code == 0 and len(proposed) == 33
    assert set(proposed[0]) >= {
        "source",
        "subject_code",
        "unit_code",
        "cadre_id",
        "period",
        "finding",
    }
    args = ["--data-dir", root, "--user", "sup"]
    code, out, _ = _cli(
        capsys,
        "supervise",
        "issue",
        "--month",
        "2011-11",
        "--source",
        "complaints_most",
        "--due",
        "2011-12-20",
        "--on",
        "2011-12-05",
        *args,
    )
    assert code == 0 and "DB201111-001" in out
    code, out, _ = _cli(
        capsys,
        "supervise",
        "issue",
        "--month",
        "2011-11",
        "--source",
        "complaints_most",
        "--on",
        "2011-12-05",
        *args,
    )
    assert code == 0 and "0" in out  # idempotent
    attachment = tmp_path / "反馈.txt"
    attachment.write_text("整改报告", encoding="utf-8")
    before = store.version("supervision_items")
    code, _, err = _cli(
        capsys,
        "supervise",
        "feedback",
        "DB201111-001",
        "--text",
        "x",
        "--on",
        "2011-12-08",
        "--data-dir",
        root,
        "--user",
        "union",
    )
    assert code == 1 and "不属于" in err and store.version("supervision_items") == before
    steps = [
        (
            "feedback",
            "DB201111-001",
            "--text",
            "已整改",
            "--file",
            str(attachment),
            "--on",
            "2011-12-08",
            "--user",
            "land",
        ),
        ("return", "DB201111-001", "--reason", "不具体", "--on", "2011-12-09", "--user", "sup"),
        (
            "extend",
            "DB201111-001",
            "--to",
            "2011-12-28",
            "--reason",
            "协调",
            "--on",
            "2011-12-09",
            "--user",
            "sup",
        ),
        ("feedback", "DB201111-001", "--text", "已补充", "--on", "2011-12-15", "--user", "land"),
        ("close", "DB201111-001", "--on", "2011-12-16", "--user", "sup"),
    ]
    for step in steps:
        code, _, err = _cli(capsys, "supervise", *step, "--data-dir", root)
        assert code == 0, (step, err)
    code, out, _ = _cli(
        capsys, "supervise", "list", "--as-of", "2011-12-10", "--data-dir", root, "--format", "json"
    )
    (row,) = json.loads(out)
    assert {k: row[k] for k in ("item_id", "source", "unit_code", "status", "light", "due_on")} == {
        "item_id": "DB201111-001",
        "source": "complaints_most",
        "unit_code": "032",
        "status": "returned",
        "light": "yellow",
        "due_on": "2011-12-28",
    }
    code, out, _ = _cli(
        capsys,
        "supervise",
        "list",
        "--as-of",
        "2011-12-31",
        "--status",
        "closed",
        "--data-dir",
        root,
        "--format",
        "json",
    )
    assert [r["light"] for r in json.loads(out)] == ["green"]
    code, _, err = _cli(
        capsys, "supervise", "close", "DB201111-001", "--data-dir", root, "--user", "sup"
    )
    assert code == 1 and "已销号" in err


# -- bulletin, Word notice, overview and page ------------------------------------------------------


def test_the_bulletin_reports_the_register(demo_store: Store) -> None:
    doc = bulletin.outline(demo_store.read, SETTINGS, bulletin.month_period("2011-11"), "zh")
    texts = [b.text for b in doc.blocks]
    start = next(
        i for i, b in enumerate(doc.blocks) if b.kind == "h1" and "督办事项办理情况" in b.text
    )
    section = " ".join(texts[start : start + 4])
    assert "本月交办督办事项30件，办结销号9件" in section
    assert "予以通报批评" in section and "县国土资源局" in section
    assert "作出书面检查" in section


def test_the_word_notice_lists_a_units_open_items(demo_store: Store) -> None:
    outline = notice_outline(demo_store.read, SETTINGS, "032", dt.date(2011, 11, 30))
    table = next(b.table for b in outline.blocks if b.kind == "table")
    assert outline.recipients == "县国土资源局："
    assert len(table.rows) == 3 and all(r[0].startswith("DB2011") for r in table.rows)
    import docx

    from app.reports.supervision_notice import notice_docx

    document = docx.Document(
        io.BytesIO(notice_docx(demo_store.read, SETTINGS, "032", dt.date(2011, 11, 30)))
    )
    assert "督查督办通知单" in document.paragraphs[0].text


def test_the_page_shows_the_register_and_a_supervisor_issues(
    demo_store: Store, monkeypatch
) -> None:
    auth.add_account(demo_store, "sup", "a-long-password", "supervisor")
    at = run_app(demo_store.root, monkeypatch, "zh", page="pages/supervision.py", user="sup")
    text = all_text(at)
    assert "督查督办" in text
    metrics = {m.label: m.value for m in at.metric}
    # The demo at 30 November: October's findings issued on 3 November and moved along, a spot
    # check due on 2 December (blue), a leader's instruction in hand.
    assert metrics["逾期（红）"] == "14" and metrics["已销号"] == "9"
    assert metrics["临近时限（蓝）"] == "1" and metrics["未办结"] == "21"
    assert len(at.tabs) == 5  # register, item, proposals, by hand, notices
    # The proposals are found when their tab is opened, not on every view of the register.
    assert not [b for b in at.button if b.label.startswith("交办选中的")]
    at.session_state["sup_tab"] = "本月待交办"
    at.run()
    issue = next(b for b in at.button if b.label.startswith("交办选中的"))
    issue.click().run()
    assert not at.exception
    assert any("已交办" in s.value for s in at.success)
    assert store_items(demo_store) > 30


def test_a_long_months_proposals_show_a_page_and_issue_whole(
    demo_store: Store, monkeypatch
) -> None:
    """A province's month proposes tens of thousands of findings: the table shows the first
    rows only (the browser is not sent them all, and only they are worded), says so, and
    issuing with no row chosen still issues every finding of the sources chosen, each with
    the very text the supervisor read."""
    from app.web import widgets

    monkeypatch.setattr(widgets, "TABLE_ROWS", 5)
    auth.add_account(demo_store, "sup", "a-long-password", "supervisor")
    before = store_items(demo_store)
    at = run_app(demo_store.root, monkeypatch, "zh", page="pages/supervision.py", user="sup")
    at.session_state["sup_tab"] = "本月待交办"
    at.run()
    proposals = next(d.value for d in at.dataframe if "办理时限（天）" in d.value.columns)
    assert len(proposals) == 5
    cut = next(c.value for c in at.caption if "表中显示前 5 项" in c.value)
    total = int(cut.split("共 ")[1].split(" 项")[0].replace(",", ""))
    assert total > 5
    next(b for b in at.button if b.label.startswith("交办选中的")).click().run()
    assert not at.exception
    assert store_items(demo_store) == before + total
    issued = set(demo_store.read("supervision_items")["finding"])
    assert set(proposals["督办事项"]) <= issued


def store_items(store: Store) -> int:
    return len(store.read("supervision_items"))


def test_an_uploader_sees_and_answers_its_own_items_only(demo_store: Store, monkeypatch) -> None:
    auth.add_account(demo_store, "land", "a-long-password", "uploader", units=["032"])
    at = run_app(demo_store.root, monkeypatch, "zh", page="pages/supervision.py", user="land")
    assert len(at.tabs) == 3  # register, item, notices
    shown = at.dataframe[0].value
    assert set(shown["责任单位"]) == {"县国土资源局"}
    at.text_area(key="sup_fb_text").set_value("已整改到位")
    form_button = next(b for b in at.button if b.label == "提交反馈")
    form_button.click().run()
    assert not at.exception
    items = demo_store.read("supervision_items")
    answered = items[items["feedback_text"] == "已整改到位"]
    assert len(answered) == 1 and answered["unit_code"].iloc[0] == "032"


def test_the_page_in_english_for_a_leader(demo_store: Store, monkeypatch) -> None:
    at = run_app(
        demo_store.root, monkeypatch, "en", page="pages/supervision.py", user="demo-leader"
    )
    assert len(at.tabs) == 3
    assert "Overdue (red)" in [m.label for m in at.metric]
    assert not [b for b in at.button if b.label in ("Accept and close", "Send the answer")]


def test_the_overview_counts_the_register(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-leader")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["未办结"] == "21" and metrics["逾期（红）"] == "14"
    assert metrics["临近时限（蓝）"] == "1"


# -- notices: issuing and the lights reach the robots and the mailbox ---------------------------


def test_issuing_and_the_lights_send_notices(store: Store, monkeypatch) -> None:
    from aiosmtpd.controller import Controller

    from app.settings import NoticeSettings
    from app.supervision_notify import notify_lights
    from tests.test_notices import Mailbox, Robot, _free_port

    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    robot, box = Robot(), Mailbox()
    mail = Controller(box, hostname="127.0.0.1", port=_free_port())
    mail.start()
    try:
        settings = Settings(
            notices=NoticeSettings(
                enabled=True,
                webhooks=[{"kind": "wecom", "url": robot.url("/cgi-bin/webhook/send?key=k")}],
                smtp_host="127.0.0.1",
                smtp_port=mail.port,
                smtp_sender="duban@example.gov.cn",
                smtp_recipients=["leader@example.gov.cn"],
                timeout_seconds=5.0,
            )
        )
        ids = supervision.issue(
            store,
            settings,
            "2011-11",
            user="sup",
            account=SUP,
            on=dt.date(2011, 12, 5),
            sources=["complaints_most"],
        )
        _wait(lambda: robot.requests and box.received)
        text = robot.requests[0]["body"]["text"]["content"]
        assert ids and "县国土资源局" in text and "2011-12-20" in text
        assert box.received[0][0] == ["leader@example.gov.cn"]
        # Past its due date the item is red: an overdue reminder goes once per channel.
        notify_lights(store, settings, on=dt.date(2011, 12, 21))
        _wait(lambda: len(robot.requests) >= 2)
        notify_lights(store, settings, on=dt.date(2011, 12, 22))
        import time

        time.sleep(1.0)
        assert len(robot.requests) == 2
        assert "逾期" in robot.requests[1]["body"]["text"]["content"]
    finally:
        robot.stop()
        mail.stop()


def _wait(done, seconds: float = 20.0) -> None:
    import time

    end = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < end, "no notice arrived"
        time.sleep(0.1)


def test_a_supervisor_uploads_a_leaders_instructions_and_an_uploader_may_not(
    store: Store, capsys, tmp_path
) -> None:
    auth.add_account(store, "sup", "a-long-password", "supervisor")
    auth.add_account(store, "land", "a-long-password", "uploader", units=["032"])
    path = tmp_path / "领导批示.csv"
    path.write_bytes(
        "督办编号,来源,督办事项,责任单位,交办日期,办结时限\n"
        "LD-2011-01,instruction,落实县长批示：加快城区供水管网改造,034,2011年11月20日,2011-12-10\n".encode(
            "gbk"
        )
    )
    code, _, err = _cli(
        capsys, "ingest", "supervision_items", str(path), "--data-dir", store.root, "--user", "land"
    )
    assert code == 1 and store.read("supervision_items").empty
    code, _, err = _cli(
        capsys, "ingest", "supervision_items", str(path), "--data-dir", store.root, "--user", "sup"
    )
    assert code == 0, err
    states = reports.supervision_register(store.read, SETTINGS, dt.date(2011, 12, 11))
    row = states.set_index("item_id").loc["LD-2011-01"]
    assert (row["status_at"], row["light"], row["period"]) == ("issued", "red", "2011-11")
    assert auth.uploadable(auth.get_account(store, "sup")) == ["supervision_items"]


def test_a_supervisor_returns_and_extends_on_the_page(demo_store: Store, monkeypatch) -> None:
    auth.add_account(demo_store, "sup", "a-long-password", "supervisor")
    items = demo_store.read("supervision_items")
    answered = items[items["status"] == "feedback"].sort_values("item_id")["item_id"].iloc[0]
    at = run_app(demo_store.root, monkeypatch, "zh", page="pages/supervision.py", user="sup")
    at.selectbox(key="sup_item").set_value(answered).run()
    at.text_input(key="sup_rt_reason").set_value("佐证材料不全")
    next(b for b in at.button if b.label == "退回重办").click().run()
    assert not at.exception
    assert any("已退回" in s.value for s in at.success)
    at.selectbox(key="sup_item").set_value(answered).run()
    at.date_input(key="sup_ex_to").set_value(dt.date(2011, 12, 31))
    at.text_input(key="sup_ex_reason").set_value("需县政府协调")
    next(b for b in at.button if b.label == "同意延期").click().run()
    assert not at.exception
    row = demo_store.read("supervision_items").set_index("item_id").loc[answered]
    assert row["status"] == "returned" and row["return_reason"] == "佐证材料不全"
    assert row["due_on"] == pd.Timestamp("2011-12-31") and row["extension_reason"] == "需县政府协调"


def test_an_empty_register_reads_as_nothing_everywhere(store: Store) -> None:
    end = dt.date(2011, 11, 30)
    assert reports.supervision_register(store.read, SETTINGS, end).empty
    assert reports.supervision_counts(store.read, SETTINGS, end)["open"] == 0
    month = reports.supervision_month(store.read, SETTINGS, "2011-11")
    assert (month["issued"], month["closed"], month["criticised"]) == (0, 0, [])
    assert reports.supervision_units(store.read, SETTINGS, end).empty
    doc = bulletin.outline(store.read, SETTINGS, bulletin.month_period("2011-11"), "zh")
    assert not [b for b in doc.blocks if "督办事项办理情况" in b.text]


def test_another_servers_step_in_between_is_read_again_not_written_over(
    store: Store, monkeypatch
) -> None:
    """Server B reads the item, server A answers it, then B extends: B's commit is refused
    (the table moved on), B reads again and extends the answered item; nothing is lost."""
    item = _one(store)
    real_read = Store.read
    state = {"armed": True}

    def read(self, dataset, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        frame = real_read(self, dataset, *args, **kwargs)
        if dataset == "supervision_items" and state["armed"]:
            state["armed"] = False  # A (another server: not this one's lock) commits now
            row = frame[frame["item_id"] == item].copy()
            log = json.loads(row["log"].iloc[0])
            log.append(rules.step("feedback", dt.date(2011, 12, 8), "land", text="已整改"))
            row["status"], row["feedback_text"] = "feedback", "已整改"
            row["feedback_on"] = pd.Timestamp("2011-12-08")
            row["log"] = json.dumps(log, ensure_ascii=False)
            self.commit("supervision_items", row, "upsert", {"user": "land"})
        return frame

    monkeypatch.setattr(Store, "read", read)
    supervision.extend(
        store,
        SETTINGS,
        item,
        to=dt.date(2011, 12, 30),
        reason="协调",
        account=SUP,
        on=dt.date(2011, 12, 9),
    )
    monkeypatch.setattr(Store, "read", real_read)
    stored = store.read("supervision_items").set_index("item_id").loc[item]
    assert [s["action"] for s in json.loads(stored["log"])] == ["issue", "feedback", "extend"]
    assert stored["status"] == "feedback" and stored["feedback_text"] == "已整改"
    assert stored["due_on"] == pd.Timestamp("2011-12-30")


def test_two_servers_adding_an_item_at_once_keep_both(store: Store, monkeypatch) -> None:
    """Another server adds an item between this one's read of the ids and its commit: both
    took the same new id, so this one's commit (on the version it read) conflicts and is made
    again with the next id, instead of writing its item over the other's."""
    from app.store import Store as StoreClass

    other = Store(store.root)
    original = StoreClass._commit_once

    def other_server_first(self, dataset, spec, frame, *args, **kwargs):
        monkeypatch.setattr(StoreClass, "_commit_once", original)  # once
        theirs = frame.assign(finding="另一台服务器记下的问题")
        other.commit(dataset, theirs, "upsert", {"user": "other"})
        return original(self, dataset, spec, frame, *args, **kwargs)

    monkeypatch.setattr(StoreClass, "_commit_once", other_server_first)
    on = supervision.today(SETTINGS)
    mine = supervision.add_item(
        store,
        SETTINGS,
        user="sup",
        account=SUP,
        source="inspection",
        finding="明查暗访发现的问题",
        unit_code="032",
        due=on + dt.timedelta(days=10),
        on=on,
    )
    items = store.read("supervision_items")
    assert sorted(items["finding"]) == sorted(["另一台服务器记下的问题", "明查暗访发现的问题"])
    assert items["item_id"].is_unique
    assert items.loc[items["item_id"] == mine, "finding"].tolist() == ["明查暗访发现的问题"]
