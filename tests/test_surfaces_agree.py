"""One figure, one place: for every month of the demo year, the headline figures a leader
reads agree on every surface: the overview and 四帮四促 pages (AppTest), the monthly bulletin
(its outline), the month workbook and the command line's JSON. The figures: leading cadres
behind on days at the grassroots, leaders who missed a petition deadline, and units held
accountable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from app.reports import bulletin, compute
from app.reports.export import month_sheets
from app.settings import Settings
from app.store import Store
from tests.test_app import run_app

MONTHS = [f"2011-{m:02d}" for m in range(1, 12)]  # the demo county reports to November


@pytest.fixture(scope="module")
def store(demo_store_template: Path) -> Store:
    return Store(str(demo_store_template))  # read only


def number(pattern: str, texts: list[str]) -> int:
    for text in texts:
        found = re.search(pattern, text)
        if found:
            return int(found.group(1))
    raise AssertionError(f"{pattern!r} not in {texts}")


def on_the_pages(store: Store, month: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    at = run_app(store.root, monkeypatch, "zh", user="demo-leader")
    at.session_state["year"], at.session_state["as_of"] = 2011, month
    at.run()
    deltas = [str(m.proto.delta) for m in at.metric]
    overview = {
        "behind": number(r"(\d+) 人滞后", deltas),
        "short": number(r"(\d+) 人逾期未完成", deltas),
        "accountable": number(r"(\d+) 个单位被问责", deltas),
    }
    at.switch_page("pages/field.py")
    at.run()
    cards = {m.label: m.value for m in at.metric}
    assert int(cards["信访包案逾期未完成（人）"]) == overview["short"], month
    assert int(cards["天数滞后（人）"]) == overview["behind"], month
    return overview


def in_the_bulletin(store: Store, month: str) -> dict[str, int]:
    outline = bulletin.outline(store.read, Settings(), bulletin.month_period(month))
    texts = [b.text for b in outline.blocks if b.kind == "para"]
    return {"behind": number(r"滞后(\d+)人。", texts), "short": number(r"(\d+)人逾期未完成", texts)}


def in_the_workbook(store: Store, month: str) -> dict[str, int]:
    sheets = month_sheets(store.read, Settings(), month)
    return {
        "behind": int((sheets["下基层天数"]["状态"] == "滞后").sum()),
        "short": int((sheets["信访维稳"]["状态"] == "未达标").sum()),
        "accountable": sheets["问责清单"]["单位代码"].nunique(),
    }


def on_the_command_line(store: Store, month: str, capsys: pytest.CaptureFixture[str]) -> dict:
    as_of = compute.month_end(month).isoformat()

    def report(kind: str) -> list[dict]:
        capsys.readouterr()
        assert (
            main(
                [
                    "report",
                    kind,
                    "--year",
                    "2011",
                    "--as-of",
                    as_of,
                    "--format",
                    "json",
                    "--data-dir",
                    store.root,
                ]
            )
            == 0
        )
        return json.loads(capsys.readouterr().out)

    return {
        "behind": sum(r["status"] == "behind" for r in report("field-days")),
        "short": sum(r["status"] == "short" for r in report("petitions")),
        "accountable": len({r["unit_code"] for r in report("accountability")}),
    }


@pytest.mark.parametrize("month", MONTHS)
def test_every_surface_shows_the_same_figures(store, month, monkeypatch, capsys) -> None:
    pages = on_the_pages(store, month, monkeypatch)
    command_line = on_the_command_line(store, month, capsys)
    assert pages == command_line, month
    assert in_the_workbook(store, month) == command_line, month
    written = in_the_bulletin(store, month)
    assert written == {k: command_line[k] for k in written}, month
