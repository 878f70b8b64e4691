"""A scoped upload adds, changes or removes only rows in its scope, before and after: a key that
belongs to another unit's (cadre's, township's) stored row is a row-level error naming the row
and the key, and nothing is written; through ``prepare`` (the page) and the command line's
``--user``, for every kind of dataset. Codes are the demo county's (unit 015: cadres C0049 and
C0050; complaint TS2011001 is unit 008's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import auth
from app.cli import main
from app.ingest import prepare
from app.settings import Settings
from app.store import Store
from tests.fixtures import build

COMPLAINTS = ["编号", "受理日期", "单位代码", "渠道", "是否查实", "内容摘要"]
ACTIVITIES = [
    "台账编号",
    "干部编号",
    "开始日期",
    "结束日期",
    "乡镇代码",
    "村代码",
    "帮促类型",
    "工作内容",
]


def _csv(rows: list[list[str]]) -> bytes:
    return build._csv(rows, encoding="utf-8")


PETITIONS = ["案件编号", "包案领导", "受理日期", "化解日期", "矛盾类型", "乡镇代码", "突出问题"]


@pytest.fixture
def store(demo_store: Store) -> Store:
    auth.add_account(
        demo_store,
        "clerk015",
        "battery-staple",
        "uploader",
        units=["015"],
        datasets=["complaints", "field_activities", "petitions", "survey_results"],
    )
    auth.add_account(
        demo_store,
        "town01",
        "battery-staple",
        "uploader",
        townships=["01"],
        datasets=["indicator_values", "field_activities", "project_progress"],
    )
    return demo_store


def scoped(store: Store, user: str, dataset: str, content: bytes, period: str | None = None):
    account = auth.get_account(store, user)
    scope = auth.upload_scope(store, account, dataset)
    return prepare(dataset, content, "file.csv", store, Settings(), period, scope)


def cli(store: Store, tmp_path: Path, user: str, dataset: str, content: bytes) -> int:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    return main(["ingest", dataset, str(path), "--user", user, "--data-dir", store.root])


TAKEOVERS = {
    # another unit's complaint, re-filed under one's own unit
    "complaints": (
        COMPLAINTS,
        ["TS2011001", "2011-01-13", "015", "电话", "否", "改写"],
        "TS2011001",
    ),
    # another unit's cadre's activity, re-filed under one's own cadre
    "field_activities": (
        ACTIVITIES,
        ["TZ201100001", "C0049", "2011-01-02", "2011-01-02", "03", "", "plan", "改写"],
        "TZ201100001",
    ),
    # another cadre's petition case, re-filed under one's own cadre
    "petitions": (
        PETITIONS,
        ["XF2011001", "C0049", "2010-10-08", "2011-01-13", "litigation", "", "是"],
        "XF2011001",
    ),
}


@pytest.mark.parametrize("dataset", sorted(TAKEOVERS))
def test_a_key_of_another_units_record_is_refused_naming_row_and_key(
    store: Store, tmp_path: Path, dataset: str, capsys: pytest.CaptureFixture[str]
) -> None:
    head, row, key = TAKEOVERS[dataset]
    before_rows = store.read(dataset)
    before = store.versions()
    prepared = scoped(store, "clerk015", dataset, _csv([head, row]))
    assert not prepared.ok
    [problem] = [p for p in prepared.problems if p.code == "key_of_other_unit"]
    assert problem.row == 2 and problem.value == key
    assert key in problem.message("zh") and "第2行" in problem.message("zh")
    assert cli(store, tmp_path, "clerk015", dataset, _csv([head, row])) == 1
    assert key in capsys.readouterr().err
    assert store.versions() == before
    assert store.read(dataset).equals(before_rows)


def test_ones_own_records_are_still_changed_and_added(store: Store, tmp_path: Path) -> None:
    own = ["TS2011023", "2011-04-03", "015", "电话", "是", "已查实"]
    new = ["TS2011990", "2011-05-03", "015", "网络", "否", "新投诉"]
    prepared = scoped(store, "clerk015", "complaints", _csv([COMPLAINTS, own, new]))
    assert prepared.ok, prepared.problems
    assert prepared.diff.counts == {"added": 1, "removed": 0, "changed": 1}
    assert cli(store, tmp_path, "clerk015", "complaints", _csv([COMPLAINTS, own, new])) == 0
    stored = store.read("complaints").set_index("complaint_id")
    assert stored.loc["TS2011023", "summary"] == "已查实"
    assert stored.loc["TS2011001", "unit_code"] == "008"  # untouched


def test_event_rows_keyed_by_unit_stay_in_scope(store: Store) -> None:
    head = ["年度", "轮次", "单位代码", "满意度得分", "有效样本", "测评日期"]
    prepared = scoped(
        store,
        "clerk015",
        "survey_results",
        _csv([head, ["2011", "1", "008", "99", "300", "2010-12-15"]]),
    )
    assert [p.code for p in prepared.problems] == ["out_of_scope"]


def test_a_monthly_upload_replaces_only_its_own_townships_rows(store: Store, tmp_path) -> None:
    period = "2011-06"
    stored = store.read("indicator_values", filters=[("period", "=", period)])
    mine = stored[stored["township_code"] == "01"]
    others = stored[stored["township_code"] != "01"].sort_values(
        ["indicator_code", "township_code"]
    )
    rows = [[code, "01", "1"] for code in mine["indicator_code"]]
    content = _csv([["指标代码", "乡镇代码", "本月值"], *rows])
    prepared = scoped(store, "town01", "indicator_values", content, period)
    assert prepared.ok, prepared.problems
    assert prepared.diff.counts["removed"] == 0
    path = tmp_path / "values.csv"
    path.write_bytes(content)
    args = ["ingest", "indicator_values", str(path), "--period", period, "--user", "town01"]
    assert main([*args, "--data-dir", store.root]) == 0
    after = store.read("indicator_values", filters=[("period", "=", period)])
    kept = after[after["township_code"] != "01"].sort_values(["indicator_code", "township_code"])
    assert kept.reset_index(drop=True).equals(others.reset_index(drop=True))
    assert (after.loc[after["township_code"] == "01", "value"] == 1).all()
    # Another township's row, or the county total, is out of scope.
    other = _csv(
        [["指标代码", "乡镇代码", "本月值"], [rows[0][0], "02", "1"], [rows[0][0], "", "1"]]
    )
    prepared = scoped(store, "town01", "indicator_values", other, period)
    assert [(p.code, p.row) for p in prepared.problems] == [
        ("out_of_scope", 2),
        ("out_of_scope", 3),
    ]


def test_master_data_is_never_a_scoped_uploaders(store: Store, tmp_path: Path) -> None:
    content = _csv([["单位代码", "单位名称", "单位类别"], ["015", "改名", "county_dept"]])
    before = store.versions()
    assert cli(store, tmp_path, "clerk015", "units", content) == 1
    assert store.versions() == before


def test_township_grant_and_cadre_datasets(store: Store) -> None:
    """The rule (README, 权限): rows about a unit's cadres are scoped by the unit grant: a
    county department's cadre works in any township, so an activity of one's own cadre in
    another township is accepted. An account with a township grant only (a township's clerk)
    writes activities in its own townships only."""
    elsewhere = ["TZ201199001", "C0049", "2011-05-03", "2011-05-03", "16", "", "plan", "走访"]
    assert scoped(store, "clerk015", "field_activities", _csv([ACTIVITIES, elsewhere])).ok
    prepared = scoped(store, "town01", "field_activities", _csv([ACTIVITIES, elsewhere]))
    assert [(p.code, p.row) for p in prepared.problems] == [("out_of_scope", 2)]
    at_home = ["TZ201199002", "C0049", "2011-05-03", "2011-05-03", "01", "", "plan", "走访"]
    assert scoped(store, "town01", "field_activities", _csv([ACTIVITIES, at_home])).ok
    # ... and cannot take over another township's activity by its key.
    taken = ["TZ201100001", "C0049", "2011-05-03", "2011-05-03", "01", "", "plan", "改写"]
    prepared = scoped(store, "town01", "field_activities", _csv([ACTIVITIES, taken]))
    assert [p.code for p in prepared.problems] == ["key_of_other_unit"]
