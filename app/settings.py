"""Every default of the programme, in one typed place.

The speech's numbers (targets, thresholds, dates, required days) live here and nowhere else.
A county overrides any of them in a TOML file: ``county.toml`` beside the data directory's
contents, or the file named by ``COUNTY_SETTINGS``. Unknown keys are rejected so a typo
in the file does not silently keep a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.common import SUPERVISION_SOURCES


@dataclass
class LightSettings:
    """Status lights for time progress (序时进度)."""

    # Yellow when completion is at most this many percentage points behind time progress.
    yellow_band_pp: float = 5.0


@dataclass
class ProjectYearSettings:
    """Project Construction Year (项目建设年) targets."""

    fai_target: float = 100.0  # 全社会固定资产投资, 亿元
    industry_share_target: float = 0.40  # 工业投资占比
    industry_share_tolerance: float = 0.02  # "about 40%": met within this many points below
    population: int = 950_000  # 全县人口
    fai_per_capita_target: float = 10_000.0  # 人均固定资产投资, 元
    key_projects_share_target: float = 0.50  # 省重点+地区重大完成投资占比
    funds_floor: float = 25.5  # 招商引资到位资金 保底, 亿元
    funds_stretch: float = 30.0  # 力争, 亿元
    funds_growth_target: float = 0.50  # 到位资金增长
    funds_growth_tolerance: float = 0.02
    policy_abolished_target: float = 50.0  # 政策清理废除比例, % (strictly more than)
    stalled_months: int = 3  # 停滞: no investment this many consecutive months
    wan_per_yi: float = 10_000.0  # 1 亿元 = 10,000 万元
    yuan_per_yi: float = 100_000_000.0
    fai_code: str = "FAI"
    fai_industry_code: str = "FAI_INDUSTRY"
    funds_code: str = "FUNDS_IN_PLACE"
    policy_code: str = "POLICY_ABOLISHED_PCT"


@dataclass
class SurveySettings:
    """Work-style satisfaction surveys (作风建设满意度调查)."""

    bottom_n: dict[str, int] = field(default_factory=lambda: {"party_mass": 1, "government": 2})
    # Vertical departments: the last N in both accountable rounds go to their superior.
    vertical_last_n: int = 1
    accountable_rounds: list[int] = field(default_factory=lambda: [2, 3])
    rectification_round: int = 1
    rectification_days: int = 10
    # Month each round is held, as (year offset from the campaign year, month).
    round_months: dict[str, list[int]] = field(
        default_factory=lambda: {"1": [-1, 12], "2": [0, 5], "3": [0, 11]}
    )
    complaints_top_n: int = 1


@dataclass
class FieldDaysSettings:
    """Four Helps, Four Promotes (四帮四促): days at the grassroots."""

    required_days: dict[str, int] = field(
        default_factory=lambda: {"county": 60, "unit": 90, "township": 120}
    )
    liaison_min_days_per_month: int = 5


@dataclass
class PetitionSettings:
    """Petitions and stability (信访维稳)."""

    spring_festival: dt.date = dt.date(2011, 2, 3)
    before_festival_min: int = 1
    in_year: int = 2011
    in_year_min: int = 2
    leading_levels: list[str] = field(default_factory=lambda: ["county", "unit", "township"])


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
class SupervisionSettings:
    """督查督办: which findings are proposed, how long a unit has, when to remind and escalate."""

    # Lights of 序时进度 that propose an item (red by default; add "yellow" to act earlier).
    propose_lights: list[str] = field(default_factory=lambda: ["red"])
    # Calendar days from issue to due, per source ("default" for the others): the speech gives
    # a round's rectification 10 days.
    due_days: dict[str, int] = field(
        default_factory=lambda: {
            "default": 15,
            "survey_admonish": 10,
            "rectification_late": 10,
            "rectification_missing": 10,
        }
    )
    remind_days: int = 3  # blue light: open and due within this many days
    # A unit with an item overdue by more than this many days is flagged for 责令作出检查.
    escalate_overdue_days: int = 15
    max_attachment_mb: float = 20.0

    def __post_init__(self) -> None:
        unknown = sorted(set(self.due_days) - {"default", *SUPERVISION_SOURCES})
        if unknown:
            raise SettingsError(f"settings.supervision.due_days.{unknown[0]}: unknown source")
        bad = sorted(set(self.propose_lights) - {"red", "yellow", "green"})
        if bad:
            raise SettingsError(f"settings.supervision.propose_lights: unknown light {bad[0]}")

    def days_for(self, source: str) -> int:
        return int(self.due_days.get(source, self.due_days.get("default", 15)))


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


@dataclass
class ProgrammeSettings:
    """The rest of the programme: project schedules, survey publication, public commitments,
    township surveys, work plans, contact points and reception days."""

    late_start_days: int = 30  # 谋划储备 this many days after the planned start → late_start
    key_levels: list[str] = field(default_factory=lambda: ["provincial_key", "prefecture_major"])
    published_rounds: list[int] = field(default_factory=lambda: [2, 3])  # 经联席会议审定后公布
    publication_days: int = 30  # a round published at the latest this many days after its survey
    commitment_days: int = 15  # 公开承诺 within this many days of the round's survey date
    # 乡镇对所属股、站、所、村（居）社区、服务区开展满意度调查: ranked within township and category.
    township_categories: list[str] = field(
        default_factory=lambda: ["station", "community", "service_area"]
    )
    township_bottom_n: int = 1
    township_rounds: list[int] = field(default_factory=lambda: [2, 3])
    # 工作方案: the units that file one (the deadline is Settings.work_plan_deadline).
    work_plan_categories: list[str] = field(
        default_factory=lambda: ["vertical", "party_mass", "government", "township"]
    )
    liaison_at_contact_point: bool = True  # a liaison's days count at its unit's pairing only
    reception_levels: list[str] = field(default_factory=lambda: ["county", "township"])
    reception_min_per_quarter: int = 0  # 定期接访: 0 = no minimum
    # 服务基层承诺 作出承诺并公开: the levels of cadre who make one each year.
    service_commitment_levels: list[str] = field(default_factory=lambda: ["county"])


# 年终综合考核: what the scheme's sections may measure and how they may score it.
APPRAISAL_METHODS = ("score", "ratio", "deduct", "rank", "manual")
APPRAISAL_MEASURES = {
    "units": (
        "survey_score",
        "verified_complaints",
        "rectification_faults",
        "field_days",
        "petitions",
        "supervision_faults",
        "manual",
    ),
    "townships": (
        "indicator_completion",
        "field_days",
        "petitions",
        "supervision_faults",
        "manual",
    ),
}
# Accountability actions (app.metrics.surveys and the contract's later ones) ineligible_if names.
APPRAISAL_ACTIONS = (
    "admonish",
    "organisational_handling",
    "superior_handling",
    "rectification_late",
    "rectification_missing",
    "complaints_accountability",
    "rectification_unpublished",
    "commitment_missing",
    "township_admonish",
)
_SECTION_FIELDS = ("key", "measure", "method", "points", "per", "floor")


@dataclass
class AppraisalSection:
    """One line of the county's scheme (考核细则): what it measures, how it scores, its points."""

    key: str  # the section's name in the results (parts.<key>; the manual scores' key)
    measure: str
    method: str
    points: float
    per: float = 1.0  # deduct: points lost per unit of the measure
    floor: float = 0.6  # rank: the last of a group gets points × floor


def _section(value: Any, where: str, measures: tuple[str, ...]) -> AppraisalSection:
    """An entry of ``[[appraisal.units]]`` / ``[[appraisal.townships]]``, checked."""
    if isinstance(value, AppraisalSection):
        value = dataclasses.asdict(value)
    if not isinstance(value, dict):
        raise SettingsError(f"{where}: expected a table (key, measure, method, points)")
    unknown = sorted(set(value) - set(_SECTION_FIELDS))
    if unknown:
        raise SettingsError(f"{where}.{unknown[0]}: unknown setting")
    missing = [f for f in ("key", "measure", "method", "points") if f not in value]
    if missing:
        raise SettingsError(f"{where}.{missing[0]}: missing")
    key, measure, method = value["key"], value["measure"], value["method"]
    if not isinstance(key, str) or not key.strip() or not key.replace("_", "").isalnum():
        raise SettingsError(f"{where}.key: unknown key {key!r} (expected a name like 'survey')")
    if measure not in measures:
        raise SettingsError(
            f"{where}.measure: unknown measure {measure!r} (expected one of {', '.join(measures)})"
        )
    if method not in APPRAISAL_METHODS:
        raise SettingsError(
            f"{where}.method: unknown method {method!r}"
            f" (expected one of {', '.join(APPRAISAL_METHODS)})"
        )
    if (measure == "manual") != (method == "manual"):
        raise SettingsError(f"{where}: measure 'manual' goes with method 'manual' (key {key!r})")
    numbers = {}
    for name in ("points", "per", "floor"):
        if name in value:
            number = value[name]
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                raise SettingsError(f"{where}.{name}: expected a number ≥ 0")
            numbers[name] = float(number)
    if numbers.get("floor", 0.0) > 1:
        raise SettingsError(f"{where}.floor: expected a share between 0 and 1")
    return AppraisalSection(key=key, measure=measure, method=method, **numbers)


def _default_units() -> list[AppraisalSection]:
    return [
        AppraisalSection("survey", "survey_score", "score", 40),
        AppraisalSection("complaints", "verified_complaints", "deduct", 10, per=2),
        AppraisalSection("rectification", "rectification_faults", "deduct", 5, per=5),
        AppraisalSection("field_days", "field_days", "ratio", 15),
        AppraisalSection("petitions", "petitions", "ratio", 10),
        AppraisalSection("supervision", "supervision_faults", "deduct", 10, per=2),
        AppraisalSection("evaluation", "manual", "manual", 10),
    ]


def _default_townships() -> list[AppraisalSection]:
    return [
        AppraisalSection("indicator_completion", "indicator_completion", "ratio", 50),
        AppraisalSection("field_days", "field_days", "ratio", 15),
        AppraisalSection("petitions", "petitions", "ratio", 10),
        AppraisalSection("supervision", "supervision_faults", "deduct", 10, per=2),
        AppraisalSection("evaluation", "manual", "manual", 15),
    ]


@dataclass
class AppraisalSettings:
    """年终综合考核 (双考双评双挂钩): the scheme for units and for townships, each a list of
    sections summing to 100 points by default, who loses 评优评奖资格, and the grades."""

    units: list[AppraisalSection] = field(default_factory=_default_units)
    townships: list[AppraisalSection] = field(default_factory=_default_townships)
    # Units of these categories are appraised (those the satisfaction survey covers).
    unit_categories: list[str] = field(
        default_factory=lambda: ["vertical", "party_mass", "government"]
    )
    # An action of the year in this list makes the unit (or township) ineligible for 评优评奖.
    ineligible_if: list[str] = field(
        default_factory=lambda: [
            "admonish",
            "organisational_handling",
            "superior_handling",
            "complaints_accountability",
        ]
    )
    # Grades within each (kind, category): 优秀 for this top share of the eligible (ties
    # included, at least one), 较差 for the last ``poor_last`` (ties included), else 良好.
    excellent_share: float = 0.2
    poor_last: int = 1

    def __post_init__(self) -> None:
        where = "settings.appraisal"
        for kind in ("units", "townships"):
            sections = [
                _section(v, f"{where}.{kind}[{i}]", APPRAISAL_MEASURES[kind])
                for i, v in enumerate(getattr(self, kind))
            ]
            keys = [s.key for s in sections]
            twice = sorted({k for k in keys if keys.count(k) > 1})
            if twice:
                raise SettingsError(f"{where}.{kind}: key {twice[0]!r} appears twice")
            setattr(self, kind, sections)
        bad = sorted(set(self.ineligible_if) - set(APPRAISAL_ACTIONS))
        if bad:
            raise SettingsError(f"{where}.ineligible_if: unknown action {bad[0]!r}")
        from schemas.common import UNIT_CATEGORIES

        bad = sorted(set(self.unit_categories) - set(UNIT_CATEGORIES))
        if bad:
            raise SettingsError(f"{where}.unit_categories: unknown category {bad[0]!r}")
        if not 0 <= self.excellent_share <= 1:
            raise SettingsError(f"{where}.excellent_share: expected a share between 0 and 1")

    def scheme(self, kind: str) -> list[AppraisalSection]:
        """The sections of ``kind`` ('unit' or 'township')."""
        return self.units if kind == "unit" else self.townships


@dataclass
class Settings:
    county_name: str = "示范县"
    time_zone: str = "Asia/Shanghai"  # times shown on the pages (commits are kept in UTC)
    year: int = 2011  # the campaign year shown by default
    # The campaign's first full year (it is launched in December of the year before): the
    # requirements of days at the grassroots and of liaison months apply from this year on.
    campaign_first_year: int = 2011
    work_plan_deadline: dt.date = dt.date(2010, 12, 12)
    storage_options: dict[str, str] = field(default_factory=dict)
    lights: LightSettings = field(default_factory=LightSettings)
    project_year: ProjectYearSettings = field(default_factory=ProjectYearSettings)
    survey: SurveySettings = field(default_factory=SurveySettings)
    field_days: FieldDaysSettings = field(default_factory=FieldDaysSettings)
    petitions: PetitionSettings = field(default_factory=PetitionSettings)
    upload: UploadSettings = field(default_factory=UploadSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    supervision: SupervisionSettings = field(default_factory=SupervisionSettings)
    notices: NoticeSettings = field(default_factory=NoticeSettings)
    maintenance: MaintenanceSettings = field(default_factory=MaintenanceSettings)
    appraisal: AppraisalSettings = field(default_factory=AppraisalSettings)
    programme: ProgrammeSettings = field(default_factory=ProgrammeSettings)


class SettingsError(ValueError):
    """A settings file names an unknown key or a value of the wrong type."""


def _merge(obj: Any, values: dict[str, Any], where: str) -> Any:
    if not dataclasses.is_dataclass(obj):
        raise SettingsError(f"{where}: not a section")
    known = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"{where}.{key}: unknown setting")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise SettingsError(f"{where}.{key}: expected a table")
            changes[key] = _merge(current, value, f"{where}.{key}")
        elif isinstance(current, dt.date) and isinstance(value, str):
            changes[key] = dt.date.fromisoformat(value)
        elif isinstance(current, dict) and isinstance(value, dict):
            changes[key] = {**current, **value}
        elif isinstance(current, bool) != isinstance(value, bool):
            raise SettingsError(f"{where}.{key}: expected {type(current).__name__}")
        elif isinstance(current, (int, float)) and isinstance(value, (int, float)):
            changes[key] = type(current)(value) if isinstance(current, float) else value
        elif type(current) is not type(value) and not (
            isinstance(current, dt.date) and isinstance(value, dt.date)
        ):
            raise SettingsError(f"{where}.{key}: expected {type(current).__name__}")
        else:
            changes[key] = value
    return dataclasses.replace(obj, **changes)


def settings_path(data_dir: str | None = None) -> Path | None:
    """The TOML file that overrides the defaults, if any."""
    env = os.environ.get("COUNTY_SETTINGS")
    if env:
        return Path(env)
    if data_dir and "://" not in data_dir:
        candidate = Path(data_dir) / "county.toml"
        if candidate.exists():
            return candidate
    return None


def load_settings(data_dir: str | None = None, path: str | Path | None = None) -> Settings:
    """Defaults, overridden by the county's TOML file where one exists."""
    chosen = Path(path) if path else settings_path(data_dir)
    settings = Settings()
    if chosen is None:
        return settings
    with open(chosen, "rb") as fh:
        values = tomllib.load(fh)
    return _merge(settings, values, "settings")


def default_data_dir() -> str:
    return os.environ.get("COUNTY_DATA_DIR", "data")


def demo_on_first_start() -> bool:
    """Whether the app may seed the demo county into a missing store: only for the README's
    first command, with no data directory configured (``./data``)."""
    return "COUNTY_DATA_DIR" not in os.environ
