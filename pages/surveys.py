"""满意度测评: each category's ranking with the bottom N, round 2 against round 3, the
accountability list, round 1's rectification measures, complaints and units not surveyed."""

import altair as alt
import pandas as pd
import streamlit as st

from app import charts, ui
from app.format import rank_arrow

ui.require("surveys")
ui.banner()
st.title(ui.t("nav.surveys"))
if ui.empty_state(["units", "survey_results"]):
    st.stop()

year, as_of = ui.year(), ui.as_of_date()
conf = ui.settings().survey
st.caption(ui.t("surveys.as_of", year=year, date=f"{as_of:%Y-%m-%d}"))
held = ui.report("survey_rounds", year, as_of)
if not held["rounds"]:
    st.info(ui.t("surveys.no_rounds", year=year))
    st.stop()

# Round (the latest held by the as-of date first, so it is the default) and category.
CATEGORIES = ["vertical", "party_mass", "government"]
rounds = sorted(held["rounds"], reverse=True)
c1, c2 = st.columns(2)
round_ = ui.select(ui.t("surveys.round"), rounds, "survey_round",
                   {r: ui.t("overview.round", n=r) for r in rounds}, container=c1)  # fmt: skip
category = ui.select(ui.t("surveys.category"), CATEGORIES, "survey_category",
                     {c: ui.label("category", c) for c in CATEGORIES}, container=c2)  # fmt: skip

ranking = ui.report("survey_ranking_as_of", year, as_of)
shown = ranking[(ranking["round"] == round_) & (ranking["category"] == category)].copy()
n_bottom = conf.vertical_last_n if category == "vertical" else conf.bottom_n.get(category, 0)
st.subheader(ui.t("surveys.ranking", round=round_, category=ui.label("category", category)))
st.caption(ui.t(f"surveys.rule.{category}", n=n_bottom))
if shown.empty:
    st.info(ui.t("surveys.no_results"))
else:
    flagged = shown[shown["bottom"]]
    if len(flagged):
        names = "、".join(ui.esc(n) for n in flagged["name"])
        st.markdown(f"**{ui.t('surveys.bottom_units', n=n_bottom)}**：{names}")
    tips = [
        alt.Tooltip("name:N", title=ui.t("chart.name")),
        alt.Tooltip("score:Q", title=ui.t("chart.score"), format=".1f"),
        alt.Tooltip("rank:Q", title=ui.t("report.col.rank")),
        alt.Tooltip("verified_complaints:Q", title=ui.t("surveys.col.complaints")),
    ]
    st.altair_chart(
        charts.ranked_bars(shown, "name", "score", "bottom",
                           ui.t("surveys.ranking_chart", round=round_,
                                category=ui.label("category", category)),
                           ui.lang(), ui.t("surveys.bottom_flag", n=n_bottom), tooltip=tips),
        width="stretch",
    )  # fmt: skip
    table = pd.DataFrame({
        ui.t("report.col.rank"): shown["rank"],
        ui.t("report.col.unit_code"): shown["unit_code"],
        ui.t("report.col.name"): shown["name"],
        ui.t("report.col.score"): shown["score"],
        ui.t("report.col.bottom"): shown["bottom"].map({True: "■", False: ""}),
        ui.t("surveys.col.complaints"): shown["verified_complaints"],
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(ui.t("surveys.complaints_note"))
    ui.downloads(table, f"满意度排名_第{round_}轮_{ui.label('category', category)}", "sv_rank")

# Round 2 against round 3 (the two accountable rounds), same category.
first, second = (list(conf.accountable_rounds) + [None, None])[:2]
if first and second:
    st.subheader(ui.t("surveys.compare", first=first, second=second))
    if not {first, second} <= set(held["rounds"]):
        st.info(ui.t("surveys.compare_wait", second=second))
    else:
        both = ui.report("survey_comparison", year, first, second)
        both = both[both["category"] == category].copy()
        a_title = ui.t("overview.round", n=first)
        b_title = ui.t("overview.round", n=second)
        st.altair_chart(
            charts.dumbbell(both, "name", "score_first", "score_second", a_title, b_title,
                            ui.t("surveys.compare_chart", category=ui.label("category", category)),
                            ui.lang()),
            width="stretch",
        )  # fmt: skip
        compare = pd.DataFrame({
            ui.t("report.col.name"): both["name"],
            ui.t("surveys.col.score_n", n=first): both["score_first"],
            ui.t("surveys.col.rank_n", n=first): both["rank_first"],
            ui.t("surveys.col.score_n", n=second): both["score_second"],
            ui.t("surveys.col.rank_n", n=second): both["rank_second"],
            ui.t("surveys.col.score_change"): both["score_change"].round(1),
            ui.t("report.col.rank_change"): both["rank_change"].map(rank_arrow),
            ui.t("surveys.col.bottom_both"): (both["bottom_first"] & both["bottom_second"]).map(
                {True: "■", False: ""}),
        })  # fmt: skip
        st.dataframe(compare, hide_index=True, width="stretch")
        ui.downloads(compare, f"满意度对比_第{first}轮_第{second}轮", "sv_compare")

# Accountability (问责): every action of the year so far, with its reason in words.
actions = ui.report("accountability_list", year, as_of, ui.lang())
st.subheader(ui.t("surveys.accountability", n=actions["unit_code"].nunique()))
st.caption(ui.t("surveys.accountability_rule"))
if actions.empty:
    st.success(ui.t("surveys.no_actions"))
else:
    for action, group in actions.groupby("action", sort=False):
        who = "、".join(
            ui.esc(row.name) + (f"（{ui.t('overview.round', n=int(row.round))}）"
                                if pd.notna(row.round) else "")
            for row in group.itertuples()
        )  # fmt: skip
        st.markdown(f"- :orange[▲] **{ui.label('action', action)}**：{who}")
    action_table = pd.DataFrame({
        ui.t("report.col.unit_code"): actions["unit_code"],
        ui.t("report.col.name"): actions["name"],
        ui.t("report.col.category"): actions["category"].map(lambda c: ui.label("category", c)),
        ui.t("report.col.action"): actions["action"].map(lambda a: ui.label("action", a)),
        ui.t("report.col.round"): actions["round"].map(lambda r: "" if pd.isna(r) else str(int(r))),
        ui.t("report.col.reason"): actions["reason_text"],
    })  # fmt: skip
    st.dataframe(action_table, hide_index=True, width="stretch")
    ui.downloads(action_table, f"问责清单_{as_of:%Y-%m-%d}", "sv_actions")

# Round 1: rectification measures due within N days (submitted on time, late, missing).
rect = ui.report("rectification_status", year, as_of)
st.subheader(ui.t("surveys.rectification", round=conf.rectification_round))
st.caption(ui.t("surveys.rectification_rule", days=conf.rectification_days))
if rect.empty:
    st.info(ui.t("surveys.no_rectification_round"))
else:
    counts = rect["status"].value_counts()
    with st.container(horizontal=True):  # four small cards, two a row on a phone
        for key in ("on_time", "late", "missing", "pending"):
            st.metric(ui.t(f"surveys.rect.{key}"), int(counts.get(key, 0)), border=True, width=160)
    for key in ("missing", "late"):
        part = rect[rect["status"] == key]
        if len(part):
            names = "、".join(ui.esc(n) for n in part["name"])
            st.markdown(f"- {':red[■]' if key == 'missing' else ':orange[▲]'} **{ui.t(f'surveys.rect.{key}')}**：{names}")

    def day(value: object) -> str:
        return "" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"

    rect_table = pd.DataFrame({
        ui.t("report.col.unit_code"): rect["unit_code"],
        ui.t("report.col.name"): rect["name"],
        ui.t("report.col.category"): rect["category"].map(lambda c: ui.label("category", c)),
        ui.t("surveys.col.survey_date"): rect["survey_date"].map(day),
        ui.t("surveys.col.due"): rect["due"].map(day),
        ui.t("surveys.col.submitted"): rect["submitted_date"].map(day),
        ui.t("surveys.col.published"): rect["published"].map(
            lambda v: "" if pd.isna(v) else ("✓" if v else "✗")),
        ui.t("report.col.status"): rect["status"].map(lambda s: ui.t(f"surveys.rect.{s}")),
    })  # fmt: skip
    st.dataframe(rect_table, hide_index=True, width="stretch")
    ui.downloads(rect_table, f"整改措施提交情况_{year}", "sv_rect")

# Hotline: verified complaints per unit (the most → its head is held accountable).
complaints = ui.report("complaints_by_unit", year, as_of, round_)
st.subheader(ui.t("surveys.complaints", n=len(complaints)))
if complaints.empty:
    st.info(ui.t("surveys.no_complaints"))
else:
    complaints_table = pd.DataFrame({
        ui.t("report.col.name"): complaints["name"],
        ui.t("report.col.category"): complaints["category"].map(lambda c: ui.label("category", c)),
        ui.t("surveys.col.complaints"): complaints["verified_complaints"],
        ui.t("surveys.col.score_n", n=round_): complaints["score"].astype("float64"),
        ui.t("surveys.col.rank_n", n=round_): [
            "" if pd.isna(r) else f"{r}/{n}"
            for r, n in zip(complaints["rank"], complaints["ranked"], strict=True)
        ],
    })  # fmt: skip
    st.dataframe(complaints_table, hide_index=True, width="stretch")
    ui.downloads(complaints_table, f"查实投诉_{as_of:%Y-%m-%d}", "sv_complaints")

# Units of the surveyed categories absent from a round: listed, not ranked.
missing = ui.report("units_missing", year)
missing = missing[missing["round"].isin(held["rounds"])]
st.subheader(ui.t("surveys.missing", n=len(missing)))
if missing.empty:
    st.success(ui.t("surveys.none_missing"))
else:
    for r, group in missing.groupby("round"):
        names = "、".join(f"{ui.esc(row.name)}（{ui.label('category', row.category)}）"
                         for row in group.itertuples())  # fmt: skip
        st.markdown(f"- {ui.t('overview.round', n=int(r))}：{names}")
    missing_table = pd.DataFrame({
        ui.t("report.col.round"): missing["round"],
        ui.t("report.col.unit_code"): missing["unit_code"],
        ui.t("report.col.name"): missing["name"],
        ui.t("report.col.category"): missing["category"].map(lambda c: ui.label("category", c)),
    })  # fmt: skip
    st.dataframe(missing_table, hide_index=True, width="stretch")
    ui.downloads(missing_table, f"缺测单位_{year}", "sv_missing")
