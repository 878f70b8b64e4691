"""The store on S3 (``s3://bucket/prefix``), against moto's S3 server on a free 127.0.0.1 port:
the same store, CLI and pages as on a local directory, and two app processes committing to
the same table at once (Delta's commit is a conditional put: If-None-Match)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from app.settings import Settings
from app.store import Store
from tests.helpers.processes import stop

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
BUCKET = "county"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """moto's S3 server (a subprocess), a bucket, and the storage options to reach it."""
    pytest.importorskip("moto.server")
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("moto's server did not start")
    options = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        # Commits are put-if-absent (If-None-Match: *), which moto's server honours: safe
        # concurrent writers without a lock service. (deltalake's default on S3; said here.)
        "AWS_CONDITIONAL_PUT": "etag",
    }
    import boto3

    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield options
    stop(proc, log, timeout=10)


def new_root() -> str:
    return f"s3://{BUCKET}/store-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def s3_demo(s3: dict[str, str]) -> Store:
    from app.demo import seed_demo

    store = Store(new_root(), s3)
    seed_demo(store, Settings())
    return store


def test_the_demo_store_works_on_s3(s3_demo: Store, demo_store: Store) -> None:
    from app.reports import compute

    assert s3_demo.is_remote and s3_demo.exists()
    assert s3_demo.info()["demo"] is True
    assert s3_demo.versions() == demo_store.versions()
    for name in ("townships", "indicator_values", "field_activities"):
        remote = (
            s3_demo.read(name)
            .sort_values(list(s3_demo.read(name).columns[:3]))
            .reset_index(drop=True)
        )
        local = demo_store.read(name).sort_values(list(remote.columns[:3])).reset_index(drop=True)
        pd.testing.assert_frame_equal(remote, local)
    narrowed = s3_demo.read(
        "indicator_values", columns=["period", "value"], filters=[("period", "=", "2011-05")]
    )
    assert set(narrowed["period"]) == {"2011-05"} and list(narrowed.columns) == ["period", "value"]
    measures = compute.project_year(s3_demo.read, Settings(), 2011, "2011-11")["measures"]
    expected = compute.project_year(demo_store.read, Settings(), 2011, "2011-11")["measures"]
    assert measures == expected
    assert len(s3_demo.history("townships")) == 2  # create, then the demo


def test_accounts_marker_commit_and_rollback_on_s3(s3: dict[str, str], demo_frames: dict) -> None:
    """The JSON files beside the tables (marker, accounts), the log reader that finds a
    commit's version, replace commits and rollback."""
    from app import auth

    store = Store(new_root(), s3)
    assert not store.exists() and store.version("townships") == -1
    store.init(demo=False)
    assert store.exists() and store.info()["demo"] is False
    auth.add_account(store, "admin", "a-long-password", "admin")
    assert auth.authenticate(store, "admin", "a-long-password", Settings().auth) is not None
    assert [a.name for a in auth.accounts(store)] == ["admin"]

    store.commit("townships", demo_frames["townships"], "overwrite", {"user": "t"})
    store.commit("indicators", demo_frames["indicators"], "overwrite", {"user": "t"})
    values = demo_frames["indicator_values"]
    may = values[values["period"] == "2011-05"]
    first = store.commit(
        "indicator_values", may, "replace", {"user": "t"}, where={"period": ["2011-05"]}
    )
    assert first.version == store.version("indicator_values") == 1
    changed = may.assign(value=may["value"] + 1)
    second = store.commit(
        "indicator_values", changed, "replace", {"user": "t"}, where={"period": ["2011-05"]}
    )
    assert (second.version, second.rows_before, second.rows_after) == (2, len(may), len(may))
    assert store.read("indicator_values")["value"].sum() == pytest.approx(changed["value"].sum())
    assert store.rollback("indicator_values", 1, {"user": "t"}) == 3
    assert store.read("indicator_values")["value"].sum() == pytest.approx(may["value"].sum())
    history = store.history("indicator_values")
    assert history["version"].tolist() == [3, 2, 1, 0]


WRITER = textwrap.dedent(
    """
    import json, sys
    import pandas as pd
    from app.store import Store

    root, options, who, rounds = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store(root, options)
    for i in range(rounds):
        frame = pd.DataFrame({"township_code": [f"{who}{k:02d}" for k in range(20)],
                              "name": [f"{who}-{i}-{k}" for k in range(20)]})
        result = store.commit("townships", frame, "overwrite", {"user": who, "message": str(i)})
        print(result.version, flush=True)
    """
)


def test_two_processes_commit_to_one_table_at_once(s3: dict[str, str], tmp_path: Path) -> None:
    """Two app processes overwrite the same table concurrently: every commit of both is in
    the history, and every version holds exactly one writer's rows (no mixture)."""
    store = Store(new_root(), s3)
    store.init(demo=False)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rounds = 6
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), store.root, json.dumps(s3), who, str(rounds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("A", "B")
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    versions = [int(v) for out, _ in outputs for v in out.split()]
    assert sorted(versions) == list(range(1, 2 * rounds + 1))  # each commit its own version
    history = store.history("townships")
    users = history[history["version"] > 0]["user"].tolist()
    assert users.count("A") == rounds and users.count("B") == rounds
    for version in range(1, 2 * rounds + 1):
        frame = store.read("townships", version=version)
        writers = {code[0] for code in frame["township_code"]}
        rounds_seen = {name.split("-")[1] for name in frame["name"]}
        assert len(frame) == 20 and len(writers) == 1 and len(rounds_seen) == 1, version


def test_the_cli_and_the_pages_read_storage_options_from_settings(
    s3: dict[str, str], s3_demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """county.toml's [storage_options] table reaches the CLI and the app (COUNTY_SETTINGS:
    an s3:// data directory has no county.toml beside it)."""
    settings_file = tmp_path / "county.toml"
    settings_file.write_text(
        "[storage_options]\n" + "".join(f'{k} = "{v}"\n' for k, v in s3.items()), encoding="utf-8"
    )
    env = {**os.environ, "COUNTY_SETTINGS": str(settings_file), "PYTHONPATH": str(ROOT)}
    for key in s3:
        env.pop(key, None)  # only the settings file says how to reach the store
    out = subprocess.run(
        [sys.executable, "-m", "app", "datasets", "--data-dir", s3_demo.root, "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    listing = {row["name"]: row for row in json.loads(out.stdout)}
    assert listing["townships"]["rows"] == 25

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COUNTY_SETTINGS", str(settings_file))
    monkeypatch.setenv("COUNTY_DATA_DIR", s3_demo.root)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.session_state["user"] = "demo-admin"
    at.session_state["signed_in_at"] = dt.datetime.now(dt.UTC)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception, at.exception
