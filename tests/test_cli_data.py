"""``python -m app ingest|template|history|rollback|export`` on a copy of the demo store."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from app.cli import main
from app.i18n import translate
from tests.ingest_support import prep, snapshot

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ingest_commits_and_prints_the_version(demo_store, upload_files, capsys):
    before = demo_store.versions()
    code, out, _ = run(
        capsys,
        "ingest",
        "complaints",
        str(upload_files["complaints_wps_gbk"]),
        "--data-dir",
        demo_store.root,
        "--lang",
        "en",
    )
    assert code == 0
    after = demo_store.versions()
    assert after["complaints"] == before["complaints"] + 1
    assert {k: v for k, v in after.items() if k != "complaints"} == {
        k: v for k, v in before.items() if k != "complaints"
    }
    assert f"version {after['complaints']}" in out
    assert "3 added, 0 removed, 1 changed" in out
    assert "“序号”" in out  # the ignored column is noticed
    assert len(demo_store.read("complaints")) == 83


def test_ingest_monthly_with_period(demo_store, upload_files, capsys):
    code, out, _ = run(
        capsys,
        "ingest",
        "indicator_values",
        str(upload_files["iv_may_report"]),
        "--period",
        "2011-05",
        "--data-dir",
        demo_store.root,
    )
    assert code == 0, out
    stored = demo_store.read("indicator_values")
    assert (stored["period"] == "2011-05").sum() == 5
    assert demo_store.history("indicator_values").iloc[0]["period"] == "2011-05"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rejected_file_exit_1_every_error_and_errors_out(
    lang, demo_store, upload_files, capsys, tmp_path
):
    path = upload_files["bad_mixed"]
    errors = tmp_path / "errors.xlsx"
    before = snapshot(demo_store)
    code, out, err = run(
        capsys,
        "ingest",
        "complaints",
        str(path),
        "--data-dir",
        demo_store.root,
        "--errors-out",
        str(errors),
        "--lang",
        lang,
    )
    assert code == 1
    problems = prep(demo_store, "complaints", path).problems
    assert len(problems) == 3
    assert translate("cli.ingest.rejected", lang, count=3) in err
    for problem in problems:
        assert problem.message(lang) in err
    assert "committed" not in out and "已写入" not in out
    sheet = openpyxl.load_workbook(errors).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2][-1] == translate("ingest.col.message", lang)
    assert problems[0].message(lang) in rows[4][-1]  # Excel row 5
    assert problems[2].message(lang) in rows[5][-1]  # Excel row 6
    assert snapshot(demo_store) == before


def test_rejected_csv_gets_a_csv_errors_out(demo_store, upload_files, capsys, tmp_path):
    errors = tmp_path / "errors.csv"
    code, _, err = run(
        capsys,
        "ingest",
        "complaints",
        str(upload_files["bad_unknown_codes_gbk"]),
        "--data-dir",
        demo_store.root,
        "--errors-out",
        str(errors),
    )
    assert code == 1 and "999" in err
    rows = list(csv.reader(io.StringIO(errors.read_bytes().decode("utf-8-sig"))))
    assert rows[1][-1] == "错误说明" and "999" in rows[3][-1]


def test_unreadable_file_still_gets_an_errors_out(demo_store, upload_files, capsys, tmp_path):
    errors = tmp_path / "errors.csv"
    before = snapshot(demo_store)
    code, _, err = run(
        capsys,
        "ingest",
        "complaints",
        str(upload_files["bad_password"]),
        "--data-dir",
        demo_store.root,
        "--errors-out",
        str(errors),
    )
    assert code == 1
    message = translate("ingest.err.password", "zh")
    assert message in err
    assert message in errors.read_bytes().decode("utf-8-sig")
    assert snapshot(demo_store) == before


def test_dry_run_writes_nothing(demo_store, upload_files, capsys):
    before = snapshot(demo_store)
    code, out, _ = run(
        capsys,
        "ingest",
        "complaints",
        str(upload_files["complaints_wps_gbk"]),
        "--data-dir",
        demo_store.root,
        "--dry-run",
        "--lang",
        "en",
    )
    assert code == 0
    assert "3 added, 0 removed, 1 changed" in out
    assert translate("cli.ingest.dry_run", "en") in out
    assert snapshot(demo_store) == before


def test_usage_errors_exit_2(demo_store, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "complaints", "--data-dir", demo_store.root])  # no FILE
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "complaints", "x.csv", "--lang", "fr"])
    assert exc.value.code == 2
    capsys.readouterr()


def test_usage_error_exit_2_as_a_process(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "app", "ingest", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "usage" in done.stderr


def test_failures_exit_1(demo_store, tmp_path, capsys):
    code, _, err = run(capsys, "ingest", "no_such_dataset", "x.csv", "--data-dir", demo_store.root)
    assert code == 1 and "no_such_dataset" in err
    code, _, err = run(
        capsys,
        "ingest",
        "complaints",
        str(tmp_path / "missing.xlsx"),
        "--data-dir",
        demo_store.root,
    )
    assert code == 1 and "missing.xlsx" in err
    code, _, _ = run(capsys, "history", "--data-dir", str(tmp_path / "nowhere"))
    assert code == 1


def test_history_json_lists_the_commit(demo_store, upload_files, capsys):
    path = upload_files["complaints_wps_gbk"]
    assert run(capsys, "ingest", "complaints", str(path), "--data-dir", demo_store.root)[0] == 0
    code, out, _ = run(
        capsys, "history", "complaints", "--format", "json", "--data-dir", demo_store.root
    )
    assert code == 0
    entries = json.loads(out)
    latest = entries[0]
    assert latest["dataset"] == "complaints"
    assert latest["version"] == demo_store.version("complaints")
    assert latest["source_file"] == path.name
    assert latest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert isinstance(latest["user"], str) and latest["user"]
    assert (latest["rows_added"], latest["rows_removed"], latest["rows_changed"]) == (3, 0, 1)
    assert all(isinstance(latest[k], int) for k in ("rows_added", "rows_written"))  # not 3.0
    assert [e["version"] for e in entries] == sorted((e["version"] for e in entries), reverse=True)
    code, out, _ = run(capsys, "history", "--data-dir", demo_store.root)  # every dataset
    assert code == 0 and path.name in out


def test_rollback_restores_and_adds_a_commit(demo_store, upload_files, capsys):
    original_version = demo_store.version("complaints")
    original = demo_store.read("complaints")
    path = upload_files["complaints_wps_gbk"]
    assert run(capsys, "ingest", "complaints", str(path), "--data-dir", demo_store.root)[0] == 0
    assert len(demo_store.read("complaints")) == len(original) + 3
    code, out, _ = run(
        capsys,
        "rollback",
        "complaints",
        str(original_version),
        "--data-dir",
        demo_store.root,
        "--lang",
        "en",
    )
    assert code == 0
    assert demo_store.version("complaints") == original_version + 2
    key = ["complaint_id"]
    restored = demo_store.read("complaints").sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(restored, original.sort_values(key).reset_index(drop=True))
    latest = demo_store.history("complaints").iloc[0]
    assert latest["version"] == original_version + 2
    assert latest["rollback_to"] == original_version
    # The undone upload is still in the history, and a bad version is refused.
    assert path.name in demo_store.history("complaints")["source_file"].tolist()
    code, _, err = run(capsys, "rollback", "complaints", "99", "--data-dir", demo_store.root)
    assert code == 1 and "99" in err


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_export(suffix, demo_store, capsys, tmp_path):
    out = tmp_path / f"complaints{suffix}"
    code, _, _ = run(
        capsys, "export", "complaints", "--out", str(out), "--data-dir", demo_store.root
    )
    assert code == 0 and out.is_file()
    stored = demo_store.read("complaints")
    if suffix == ".parquet":
        frame = pd.read_parquet(out)
        assert frame["unit_code"].tolist() == stored["unit_code"].tolist()
        assert len(frame) == len(stored)
    elif suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
        assert list(frame.columns) == list(stored.columns)
        assert frame["unit_code"].tolist() == stored["unit_code"].tolist()  # leading zeros
    else:
        rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
        assert list(rows[0]) == list(stored.columns)
        assert len(rows) == len(stored) + 1
        assert [r[2] for r in rows[1:]] == stored["unit_code"].tolist()
    # An export of an older version, and an unknown format.
    code, _, _ = run(
        capsys,
        "export",
        "complaints",
        "--out",
        str(tmp_path / "v0.csv"),
        "--version",
        "0",
        "--data-dir",
        demo_store.root,
    )
    assert code == 0
    assert pd.read_csv(tmp_path / "v0.csv", encoding="utf-8-sig").empty
    code, _, _ = run(
        capsys,
        "export",
        "complaints",
        "--out",
        str(tmp_path / "x.json"),
        "--data-dir",
        demo_store.root,
    )
    assert code == 1


def test_export_reingests_unchanged(demo_store, capsys, tmp_path):
    out = tmp_path / "indicator_values.xlsx"
    assert (
        run(capsys, "export", "indicator_values", "--out", str(out), "--data-dir", demo_store.root)[
            0
        ]
        == 0
    )
    code, stdout, err = run(
        capsys,
        "ingest",
        "indicator_values",
        str(out),
        "--data-dir",
        demo_store.root,
        "--dry-run",
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "0 added, 0 removed, 0 changed" in stdout


def test_template(demo_store, capsys, tmp_path):
    out = tmp_path / "template.xlsx"
    code, stdout, _ = run(
        capsys, "template", "survey_results", "--out", str(out), "--data-dir", demo_store.root
    )
    assert code == 0 and str(out) in stdout
    book = openpyxl.load_workbook(out)
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers == ["年度", "轮次", "单位代码", "满意度得分", "有效样本", "测评日期"]
    assert "填表说明" in book.sheetnames
