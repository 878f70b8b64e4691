"""The datastore: round trips, versions, rollback, metadata, atomicity."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import deltalake
import pandas as pd
import pytest

from app.store import Store, StoreError


def petitions(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": [f"00{i}" for i in range(n)],
            "cadre_id": ["C0001"] * n,
            "received_date": pd.to_datetime(["2010-12-30"] * n),
            "resolved_date": [pd.Timestamp("2011-02-03")] + [pd.NaT] * (n - 1),
            "dispute_type": ["land"] * n,
            "township_code": ["01"] + [None] * (n - 1),
            "prominent": pd.array([True] + [None] * (n - 1), dtype="boolean"),
        }
    )


def test_round_trip_keeps_text_dates_nullable_ints_and_bools(empty_store: Store) -> None:
    frame = pd.DataFrame(
        {
            "year": pd.array([2011, 2011], dtype="Int64"),
            "round": pd.array([1, 2], dtype="Int64"),
            "unit_code": ["001", "县委办"],
            "score": [88.5, 91.0],
            "respondents": pd.array([250, None], dtype="Int64"),
            "survey_date": pd.to_datetime(["2010-12-15", None]),
        }
    )
    empty_store.commit("survey_results", frame, "overwrite", {"user": "测试员"})
    back = empty_store.read("survey_results")
    assert back["unit_code"].tolist() == ["001", "县委办"]  # leading zeros and Chinese kept
    assert str(back["respondents"].dtype) == "Int64"
    assert back["respondents"].isna().tolist() == [False, True]
    assert back["survey_date"].iloc[0] == pd.Timestamp("2010-12-15")
    assert pd.isna(back["survey_date"].iloc[1])
    pets = petitions()
    empty_store.commit("petitions", pets, "overwrite")
    got = empty_store.read("petitions")
    assert str(got["prominent"].dtype) == "boolean"
    assert got["prominent"].isna().tolist() == [False, True, True]
    assert bool(got["prominent"].iloc[0]) is True
    assert got["resolved_date"].iloc[0] == pd.Timestamp("2011-02-03")
    assert got["township_code"].isna().tolist() == [False, True, True]


def test_every_dataset_round_trips_the_demo(demo_store: Store, demo_frames: dict) -> None:
    for name, frame in demo_frames.items():
        back = demo_store.read(name)
        assert len(back) == len(frame), name
        key = list(back.columns[:1])
        left = frame.sort_values(key).reset_index(drop=True)
        right = back.sort_values(key).reset_index(drop=True)
        for column in frame.columns:
            a, b = left[column], right[column]
            assert a.isna().tolist() == b.isna().tolist(), (name, column)
            if pd.api.types.is_float_dtype(a):
                assert (a.fillna(0) - b.fillna(0)).abs().max() < 1e-9, (name, column)
            else:
                assert (
                    a.astype(str).where(a.notna(), "").tolist()
                    == b.astype(str).where(b.notna(), "").tolist()
                ), (name, column)


def test_versions_history_and_metadata(empty_store: Store) -> None:
    v0 = empty_store.version("petitions")
    digest = hashlib.sha256(b"file").hexdigest()
    result = empty_store.commit(
        "petitions",
        petitions(2),
        "upsert",
        {"user": "李明", "source_file": "信访台账.xlsx", "sha256": digest},
    )
    assert result.version == v0 + 1 and result.rows_after == 2
    empty_store.commit("petitions", petitions(3), "upsert", {"user": "王芳"})
    assert empty_store.version("petitions") == v0 + 2
    assert len(empty_store.read("petitions")) == 3  # upsert: two matched, one inserted
    assert len(empty_store.read("petitions", version=v0 + 1)) == 2
    history = empty_store.history("petitions")
    first = history[history["version"] == v0 + 1].iloc[0]
    assert first["user"] == "李明"
    assert first["source_file"] == "信访台账.xlsx"
    assert first["sha256"] == digest
    assert int(first["rows_written"]) == 2
    assert history["version"].tolist()[0] == v0 + 2  # newest first


def test_replace_touches_only_the_period(empty_store: Store) -> None:
    def month(period: str, value: float) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "period": [period] * 2,
                "indicator_code": ["FAI"] * 2,
                "township_code": [None, "01"],
                "value": [value, value / 2],
            }
        )

    empty_store.commit(
        "indicator_values", pd.concat([month("2011-04", 8.0), month("2011-05", 9.0)]), "append"
    )
    empty_store.commit(
        "indicator_values", month("2011-05", 10.0), "replace", where={"period": ["2011-05"]}
    )
    back = empty_store.read("indicator_values").sort_values(["period", "township_code"])
    assert back[back["period"] == "2011-04"]["value"].tolist() == [4.0, 8.0]
    assert sorted(back[back["period"] == "2011-05"]["value"].tolist()) == [5.0, 10.0]
    with pytest.raises(ValueError):
        empty_store.commit(
            "indicator_values", month("2011-06", 1.0), "replace", where={"period": ["2011-05"]}
        )


def test_rollback_is_a_new_commit(empty_store: Store) -> None:
    empty_store.commit("petitions", petitions(1), "overwrite", {"user": "a"})
    good = empty_store.version("petitions")
    empty_store.commit("petitions", petitions(3), "overwrite", {"user": "b"})
    new_version = empty_store.rollback("petitions", good, {"user": "管理员"})
    assert new_version == good + 2
    assert len(empty_store.read("petitions")) == 1
    top = empty_store.history("petitions").iloc[0]
    assert top["operation"] == "RESTORE" and top["user"] == "管理员"
    assert int(top["rollback_to"]) == good
    with pytest.raises(StoreError):
        empty_store.rollback("petitions", 99)


def test_failed_commit_leaves_previous_version_readable(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_store.commit("petitions", petitions(2), "overwrite", {"user": "a"})
    before_version = empty_store.version("petitions")
    before = empty_store.read("petitions")
    real_write = deltalake.write_deltalake

    def write_data_then_crash(uri, data, **kwargs):
        # Parquet files land, but the process dies before the log entry is written.
        real_write(uri + "_scratch", data, mode="overwrite")
        for f in Path(uri + "_scratch").glob("*.parquet"):
            f.rename(Path(uri) / f.name)
        raise OSError("disk full")

    monkeypatch.setattr("app.store.write_deltalake", write_data_then_crash)
    with pytest.raises(OSError):
        empty_store.commit("petitions", petitions(5), "overwrite", {"user": "b"})
    assert empty_store.version("petitions") == before_version
    pd.testing.assert_frame_equal(empty_store.read("petitions"), before)


def test_read_unknown_version_raises(empty_store: Store) -> None:
    with pytest.raises(StoreError):
        empty_store.read("petitions", version=42)


def test_marker_records_demo_flag(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "d"))
    assert store.info() is None
    store.init(demo=False)
    assert store.info()["demo"] is False
    assert dt.datetime.fromisoformat(store.info()["created"]).year >= 2026 - 10


def test_a_long_history_is_checkpointed_and_every_version_kept(empty_store: Store) -> None:
    """A table's log is checkpointed every ten commits (opening it replays a few entries,
    not years of monthly uploads), and no entry goes with it: the first version still reads
    and can be rolled back to (the rollback window is maintenance's to keep)."""
    for n in range(1, 24):
        empty_store.commit("petitions", petitions(n), "overwrite", {"user": "clerk"})
    log = Path(empty_store.root) / "petitions" / "_delta_log"
    checkpoints = sorted(p.name for p in log.glob("*.checkpoint.parquet"))
    assert checkpoints == [f"{9:020d}.checkpoint.parquet", f"{19:020d}.checkpoint.parquet"]
    assert len(list(log.glob("*.json"))) == 24  # version 0: the empty table
    assert len(empty_store.read("petitions", version=1)) == 1
    empty_store.rollback("petitions", 1, {"user": "管理员"})
    assert len(empty_store.read("petitions")) == 1
