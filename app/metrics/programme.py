"""四帮四促 and the campaign's own rhythm: work plans 工作方案, liaisons at the contact point
联络员, paired leaders 对口联系领导, and regular reception of petitioners 定期接访.

Rules [defaults in ``settings``]: a unit's work plan is ``on_time`` when submitted and started
by the deadline [``work_plan_deadline``, 2010-12-12 for the 2011 campaign], ``late`` otherwise,
``missing`` when none was submitted by the as-of date (``pending`` while the deadline is still
to come). Every unit with a pairing has exactly one ``liaison`` cadre (``ok`` / ``missing`` /
``several``); a liaison's days count only at its unit's pairings (see
:func:`at_contact_point`). Every ``paired`` pairing has a contact cadre from a paired-lead
unit (人大、政协、公检法、人武部). Receptions are counted per leader and quarter against a
minimum [0: off].
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from app.metrics._frames import conform, empty_frame, mapped, timestamp, typed
from app.settings import Settings

WORK_PLAN_COLUMNS: dict[str, str] = {
    "unit_code": "str",
    "name": "str",
    "category": "str",
    "deadline": "datetime64[ns]",
    "submitted_on": "datetime64[ns]",
    "started_on": "datetime64[ns]",
    "status": "str",
}
LIAISON_COLUMNS: dict[str, str] = {
    "unit_code": "str",
    "name": "str",
    "category": "str",
    "liaison_ids": "object",
    "status": "str",
}
PAIRED_LEAD_COLUMNS: dict[str, str] = {
    "unit_code": "str",
    "township_code": "str",
    "village_code": "str",
    "contact_cadre_id": "str",
    "contact_unit_code": "str",
    "ok": "bool",
}
RECEPTION_COLUMNS: dict[str, str] = {
    "cadre_id": "str",
    "name": "str",
    "level": "str",
    "quarter": "str",
    "count": "int64",
    "people": "int64",
    "short": "bool",
}
STABILITY_COLUMNS: dict[str, str] = {
    "quarter": "str",
    "dispute_type": "str",
    "new": "int64",
    "resolved": "int64",
}

_WORK_PLAN_ORDER = {"missing": 0, "late": 1, "pending": 2, "on_time": 3}


def work_plan_deadline(year: int, settings: Settings) -> dt.date:
    """The work plans' deadline for campaign ``year``: the setting's date, moved by the years
    between ``year`` and the campaign's first year (12 Dec 2010 for 2011, 2011 for 2012)."""
    deadline = settings.work_plan_deadline
    shift = year - int(settings.campaign_first_year)
    return deadline.replace(year=deadline.year + shift)


def work_plans(
    units: pd.DataFrame, plans: pd.DataFrame, year: int, as_of: dt.date, settings: Settings
) -> pd.DataFrame:
    """Each filing unit's 工作方案 for campaign ``year`` as known at ``as_of``.

    Units of ``settings.programme.work_plan_categories``; a plan submitted after ``as_of`` is
    not known yet. Status ``on_time`` (submitted and started on or before the deadline),
    ``late`` (submitted, but it or its start after the deadline, or not started by ``as_of``),
    ``missing`` (not submitted and the deadline passed), ``pending`` (not submitted, deadline
    to come). Ordered by status (missing, late, pending, on_time), then unit_code.
    """
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    unit = unit[unit["category"].isin(list(settings.programme.work_plan_categories))]
    if unit.empty:
        return empty_frame(WORK_PLAN_COLUMNS)
    deadline = timestamp(work_plan_deadline(year, settings))
    as_of_ts = timestamp(as_of)
    plan = conform(plans, "work_plans")
    plan = plan[
        plan["year"].eq(year).fillna(False).astype(bool) & (plan["submitted_on"] <= as_of_ts)
    ]
    plan = plan.drop_duplicates("unit_code", keep="last")
    plan = plan.assign(started_on=plan["started_on"].where(plan["started_on"] <= as_of_ts))
    frame = unit[["unit_code", "name", "category"]].merge(
        plan[["unit_code", "submitted_on", "started_on"]], on="unit_code", how="left"
    )
    frame["deadline"] = deadline
    submitted = frame["submitted_on"].notna()
    in_time = (frame["submitted_on"] <= deadline) & (frame["started_on"] <= deadline)
    status = np.where(submitted, "late", np.where(as_of_ts > deadline, "missing", "pending"))
    status = np.where(submitted & in_time.fillna(False), "on_time", status)
    # Submitted in time and the start still to come (the deadline not passed): not late yet.
    waiting = submitted & (frame["submitted_on"] <= deadline) & ~(as_of_ts > deadline)
    status = np.where(waiting & frame["started_on"].isna(), "pending", status)
    frame["status"] = status
    frame["_order"] = frame["status"].map(_WORK_PLAN_ORDER)
    frame = frame.sort_values(["_order", "unit_code"], kind="stable")
    return typed(frame, WORK_PLAN_COLUMNS)


def liaisons(units: pd.DataFrame, cadres: pd.DataFrame, pairings: pd.DataFrame) -> pd.DataFrame:
    """联络员: every unit with a pairing and its ``liaison`` cadres (exactly one wanted).

    Columns: unit_code, name, category, liaison_ids (sorted list), status ``ok`` / ``missing``
    (none) / ``several``. Ordered by status (missing, several, ok), then unit_code.
    """
    pairs = conform(pairings, "pairings")
    paired = sorted(set(pairs["unit_code"].dropna()))
    if not paired:
        return empty_frame(LIAISON_COLUMNS)
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    people = people[people["level"].eq("liaison").fillna(False).astype(bool)]
    ids = people.sort_values("cadre_id").groupby("unit_code")["cadre_id"].agg(list)
    frame = pd.DataFrame({"unit_code": paired}).merge(
        unit[["unit_code", "name", "category"]], on="unit_code", how="left"
    )
    frame["liaison_ids"] = [list(ids.get(code, [])) for code in frame["unit_code"]]
    count = frame["liaison_ids"].map(len)
    frame["status"] = np.where(count == 0, "missing", np.where(count > 1, "several", "ok"))
    frame["_order"] = frame["status"].map({"missing": 0, "several": 1, "ok": 2})
    frame = frame.sort_values(["_order", "unit_code"], kind="stable")
    return typed(frame, LIAISON_COLUMNS)


def at_contact_point(
    activities: pd.DataFrame, cadres: pd.DataFrame, pairings: pd.DataFrame
) -> pd.DataFrame:
    """The activities of ``liaison`` cadres that count for the liaison rule: those in a
    township of a pairing of the liaison's unit, and, where both the pairing and the activity
    name a village, in that village (an activity at the township itself, naming no village,
    counts for the township's pairings). A unit without any pairing keeps all its liaison's
    activities. Other cadres' activities are not returned."""
    acts = conform(activities, "field_activities")
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    liaison = people["level"].eq("liaison").fillna(False).astype(bool)
    acts = acts.merge(people.loc[liaison, ["cadre_id", "unit_code"]], on="cadre_id", how="inner")
    pairs = conform(pairings, "pairings")
    free = ~acts["unit_code"].isin(set(pairs["unit_code"].dropna()))
    keys = ["unit_code", "township_code"]
    # Per unit and township: the villages its pairings name (None: the whole township).
    whole = pairs[pairs["village_code"].isna()][keys].drop_duplicates().assign(_whole=True)
    named = pairs[pairs["village_code"].notna()][[*keys, "village_code"]].drop_duplicates()
    places = acts[[*keys, "village_code"]].merge(whole, on=keys, how="left")
    in_township = acts[keys].merge(
        named[keys].drop_duplicates(), on=keys, how="left", indicator=True
    )
    at_village = acts[[*keys, "village_code"]].merge(
        named.assign(_village=True), on=[*keys, "village_code"], how="left"
    )
    counts = free.to_numpy() | places["_whole"].fillna(False).astype(bool).to_numpy()
    township_only = acts["village_code"].isna().to_numpy()
    counts |= township_only & (in_township["_merge"] == "both").to_numpy()
    counts |= at_village["_village"].fillna(False).astype(bool).to_numpy()
    return acts[counts].drop(columns="unit_code").reset_index(drop=True)


def paired_leads(pairings: pd.DataFrame, cadres: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """对口联系领导: every ``paired`` pairing with its contact cadre and whether that cadre's
    unit is a paired-lead unit (县人大、县政协、县公安局、县法院、县检察院、县人武部).

    Columns: unit_code, township_code, village_code, contact_cadre_id, contact_unit_code, ok.
    Ordered by ok (the others first), township_code, unit_code.
    """
    pairs = conform(pairings, "pairings")
    pairs = pairs[pairs["scheme"].eq("paired").fillna(False).astype(bool)]
    if pairs.empty:
        return empty_frame(PAIRED_LEAD_COLUMNS)
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    lead_units = set(unit.loc[unit["paired_lead_unit"].fillna(False).astype(bool), "unit_code"])
    frame = pairs.copy()
    frame["contact_unit_code"] = mapped(
        frame["contact_cadre_id"], people["cadre_id"], people["unit_code"]
    )
    frame["ok"] = frame["contact_unit_code"].isin(lead_units).astype(bool)
    frame = frame.sort_values(["ok", "township_code", "unit_code"], kind="stable")
    return typed(frame, PAIRED_LEAD_COLUMNS)


def quarter_of(dates: pd.Series) -> pd.Series:
    """'YYYY-Qn' of each date (NaN where missing)."""
    period = dates.dt.to_period("Q")
    return period.astype("str").str.replace("Q", "-Q", regex=False).where(dates.notna())


def receptions(
    cadres: pd.DataFrame,
    receptions_log: pd.DataFrame,
    year: int,
    as_of: dt.date,
    settings: Settings,
) -> pd.DataFrame:
    """定期接访: receptions per leading cadre (``settings.programme.reception_levels``) and
    quarter of ``year`` up to ``as_of``.

    One row per such cadre and quarter begun by ``as_of`` (a quarter without a reception
    counts 0). Columns: cadre_id, name, level, quarter ('YYYY-Qn'), count, people (received),
    short (count below ``reception_min_per_quarter`` in a quarter that has ended; never when
    the minimum is 0). Ordered by cadre_id, quarter.
    """
    cfg = settings.programme
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    people = people[people["level"].isin(list(cfg.reception_levels))]
    as_of_ts = timestamp(as_of)
    starts = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="QS")
    quarters = [f"{year}-Q{k + 1}" for k, start in enumerate(starts) if start <= as_of_ts]
    if people.empty or not quarters:
        return empty_frame(RECEPTION_COLUMNS)
    log = conform(receptions_log, "receptions")
    log = log[(log["date"].dt.year == year) & (log["date"] <= as_of_ts)]
    log = log.assign(quarter=quarter_of(log["date"]), people=log["people"].fillna(0))
    counts = log.groupby(["cadre_id", "quarter"]).agg(
        count=("reception_id", "size"), people=("people", "sum")
    )
    grid = pd.MultiIndex.from_product(
        [people["cadre_id"].tolist(), quarters], names=["cadre_id", "quarter"]
    )
    frame = counts.reindex(grid).fillna(0).reset_index()
    frame = frame.merge(people[["cadre_id", "name", "level"]], on="cadre_id", how="left")
    minimum = int(cfg.reception_min_per_quarter)
    ended = [
        q
        for q, start in zip(quarters, starts, strict=False)
        if start + pd.offsets.QuarterEnd(0) <= as_of_ts
    ]
    frame["short"] = (minimum > 0) & frame["quarter"].isin(ended) & (frame["count"] < minimum)
    frame = frame.sort_values(["cadre_id", "quarter"], kind="stable")
    return typed(frame, RECEPTION_COLUMNS)


def stability_by_quarter(petitions: pd.DataFrame, year: int, as_of: dt.date) -> pd.DataFrame:
    """信访维稳 by quarter and dispute type in ``year`` up to ``as_of``: cases received (新增)
    and resolved (化解). Columns: quarter, dispute_type, new, resolved; only non-zero rows,
    ordered by quarter, dispute_type."""
    cases = conform(petitions, "petitions")
    as_of_ts = timestamp(as_of)
    parts = []
    for column, name in (("received_date", "new"), ("resolved_date", "resolved")):
        dates = cases[column]
        inside = (dates.dt.year == year) & (dates <= as_of_ts)
        part = cases[inside].assign(quarter=quarter_of(dates[inside]))
        parts.append(part.groupby(["quarter", "dispute_type"]).size().rename(name))
    if all(p.empty for p in parts):
        return empty_frame(STABILITY_COLUMNS)
    frame = pd.concat(parts, axis=1).fillna(0).reset_index()
    frame = frame.sort_values(["quarter", "dispute_type"], kind="stable")
    return typed(frame, STABILITY_COLUMNS)
