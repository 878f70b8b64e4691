"""The notices outbox on S3 with two servers at once (against moto's S3 server and a robot
on 127.0.0.1): every notice queued by either is sent, and none twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from app.reports import notices
from app.store import Store
from tests.test_notices import Robot
from tests.test_s3 import BUCKET, s3  # noqa: F401 (moto's S3 server, a module fixture)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from app.reports import notices
    from app.settings import NoticeSettings, Settings
    from app.store import Store

    root, options, url, worker, go = sys.argv[1], json.loads(sys.argv[2]), *sys.argv[3:6]
    store = Store(root, options)
    hooks = [{"kind": "wecom", "url": url}]
    settings = Settings(notices=NoticeSettings(enabled=True, webhooks=hooks, timeout_seconds=5))
    items = [f"S{k:02d}" for k in range(8)] + [f"W{worker}-{k}" for k in range(4)]
    while not Path(go).exists():
        time.sleep(0.005)
    counts = dict.fromkeys(("sent", "retrying", "failed"), 0)
    for item in items:  # queued one by one, delivered after each: much interleaving
        event = {"kind": "issued", "item_id": item, "unit_code": item, "unit_name": item,
                 "finding": "f", "due_on": "2011-12-10"}
        notices.enqueue(store, settings, [event])
        for key, value in notices.deliver(store, settings).items():
            if key in counts:
                counts[key] += value
    print(json.dumps(counts))
    """
)


def test_two_servers_queue_and_deliver_at_once_and_each_notice_goes_once(
    s3: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    robot = Robot()
    try:
        store = Store(f"s3://{BUCKET}/notices-{uuid.uuid4().hex[:8]}", s3)
        store.init(demo=False)
        script = tmp_path / "worker.py"
        script.write_text(WORKER, encoding="utf-8")
        go = tmp_path / "go"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
            env.pop(name, None)
        url = robot.url("/cgi-bin/webhook/send?key=k")
        procs = [
            subprocess.Popen(
                [sys.executable, str(script), store.root, json.dumps(s3), url, str(w), str(go)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(2)
        ]
        time.sleep(4)  # the imports
        go.touch()
        outputs = [p.communicate(timeout=600) for p in procs]
        for proc, (_out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err
        counts = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    finally:
        robot.stop()
    expected = {f"S{k:02d}" for k in range(8)} | {f"W{w}-{k}" for w in range(2) for k in range(4)}
    box = notices.outbox(store)
    assert sorted(m["item_id"] for m in box) == sorted(expected)  # each queued once
    assert {m["status"] for m in box} == {"sent"}
    sent = [r["body"]["text"]["content"] for r in robot.requests]
    assert len(sent) == len(expected) == sum(c["sent"] for c in counts)  # none twice
    assert all(c["retrying"] == c["failed"] == 0 for c in counts)
