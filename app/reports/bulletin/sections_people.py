"""The outline's sections on people: the survey rounds and their accountability, and the
field days (the petition visits and open cases: ``sections_petitions``)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np
import pandas as pd

from app import charts
from app.format import pct
from app.i18n import enum_label
from app.metrics._frames import rows_of
from app.reports import compute
from app.reports.bulletin.blocks import _Doc
from app.reports.bulletin.periods import Period, month_period
from app.reports.bulletin.text import _date, _join, _joins, _listed, _missing
from app.reports.export import Reader
from app.reports.tables import code_names as names
from app.reports.tables import reason_text
from app.settings import Settings


def _labeller(kind: str, lang: str) -> Any:
    """``value → label`` of ``kind``, each label made once (not once per person named)."""
    return functools.cache(lambda value: enum_label(kind, value, lang))


def _furthest_first(frame: pd.DataFrame, behind_by: pd.Series, limit: int) -> pd.DataFrame:
    """``frame`` as it is when it holds at most ``limit`` rows (a paragraph names them all),
    else the furthest behind (the largest ``behind_by``) first: the ``limit`` it names."""
    if len(frame) <= limit:
        return frame
    return frame.take(np.argsort(-behind_by.to_numpy(dtype="float64"), kind="stable"))


def _surveys(doc: _Doc, read: Reader, settings: Settings, period: Period, as_of: dt.date) -> None:
    """Only when a survey round was held in the period: results and accountability."""
    lang = doc.lang
    results = read("survey_results")
    dates = pd.to_datetime(results["survey_date"])
    held = results[(dates >= pd.Timestamp(period.start)) & (dates <= pd.Timestamp(as_of))]
    if held.empty:
        return
    doc.h1("bulletin.s.surveys")
    rounds = held[["year", "round"]].drop_duplicates().sort_values(["year", "round"])
    for year, round_ in rounds.itertuples(index=False):
        year, round_ = int(year), int(round_)
        rows = held[(held["year"] == year) & (held["round"] == round_)]
        ranking = compute.survey_ranking_as_of(read, settings, year, as_of)
        ranking = ranking[ranking["round"] == round_]
        doc.para(
            doc.t(
                "bulletin.surveys.summary",
                date=_date(pd.to_datetime(rows["survey_date"]).min(), lang),
                round=round_,
                n=len(ranking),
                respondents=f"{int(rows['respondents'].fillna(0).sum()):,}",
            ),
            key=True,
        )
        parts = []
        for category, group in ranking.groupby("category", sort=False):
            ordered = group.sort_values(["rank", "unit_code"])
            top, low = ordered.iloc[0], ordered.iloc[-1]
            parts.append(
                doc.t(
                    "bulletin.surveys.category",
                    category=enum_label("category", category, lang),
                    n=len(group),
                    mean=f"{group['score'].mean():.1f}",
                    top=top["name"],
                    top_score=f"{top['score']:.1f}",
                    low=low["name"],
                    low_score=f"{low['score']:.1f}",
                )
            )
        if parts:
            doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
        missing = compute.survey_missing(read, year)
        missing = missing[missing["round"] == round_]
        if len(missing):
            doc.para(
                doc.t(
                    "bulletin.surveys.missing",
                    n=len(missing),
                    units=_join(missing["name"].astype(str).tolist(), lang),
                )
            )
        low = ranking.sort_values(["score", "unit_code"]).head(15)
        if len(low):
            doc.chart(
                charts.ranked_bars(
                    low,
                    "name",
                    "score",
                    "bottom",
                    doc.t("bulletin.chart.survey", round=round_),
                    lang,
                    flag_text=doc.t("bulletin.chart.bottom"),
                ),
                order=low["name"].tolist(),
            )
        _accountability(doc, read, settings, year, round_, as_of)


def _accountability(
    doc: _Doc, read: Reader, settings: Settings, year: int, round_: int, as_of: dt.date
) -> None:
    """The actions this round brings (and the year's hotline accountability)."""
    lang = doc.lang
    actions = compute.accountability(read, settings, year, as_of)

    def relevant(row: dict[str, Any]) -> bool:
        if row["action"] == "complaints_accountability":
            return True
        if row["action"] in ("organisational_handling", "superior_handling"):
            rounds = compute.reason_params(row["reason"]).get("bottom_in_rounds", "")
            return str(round_) in rounds.split(",")
        return not _missing(row["round"]) and int(row["round"]) == round_

    records = [r for r in actions.to_dict("records") if relevant(r)]
    if not records:
        doc.para(doc.t("bulletin.accountability.none", round=round_), key=True)
        return
    units = list(dict.fromkeys(str(r["unit_code"]) for r in records))
    doc.para(doc.t("bulletin.accountability.summary", round=round_, n=len(units)), key=True)
    for code in units:
        mine = [r for r in records if str(r["unit_code"]) == code]
        text = _joins(
            [
                doc.t(
                    "bulletin.accountability.action",
                    action=enum_label("action", r["action"], lang),
                    reason=reason_text(r["action"], r["reason"], lang),
                )
                for r in mine
            ],
            lang,
        )
        doc.para(
            doc.t(
                "bulletin.accountability.unit",
                unit=mine[0]["name"],
                category=enum_label("category", mine[0]["category"], lang),
                actions=text,
            ),
            key=True,
        )


def _field(
    doc: _Doc, read: Reader, settings: Settings, period: Period, year: int, as_of: dt.date
) -> None:
    lang = doc.lang
    conf = settings.field_days
    doc.h1("bulletin.s.field")
    days = compute.field_days(read, settings, year, as_of)
    units = names(read, "units", "unit_code")
    leading = days[days["required"].notna()]
    campaign = year >= settings.campaign_first_year
    if not campaign:  # the launch month: no requirement of days or liaison months yet
        doc.para(
            doc.t("bulletin.field.before_campaign", year=settings.campaign_first_year), key=True
        )
    elif leading.empty:
        doc.para(doc.t("bulletin.field.no_data"), key=True)
    else:
        counts = leading["status"].value_counts()
        doc.para(
            doc.t(
                "bulletin.field.summary",
                n=len(leading),
                met=int(counts.get("met", 0)),
                on_track=int(counts.get("on_track", 0)),
                behind=int(counts.get("behind", 0)),
            ),
            key=True,
        )
        parts = []
        for level, group in leading.groupby("level", sort=False):
            c = group["status"].value_counts()
            parts.append(
                doc.t(
                    "bulletin.field.level",
                    level=enum_label("level", level, lang),
                    n=len(group),
                    required=int(group["required"].iloc[0]),
                    due=f"{float(group['due'].iloc[0]):.1f}",
                    met=int(c.get("met", 0)),
                    on_track=int(c.get("on_track", 0)),
                    behind=int(c.get("behind", 0)),
                )
            )
        doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
        behind = leading[leading["status"] == "behind"]
        if behind.empty:
            doc.para(doc.t("bulletin.field.none_behind"), key=True)
        else:
            level = _labeller("level", lang)
            limit = settings.bulletin_names
            behind = _furthest_first(behind, behind["due"] - behind["days"], limit)
            named = behind.head(limit)
            people = [
                doc.t(
                    "bulletin.field.person",
                    name=r.name,
                    unit=units.get(str(r.unit_code), str(r.unit_code)),
                    level=level(r.level),
                    days=int(r.days),
                    due=f"{float(r.due):.1f}",
                )
                for r in rows_of(named, ["name", "unit_code", "level", "days", "due"])
            ]
            codes = behind["unit_code"].astype("str").dropna().drop_duplicates()
            behind_units = [units.get(c, c) for c in codes.head(limit)]
            doc.para(
                doc.t(
                    "bulletin.field.behind",
                    n=len(behind),
                    people=_listed(people, len(behind), lang),
                    units=_listed(behind_units, len(codes), lang, "units"),
                    n_units=len(codes),
                ),
                key=True,
            )
    liaisons = days[days["level"] == "liaison"]
    months_short = liaisons["liaison_short_months"].map(
        lambda v: len(v) if isinstance(v, list) else 0
    )
    short = liaisons[months_short > 0]
    if len(liaisons) and campaign:
        if short.empty:
            doc.para(
                doc.t(
                    "bulletin.field.liaison_ok",
                    n=len(liaisons),
                    min=conf.liaison_min_days_per_month,
                )
            )
        else:
            # A label per month, not per liaison's month.
            month_label = functools.cache(lambda m: month_period(m).label(lang))
            limit = settings.bulletin_names
            named = _furthest_first(short, months_short[months_short > 0], limit).head(limit)
            people = [
                doc.t(
                    "bulletin.field.liaison_person",
                    name=r.name,
                    unit=units.get(str(r.unit_code), str(r.unit_code)),
                    months=_join([month_label(m) for m in r.liaison_short_months], lang),
                )
                for r in rows_of(named, ["name", "unit_code", "liaison_short_months"])
            ]
            doc.para(
                doc.t(
                    "bulletin.field.liaison_short",
                    n=len(short),
                    min=conf.liaison_min_days_per_month,
                    people=_listed(people, len(short), lang),
                ),
                key=True,
            )
    mix = compute.help_type_mix(read, settings, year, as_of)
    new = compute.ledger_count(read, period.start, as_of)
    if int(mix["activities"].sum()):
        kinds = [
            doc.t(
                "bulletin.field.help",
                help=enum_label("help_type", r.help_type, lang),
                n=f"{int(r.activities):,}",
                share=pct(r.share),
            )
            for r in mix.itertuples()
            if r.activities
        ]
        doc.para(
            doc.t(
                "bulletin.field.activities",
                year=year,
                n=f"{int(mix['activities'].sum()):,}",
                person_days=f"{int(mix['person_days'].sum()):,}",
                kinds=_join(kinds, lang),
                period=period.label(lang),
                new=f"{new:,}",
            ),
            key=True,
        )
        data = mix.assign(label=[enum_label("help_type", h, lang) for h in mix["help_type"]])
        doc.chart(
            charts.simple_bars(
                data,
                "label",
                "activities",
                doc.t("bulletin.chart.help"),
                doc.t("bulletin.chart.activities"),
                sort="-x",
            )
        )
    contacts = compute.contact_summary(read, settings, year, as_of)
    parts = [
        doc.t(
            "bulletin.field.contacts",
            scheme=enum_label("scheme", r.scheme, lang),
            units=int(r.units),
            townships=int(r.townships),
            villages=int(r.villages),
            poor=int(r.poor_villages),
            covered=int(r.covered),
            pairings=int(r.pairings),
            coverage=pct(r.coverage),
        )
        for r in contacts.itertuples()
    ]
    if parts:
        doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
