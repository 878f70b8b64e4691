"""督办通知: the outbox, group robots (WeCom, DingTalk) and mail, against servers on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import hashlib
import hmac
import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from app.reports import notices
from app.reports.notice_channels import clip, render
from app.settings import NoticeSettings, Settings, SettingsError, load_settings
from app.store import Store

WECOM_KEY = "wecom-key-not-for-logs"
DING_TOKEN = "ding-token-not-for-logs"
DING_SECRET = "SECding-secret-not-for-logs"
LAND = {"unit_code": "U07", "unit_name": "县国土资源局"}


class Robot:
    """A group-robot endpoint: records every POST, answers as told (``mode``)."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[dict[str, Any]] = []
        self.mode = "ok"  # ok | errcode | http500 | sleep
        self.sleep_seconds = 3.0
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                parsed = urllib.parse.urlsplit(self.path)
                robot.requests.append(
                    {
                        "path": parsed.path,
                        "query": dict(urllib.parse.parse_qsl(parsed.query)),
                        "content_type": self.headers["Content-Type"],
                        "body": json.loads(body.decode("utf-8")),
                    }
                )
                if robot.mode == "sleep":
                    time.sleep(robot.sleep_seconds)
                if robot.mode == "http500":
                    self.send_response(500)
                    self.end_headers()
                    return
                code = 93000 if robot.mode == "errcode" else 0
                reply = json.dumps({"errcode": code, "errmsg": "ok" if code == 0 else "bad key"})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(reply.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    yield server
    server.stop()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "data"))


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"enabled": True, "timeout_seconds": 5.0, "retry_minutes": 10.0}
    values.update(overrides)
    return Settings(notices=NoticeSettings(**values))


def _wecom(robot: Robot) -> dict[str, str]:
    return {"kind": "wecom", "url": robot.url(f"/cgi-bin/webhook/send?key={WECOM_KEY}")}


def _event(kind: str = "issued", item_id: str = "DB-001", **extra: Any) -> dict[str, Any]:
    event = {
        "kind": kind,
        "item_id": item_id,
        **LAND,
        "finding": "耕地保护责任落实不到位",
        "due_on": "2011-12-10",
    }
    event.update(extra)
    return event


def test_wecom_and_signed_dingtalk_bodies(robot: Robot, store: Store) -> None:
    ding_url = robot.url(f"/robot/send?access_token={DING_TOKEN}")
    settings = _settings(
        webhooks=[_wecom(robot), {"kind": "dingtalk", "url": ding_url, "secret": DING_SECRET}]
    )
    event = _event(requirement="10日内报送整改方案")
    assert notices.enqueue(store, settings, [event]) == 2
    # The outbox is on disk: a new process (a fresh Store) delivers what the first queued.
    before = time.time() * 1000
    assert notices.deliver(Store(store.root), settings)["sent"] == 2
    text = "【督办通知】县国土资源局：耕地保护责任落实不到位（办结时限 2011-12-10）\n整改要求：10日内报送整改方案"
    wecom, ding = sorted(robot.requests, key=lambda r: r["path"])
    assert wecom["path"] == "/cgi-bin/webhook/send" and wecom["query"] == {"key": WECOM_KEY}
    assert wecom["body"] == {"msgtype": "text", "text": {"content": text}}
    assert wecom["content_type"].startswith("application/json")
    assert ding["body"] == {"msgtype": "text", "text": {"content": text}}
    # DingTalk 加签: timestamp (ms) and sign = base64(HMAC-SHA256(secret, "ts\nsecret")).
    query = ding["query"]
    assert query["access_token"] == DING_TOKEN
    assert before - 60_000 <= int(query["timestamp"]) <= time.time() * 1000 + 60_000
    digest = hmac.new(
        DING_SECRET.encode(), f"{query['timestamp']}\n{DING_SECRET}".encode(), hashlib.sha256
    ).digest()
    assert query["sign"] == base64.b64encode(digest).decode()
    assert {m["status"] for m in notices.outbox(store)} == {"sent"}
    assert notices.deliver(store, settings)["sent"] == 0  # nothing goes twice


def test_mail_goes_to_the_recipients_in_utf8(mailbox: tuple[Mailbox, int], store: Store) -> None:
    box, port = mailbox
    settings = _settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_sender="duban@county.example",
        smtp_recipients=["leader@county.example", "office@county.example"],
    )
    notices.enqueue(store, settings, [_event("due_soon")])
    assert notices.deliver(store, settings)["sent"] == 1
    [(recipients, message)] = box.received
    assert recipients == ["leader@county.example", "office@county.example"]
    assert message["Subject"] == "【到期提醒】县国土资源局（1 项）"
    assert message["From"] == "duban@county.example"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "【到期提醒】县国土资源局：耕地保护责任落实不到位（办结时限 2011-12-10）" in body
    assert "示范县县域发展绩效看板" in body


def test_items_of_one_unit_go_in_one_message(robot: Robot, store: Store) -> None:
    settings = _settings(webhooks=[_wecom(robot)])
    events = [
        _event(
            "overdue",
            "DB-002",
            finding="征地补偿款未按期兑付",
            due_on=pd.Timestamp("2011-11-30"),  # a frame's value, as the caller may pass it
            requirement=float("nan"),
        ),
        _event("overdue", "DB-001"),
        _event(
            "overdue", "DB-003", unit_code="U09", unit_name="县水利局", finding="水毁工程未修复"
        ),
    ]
    assert notices.enqueue(store, settings, events) == 3
    assert notices.deliver(store, settings)["sent"] == 3
    contents = sorted(r["body"]["text"]["content"] for r in robot.requests)
    assert len(contents) == 2
    land = next(c for c in contents if "县国土资源局" in c)
    assert land.splitlines() == [
        "【逾期警示】县国土资源局（2 项）：",
        "1. 征地补偿款未按期兑付（办结时限 2011-11-30）",
        "2. 耕地保护责任落实不到位（办结时限 2011-12-10）",
    ]


def test_disabled_or_unwanted_events_queue_and_send_nothing(robot: Robot, store: Store) -> None:
    off = _settings(enabled=False, webhooks=[_wecom(robot)])
    assert notices.enqueue(store, off, [_event()]) == 0
    assert notices.deliver(store, off) == {"sent": 0, "retrying": 0, "failed": 0, "waiting": 0}
    assert store.read_json(notices.OUTBOX) is None
    assert Settings().notices.enabled is False
    only_overdue = _settings(webhooks=[_wecom(robot)], events=["overdue"])
    assert notices.enqueue(store, only_overdue, [_event("issued"), _event("due_soon")]) == 0
    assert notices.deliver(store, only_overdue)["sent"] == 0
    assert robot.requests == []
    with pytest.raises(ValueError, match="reminder"):
        notices.enqueue(store, only_overdue, [_event("reminder")])


def test_a_due_soon_notice_goes_once(robot: Robot, store: Store) -> None:
    settings = _settings(webhooks=[_wecom(robot)])
    assert notices.enqueue(store, settings, [_event("due_soon")]) == 1
    assert notices.enqueue(store, settings, [_event("due_soon")]) == 0
    notices.deliver(store, settings)
    assert notices.enqueue(store, settings, [_event("due_soon")]) == 0  # sent already
    notices.deliver(store, settings)
    assert len(robot.requests) == 1
    assert len(notices.outbox(store)) == 1


@pytest.mark.parametrize("failure", ["refused", "errcode", "http500"])
def test_a_failure_is_logged_kept_and_sent_later(
    failure: str, robot: Robot, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(webhooks=[_wecom(robot)])
    notices.enqueue(store, settings, [_event()])
    port = robot.port
    if failure == "refused":
        robot.stop()
    else:
        robot.mode = failure
    now = dt.datetime.now(dt.UTC)
    with caplog.at_level(logging.WARNING, logger="county.notices"):
        assert notices.deliver(store, settings, now=now)["retrying"] == 1
    assert "U07" in caplog.text and "failed" in caplog.text
    if failure == "errcode":
        assert "93000" in caplog.text
    [message] = notices.outbox(store)
    assert (message["status"], message["attempts"]) == ("pending", 1)
    assert dt.datetime.fromisoformat(message["next_attempt"]) == now + dt.timedelta(minutes=10)
    # Secrets stay out of the log and the outbox (a robot's URL carries its key).
    assert WECOM_KEY not in caplog.text
    assert WECOM_KEY not in Path(store.root, notices.OUTBOX).read_text(encoding="utf-8")

    assert notices.deliver(store, settings, now=now + dt.timedelta(minutes=5)) == {
        "sent": 0,
        "retrying": 0,
        "failed": 0,
        "waiting": 1,
    }
    if failure == "refused":
        robot = Robot(port)  # the same URL answers again
    robot.mode = "ok"
    tried = len(robot.requests)
    try:
        later = now + dt.timedelta(minutes=11)
        assert notices.deliver(store, settings, now=later)["sent"] == 1
        assert len(robot.requests) == tried + 1
        [message] = notices.outbox(store)
        assert (message["status"], message["attempts"]) == ("sent", 2)
    finally:
        if failure == "refused":
            robot.stop()


def test_gives_up_after_max_attempts(
    robot: Robot, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(webhooks=[_wecom(robot)], max_attempts=2)
    robot.mode = "http500"
    notices.enqueue(store, settings, [_event("overdue")])
    now = dt.datetime.now(dt.UTC)
    assert notices.deliver(store, settings, now=now)["retrying"] == 1
    with caplog.at_level(logging.ERROR, logger="county.notices"):
        assert notices.deliver(store, settings, now=now + dt.timedelta(hours=1))["failed"] == 1
    assert "gave up" in caplog.text
    [message] = notices.outbox(store)
    assert (message["status"], message["attempts"]) == ("failed", 2)
    assert "500" in message["error"]
    robot.mode = "ok"
    assert notices.deliver(store, settings, now=now + dt.timedelta(days=3))["sent"] == 0
    assert len(robot.requests) == 2


def test_mail_server_down_is_retried(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    settings = _settings(
        smtp_host="127.0.0.1",
        smtp_port=_free_port(),  # nothing listens
        smtp_username="duban",
        smtp_password="mail-password-not-for-logs",
        smtp_recipients=["leader@county.example"],
    )
    notices.enqueue(store, settings, [_event()])
    with caplog.at_level(logging.WARNING, logger="county.notices"):
        assert notices.deliver(store, settings)["retrying"] == 1
    assert "email" in caplog.text
    assert "mail-password-not-for-logs" not in caplog.text


def test_background_delivery_returns_at_once_while_the_robot_hangs(
    robot: Robot, store: Store
) -> None:
    settings = _settings(webhooks=[_wecom(robot)], timeout_seconds=10.0)
    robot.mode = "sleep"
    robot.sleep_seconds = 3.0
    notices.enqueue(store, settings, [_event()])
    started = time.monotonic()
    thread = notices.deliver_in_background(store, settings)
    second = notices.deliver_in_background(store, settings)
    elapsed = time.monotonic() - started
    assert thread is not None and thread.daemon
    assert second is None  # one background delivery per process at a time
    assert elapsed < 1.5  # the robot takes 3 s to answer
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert notices.outbox(store)[0]["status"] == "sent"
    again = notices.deliver_in_background(store, settings)  # the slot is free again
    assert again is not None
    again.join(timeout=30)
    assert notices.deliver_in_background(store, object()) is None  # type: ignore[arg-type]
    assert notices.deliver_in_background(store, _settings(enabled=False)) is None


def test_settings_from_toml_and_unknown_webhook_kind(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(
        "[notices]\nenabled = true\nevents = ['overdue']\nsmtp_host = 'smtp.example'\n"
        "smtp_port = 465\nsmtp_ssl = true\nsmtp_username = 'duban'\n"
        "smtp_password = 'pw-not-in-repr'\nsmtp_recipients = ['a@example']\n"
        "[[notices.webhooks]]\nkind = 'wecom'\nurl = 'https://qyapi.weixin.qq.com/x?key=k1'\n"
        "[[notices.webhooks]]\nkind = 'dingtalk'\nurl = 'https://oapi.dingtalk.com/r?t=1'\n"
        "secret = 'SEC1'\n",
        encoding="utf-8",
    )
    loaded = load_settings(path=path).notices
    assert loaded.enabled and loaded.events == ["overdue"] and loaded.smtp_port == 465
    assert [hook["kind"] for hook in loaded.webhooks] == ["wecom", "dingtalk"]
    assert "pw-not-in-repr" not in repr(loaded) and "k1" not in repr(loaded)

    path.write_text(
        "[notices]\n[[notices.webhooks]]\nkind = 'slack'\nurl = 'https://hooks.example'\n",
        encoding="utf-8",
    )
    with pytest.raises(SettingsError, match=r"webhooks\[0\]\.kind.*'slack'"):
        load_settings(path=path)
    path.write_text("[notices]\nevents = ['weekly']\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="weekly"):
        load_settings(path=path)


def test_long_robot_text_is_clipped_to_2048_bytes() -> None:
    items = [
        {"finding": "问题" * 40, "due_on": "2011-12-10", "requirement": "整改" * 20}
        for _ in range(20)
    ]
    _, text = render("issued", "县国土资源局", items)
    assert len(text.encode()) > 2048
    clipped = clip(text)
    assert len(clipped.encode()) <= 2048 and clipped.endswith("…")
    assert clipped.startswith("【督办通知】县国土资源局（20 项）：")
