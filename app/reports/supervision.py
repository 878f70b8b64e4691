"""督查督办 reports: a month's proposals from the rules, the register of items at a date, and
what the overview and the bulletin say of it. Every surface (page, Word, bulletin, command
line) calls these, so they agree.

A proposal's ``finding`` is written here, in the county's language (Chinese), once: issuing
stores that very text, so what the supervisor saw is what the unit receives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from app.format import pct
from app.i18n import enum_label, translate
from app.metrics import supervision as rules
from app.metrics._frames import rows_of
from app.reports.reading import shared
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]
# A finding as the rules give it, with what its source asks and the days it gets.
FOUND_COLUMNS = [*rules.FINDING_COLUMNS, "requirement", "due_days"]
# … and worded (the ``p_`` figures it was worded from left out).
PROPOSAL_COLUMNS = [
    *rules.KEY_COLUMNS,
    "finding",
    "requirement",
    "due_days",
]
LANG = "zh"  # findings and requirements are stored in the county's language


def _day(value: Any) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _reason(text: str) -> dict[str, str]:
    from app.reports.compute import reason_params

    return reason_params(text)


def _params(row: dict[str, Any]) -> dict[str, Any]:
    """A finding's parameters (:data:`app.metrics.supervision.PARAMS`) from its row: missing
    as None, counts as whole numbers (a column shared by several rules may hold them as
    floats)."""
    p = {}
    for name in rules.PARAMS:
        value = row.get(f"p_{name}")
        p[name] = None if value is None or (np.ndim(value) == 0 and pd.isna(value)) else value
    for name in ("idle_months", "required", "resolved"):
        if p[name] is not None:
            p[name] = int(p[name])
    return p


def finding_text(row: dict[str, Any], names: dict[str, dict[str, str]], settings: Settings) -> str:
    """The finding of one proposal as the unit will read it (Chinese)."""
    p = _params(row)
    source, subject, ref = row["source"], row["subject_code"], rules.text(row["ref"])
    unit_code, cadre_id = rules.text(row["unit_code"]) or "", rules.text(row["cadre_id"]) or ""
    unit = names["units"].get(unit_code, unit_code)
    cadre = names["cadres"].get(cadre_id, cadre_id)
    period = row["period"]
    month = f"{period[:4]}年{int(period[5:7])}月"
    values: dict[str, Any] = {"unit": unit, "cadre": cadre, "month": month, "year": period[:4]}
    if source == "indicator_red":
        values.update(
            name=names["indicators"].get(subject, subject),
            where=names["townships"].get(ref, ref) if ref else translate("bulletin.county_wide"),
            light=enum_label("light", p["light"], LANG),
            completion=pct(p["completion"]),
            time_progress=pct(p["time_progress"]),
        )
    elif source == "project_stalled":
        values.update(
            name=names["projects"].get(subject, subject),
            months=p["idle_months"],
            last=p["last"] or "—",
        )
    elif source.startswith(("survey_", "rectification_", "complaints_")):
        reason = _reason(p["reason"])
        if "bottom_in_rounds" in reason:
            reason["bottom_in_rounds"] = reason["bottom_in_rounds"].replace(",", "、")
        values.update(reason)
        values.setdefault("round", ref.split("-")[-1] if ref else "")
    elif source == "project_schedule":
        values.update(
            name=names["projects"].get(subject, subject),
            start=_day(p["start"]),
            end=_day(p["end"]),
            days="" if p["days"] is None else int(p["days"]),
        )
        return translate(f"sup.finding.project_schedule.{p['kind']}", LANG, **values)
    elif source == "field_days_behind":
        values.update(days=int(p["days"]), due=f"{p['due']:.0f}", required=p["required"])
    elif source == "liaison_short":
        short = p["month"]
        values.update(
            short=f"{short[:4]}年{int(short[5:7])}月",
            min=settings.field_days.liaison_min_days_per_month,
        )
    elif source == "petitions_short":
        rule = settings.petitions
        minimum = rule.before_festival_min if p["deadline"] == "festival" else rule.in_year_min
        values.update(when=p["when"], resolved=p["resolved"], min=minimum)
        return translate(f"sup.finding.petitions_short.{p['deadline']}", LANG, **values)
    return translate(f"sup.finding.{source}", LANG, **values)


def supervision_findings(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    """Every rule's findings at the end of ``month`` (:data:`FOUND_COLUMNS`: not yet worded,
    see :func:`worded`).

    Found per rule, each part kept by what it reads (an upload of indicator values finds again
    the red indicators, not a province's 100,000 cadres' days)."""
    from app.reports import compute
    from app.reports.programme import project_schedule

    year = int(month[:4])
    as_of = compute.month_end(month)
    sup = settings.supervision

    def indicators(read: Reader) -> pd.DataFrame:
        township_unit = rules.township_units(read("units"), read("townships"))
        return rules.indicator_findings(
            compute.targets(read, settings, year, month), sup, township_unit
        )

    def projects(read: Reader) -> pd.DataFrame:
        return rules.project_findings(
            compute.stalled_projects(read, settings, month),
            project_schedule(read, settings, year, as_of),
            read("projects"),
            read("cadres"),
        )

    def actions(read: Reader) -> pd.DataFrame:
        return rules.action_findings(compute.accountability(read, settings, year, as_of), year)

    def field(read: Reader) -> pd.DataFrame:
        return rules.field_findings(compute.field_days(read, settings, year, as_of), month)

    def petitions(read: Reader) -> pd.DataFrame:
        return rules.petition_findings(
            compute.petitions(read, settings, as_of), settings.petitions, as_of
        )

    parts = []
    for name, find in (
        ("indicators", indicators),
        ("projects", projects),
        ("actions", actions),
        ("field", field),
        ("petitions", petitions),
    ):

        def made(read: Reader, find=find) -> pa.Table:  # noqa: ANN001
            return _with_terms(settings, rules.finding_table([find(read)], month))

        parts.append(shared(read, f"findings_{name}", (month,), made))
    found = [part for part in parts if part.num_rows]
    if not found:
        return pd.DataFrame(columns=FOUND_COLUMNS)
    # Joined by Arrow, each column in one piece (the page takes rows of it; a column in
    # several pieces is joined again by every take).
    return rules.to_frame(pa.concat_tables(found).combine_chunks())


def _with_terms(settings: Settings, found: pa.Table) -> pa.Table:
    """The requirement and the days each source gets (made once per source, placed by the
    source's position among them: a province's month holds 200,000 findings)."""
    encoded = found.column("source").combine_chunks().dictionary_encode()
    sources = encoded.dictionary.to_pylist()
    requirements = [translate(f"sup.requirement.{s}", LANG) for s in sources]
    days = [settings.supervision.days_for(s) for s in sources]
    return (
        found.append_column(
            "requirement", pa.array(requirements, pa.large_string()).take(encoded.indices)
        )
        .append_column("due_days", pa.array(days, pa.int64()).take(encoded.indices))
        .select(FOUND_COLUMNS)
    )


def _finding_names(read: Reader) -> dict[str, dict[str, str]]:
    """Code → name of what findings name: units, cadres, townships, indicators, projects."""
    from app.reports.tables.common import code_names  # (tables import compute, which imports this)

    return {
        "units": code_names(read, "units", "unit_code"),
        "cadres": code_names(read, "cadres", "cadre_id"),
        "townships": code_names(read, "townships", "township_code"),
        "indicators": code_names(read, "indicators", "indicator_code"),
        "projects": code_names(read, "projects", "project_id"),
    }


def worded(read: Reader, settings: Settings, found: pd.DataFrame) -> pd.DataFrame:
    """``found`` (findings or proposals, :data:`FOUND_COLUMNS`) with each one's ``finding``
    written as the unit will read it (:data:`PROPOSAL_COLUMNS`). Worded where they are read:
    the page words the rows it shows, issuing the ones issued (a province's month holds
    150,000 findings)."""
    if found.empty:
        return pd.DataFrame(columns=PROPOSAL_COLUMNS)
    # The names once for every caller (a province's 50,000 cadres), not once per wording.
    names = shared(read, "finding_names", (), _finding_names)
    found = found.copy()
    found["finding"] = [finding_text(r._asdict(), names, settings) for r in rows_of(found)]
    return found[PROPOSAL_COLUMNS].reset_index(drop=True)


def supervision_candidates(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    """督办 proposals of ``month``, not yet worded (:data:`FOUND_COLUMNS`): its findings not
    yet acted on. What the page counts and chooses from."""

    def make(read: Reader) -> pd.DataFrame:
        found = supervision_findings(read, settings, month)
        return rules.new_proposals(found, read("supervision_items"))

    return shared(read, "supervision_candidates", (month,), make)


def supervision_proposals(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    """督办 proposals of ``month``, worded: its findings not yet acted on (nothing is
    stored)."""
    return worded(read, settings, supervision_candidates(read, settings, month))


def proposal_page(
    read: Reader, settings: Settings, month: str, sources: tuple[str, ...], limit: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """The proposals of ``sources``: the first ``limit`` worded, and every one's position
    among :func:`supervision_candidates` (what issuing all of them takes)."""
    found = supervision_candidates(read, settings, month)
    where = np.flatnonzero(found["source"].isin(list(sources)).to_numpy())
    return worded(read, settings, found.take(where[:limit])), where


def supervision_register(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    """Every item issued by ``as_of`` with its status, due date and light then, the newest
    first."""
    states = rules.states_at(read("supervision_items"), as_of, settings.supervision)
    return states.sort_values(["issued_on", "item_id"], ascending=False).reset_index(drop=True)


def supervision_counts(read: Reader, settings: Settings, as_of: dt.date) -> dict[str, int]:
    """The overview's figures: items open, due soon (blue), overdue (red) at ``as_of``."""
    states = supervision_register(read, settings, as_of)
    open_ = states[states["status_at"] != "closed"]
    return {
        "items": len(states),
        "open": len(open_),
        "due_soon": int((states["light"] == "blue").sum()),
        "overdue": int((states["light"] == "red").sum()),
        "closed": int((states["status_at"] == "closed").sum()),
    }


def supervision_units(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    """Per responsible unit at ``as_of`` (:func:`app.metrics.supervision.unit_summary`)."""
    states = supervision_register(read, settings, as_of)
    return rules.unit_summary(states, settings.supervision).reset_index(drop=True)


def supervision_month(read: Reader, settings: Settings, month: str) -> dict[str, Any]:
    """What the monthly bulletin says of 督办 in ``month``: items issued and closed in the
    month, open and overdue at its end, the units overdue (通报批评) and those overdue past
    the setting (责令作出检查)."""
    from app.reports.compute import month_end

    end = month_end(month)
    states = supervision_register(read, settings, end)
    units = rules.unit_summary(states, settings.supervision)
    issued_in = states["issued_on"].dt.strftime("%Y-%m") == month
    closed_in = states["closed_at"].dt.strftime("%Y-%m") == month
    return {
        "month": month,
        "issued": int(issued_in.sum()),
        "closed": int(closed_in.sum()),
        "open": int((states["status_at"] != "closed").sum()),
        "overdue": int((states["light"] == "red").sum()),
        "units": units.reset_index(drop=True),
        "criticised": units.loc[units["overdue"] > 0, "unit_code"].tolist(),
        "escalated": units.loc[units["escalate"], "unit_code"].tolist(),
    }
