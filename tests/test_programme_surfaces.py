"""The programme's rules on every surface of the demo county: the pages (AppTest) name what
the rules find, the command line answers each new report kind in the contract's JSON (demo
and empty store), and the bulletin carries the section where a leader looks."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.cli import main
from app.demo import scenarios
from app.reports import compute
from app.reports.bulletin.blocks import _Doc
from app.reports.bulletin.periods import Period
from app.reports.bulletin.sections_programme import _programme
from app.reports.programme import KINDS
from app.settings import Settings
from app.store import Store
from tests.test_app import all_text, run_app

YEAR, AS_OF = 2011, dt.date(2011, 11, 30)
CASES = scenarios()["programme"]


def test_projects_page_lists_the_schedule_findings(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", "pages/projects.py")
    assert not at.exception
    text = all_text(at)
    assert "项目进度计划" in text
    schedule = compute.project_schedule(demo_store.read, Settings(), YEAR, AS_OF)
    flagged = schedule[schedule["late_start"] | schedule["overdue"] | schedule["missing_lead"]]
    assert set(flagged["project_id"]) == set(CASES["schedule"].values())
    for name in flagged["name"]:
        assert name in text
    charts = [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]
    assert len(charts) >= 4  # stages, levels, investment, townships, and the schedule


def test_surveys_page_flags_the_unpublished_round(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", "pages/surveys.py")
    assert not at.exception
    text = all_text(at)
    assert "第2轮测评结果应于2011-06-19前公布，至今未公布。" in text
    assert "窗口单位" in text and "乡镇所属站所、村（居）社区、服务区测评" in text
    assert "城关镇" in text and "乡镇诫勉谈话" in text
    assert "未作公开承诺" in text and "整改措施未公开" in text


def test_field_page_lists_liaisons_paired_leaders_and_plans(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", "pages/field.py")
    assert not at.exception
    text = all_text(at)
    assert "县能源局：未明确联络员" in text and "县规划局：联络员多于一名" in text
    assert "32个联系点中30个符合" in text
    assert "应报101个，逾期2个，未报送1个" in text
    assert "领导定期接访" in text and "服务基层承诺与公开承诺" in text
    assert "：服务基层承诺未公开" in text  # the demo's one leader who has not published


def test_english_pages_render(demo_store: Store, monkeypatch) -> None:
    for page in ("pages/projects.py", "pages/surveys.py", "pages/field.py"):
        at = run_app(demo_store.root, monkeypatch, "en", page)
        assert not at.exception, page


def _report(capsys, root: str, kind: str, fmt: str = "json") -> str:
    code = main(["report", kind, "--year", "2011", "--format", fmt, "--data-dir", root])
    out = capsys.readouterr().out
    assert code == 0, kind
    return out


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_report_answers_in_the_contracts_json(kind: str, demo_store: Store, capsys) -> None:
    rows = json.loads(_report(capsys, demo_store.root, kind))
    assert rows and all(list(r) == KINDS[kind] for r in rows)
    assert _report(capsys, demo_store.root, kind, "table").strip()


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_report_answers_on_an_empty_store(kind: str, empty_store: Store, capsys) -> None:
    assert json.loads(_report(capsys, empty_store.root, kind)) == []
    assert _report(capsys, empty_store.root, kind, "table").strip()


def test_the_json_names_the_demo_cases(demo_store: Store, capsys) -> None:
    plans = {
        r["unit_code"]: r["status"]
        for r in json.loads(_report(capsys, demo_store.root, "work-plans"))
    }
    assert plans[CASES["work_plans"]["late"]] == "late"
    assert plans[CASES["work_plans"]["missing"][0]] == "missing"
    liaisons = {r["unit_code"]: r for r in json.loads(_report(capsys, demo_store.root, "liaisons"))}
    assert liaisons[CASES["liaisons"]["missing"]]["status"] == "missing"
    several = liaisons[CASES["liaisons"]["several"]]
    assert several["status"] == "several" and CASES["liaisons"]["moved"] in several["liaison_ids"]
    leads = json.loads(_report(capsys, demo_store.root, "paired-leads"))
    assert len(leads) == 32 and sum(not r["ok"] for r in leads) == 2
    rounds = json.loads(_report(capsys, demo_store.root, "survey-publication"))
    assert [(r["round"], r["status"]) for r in rounds] == [(2, "unpublished"), (3, "not_due")]


def test_the_quarterly_report_has_the_stability_section(demo_store: Store) -> None:
    doc = _Doc("zh")
    _programme(
        doc, demo_store.read, Settings(), Period("quarter", 2011, 2), 2011, dt.date(2011, 6, 30)
    )
    text = "\n".join(b.text for b in doc.blocks)
    assert "本季度信访维稳情况" in text and "本季度新增矛盾纠纷" in text
    assert "第2轮满意度测评结果应于2011年6月19日前经联席会议审定后公布，至今未公布。" in text
    assert "1个联系单位未明确联络员：县能源局。" in text
    tables = [b.table for b in doc.blocks if b.kind == "table"]
    assert tables and tables[0].rows


def test_an_empty_month_adds_no_section(empty_store: Store) -> None:
    doc = _Doc("zh")
    _programme(
        doc, empty_store.read, Settings(), Period("month", 2011, 1), 2011, dt.date(2011, 1, 31)
    )
    assert doc.blocks == []
