"""Running the service: uploads' limits, sign-ins, notices (robots, mail) and maintenance."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.settings.errors import SettingsError


@dataclass
class UploadSettings:
    max_file_mb: float = 20.0
    max_rows: int = 200_000
    max_columns: int = 500
    max_uncompressed_mb: float = 300.0
    # A file is read in a worker process of its own, stopped past these limits, so that a
    # hostile file cannot hold the server (False: read in the server's own process).
    parse_in_worker: bool = True
    parse_seconds: float = 60.0
    parse_memory_mb: int = 2048
    max_cell_chars: int = 32_767  # Excel's own limit on a cell's text


@dataclass
class AuthSettings:
    max_failures: int = 5
    lockout_minutes: int = 15
    session_hours: float = 12.0
    # Behind a reverse proxy every browser has the proxy's address: trust the proxy's
    # X-Forwarded-For (only where the app is reachable through the proxy alone).
    trust_forwarded_for: bool = False


@dataclass
class NoticeSettings:
    """督办通知: supervision notices by group robot (WeCom, DingTalk) and e-mail; off by default."""

    enabled: bool = False
    # Group robots: {"kind": "wecom" | "dingtalk", "url": "...", "secret": "..." (DingTalk 加签)}.
    # Kept out of repr: a robot's URL carries its key.
    webhooks: list[dict[str, str]] = field(default_factory=list, repr=False)
    smtp_host: str = ""  # empty: no e-mail
    smtp_port: int = 25
    smtp_username: str = ""  # empty: no login
    smtp_password: str = field(default="", repr=False)
    smtp_sender: str = ""  # empty: the username
    smtp_recipients: list[str] = field(default_factory=list)
    smtp_starttls: bool = False
    smtp_ssl: bool = False  # SMTP over TLS from the start (port 465)
    timeout_seconds: float = 10.0  # per robot post or mail connection
    events: list[str] = field(default_factory=lambda: ["issued", "due_soon", "overdue"])
    max_attempts: int = 5
    retry_minutes: float = 10.0  # pause after a first failure, doubled after each next one

    def __post_init__(self) -> None:
        where = "settings.notices"
        for i, hook in enumerate(self.webhooks):
            if not isinstance(hook, dict) or set(hook) - {"kind", "url", "secret"}:
                raise SettingsError(f"{where}.webhooks[{i}]: expected kind, url and secret")
            if hook.get("kind") not in ("wecom", "dingtalk"):
                raise SettingsError(
                    f"{where}.webhooks[{i}].kind: unknown webhook kind {hook.get('kind')!r}"
                    " (expected 'wecom' or 'dingtalk')"
                )
            url = hook.get("url")
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise SettingsError(f"{where}.webhooks[{i}].url: expected an http(s) URL")
            if not isinstance(hook.get("secret", ""), str):
                raise SettingsError(f"{where}.webhooks[{i}].secret: expected str")
        bad = sorted(set(self.events) - {"issued", "due_soon", "overdue"})
        if bad:
            raise SettingsError(f"{where}.events: unknown event {bad[0]!r}")
        if self.max_attempts < 1:
            raise SettingsError(f"{where}.max_attempts: expected at least 1")
        if self.smtp_ssl and self.smtp_starttls:
            raise SettingsError(f"{where}: smtp_ssl and smtp_starttls exclude each other")
        if self.smtp_host and self.smtp_recipients and not (self.smtp_sender or self.smtp_username):
            raise SettingsError(f"{where}.smtp_sender: needed to send e-mail")


@dataclass
class MaintenanceSettings:
    """Table maintenance (表维护): compaction, checkpoints, removal of files no version needs."""

    # Every version current at some moment of the last ``rollback_years`` calendar years (this
    # one included: 2 = this year and last) stays restorable; older ones are refused.
    rollback_years: int = 2
    auto: bool = True  # the server maintains the tables once a day, at quiet_hour
    quiet_hour: int = 3  # local hour (time_zone), 0-23
    # The daily run maintains a table once this many commits have come since its last time
    # (or when the window has moved on, on 1 January); `python -m app maintain` does every one.
    min_new_versions: int = 10
