"""四帮四促: days at the grassroots against the pro-rated due, unit and township roll-ups,
liaison officers, the four helps, petitions per leading cadre, the ledger and contact points."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app import charts, ui
from app.format import number, pct
from app.reports import compute
from schemas.common import HELP_TYPES

ui.require("field")
ui.banner()
st.title(ui.t("nav.field"))
if ui.empty_state(["cadres", "field_activities"]):
    st.stop()

year, as_of = ui.year(), ui.as_of_date()
township = ui.township_filter()
conf = ui.settings().field_days
units = ui.names("units", "unit_code")
township_names = ui.names("townships", "township_code")
st.caption(ui.t("field.as_of", year=year, date=f"{as_of:%Y-%m-%d}"))

days = ui.report("field_days", year, as_of).copy()
days["unit"] = days["unit_code"].map(lambda c: units.get(str(c), str(c)))
with_requirement = days[days["required"].notna()]
behind = days[days["status"] == "behind"].copy()
liaisons = days[days["level"] == "liaison"]
short = liaisons[liaisons["liaison_short_months"].map(len) > 0]
pets = ui.report("petitions")

cards = st.columns(4)
cards[0].metric(ui.t("field.card.met"), f"{int((with_requirement['status'] != 'behind').sum())}"
                f"/{len(with_requirement)}", border=True,
                help=ui.t("field.card.met_help"))  # fmt: skip
cards[1].metric(ui.t("field.card.behind"), len(behind), border=True,
                delta=ui.label("status", "behind") if len(behind) else None,
                delta_color="red", delta_arrow="off")  # fmt: skip
cards[2].metric(ui.t("field.card.liaison_short"), len(short), border=True,
                help=ui.t("field.card.liaison_help", n=conf.liaison_min_days_per_month))  # fmt: skip
cards[3].metric(ui.t("field.card.petitions_short"), int((pets["status"] == "short").sum()),
                border=True, help=ui.t("overview.card.petitions_help"))  # fmt: skip

# Days at the grassroots against the due by now (required × elapsed share of the year).
st.subheader(ui.t("field.days"))
required = ("、" if ui.lang() == "zh" else ", ").join(
    f"{ui.label('level', k)} {v}" for k, v in conf.required_days.items())
st.caption(ui.t("field.days_rule", required=required))
if behind.empty:
    st.success(ui.t("field.none_behind"))
else:
    for row in behind.head(ui.LIST_LIMIT).itertuples():
        st.markdown(
            f"- :orange[▲] **{ui.esc(row.name)}**（{ui.esc(row.unit)}，{ui.label('level', row.level)}）："
            f"{ui.t('overview.days_vs', d=int(row.days), due=number(row.due, 1))}"
        )
    ui.more(len(behind))
    behind = behind.head(ui.LIST_LIMIT)  # the chart shows the cadres named above
    behind["label"] = behind["name"] + "（" + behind["unit"] + "）"
    st.altair_chart(charts.days_vs_due(behind, "label", ui.t("field.behind_chart"), ui.lang()),
                    width="stretch")  # fmt: skip
levels = ["", "county", "unit", "township", "liaison"]
level = ui.select(ui.t("field.level_filter"), levels, "field_level",
                  {"": ui.t("field.all_levels")} | {v: ui.label("level", v) for v in levels[1:]})  # fmt: skip
listed = days if not level else days[days["level"] == level]
# Labels and headers are taken now: the download makes its table later, outside the run.
level_labels = ui.labels("level", listed["level"].dropna().unique())
status_labels = ui.labels("status", listed["status"].dropna().unique())
days_heads = [ui.t(k) for k in ("report.col.cadre_id", "field.col.name", "field.col.unit",
              "report.col.level", "report.col.days", "report.col.required", "report.col.due",
              "report.col.status", "report.col.liaison_short_months")]  # fmt: skip


def days_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(dict(zip(days_heads, [
        rows["cadre_id"], rows["name"], rows["unit"], rows["level"].map(level_labels),
        rows["days"], rows["required"], rows["due"].round(1),
        rows["status"].map(lambda s: status_labels.get(s, s) if isinstance(s, str) else "—"),
        rows["liaison_short_months"].map("、".join),
    ], strict=True)))  # fmt: skip


st.dataframe(days_table(ui.shown_rows(listed)), hide_index=True, width="stretch")
ui.downloads(lambda: days_table(listed), f"下基层天数_{as_of:%Y-%m-%d}", "fd_days")

# Liaison officers: at least N days a month at the contact point.
st.subheader(ui.t("field.liaison", n=conf.liaison_min_days_per_month))
if short.empty:
    st.success(ui.t("field.liaison_ok"))
else:
    for row in short.head(ui.LIST_LIMIT).itertuples():
        st.markdown(f"- :orange[▲] **{ui.esc(row.name)}**（{ui.esc(row.unit)}）："
                    f"{ui.esc('、'.join(row.liaison_short_months))}")  # fmt: skip
    ui.more(len(short))

# Roll-ups: per unit and per township.
st.subheader(ui.t("field.by_unit"))
by_unit = ui.report("field_unit_rollup", year, as_of)
unit_table = pd.DataFrame({
    ui.t("report.col.unit_code"): by_unit["unit_code"],
    ui.t("field.col.unit"): by_unit["unit_code"].map(lambda c: units.get(str(c), str(c))),
    ui.t("field.col.cadres"): by_unit["cadres"],
    ui.label("status", "met"): by_unit["met"],
    ui.label("status", "on_track"): by_unit["on_track"],
    ui.label("status", "behind"): by_unit["behind"],
    ui.t("field.col.person_days"): by_unit["days"],
    ui.t("field.col.liaisons"): by_unit["liaisons"],
    ui.t("field.col.short_months"): by_unit["liaison_short_months"],
})  # fmt: skip
st.dataframe(unit_table, hide_index=True, width="stretch")
ui.downloads(unit_table, f"单位下基层汇总_{as_of:%Y-%m-%d}", "fd_units")

st.subheader(ui.t("field.by_township"))
by_township = ui.report("field_township_rollup", year, as_of).copy()
if by_township.empty:
    st.info(ui.t("field.no_activity"))
else:
    by_township["township"] = by_township["township_code"].map(
        lambda c: township_names.get(str(c), str(c)))
    tips = [alt.Tooltip("township:N", title=ui.t("sidebar.township")),
            alt.Tooltip("person_days:Q", title=ui.t("field.col.person_days")),
            alt.Tooltip("activities:Q", title=ui.t("field.col.activities")),
            alt.Tooltip("cadres:Q", title=ui.t("field.col.cadres"))]  # fmt: skip
    st.altair_chart(
        charts.simple_bars(by_township, "township", "person_days", ui.t("field.township_chart"),
                           ui.t("field.col.person_days"), tooltip=tips),
        width="stretch",
    )  # fmt: skip
    township_table = pd.DataFrame({
        ui.t("sidebar.township"): by_township["township"],
        ui.t("field.col.activities"): by_township["activities"],
        ui.t("field.col.cadres"): by_township["cadres"],
        ui.t("field.col.person_days"): by_township["person_days"],
    })  # fmt: skip
    st.dataframe(township_table, hide_index=True, width="stretch")
    ui.downloads(township_table, f"乡镇下基层汇总_{as_of:%Y-%m-%d}", "fd_townships")

# The four helps (四帮), each with what it promotes (四促).
st.subheader(ui.t("field.helps"))
mix = ui.report("help_type_mix", year, as_of).copy()
mix["label"] = mix["help_type"].map(lambda h: ui.label("help_type", h))
tips = [alt.Tooltip("label:N", title=ui.t("field.col.help_type")),
        alt.Tooltip("activities:Q", title=ui.t("field.col.activities")),
        alt.Tooltip("share:Q", title=ui.t("field.col.share"), format=".1%"),
        alt.Tooltip("person_days:Q", title=ui.t("field.col.person_days"))]  # fmt: skip
st.altair_chart(
    charts.simple_bars(mix, "label", "activities", ui.t("field.helps_chart"),
                       ui.t("field.col.activities"), colour="#41ab5d",
                       sort=mix["label"].tolist(), tooltip=tips),
    width="stretch",
)  # fmt: skip
mix_table = pd.DataFrame({
    ui.t("field.col.help_type"): mix["label"],
    ui.t("field.col.promotes"): mix["help_type"].map(lambda h: ui.t(f"field.promote.{h}")),
    ui.t("field.col.activities"): mix["activities"],
    ui.t("field.col.share_pct"): (mix["share"] * 100).round(1),
    ui.t("field.col.person_days"): mix["person_days"],
})  # fmt: skip
st.dataframe(mix_table, hide_index=True, width="stretch")
ui.downloads(mix_table, f"四帮类型_{as_of:%Y-%m-%d}", "fd_helps")

# Petitions and stability: each leading cadre's prominent cases resolved (包案化解).
pet_conf = ui.settings().petitions
st.subheader(ui.t("field.petitions"))
st.caption(ui.t("field.petitions_rule", date=f"{pet_conf.spring_festival:%Y-%m-%d}",
                a=pet_conf.before_festival_min, year=pet_conf.in_year,
                b=pet_conf.in_year_min))  # fmt: skip
pet_short = pets[pets["status"] == "short"]
if pet_short.empty and not pets.empty:
    st.success(ui.t("field.petitions_ok"))
for row in pet_short.head(ui.LIST_LIMIT).itertuples():
    st.markdown(
        f"- :orange[▲] **{ui.esc(row.name)}**（{ui.esc(units.get(str(row.unit_code), ''))}，"
        f"{ui.label('level', row.level)}）："
        f"{ui.t('field.petitions_counts', a=int(row.before_festival), b=int(row.in_year))}"
    )
ui.more(len(pet_short))
pet_level_labels = ui.labels("level", pets["level"].dropna().unique())
pet_status_labels = ui.labels("status", pets["status"].dropna().unique())
pet_heads = [ui.t(k) for k in ("report.col.cadre_id", "field.col.name", "field.col.unit",
             "report.col.level", "report.col.before_festival", "report.col.in_year",
             "field.col.open_cases", "report.col.status")]  # fmt: skip


def pet_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(dict(zip(pet_heads, [
        rows["cadre_id"], rows["name"], rows["unit_code"].map(lambda c: units.get(str(c), str(c))),
        rows["level"].map(pet_level_labels), rows["before_festival"], rows["in_year"],
        rows["open_cases"], rows["status"].map(pet_status_labels),
    ], strict=True)))  # fmt: skip


st.dataframe(pet_table(ui.shown_rows(pets)), hide_index=True, width="stretch")
ui.downloads(lambda: pet_table(pets), "信访维稳包案", "fd_petitions")

open_cases = ui.report("open_cases_by_type").copy()
open_cases["label"] = open_cases["dispute_type"].map(lambda d: ui.label("dispute_type", d))
tips = [alt.Tooltip("label:N", title=ui.t("field.col.dispute_type")),
        alt.Tooltip("open:Q", title=ui.t("field.col.open_cases")),
        alt.Tooltip("prominent_open:Q", title=ui.t("field.col.prominent_open"))]  # fmt: skip
st.altair_chart(
    charts.simple_bars(open_cases, "label", "open", ui.t("field.open_chart", n=int(open_cases["open"].sum())),
                       ui.t("field.col.open_cases"), colour="#fd8d3c", tooltip=tips, whole=True),
    width="stretch",
)  # fmt: skip
open_table = pd.DataFrame({
    ui.t("field.col.dispute_type"): open_cases["label"],
    ui.t("field.col.open_cases"): open_cases["open"],
    ui.t("field.col.prominent_open"): open_cases["prominent_open"],
})  # fmt: skip
with st.expander(ui.t("field.open_table")):
    st.dataframe(open_table, hide_index=True, width="stretch")
    ui.downloads(open_table, "未化解案件_按类型", "fd_open")

# The ledger (工作台账): search who / where / what / outcome within a date range.
st.subheader(ui.t("field.ledger"))
c1, c2 = st.columns([3, 2])
query = c1.text_input(ui.t("field.search"), key="ledger_query", placeholder=ui.t("field.search_hint"))
year_start = dt.date(year, 1, 1)
period = c2.date_input(ui.t("field.date_range"), value=(year_start, as_of), key=f"ledger_dates_{year}",
                       min_value=dt.date(year - 1, 1, 1), max_value=dt.date(year, 12, 31))  # fmt: skip
start, end = (tuple(period) + (as_of,))[:2] if isinstance(period, tuple | list) and period \
    else (year_start, as_of)
head = ui.report("field_ledger_head", start, end, query.strip(), township, ui.TABLE_ROWS)
where = township_names.get(township, township) if township else ui.t("sidebar.whole_county")
st.caption(ui.t("field.ledger_count", n=head["count"], where=ui.esc(where),
                start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"))  # fmt: skip
help_labels = ui.labels("help_type", HELP_TYPES)
ledger_heads = [ui.t(k) for k in ("field.col.activity_id", "field.col.start", "field.col.end",
                "field.col.name", "field.col.unit", "sidebar.township", "field.col.village",
                "field.col.help_type", "field.col.content", "field.col.outcome")]  # fmt: skip


def ledger_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(dict(zip(ledger_heads, [
        rows["activity_id"], rows["start_date"].dt.strftime("%Y-%m-%d"),
        rows["end_date"].dt.strftime("%Y-%m-%d"), rows["cadre"], rows["unit"], rows["township"],
        rows["village"].astype(object).fillna(""), rows["help_type"].map(help_labels),
        rows["content"], rows["outcome"],
    ], strict=True)))  # fmt: skip


def whole_ledger() -> pd.DataFrame:
    """Every row, made on the download's click (a province's year is 600,000 activities)."""
    rows = compute.field_ledger(ui.read, ui.settings(), start, end, query.strip(), township)
    ui.release_memory()
    return ledger_table(rows)


if head["count"] > ui.TABLE_ROWS:
    st.caption(ui.t("app.table_cut", shown=f"{ui.TABLE_ROWS:,}", n=f"{head['count']:,}"))
st.dataframe(ledger_table(head["rows"]), hide_index=True, width="stretch", height=360)
ui.downloads(whole_ledger, f"四帮四促工作台账_{start:%Y%m%d}_{end:%Y%m%d}", "fd_ledger")

# Contact points (联系点): group help and paired contact, and which had activity this year.
st.subheader(ui.t("field.contacts"))
summary = ui.report("contact_summary", year, as_of)
cols = st.columns(max(1, len(summary)))
for col, row in zip(cols, summary.itertuples(), strict=False):
    col.metric(
        ui.label("scheme", row.scheme),
        ui.t("field.coverage", covered=int(row.covered), pairings=int(row.pairings)),
        delta=pct(row.coverage), delta_arrow="off",
        delta_color="green" if row.coverage >= 1 else "orange", border=True,
    )  # fmt: skip
    col.caption(ui.t(f"field.scheme_shape.{row.scheme}", units=int(row.units),
                     townships=int(row.townships), villages=int(row.villages),
                     poor=int(row.poor_villages)))  # fmt: skip
points = ui.report("contact_points", year, as_of)
if township:
    points = points[points["township_code"] == township]
idle = points[~points["covered"]]
if len(idle):
    names = "、".join(f"{ui.esc(r.unit)}→{ui.esc(r.village if pd.notna(r.village) else r.township)}"
                     for r in idle.head(ui.LIST_LIMIT).itertuples())  # fmt: skip
    st.markdown(f"**{ui.t('field.uncovered', n=len(idle))}**：{names}")
    ui.more(len(idle))
elif len(points):
    st.success(ui.t("field.all_covered"))
contact_table = pd.DataFrame({
    ui.t("field.col.scheme"): points["scheme"].map(lambda s: ui.label("scheme", s)),
    ui.t("field.col.unit"): points["unit"],
    ui.t("sidebar.township"): points["township"],
    ui.t("field.col.village"): points["village"].fillna(""),
    ui.t("field.col.poor"): points["extremely_poor"].fillna(False).astype(bool).map({True: "✓", False: ""}),
    ui.t("field.col.contact"): points["contact"].fillna(""),
    ui.t("field.col.activities"): points["activities"],
    ui.t("field.col.last_date"): points["last_date"].dt.strftime("%Y-%m-%d").fillna(""),
    ui.t("field.col.covered"): points["covered"].map({True: "● " + ui.t("field.yes"), False: "○ " + ui.t("field.no")}),
})  # fmt: skip
st.dataframe(contact_table, hide_index=True, width="stretch")
ui.downloads(contact_table, f"联系点帮扶情况_{as_of:%Y-%m-%d}", "fd_contacts")
