"""Shared pieces of the dataset schemas: field helpers and enumerations.

Each field carries its Chinese header in ``metadata["zh"]`` (the contract's header in brackets);
ingest accepts that header, the canonical name, or both.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

# Enumerations, in the contract's order. Labels for people live in the i18n catalogues.
UNIT_CATEGORIES = [
    "vertical",
    "party_mass",
    "government",
    "township",
    "other",
    # A township's own units (乡镇所属站所、村（居）社区、服务区), surveyed by the township.
    "station",
    "community",
    "service_area",
]
TOWNSHIP_UNIT_CATEGORIES = ["station", "community", "service_area"]
CADRE_LEVELS = ["county", "unit", "township", "liaison", "other"]
PAIRING_SCHEMES = ["group", "paired"]
DIRECTIONS = ["higher", "lower"]
AGGREGATIONS = ["sum", "last", "mean"]
PROJECT_LEVELS = ["provincial_key", "prefecture_major", "county"]
PROJECT_STAGES = ["reserve", "construction", "completed"]
COMPLAINT_CHANNELS = ["hotline", "letter", "online", "other"]
HELP_TYPES = ["study", "plan", "problem", "dispute"]
DISPUTE_TYPES = [
    "labour",
    "litigation",
    "restructuring",
    "land",
    "mining",
    "reservoir",
    "subsidy",
    "other",
]
SUPERVISION_SOURCES = [
    "indicator_red",
    "project_stalled",
    "project_schedule",
    "survey_admonish",
    "survey_organisational",
    "survey_superior",
    "rectification_late",
    "rectification_missing",
    "complaints_most",
    "field_days_behind",
    "liaison_short",
    "petitions_short",
    "inspection",
    "instruction",
]
# Accountability actions of the survey rules (app.metrics.surveys), in the contract's order;
# the appraisal's ineligible_if names them.
ACCOUNTABILITY_ACTIONS = [
    "admonish",
    "organisational_handling",
    "superior_handling",
    "rectification_late",
    "rectification_missing",
    "complaints_accountability",
    "rectification_unpublished",
    "commitment_missing",
    "township_admonish",
]
SUPERVISION_STATUSES = ["issued", "feedback", "returned", "closed"]
APPRAISAL_KINDS = ["unit", "township"]
FRAMEWORK_LEVELS = ["goal", "priority", "optimize", "advance", "rise", "breakthrough"]
FRAMEWORK_ITEMS = [
    "goal",
    "priority.infrastructure",
    "priority.livelihood",
    "optimize.ecology",
    "optimize.development",
    "optimize.service",
    "advance.industrialization",
    "advance.urbanization",
    "advance.agriculture",
    "advance.marketization",
    "rise.size_quality",
    "rise.quality_speed",
    "breakthrough.infrastructure",
    "breakthrough.industry",
    "breakthrough.appearance",
    "breakthrough.agriculture",
    "breakthrough.livelihood",
    "breakthrough.private_economy",
]


def field(
    zh: str,
    *,
    required: bool = True,
    nullable: bool = False,
    enum: list[str] | None = None,
    **checks: Any,
) -> Any:
    """A column: ``zh`` is its Chinese header; ``required`` columns must be in every upload."""
    metadata: dict[str, Any] = {"zh": zh, "required": required}
    if enum is not None:
        metadata["enum"] = enum
        checks["isin"] = enum
    return pa.Field(nullable=nullable, metadata=metadata, **checks)


def code(zh: str, **kw: Any) -> Any:
    """A code column: text, never empty (codes keep leading zeros)."""
    return field(zh, str_length={"min_value": 1}, **kw)


def optional_code(zh: str, **kw: Any) -> Any:
    """A code column that may be empty (e.g. township_code empty = the whole county)."""
    return field(zh, required=False, nullable=True, **kw)
