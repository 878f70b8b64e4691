"""Acting on findings and adding them up: 督查督办 (proposals, due dates, reminders) and the
year-end appraisal's scheme (考核细则), checked as it is read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from app.settings.errors import SettingsError
from schemas.common import ACCOUNTABILITY_ACTIONS, SUPERVISION_SOURCES


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
APPRAISAL_ACTIONS = tuple(ACCOUNTABILITY_ACTIONS)


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
