"""Shared documents on a local store (a JSON file under the file lock), and commits that must
sit on exactly the version their caller read (``Store.commit(expect_version=…)``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from app import documents
from app.store import Store, StoreConflict


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    return store


def test_a_local_document_is_a_json_file_changed_under_the_lock(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert documents.read_doc(store, "_things.json") is None
    assert documents.update_doc(store, "_things.json", lambda d: d.setdefault("n", 1)) == 1
    path = Path(store.root) / "_things.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"n": 1}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    writes: list[str] = []
    original = Store.write_json
    monkeypatch.setattr(
        Store,
        "write_json",
        lambda self, name, value: (writes.append(name), original(self, name, value)),
    )
    documents.update_doc(store, "_things.json", lambda d: d.get("n"))  # unchanged: not written

    def refuse(data: dict) -> None:
        data["n"] = 2
        raise ValueError("no")

    with pytest.raises(ValueError):
        documents.update_doc(store, "_things.json", refuse)  # raised: not written
    assert writes == []
    assert documents.read_doc(store, "_things.json") == {"n": 1}
    documents.update_doc(store, "_things.json", lambda d: d.update(n=3))
    assert writes == ["_things.json"]


def test_a_corrupt_document_raises_unless_read_as_empty(store: Store) -> None:
    (Path(store.root) / "_things.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError):
        documents.update_doc(store, "_things.json", lambda d: d.update(n=1))
    documents.update_doc(store, "_things.json", lambda d: d.update(n=1), corrupt_as_empty=True)
    assert documents.read_doc(store, "_things.json") == {"n": 1}


def test_document_names_become_table_names_under_documents() -> None:
    assert documents.stem("_accounts.json") == "accounts"
    assert (
        documents.table_uri(Store("s3://b/p"), "_sessions.json") == "s3://b/p/_documents/sessions"
    )
    for bad in ("", "_.json", "_a/b.json"):
        with pytest.raises(ValueError):
            documents.stem(bad)


@pytest.mark.parametrize("mode", ["upsert", "overwrite", "append"])
def test_expect_version_refuses_a_commit_landing_after_the_check(
    store: Store, demo_frames: dict, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """Another server commits between the version check and the write: the write was based
    on the version the caller read, so it conflicts (rather than being written on top of
    the other's commit, which the caller never saw)."""
    townships = demo_frames["townships"]
    store.commit("townships", townships, "overwrite", {"user": "t"})
    read_at = store.version("townships")
    other = Store(store.root)
    original = Store._commit_once

    def other_server_first(self: Store, *args, **kwargs):
        monkeypatch.setattr(Store, "_commit_once", original)  # once
        other.commit("townships", townships.head(3), "overwrite", {"user": "other"})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_commit_once", other_server_first)
    changed = townships.head(1).assign(name="改过的名字")
    with pytest.raises(StoreConflict):
        store.commit("townships", changed, mode, {"user": "me"}, expect_version=read_at)
    assert store.version("townships") == read_at + 1  # only the other's commit
    assert store.history("townships")["user"].iloc[0] == "other"
    pd.testing.assert_frame_equal(
        store.read("townships").sort_values("township_code").reset_index(drop=True),
        store.read("townships", version=read_at + 1)
        .sort_values("township_code")
        .reset_index(drop=True),
    )
    # Without the race, the same call commits on top of what it read.
    now = store.version("townships")
    result = store.commit("townships", changed, mode, {"user": "me"}, expect_version=now)
    assert result.version == now + 1
