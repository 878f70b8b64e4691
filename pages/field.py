"""四帮四促: days at the grassroots against the pro-rated due, unit and township roll-ups,
liaison officers, the four helps, petitions per leading cadre, the ledger and contact points.
Every table is the one the workbook and the command line show (``ui.table``)."""

import datetime as dt

import streamlit as st

from app import charts, ui
from app.format import number, pct
from app.reports import compute, tables

ui.require("field")
ui.banner()
st.title(ui.t("nav.field"))
if ui.empty_state(["cadres", "field_activities"]):
    st.stop()

year, as_of = ui.year(), ui.as_of_date()
township = ui.township_filter()
conf, pet_conf = ui.settings().field_days, ui.settings().petitions
units = ui.names("units", "unit_code")
st.caption(ui.t("field.as_of", year=year, date=f"{as_of:%Y-%m-%d}"))

days = ui.report("field_days", year, as_of)
with_requirement = days[days["required"].notna()]
behind = days[days["status"] == "behind"]
short = days[(days["level"] == "liaison") & (days["liaison_short_months"].map(len) > 0)]
pets = ui.report("petitions", as_of)
pets_short = pets[pets["status"] == "short"]

cards = st.columns(4)
cards[0].metric(ui.t("field.card.met"), f"{len(with_requirement) - len(behind)}/{len(with_requirement)}",
                border=True, help=ui.t("field.card.met_help"))  # fmt: skip
cards[1].metric(ui.t("field.card.behind"), len(behind), border=True,
                delta=ui.label("status", "behind") if len(behind) else None,
                delta_color="red", delta_arrow="off")  # fmt: skip
cards[2].metric(ui.t("field.card.liaison_short"), len(short), border=True,
                help=ui.t("field.card.liaison_help", n=conf.liaison_min_days_per_month))  # fmt: skip
cards[3].metric(ui.t("field.card.petitions_short"), len(pets_short), border=True,
                help=ui.t("overview.card.petitions_help"))  # fmt: skip


def who(row) -> dict:
    return {"name": ui.esc(row.name), "unit": ui.esc(units.get(str(row.unit_code), "")),
            "level": ui.label("level", row.level)}  # fmt: skip


st.subheader(ui.t("field.days"))
if year < ui.settings().campaign_first_year:
    st.info(ui.t("field.before_campaign", year=ui.settings().campaign_first_year))
else:
    required = ui.t("app.list_sep").join(f"{ui.label('level', k)} {v}" for k, v in conf.required_days.items())
    st.caption(ui.t("field.days_rule", required=required))
if behind.empty:
    st.success(ui.t("field.none_behind")) if len(with_requirement) else None
else:
    ui.laggards([ui.t("field.behind_item", **who(r), days=int(r.days), due=number(r.due, 1))
                 for r in behind.head(ui.LIST_LIMIT).itertuples()], len(behind))  # fmt: skip
    shown = behind.head(ui.LIST_LIMIT).assign(label=lambda f: [ui.t("field.person_label", **who(r)) for r in f.itertuples()])
    st.altair_chart(charts.days_vs_due(shown, "label", ui.t("field.behind_chart"), ui.lang()), width="stretch")
levels = ["", "county", "unit", "township", "liaison"]
level = ui.select(ui.t("field.level_filter"), levels, "field_level",
                  {"": ui.t("field.all_levels")} | {v: ui.label("level", v) for v in levels[1:]})  # fmt: skip
days_table = ui.table("field_days", year, as_of)
if level:
    days_table = days_table[days_table[ui.header("cadre_level")] == ui.label("level", level)]
st.dataframe(ui.shown_rows(days_table), hide_index=True, width="stretch")
ui.downloads(days_table, ui.t("field.file.days", date=f"{as_of:%Y-%m-%d}"), "fd_days")

st.subheader(ui.t("field.liaison", n=conf.liaison_min_days_per_month))
if short.empty:
    st.success(ui.t("field.liaison_ok")) if year >= ui.settings().campaign_first_year else None
else:
    ui.laggards([ui.t("field.liaison_item", **who(r), months=ui.t("app.list_sep").join(r.liaison_short_months))
                 for r in short.head(ui.LIST_LIMIT).itertuples()], len(short))  # fmt: skip

st.subheader(ui.t("field.by_unit"))
unit_table = ui.table("field_unit_rollup", year, as_of)
st.dataframe(unit_table, hide_index=True, width="stretch")
ui.downloads(unit_table, ui.t("field.file.units", date=f"{as_of:%Y-%m-%d}"), "fd_units")

st.subheader(ui.t("field.by_township"))
by_township = ui.table("field_township_rollup", year, as_of)
if by_township.empty:
    st.info(ui.t("field.no_activity"))
else:
    st.altair_chart(charts.table_bars(by_township, ui.header("township"), ui.header("person_days"),
                                      ui.t("field.township_chart")), width="stretch")  # fmt: skip
    st.dataframe(by_township, hide_index=True, width="stretch")
    ui.downloads(by_township, ui.t("field.file.townships", date=f"{as_of:%Y-%m-%d}"), "fd_townships")

st.subheader(ui.t("field.helps"))
mix = ui.table("help_type_mix", year, as_of)
st.altair_chart(charts.table_bars(mix, ui.header("help_type"), ui.header("activities"),
                                  ui.t("field.helps_chart"), colour="#41ab5d", keep_order=True),
                width="stretch")  # fmt: skip
st.dataframe(mix, hide_index=True, width="stretch")
ui.downloads(mix, ui.t("field.file.helps", date=f"{as_of:%Y-%m-%d}"), "fd_helps")

st.subheader(ui.t("field.petitions"))
st.caption(ui.t("field.petitions_rule", date=f"{pet_conf.spring_festival:%Y-%m-%d}", a=pet_conf.before_festival_min,
                year=pet_conf.in_year, b=pet_conf.in_year_min))  # fmt: skip
if pets_short.empty and not pets.empty:
    st.success(ui.t("field.petitions_ok"))
ui.laggards([ui.t("field.petitions_item", **who(r), a=int(r.before_festival), b=int(r.in_year))
             for r in pets_short.head(ui.LIST_LIMIT).itertuples()], len(pets_short))  # fmt: skip
pet_table = ui.table("petitions", as_of)
st.dataframe(ui.shown_rows(pet_table), hide_index=True, width="stretch")
ui.downloads(pet_table, ui.t("field.file.petitions"), "fd_petitions")
open_table = ui.table("open_cases_by_type", as_of)
total = int(open_table[ui.header("open")].sum())
st.altair_chart(charts.table_bars(open_table, ui.header("dispute_type"), ui.header("open"),
                                  ui.t("field.open_chart", n=total), colour="#fd8d3c", whole=True),
                width="stretch")  # fmt: skip
with st.expander(ui.t("field.open_table")):
    st.dataframe(open_table, hide_index=True, width="stretch")
    ui.downloads(open_table, ui.t("field.file.open"), "fd_open")

st.subheader(ui.t("field.ledger"))
c1, c2 = st.columns([3, 2])
query = c1.text_input(ui.t("field.search"), key="ledger_query", placeholder=ui.t("field.search_hint")).strip()
year_start = dt.date(year, 1, 1)
period = c2.date_input(ui.t("field.date_range"), value=(year_start, as_of), key=f"ledger_dates_{year}",
                       min_value=dt.date(year - 1, 1, 1), max_value=dt.date(year, 12, 31))  # fmt: skip
start, end = (tuple(period) + (as_of,))[:2] if isinstance(period, tuple | list) and period else (year_start, as_of)
head = ui.report("field_ledger_head", start, end, query, township, ui.TABLE_ROWS)
where = ui.names("townships", "township_code").get(township, township) if township else ui.t("sidebar.whole_county")
st.caption(ui.t("field.ledger_count", n=head["count"], where=ui.esc(where), start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"))
language, found = ui.lang(), ui.table_names()


def whole_ledger():
    """Every row, made on the download's click (a province's year is 600,000 activities)."""
    rows = compute.field_ledger(ui.read, ui.settings(), start, end, query, township)
    ui.release_memory()
    return tables.headed(tables.ledger(rows, found, language), language)


if head["count"] > ui.TABLE_ROWS:
    st.caption(ui.t("app.table_cut", shown=f"{ui.TABLE_ROWS:,}", n=f"{head['count']:,}"))
st.dataframe(tables.headed(tables.ledger(head["rows"], found, language), language), hide_index=True,
             width="stretch", height=360)  # fmt: skip
ui.downloads(whole_ledger, ui.t("field.file.ledger", start=f"{start:%Y%m%d}", end=f"{end:%Y%m%d}"), "fd_ledger")

st.subheader(ui.t("field.contacts"))
summary = ui.report("contact_summary", year, as_of)
for col, row in zip(st.columns(max(1, len(summary))), summary.itertuples(), strict=False):
    col.metric(ui.label("scheme", row.scheme), ui.t("field.coverage", covered=int(row.covered), pairings=int(row.pairings)),
               delta=pct(row.coverage), delta_arrow="off", delta_color="green" if row.coverage >= 1 else "orange",
               border=True)  # fmt: skip
    col.caption(ui.t(f"field.scheme_shape.{row.scheme}", units=int(row.units), townships=int(row.townships),
                     villages=int(row.villages), poor=int(row.poor_villages)))  # fmt: skip
points = ui.report("contact_points", year, as_of)
contact_table = ui.table("contact_points", year, as_of)
if township:
    inside = (points["township_code"] == township).to_numpy()
    points, contact_table = points[inside], contact_table[inside]
idle = points[~points["covered"]]
if len(idle):
    st.markdown(f"**{ui.t('field.uncovered', n=len(idle))}**")
    ui.laggards([ui.t("field.uncovered_item", unit=ui.esc(r.unit), place=ui.esc(r.village if isinstance(r.village, str) else r.township))
                 for r in idle.head(ui.LIST_LIMIT).itertuples()], len(idle), mark="○")  # fmt: skip
elif len(points):
    st.success(ui.t("field.all_covered"))
st.dataframe(contact_table, hide_index=True, width="stretch")
ui.downloads(contact_table, ui.t("field.file.contacts", date=f"{as_of:%Y-%m-%d}"), "fd_contacts")
