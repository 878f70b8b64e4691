"""How a supervision notice (督办通知) goes out: its text, and the robots and mail that carry it.

A channel is one configured group robot (WeCom 企业微信 or DingTalk 钉钉) or the e-mail
recipients together. Its id is stable and free of secrets (a robot's URL carries its key), so
the outbox can name it. Senders raise :class:`SendError` with a message safe to log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from app.i18n import translate
from app.settings import NoticeSettings

# WeCom rejects a text message over 2048 bytes of UTF-8; DingTalk's limit is larger.
ROBOT_MAX_BYTES = 2048


class SendError(RuntimeError):
    """A notice could not be delivered; the message names no secret."""


@dataclass(frozen=True)
class Channel:
    id: str  # "wecom:1a2b3c4d5e6f", "dingtalk:…", "email"
    kind: str  # wecom | dingtalk | email
    url: str = ""
    secret: str = ""


def channels(notices: NoticeSettings) -> list[Channel]:
    """The channels the settings configure, in order: robots, then e-mail."""
    found = []
    for hook in notices.webhooks:
        digest = hashlib.sha256(hook["url"].encode("utf-8")).hexdigest()[:12]
        found.append(
            Channel(f"{hook['kind']}:{digest}", hook["kind"], hook["url"], hook.get("secret", ""))
        )
    if notices.smtp_host and notices.smtp_recipients:
        found.append(Channel("email", "email"))
    return found


def render(kind: str, unit_name: str, items: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """The subject and text of one notice about ``items`` (one unit, one kind of event)."""
    title = translate(f"notices.title.{kind}")
    subject = translate("notices.subject", title=title, unit=unit_name, count=len(items))
    if len(items) == 1:
        item = items[0]
        lines = [
            translate(
                "notices.single",
                title=title,
                unit=unit_name,
                finding=item["finding"],
                due_on=item["due_on"],
            )
        ]
        if item.get("requirement"):
            lines.append(translate("notices.requirement", requirement=item["requirement"]))
        return subject, "\n".join(lines)
    lines = [translate("notices.several", title=title, unit=unit_name, count=len(items))]
    for n, item in enumerate(items, start=1):
        lines.append(translate("notices.item", n=n, finding=item["finding"], due_on=item["due_on"]))
        if item.get("requirement"):
            lines.append("   " + translate("notices.requirement", requirement=item["requirement"]))
    return subject, "\n".join(lines)


def clip(text: str, max_bytes: int = ROBOT_MAX_BYTES) -> str:
    """``text`` cut to ``max_bytes`` of UTF-8, with an ellipsis where it was cut."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    cut = text.encode("utf-8")[: max_bytes - len("…".encode())]
    return cut.decode("utf-8", errors="ignore") + "…"


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """``url`` with DingTalk's 加签 parameters: ``timestamp`` (ms) and ``sign``, the base64
    HMAC-SHA256 of ``"{timestamp}\\n{secret}"`` keyed by the secret."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    query = urllib.parse.urlencode({"timestamp": timestamp, "sign": base64.b64encode(digest)})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _safe(exc: BaseException, secrets: Sequence[str]) -> str:
    text = f"{type(exc).__name__}: {exc}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def post_robot(channel: Channel, text: str, timeout: float) -> None:
    """Post ``text`` to a WeCom or DingTalk group robot; success is ``errcode`` 0 in the reply."""
    url = channel.url
    if channel.kind == "dingtalk" and channel.secret:
        url = dingtalk_signed_url(url, channel.secret)
    body = {"msgtype": "text", "text": {"content": clip(text)}}
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except Exception as exc:  # refused, timed out, HTTP 4xx/5xx…
        raise SendError(_safe(exc, [channel.url, channel.secret])) from None
    try:
        reply = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise SendError("reply is not JSON") from None
    if not isinstance(reply, dict) or reply.get("errcode") != 0:
        code = reply.get("errcode") if isinstance(reply, dict) else None
        message = reply.get("errmsg") if isinstance(reply, dict) else None
        raise SendError(f"errcode {code}: {message}")


def send_mail(notices: NoticeSettings, mails: Sequence[tuple[str, str]]) -> list[str | None]:
    """Send each (subject, body) to the recipients over one SMTP connection: per mail, None
    where it went, else the error (the mails not yet sent fail alike if the connection does)."""
    secrets = [notices.smtp_password]
    try:
        if notices.smtp_ssl:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                notices.smtp_host,
                notices.smtp_port,
                timeout=notices.timeout_seconds,
                context=ssl.create_default_context(),
            )
        else:
            server = smtplib.SMTP(
                notices.smtp_host, notices.smtp_port, timeout=notices.timeout_seconds
            )
    except Exception as exc:
        return [_safe(exc, secrets)] * len(mails)
    outcomes: list[str | None] = []
    try:
        if notices.smtp_starttls:
            server.starttls(context=ssl.create_default_context())
        if notices.smtp_username:
            server.login(notices.smtp_username, notices.smtp_password)
        for subject, body in mails:
            try:
                server.send_message(_message(notices, subject, body))
                outcomes.append(None)
            except (
                smtplib.SMTPRecipientsRefused,
                smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError,
            ) as exc:
                outcomes.append(_safe(exc, secrets))  # this mail only
        return outcomes
    except Exception as exc:  # no session, or it broke: the mails not yet sent wait
        return outcomes + [_safe(exc, secrets)] * (len(mails) - len(outcomes))
    finally:
        try:
            server.quit()
        except Exception:  # the mails went (or not) already: a failed goodbye changes nothing
            server.close()


def _message(notices: NoticeSettings, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = notices.smtp_sender or notices.smtp_username
    message["To"] = ", ".join(notices.smtp_recipients)
    message.set_content(body, charset="utf-8")
    return message
