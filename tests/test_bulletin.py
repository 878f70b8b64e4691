"""月度通报, 季度报告 and the month's workbook: the documents open, say what the reports say
(numbers cross-checked against app.reports.compute on the demo county), carry charts, and the
command line writes them."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from app.cli import main
from app.reports import bulletin, compute, export, tables
from app.settings import Settings
from app.store import Store

HEADINGS = "一二三四五六七八九十"


def text_of(document: docx.document.Document) -> str:
    """Every paragraph and table cell, in order (title line breaks removed)."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Bulletin Heading 1"]


@pytest.fixture(scope="module")
def demo(demo_store_template: Path) -> Store:
    return Store(str(demo_store_template))  # read only: shared by the module


@pytest.fixture(scope="module")
def written(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The three commands run once on the demo county: return codes and files."""
    out = tmp_path_factory.mktemp("bulletin")
    data = ["--data-dir", str(demo_store_template)]
    files = {
        "bulletin": out / "b.docx",
        "quarterly": out / "q.docx",
        "workbook": out / "m.xlsx",
    }
    codes = {
        "bulletin": main(
            ["bulletin", "--month", "2011-11", "--out", str(files["bulletin"])] + data
        ),
        "quarterly": main(
            ["quarterly", "--quarter", "2011Q2", "--out", str(files["quarterly"])] + data
        ),
        "workbook": main(
            ["export-month", "--month", "2011-11", "--out", str(files["workbook"])] + data
        ),
    }
    return {"codes": codes, "files": files}


def test_the_commands_exit_0_and_write_their_files(written: dict) -> None:
    assert written["codes"] == {"bulletin": 0, "quarterly": 0, "workbook": 0}
    for path in written["files"].values():
        assert path.stat().st_size > 5_000


def test_bulletin_default_file_name_and_bad_arguments(
    demo_store_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    data = ["--data-dir", str(demo_store_template)]
    assert main(["bulletin", "--month", "2012-03"] + data) == 0  # an empty month: quick
    assert (tmp_path / "月度通报_2012-03.docx").exists()
    assert main(["bulletin", "--month", "2011-5"] + data) == 1
    assert main(["quarterly", "--quarter", "2011Q5"] + data) == 1
    assert "2011Q2" in capsys.readouterr().err


def test_bulletin_title_sections_and_numbers(written: dict, demo: Store) -> None:
    document = docx.Document(str(written["files"]["bulletin"]))
    text = text_of(document)
    title = "关于2011年11月“三个建设年”和“四帮四促”工作进展情况的通报"
    assert title in text.replace("\n", "")
    assert document.core_properties.title == title
    found = headings(document)
    assert [h.split("、")[0] for h in found] == list(HEADINGS[: len(found)])
    for section in (
        "总体进展情况",
        "低于序时进度的指标",
        "“项目建设年”推进情况",
        "作风建设满意度测评",
        "“四帮四促”干部下基层情况",
        "信访维稳包案化解情况",
        "各乡镇工作情况",
    ):
        assert any(h.endswith(section) for h in found), section

    read, settings, month = demo.read, Settings(), "2011-11"
    as_of = compute.month_end(month)
    fai = {m["measure"]: m for m in compute.project_year(read, settings, 2011, month)["measures"]}
    assert f"全社会固定资产投资{fai['fai']['actual']:.2f}亿元" in text
    assert "全社会固定资产投资93.00亿元" in text
    assert f"招商引资到位资金{fai['funds_in_place']['actual']:.2f}亿元" in text

    cadres = tables.code_names(read, "cadres", "cadre_id")
    stalled = compute.stalled_projects(read, settings, month)
    assert len(stalled) == 2
    for row in stalled.itertuples():
        assert row.name in text and f"责任领导{cadres[row.lead_cadre_id]}" in text

    # 2011-11 holds round 3: its accountability actions, unit by unit.
    actions = compute.accountability(read, settings, 2011, as_of)
    # The county's units (a township's own units are the township's to admonish).
    round3 = actions[(actions["round"] == 3) & actions["township_code"].isna()]
    assert set(round3["name"]) == {"县总工会", "县国土资源局", "县住房和城乡建设局", "县城市管理局"}
    for name in round3["name"]:
        assert f"{name}（" in text and "诫勉谈话" in text
    assert "县供电公司（垂直管理部门）：建议上级主管部门组织处理" in text
    # Round 1's missing rectification is not this month's survey news (县文联 is named only by
    # the 督办 section, for its overdue item).
    surveys = text.split("四、作风建设满意度测评")[1].split("五、“四帮四促”")[0]
    assert "县文联" not in surveys and "县总工会" in surveys

    behind = compute.field_days(read, settings, 2011, as_of)
    for row in behind[behind["status"] == "behind"].itertuples():
        assert f"{row.name}（" in text
    short = compute.petitions(read, settings, as_of)
    for name in short[short["status"] == "short"]["name"]:
        assert f"{name}（" in text
    assert "长岭乡（56.0%）" in text  # the township behind on fixed-asset investment


def test_bulletin_has_charts_fonts_and_page_numbers(written: dict) -> None:
    document = docx.Document(str(written["files"]["bulletin"]))
    assert len(document.inline_shapes) >= 5
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "仿宋_GB2312"
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    font_table = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    ).blob.decode()
    assert "仿宋_GB2312" in font_table and 'w:val="仿宋"' in font_table  # the substitute


def test_quarterly_report(written: dict, demo: Store) -> None:
    document = docx.Document(str(written["files"]["quarterly"]))
    text = text_of(document)
    assert "关于2011年第二季度“三个建设年”和“四帮四促”工作进展情况的报告" in text.replace("\n", "")
    assert "县委、县政府：" in text
    assert "第2轮作风建设满意度测评" in text  # May's round falls in the quarter
    actions = compute.accountability(demo.read, Settings(), 2011, dt.date(2011, 6, 30))
    for name in actions[actions["round"] == 2]["name"]:
        assert f"{name}（" in text
    assert len(document.inline_shapes) > 0


def test_a_month_without_a_survey_round_has_no_survey_section(demo: Store) -> None:
    doc = bulletin.outline(demo.read, Settings(), bulletin.month_period("2011-08"))
    assert not any("满意度测评" in h for h in doc.headings())
    assert doc.headings()[0] == "一、总体进展情况"


def test_english_has_the_same_structure(demo: Store) -> None:
    zh = bulletin.outline(demo.read, Settings(), bulletin.month_period("2011-11"), "zh")
    en = bulletin.outline(demo.read, Settings(), bulletin.month_period("2011-11"), "en")
    assert len(en.headings()) == len(zh.headings())
    assert en.headings()[0] == "1. Overall progress"
    assert en.title.startswith("Bulletin on the progress") and "November 2011" in en.title
    assert [b.kind for b in en.blocks] == [b.kind for b in zh.blocks]


def test_an_empty_month_says_so(demo: Store, empty_store: Store) -> None:
    for read, lang, words in (
        (demo.read, "zh", "尚无上报数据"),
        (empty_store.read, "zh", "尚无上报数据"),
        (demo.read, "en", "No data has been reported"),
    ):
        data = bulletin.bulletin(read, Settings(), "2012-03", lang)
        document = docx.Document(io.BytesIO(data))
        assert words in text_of(document)
        assert len(document.inline_shapes) == 0
    data = bulletin.quarterly(empty_store.read, Settings(), "2011Q1")
    assert "暂不形成季度报告" in text_of(docx.Document(io.BytesIO(data)))


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        bulletin.month_period("2011-13")
    with pytest.raises(ValueError):
        bulletin.quarter_period("2011Q0")
    assert bulletin.quarter_period("2011-q2").code == "2011Q2"
    assert bulletin.quarter_of("2011-05") == "2011Q2"


def test_workbook_sheets_headers_and_frozen_panes(written: dict, demo: Store) -> None:
    book = openpyxl.load_workbook(written["files"]["workbook"])
    expected = [
        "指标序时进度",
        "项目建设年",
        "停滞项目",
        "满意度测评排名",
        "问责清单",
        "下基层天数",
        "信访维稳",
        "乡镇",
    ]
    assert set(expected) <= set(book.sheetnames)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.cell(1, 1).font.bold
    towns = book["乡镇"]
    assert towns.max_row - 1 == len(demo.read("townships"))
    stalled = [c.value for c in book["停滞项目"]["B"][1:]]
    assert stalled == compute.stalled_projects(demo.read, Settings(), "2011-11")["name"].tolist()
    headers = [c.value for c in book["指标序时进度"][1]]
    assert "完成率（%）" in headers and "序时进度（%）" in headers


def test_workbook_neutralises_formulas(demo: Store) -> None:
    def read(dataset: str) -> pd.DataFrame:
        frame = demo.read(dataset)
        if dataset == "projects":
            frame.loc[frame["project_id"] == "XM2011013", "name"] = '=HYPERLINK("http://x")'
        return frame

    book = openpyxl.load_workbook(io.BytesIO(export.month_workbook(read, Settings(), "2011-11")))
    cells = [c.value for c in book["停滞项目"]["B"][1:]]
    assert '\'=HYPERLINK("http://x")' in cells


def test_charts_render_without_cjk_fonts(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    from app import charts
    from app.reports.bulletin import charts as images

    monkeypatch.setattr(images, "CJK_FONT_DIRS", ("/nonexistent/fonts",))
    monkeypatch.setattr(images, "_fc_list_families", lambda: [])
    bulletin.chart_font.cache_clear()
    try:
        frame = pd.DataFrame({"label": ["甲", "乙"], "value": [3, 5]})
        with caplog.at_level(logging.WARNING, logger="app.reports.bulletin"):
            png = bulletin.chart_png(charts.simple_bars(frame, "label", "value", "标题", "数值"))
        assert png is not None and png.startswith(b"\x89PNG")
        assert "no CJK font" in caplog.text
    finally:
        bulletin.chart_font.cache_clear()


def test_the_page_offers_the_files_and_previews_the_bulletin(
    demo_store: Store, monkeypatch
) -> None:
    from tests.test_app import all_text, run_app

    at = run_app(demo_store.root, monkeypatch, "zh", "pages/bulletin.py")
    text = all_text(at)
    assert "一、总体进展情况" in text and "停滞项目2个" in text
    at.button(key="bulletin_make_workbook").click().run()
    assert not at.exception
    assert any(e.proto.label == "下载当月数据（Excel）" for e in at.get("download_button"))


def test_the_preview_lists_a_sections_first_key_points_and_counts_the_rest(
    demo_store: Store, monkeypatch
) -> None:
    """A province's bulletin names hundreds of stalled projects: the preview shows each
    section's key sentences as one list of the first LIST_LIMIT, then how many more the file
    has (a small limit here, on the demo county)."""
    from app.settings import load_settings
    from app.web import widgets  # owns the limits (ui.LIST_LIMIT reads them there)
    from tests.test_app import run_app

    monkeypatch.setattr(widgets, "LIST_LIMIT", 2)
    at = run_app(demo_store.root, monkeypatch, "zh", "pages/bulletin.py")
    month = at.selectbox(key="bulletin_month").value
    doc = bulletin.outline(
        demo_store.read, load_settings(demo_store.root), bulletin.month_period(month), "zh"
    )
    sections: list[list[str]] = [[]]
    for block in doc.blocks:
        if block.kind in ("h1", "h2"):
            sections.append([])
        elif block.key:
            sections[-1].append(block.text)
    expected = [s for s in sections if s]
    assert max(len(s) for s in expected) > 2
    lists = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert [text.count("\n- ") + 1 for text in lists] == [min(len(s), 2) for s in expected]
    more = [c.value for c in at.caption if "见通报全文" in c.value]
    assert more == [f"……另有 {len(s) - 2} 条，见通报全文。" for s in expected if len(s) > 2]


def test_a_paragraph_names_the_furthest_behind_first_and_counts_the_rest(demo: Store) -> None:
    """A province's bulletin would list 36,000 cadres behind: a paragraph names at most
    ``bulletin_names`` people (the furthest behind first) and says how many there are."""
    period = bulletin.month_period("2011-08")
    full = "\n".join(b.text for b in bulletin.outline(demo.read, Settings(), period).blocks)
    behind = next(line for line in full.splitlines() if line.startswith("下基层天数滞后的干部4名"))
    assert behind.index("王家明（") < behind.index("张林（")  # all four, in the table's order
    assert "等" not in behind
    short = Settings(bulletin_names=2)
    text = "\n".join(b.text for b in bulletin.outline(demo.read, short, period).blocks)
    behind = next(line for line in text.splitlines() if line.startswith("下基层天数滞后的干部4名"))
    # 许红 79.9 − 51 = 28.9 days short, 张林 59.9 − 34 = 25.9; 王家明 20.9, 金文斌 0.9.
    assert behind.index("许红（") < behind.index("张林（")
    assert "王家明" not in behind and "金文斌" not in behind
    assert "等4人（全部名单见本月数据工作簿）" in behind
    assert "涉及4个单位：长岭乡、县住房和城乡建设局等4个单位。" in behind
    petitions = next(line for line in text.splitlines() if line.startswith("逾期未完成任务"))
    # 张燕 resolved none; 李绍文 and 李英 two each (the first of them in the table's order).
    assert petitions.index("张燕（") < petitions.index("李绍文（")
    assert "李英" not in petitions and petitions.endswith("等3人（全部名单见本月数据工作簿）。")
    liaison = next(line for line in text.splitlines() if line.startswith("联络员每月"))
    assert "胡明（县林业局" in liaison and "等" not in liaison.split("：", 1)[1]


def test_a_programme_paragraph_names_as_many_projects_or_units_as_the_setting_says(
    demo: Store,
) -> None:
    """项目、单位 a programme paragraph names (its count said first): every one within
    ``bulletin_items``, the first ones then 等 past it."""
    period = bulletin.month_period("2011-08")

    def overdue(settings: Settings) -> str:
        text = "\n".join(b.text for b in bulletin.outline(demo.read, settings, period).blocks)
        return next(line for line in text.splitlines() if "超过计划竣工日期" in line)

    assert overdue(Settings()) == (
        "2个项目超过计划竣工日期仍未竣工投产：工业园区标准厂房（一期）、生态畜禽养殖小区。"
    )
    assert overdue(Settings(bulletin_items=1)) == (
        "2个项目超过计划竣工日期仍未竣工投产：工业园区标准厂房（一期）等。"
    )
