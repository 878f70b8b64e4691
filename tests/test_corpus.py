"""The bad-input corpus (tests/corpus/build.py): every file is rejected with problems a clerk
can act on, in Chinese and English, naming the Excel row and the column header where there is
one, and the data directory is left byte-identical, through ``prepare`` and through the CLI."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.i18n import has
from app.ingest import commit_prepared, problems_frame
from app.ingest.files import annotated_file
from app.store import Store
from tests.corpus.build import SPECS, Case, build_corpus
from tests.ingest_support import prep

CATEGORIES = {
    "encoding",
    "binary_renamed",
    "truncated",
    "password",
    "zip_bomb",
    "too_large",
    "empty",
    "header_only",
    "missing_column",
    "no_header",
    "duplicate_key",
    "unknown_code",
    "range",
    "text_in_number",
    "dates",
    "period",
    "formula_error",
    "merged",
    "wide",
    "long_text",
    "control_chars",
    "formula_injection",
    "html",
}
# What a message must never show a clerk: a traceback, an exception's name or text, a key.
LEAKS = re.compile(r"Traceback|File \"|Exception|\w+Error\b|pandera|ingest\.err|\{\w*\}")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {case.name: case for case in build_corpus(tmp_path_factory.mktemp("corpus"))}


@pytest.fixture(scope="module")
def store(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One copy of the demo store for the whole corpus: nothing may change it."""
    path = tmp_path_factory.mktemp("corpus_store") / "data"
    shutil.copytree(demo_store_template, path)
    return Store(str(path))


def digest(root: str) -> dict[str, str]:
    """The sha256 of every file under the data directory."""
    base = Path(root)
    return {
        str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


def test_the_corpus_is_large_and_covers_every_category() -> None:
    assert len(SPECS) >= 60
    assert len({s.name for s in SPECS}) == len(SPECS)
    assert {s.category for s in SPECS} == CATEGORIES
    assert len({s.dataset for s in SPECS}) >= 12


def check_messages(problems: list) -> None:
    for problem in problems:
        assert problem.code != "invalid", problem  # raw check text is no message
        assert has(f"ingest.err.{problem.code}", "zh"), problem.code
        assert has(f"ingest.err.{problem.code}", "en"), problem.code
        zh, en = problem.message("zh"), problem.message("en")
        assert zh != en
        for text in (zh, en):
            assert not LEAKS.search(text), text
            if problem.column:
                assert problem.column in text
        if problem.row is not None:
            assert f"第{problem.row}行" in zh and f"row {problem.row}" in en


@pytest.mark.parametrize("name", [spec.name for spec in SPECS])
def test_bad_file_is_rejected_naming_row_and_column(
    name: str, corpus: dict[str, Case], store: Store
) -> None:
    case = corpus[name]
    before = digest(store.root)
    prepared = prep(store, case.dataset, case.path, case.period)
    assert not prepared.ok
    got = {(p.code, p.row, p.column) for p in prepared.problems}
    for expected in case.expect:
        assert (expected.code, expected.row, expected.column) in got, (expected, got)
    allowed = {e.code for e in case.expect} | case.also
    assert {p.code for p in prepared.problems} <= allowed, got
    check_messages(prepared.problems)
    for lang in ("zh", "en"):  # what the upload page offers for download
        assert len(problems_frame(prepared.problems, lang)) == len(prepared.problems)
        annotated_file(prepared, lang)
    with pytest.raises(ValueError):
        commit_prepared(prepared, store, "clerk")
    assert digest(store.root) == before


CLI_CASES = [
    "password_complaints",
    "zip_bomb_ratio",
    "csv_30mb",
    "formula_div0_value",
    "injection_codes_csv",
    "bell_in_code",
    "units_file_as_cadres",
    "long_code_csv",
    "wide_csv",
    "truncated_half",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_rejects_with_exit_code_1_and_writes_nothing(
    lang: str, corpus: dict[str, Case], store: Store, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    before = digest(store.root)
    for name in CLI_CASES:
        case = corpus[name]
        argv = [
            "ingest",
            case.dataset,
            str(case.path),
            "--data-dir",
            store.root,
            "--lang",
            lang,
            "--errors-out",
            str(tmp_path / f"{name}.csv"),
        ]
        if case.period:
            argv += ["--period", case.period]
        assert main(argv) == 1, name
        err = capsys.readouterr().err
        assert not LEAKS.search(err), (name, err)
        for expected in case.expect:
            if expected.row is not None:
                assert (f"第{expected.row}行" if lang == "zh" else f"row {expected.row}") in err
            if expected.column:
                assert expected.column in err, (name, err)
        assert (tmp_path / f"{name}.csv").stat().st_size > 0
        assert digest(store.root) == before, name
