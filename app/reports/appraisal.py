"""年终综合考核, each unit's and each cadre's record (实绩档案), and the townships' 增比进位:
report entry points over the store (``read``) and the settings, as in :mod:`compute`.

The page, the workbook, the Word 通报 and the command line call these, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from app.metrics import appraisal as rules
from app.reports.reading import shared
from app.reports.year_to_date import progress_identity
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]
# What the JSON of ``report appraisal`` holds of each row (the contract).
JSON_FIELDS = [
    "kind",
    "code",
    "name",
    "category",
    "total",
    "parts",
    "rank",
    "grade",
    "eligible",
    "reasons",
]


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _month_at(read: Reader, year: int, as_of: dt.date) -> str:
    """The latest month of ``year`` with indicator values up to ``as_of`` (else as_of's)."""
    from app.reports import compute

    limit = f"{as_of:%Y-%m}"
    inside = [p for p in compute.value_periods(read) if p.startswith(f"{year}-") and p <= limit]
    return inside[-1] if inside else f"{year}-{min(as_of.month, 12):02d}"


def _per_cadre_unit(read: Reader, settings: Settings, year: int, as_of: dt.date) -> dict:
    """The measures the units and the townships share, per unit_code."""
    from app.metrics.supervision import faults_by_unit
    from app.reports import compute

    return {
        "field_days": rules.field_days_attainment(compute.field_days(read, settings, year, as_of)),
        "petitions": rules.petitions_attainment(compute.petitions(read, settings, as_of)),
        "supervision_faults": faults_by_unit(
            read("supervision_items"), as_of, settings.supervision
        ),
    }


def appraisal(
    read: Reader, settings: Settings, year: int, as_of: dt.date | None = None
) -> pd.DataFrame:
    """年终综合考核 of ``year`` at ``as_of`` (default: the year's last day): one row per unit
    of the appraised categories and per township (:data:`app.metrics.appraisal.RESULT_COLUMNS`)."""
    from app.metrics.supervision import township_units
    from app.metrics.surveys import verified_complaints
    from app.reports import compute

    as_of = as_of or _year_end(year)
    conf = settings.appraisal
    actions = compute.accountability(read, settings, year, as_of)
    shared = _per_cadre_unit(read, settings, year, as_of)

    units = read("units").drop_duplicates("unit_code", keep="last")
    units = units[units["category"].isin(conf.unit_categories)]
    codes = units["unit_code"].astype(str)
    unit_measures = pd.DataFrame(
        {
            "code": codes.to_numpy(),
            "name": units["name"].astype(str).to_numpy(),
            "category": units["category"].astype(str).to_numpy(),
        }
    )
    survey = rules.survey_score(
        read("survey_results"), year, list(settings.survey.accountable_rounds), as_of
    )
    per_unit = {
        "survey_score": survey,
        "verified_complaints": verified_complaints(read("complaints"), year, as_of),
        "rectification_faults": rules.rectification_faults(actions),
        **shared,
    }
    for measure, values in per_unit.items():
        unit_measures[measure] = unit_measures["code"].map(values)

    townships = read("townships").drop_duplicates("township_code", keep="last")
    answering = township_units(read("units"), townships)  # township → its own unit
    town_codes = townships["township_code"].astype(str)
    their_unit = town_codes.map(answering)
    progress = compute.targets(read, settings, year, _month_at(read, year, as_of))
    attained = rules.indicator_attainment(progress)
    town_measures = pd.DataFrame(
        {
            "code": town_codes.to_numpy(),
            "name": townships["name"].astype(str).to_numpy(),
            "category": "township",
            "indicator_completion": town_codes.map(
                dict(zip(attained["township_code"], attained["attainment"], strict=False))
            ).to_numpy(),
        }
    )
    for measure, values in shared.items():
        town_measures[measure] = their_unit.map(values).to_numpy()
    back = {unit: town for town, unit in answering.items()}
    town_actions = actions[actions["unit_code"].isin(back)].assign(
        unit_code=lambda f: f["unit_code"].map(back)
    )
    return rules.appraise(
        unit_measures,
        town_measures,
        read("appraisal_scores"),
        actions,
        town_actions,
        year,
        conf,
    )


def appraisal_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The appraisal as the command line's JSON: :data:`JSON_FIELDS` of each row."""
    out = []
    for row in frame.to_dict("records"):
        out.append(
            {
                "kind": row["kind"],
                "code": str(row["code"]),
                "name": row["name"],
                "category": row["category"],
                "total": float(row["total"]),
                "parts": dict(row["parts"]),
                "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
                "grade": row["grade"],
                "eligible": bool(row["eligible"]),
                "reasons": list(row["reasons"]),
            }
        )
    return out


def appraisal_flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The appraisal flat for CSV: :data:`JSON_FIELDS` with a column per section
    (``part.<key>``) instead of ``parts``, and the reasons joined by ``;``."""
    rows = []
    for record in appraisal_records(frame):
        parts = record.pop("parts")
        record["reasons"] = ";".join(record["reasons"])
        rows.append({**record, **{f"part.{k}": v for k, v in parts.items()}})
    base = [f for f in JSON_FIELDS if f != "parts"]
    frame = pd.DataFrame(rows)
    return frame[[*base, *[c for c in frame.columns if c not in base]]] if rows else frame


def township_progress(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """增比进位: townships ranked by mean attainment over every indicator with a township target
    at the end of ``month``, with the change of rank since the end of the previous quarter and
    of the previous year (:func:`app.metrics.appraisal.township_standing`)."""
    from app.reports import compute

    m = int(month[5:7])
    quarter_end = 3 * ((m - 1) // 3)  # the month ending the quarter before month's quarter
    earlier = f"{year}-{quarter_end:02d}" if quarter_end else f"{year - 1}-12"

    def attained(y: int, mm: str) -> pd.DataFrame:
        # Kept by what the month's status is made from: after a month's upload the quarter's
        # and the year's ends are not made again (90,000 rows each at province).
        def make(read: Reader) -> pd.DataFrame:
            return rules.indicator_attainment(compute.targets(read, settings, y, mm))

        identity = progress_identity(read, y, int(mm[5:7]))
        return shared(read, "attainment", (y, mm), make, identity=identity)

    return rules.township_standing(
        attained(year, month),
        attained(int(earlier[:4]), earlier),
        attained(year - 1, f"{year - 1}-12"),
    )


# --- 实绩档案: everything about one unit, or one cadre -------------------------------------


def _of(frame: pd.DataFrame, column: str, code: str) -> pd.DataFrame:
    return frame[frame[column].astype(str) == str(code)].reset_index(drop=True)


def unit_file(
    read: Reader, settings: Settings, year: int, unit: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Everything about one unit in ``year`` up to ``as_of`` (default: the end of the latest
    month with data): survey scores and ranks by round, actions with their reasons,
    rectifications, verified complaints, its cadres' days and petitions, its projects, its
    contact points, its supervision items, and its year-end appraisal breakdown. ``unit`` is
    None when the code is unknown."""
    from app.reports import compute
    from app.reports.supervision import supervision_register

    as_of = as_of or compute.default_as_of(read, year)
    units = read("units").drop_duplicates("unit_code", keep="last")
    mine = _of(units, "unit_code", unit)
    info = None
    if len(mine):
        info = {k: mine.iloc[0][k] for k in ("unit_code", "name", "category")}
    complaints = _of(read("complaints"), "unit_code", unit)
    received = pd.to_datetime(complaints["received_date"])
    complaints = complaints[(received.dt.year == year) & (received <= pd.Timestamp(as_of))]
    days = _of(compute.field_days(read, settings, year, as_of), "unit_code", unit)
    petitions = _of(compute.petitions(read, settings, as_of), "unit_code", unit)
    cadres = days[["cadre_id", "name", "level", "days", "required", "due", "status"]].merge(
        petitions[["cadre_id", "before_festival", "in_year", "status"]].rename(
            columns={"status": "petitions_status"}
        ),
        on="cadre_id",
        how="left",
    )
    projects = read("projects")
    led = projects["lead_cadre_id"].astype(str).isin(set(days["cadre_id"].astype(str)))
    if "lead_unit_code" in projects.columns:
        led |= projects["lead_unit_code"].astype(str) == str(unit)
    investment = compute.project_investment(read, settings, year, _month_at(read, year, as_of))
    return {
        "unit": info,
        "year": year,
        "as_of": as_of,
        "survey": _of(compute.survey_ranking_as_of(read, settings, year, as_of), "unit_code", unit),
        "actions": _of(compute.accountability(read, settings, year, as_of), "unit_code", unit),
        "rectifications": _of(
            compute.rectification_status(read, settings, year, as_of), "unit_code", unit
        ),
        "complaints": complaints.sort_values("received_date").reset_index(drop=True),
        "cadres": cadres.reset_index(drop=True),
        "projects": investment[
            investment["project_id"].isin(set(projects.loc[led, "project_id"]))
        ].reset_index(drop=True),
        "contact_points": _of(
            compute.contact_points(read, settings, year, as_of), "unit_code", unit
        ),
        "supervision": _of(supervision_register(read, settings, as_of), "unit_code", unit),
        **_appraised(read, settings, year, "unit", unit),
    }


def _appraised(read: Reader, settings: Settings, year: int, kind: str, code: str) -> dict:
    """The year-end appraisal row of ``code`` (None when not appraised) and its breakdown."""
    frame = appraisal(read, settings, year)
    row = frame[(frame["kind"] == kind) & (frame["code"].astype(str) == str(code))]
    if row.empty:
        return {
            "appraisal": None,
            "appraisal_parts": rules.breakdown({"parts": {}, "measures": {}}, []),
        }
    found = row.iloc[0].to_dict()
    result = appraisal_records(row)[0]
    result["ranked"] = None if pd.isna(found["ranked"]) else int(found["ranked"])
    return {
        "appraisal": result,
        "appraisal_parts": rules.breakdown(found, settings.appraisal.scheme(kind)),
    }


def cadre_file(
    read: Reader, settings: Settings, year: int, cadre: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Everything about one cadre in ``year`` up to ``as_of``: days at the grassroots and the
    activities, petitions and the cases in charge, projects led, contact points, supervision
    items. ``cadre`` is None when the id is unknown."""
    from app.reports import compute
    from app.reports.supervision import supervision_register

    as_of = as_of or compute.default_as_of(read, year)
    people = read("cadres").drop_duplicates("cadre_id", keep="last")
    mine = _of(people, "cadre_id", cadre)
    info = None
    if len(mine):
        info = {k: mine.iloc[0][k] for k in ("cadre_id", "name", "unit_code", "level")}
        units = read("units").drop_duplicates("unit_code", keep="last")
        info["unit"] = dict(zip(units["unit_code"], units["name"], strict=False)).get(
            info["unit_code"]
        )
    ledger = compute.field_ledger(read, settings, dt.date(year, 1, 1), as_of)
    cases = _of(read("petitions"), "cadre_id", cadre)
    cases = cases[~(pd.to_datetime(cases["received_date"]) > pd.Timestamp(as_of))]
    projects = _of(read("projects"), "lead_cadre_id", cadre)
    investment = compute.project_investment(read, settings, year, _month_at(read, year, as_of))
    points = compute.contact_points(read, settings, year, as_of)
    return {
        "cadre": info,
        "year": year,
        "as_of": as_of,
        "days": _of(compute.field_days(read, settings, year, as_of), "cadre_id", cadre),
        "activities": _of(ledger, "cadre_id", cadre),
        "petitions": _of(compute.petitions(read, settings, as_of), "cadre_id", cadre),
        "cases": cases.sort_values("received_date").reset_index(drop=True),
        "projects": investment[
            investment["project_id"].isin(set(projects["project_id"]))
        ].reset_index(drop=True),
        "contact_points": _of(points, "contact_cadre_id", cadre),
        "supervision": _of(supervision_register(read, settings, as_of), "cadre_id", cadre),
    }
