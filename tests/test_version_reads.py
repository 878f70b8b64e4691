"""A page's rerun reads the store's versions once (each a directory listing of every table's
log; on S3 a LIST request each), not once per report, name table and read: the field page
asked for them about 135 times a rerun."""

from __future__ import annotations

from app.store import Store
from schemas import DATASETS
from tests.test_app import run_app


def test_a_rerun_reads_each_tables_version_once(demo_store: Store, monkeypatch) -> None:
    at = run_app(demo_store.root, monkeypatch, "zh", page="pages/field.py")
    calls: list[str] = []
    real = Store.version

    def counted(self: Store, dataset: str) -> int:
        calls.append(dataset)
        return real(self, dataset)

    monkeypatch.setattr(Store, "version", counted)
    at.run()
    assert not at.exception
    assert sorted(calls) == sorted(DATASETS), len(calls)  # one listing per table, no more
