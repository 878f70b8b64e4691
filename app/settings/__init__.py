"""Every default of the programme, in one typed place.

The speech's numbers (targets, thresholds, dates, required days) live here and nowhere else.
A county overrides any of them in a TOML file: ``county.toml`` beside the data directory's
contents, or the file named by ``COUNTY_SETTINGS``. Unknown keys are rejected so a typo
in the file does not silently keep a default.

The sections live by concern: ``rules`` (the programme's numbers), ``acting`` (督查督办 and
the appraisal), ``service`` (uploads, sign-ins, notices, maintenance); this module holds the
whole (:class:`Settings`) and reads the county's file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.settings.acting import (
    APPRAISAL_ACTIONS,
    APPRAISAL_MEASURES,
    APPRAISAL_METHODS,
    AppraisalSection,
    AppraisalSettings,
    SupervisionSettings,
)
from app.settings.errors import SettingsError
from app.settings.rules import (
    FieldDaysSettings,
    LightSettings,
    PetitionSettings,
    ProgrammeSettings,
    ProjectYearSettings,
    SurveySettings,
)
from app.settings.service import (
    AuthSettings,
    MaintenanceSettings,
    NoticeSettings,
    UploadSettings,
)

__all__ = [
    "APPRAISAL_ACTIONS",
    "APPRAISAL_MEASURES",
    "APPRAISAL_METHODS",
    "AppraisalSection",
    "AppraisalSettings",
    "AuthSettings",
    "FieldDaysSettings",
    "LightSettings",
    "MaintenanceSettings",
    "NoticeSettings",
    "PetitionSettings",
    "ProgrammeSettings",
    "ProjectYearSettings",
    "Settings",
    "SettingsError",
    "SupervisionSettings",
    "SurveySettings",
    "UploadSettings",
    "default_data_dir",
    "demo_on_first_start",
    "load_settings",
    "settings_path",
]


@dataclass
class Settings:
    county_name: str = "示范县"
    time_zone: str = "Asia/Shanghai"  # times shown on the pages (commits are kept in UTC)
    year: int = 2011  # the campaign year shown by default
    # The campaign's first full year (it is launched in December of the year before): the
    # requirements of days at the grassroots and of liaison months apply from this year on.
    campaign_first_year: int = 2011
    work_plan_deadline: dt.date = dt.date(2010, 12, 12)
    # People (or units) a bulletin's paragraph names before "等N人": the furthest behind first;
    # every one of them is in the month's workbook and on the pages.
    bulletin_names: int = 50
    # Projects or units a programme paragraph of the bulletin names before "等" (its count is
    # given first: "N个项目：…等").
    bulletin_items: int = 8
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
