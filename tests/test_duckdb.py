"""A prefecture analyst's reading of the store with DuckDB, without the app: the Parquet files
of each table's current version (``DeltaTable.file_uris()``) through ``read_parquet``. The
numbers must be the app's (README: "Reading the store from DuckDB or Spark")."""

from __future__ import annotations

import pytest
from deltalake import DeltaTable

from app.reports import compute
from app.settings import Settings
from app.store import Store

duckdb = pytest.importorskip("duckdb")


def files(store: Store, dataset: str) -> list[str]:
    return DeltaTable(store.uri(dataset)).file_uris()


def test_duckdb_reads_the_2011_fai_total_the_app_shows(demo_store: Store) -> None:
    values = files(demo_store, "indicator_values")
    total = (
        duckdb.connect()
        .execute(
            "SELECT sum(value) FROM read_parquet($files) "
            "WHERE indicator_code = 'FAI' AND township_code IS NULL "
            "AND period BETWEEN '2011-01' AND '2011-11'",
            {"files": values},
        )
        .fetchone()[0]
    )
    measures = compute.project_year(demo_store.read, Settings(), 2011, "2011-11")["measures"]
    fai = next(m for m in measures if m["measure"] == "fai")
    assert total == pytest.approx(fai["actual"])


def test_duckdb_joins_tables_as_the_app_does(demo_store: Store) -> None:
    """Days at the grassroots need the app's rules; a plain count needs only SQL: activities
    per township in 2011, joined to the township names, equal to the stored frames'."""
    counted = (
        duckdb.connect()
        .execute(
            "SELECT t.name, count(*) AS n FROM read_parquet($acts) a "
            "JOIN read_parquet($towns) t USING (township_code) "
            "WHERE a.start_date >= DATE '2011-01-01' GROUP BY t.name",
            {
                "acts": files(demo_store, "field_activities"),
                "towns": files(demo_store, "townships"),
            },
        )
        .fetchdf()
        .set_index("name")["n"]
    )
    acts = demo_store.read("field_activities")
    acts = acts[acts["start_date"] >= "2011-01-01"]
    names = demo_store.read("townships").set_index("township_code")["name"]
    expected = acts["township_code"].map(names).value_counts()
    assert counted.sort_index().to_dict() == expected.sort_index().to_dict()
