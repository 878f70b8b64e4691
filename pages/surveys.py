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


def ranking_view(year: int, as_of: object, round_: int, category: str) -> dict:
    """The round's ranking in one category: rows for the chart, the table, the bottom units."""
    ranking = ui.report("survey_ranking_as_of", year, as_of)
    shown = ranking[(ranking["round"] == round_) & (ranking["category"] == category)]
    table = pd.DataFrame({
        ui.t("report.col.rank"): shown["rank"],
        ui.t("report.col.unit_code"): shown["unit_code"],
        ui.t("report.col.name"): shown["name"],
        ui.t("report.col.score"): shown["score"],
        ui.t("report.col.bottom"): shown["bottom"].map({True: "■", False: ""}),
        ui.t("surveys.col.complaints"): shown["verified_complaints"],
    })  # fmt: skip
    flagged = shown.loc[shown["bottom"], "name"]
    return {"n": len(shown), "chart": ui.chart_rows(shown), "table": table,
            "flagged": [ui.esc(n) for n in flagged.head(ui.LIST_LIMIT)],
            "flagged_n": len(flagged)}  # fmt: skip


rank = ui.view(ranking_view, year, as_of, round_, category)
n_bottom = conf.vertical_last_n if category == "vertical" else conf.bottom_n.get(category, 0)
st.subheader(ui.t("surveys.ranking", round=round_, category=ui.label("category", category)))
st.caption(ui.t(f"surveys.rule.{category}", n=n_bottom))
if not rank["n"]:
    st.info(ui.t("surveys.no_results"))
else:
    if rank["flagged"]:
        st.markdown(f"**{ui.t('surveys.bottom_units', n=n_bottom)}**：{'、'.join(rank['flagged'])}")
        ui.more(rank["flagged_n"])
    tips = [
        alt.Tooltip("name:N", title=ui.t("chart.name")),
        alt.Tooltip("score:Q", title=ui.t("chart.score"), format=".1f"),
        alt.Tooltip("rank:Q", title=ui.t("report.col.rank")),
        alt.Tooltip("verified_complaints:Q", title=ui.t("surveys.col.complaints")),
    ]
    st.altair_chart(
        charts.ranked_bars(rank["chart"], "name", "score", "bottom",
                           ui.t("surveys.ranking_chart", round=round_,
                                category=ui.label("category", category)),
                           ui.lang(), ui.t("surveys.bottom_flag", n=n_bottom), tooltip=tips),
        width="stretch",
    )  # fmt: skip
    ui.chart_cut(rank["n"])
    st.dataframe(ui.shown_rows(rank["table"]), hide_index=True, width="stretch")
    st.caption(ui.t("surveys.complaints_note"))
    ui.downloads(rank["table"], f"满意度排名_第{round_}轮_{ui.label('category', category)}",
                 "sv_rank")  # fmt: skip

# Round 2 against round 3 (the two accountable rounds), same category.


def compare_view(year: int, first: int, second: int, category: str) -> dict:
    """Both rounds' scores in one category: rows for the chart and the table."""
    both = ui.report("survey_comparison", year, first, second)
    both = both[both["category"] == category]
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
    # The chart's rows: the best and the worst of the second round (the order it draws).
    ordered = both.sort_values("score_second", ascending=False, na_position="last")
    return {"n": len(both), "chart": ui.chart_rows(ordered), "table": compare}


first, second = (list(conf.accountable_rounds) + [None, None])[:2]
if first and second:
    st.subheader(ui.t("surveys.compare", first=first, second=second))
    if not {first, second} <= set(held["rounds"]):
        st.info(ui.t("surveys.compare_wait", second=second))
    else:
        both = ui.view(compare_view, year, first, second, category)
        a_title = ui.t("overview.round", n=first)
        b_title = ui.t("overview.round", n=second)
        st.altair_chart(
            charts.dumbbell(both["chart"], "name", "score_first", "score_second", a_title,
                            b_title, ui.t("surveys.compare_chart",
                                          category=ui.label("category", category)),
                            ui.lang()),
            width="stretch",
        )  # fmt: skip
        ui.chart_cut(both["n"])
        st.dataframe(ui.shown_rows(both["table"]), hide_index=True, width="stretch")
        ui.downloads(both["table"], f"满意度对比_第{first}轮_第{second}轮", "sv_compare")

# Accountability (问责): every action of the year so far, with its reason in words.


def accountability_view(year: int, as_of: object, lang: str) -> dict:
    """The year's actions: who, grouped by action (the first names of each), and the table."""
    actions = ui.report("accountability_list", year, as_of, lang)
    groups = []
    for action, group in actions.groupby("action", sort=False):
        who = "、".join(
            ui.esc(row.name) + (f"（{ui.t('overview.round', n=int(row.round))}）"
                                if pd.notna(row.round) else "")
            for row in group.head(ui.LIST_LIMIT).itertuples()
        )  # fmt: skip
        groups.append((ui.label("action", action), who, len(group)))
    categories = ui.labels("category", actions["category"].unique())
    action_labels = ui.labels("action", actions["action"].unique())
    table = pd.DataFrame({
        ui.t("report.col.unit_code"): actions["unit_code"],
        ui.t("report.col.name"): actions["name"],
        ui.t("report.col.category"): actions["category"].map(categories),
        ui.t("report.col.action"): actions["action"].map(action_labels),
        ui.t("report.col.round"): actions["round"].map(lambda r: "" if pd.isna(r) else str(int(r))),
        ui.t("report.col.reason"): actions["reason_text"],
    })  # fmt: skip
    return {"units": actions["unit_code"].nunique(), "groups": groups, "table": table}


actions = ui.view(accountability_view, year, as_of, ui.lang())
st.subheader(ui.t("surveys.accountability", n=actions["units"]))
st.caption(ui.t("surveys.accountability_rule"))
if not actions["groups"]:
    st.success(ui.t("surveys.no_actions"))
else:
    for action, who, total in actions["groups"]:
        st.markdown(f"- :orange[▲] **{action}**：{who}")
        ui.more(total)
    st.dataframe(ui.shown_rows(actions["table"]), hide_index=True, width="stretch")
    ui.downloads(actions["table"], f"问责清单_{as_of:%Y-%m-%d}", "sv_actions")

# Round 1: rectification measures due within N days (submitted on time, late, missing).


def rectification_view(year: int, as_of: object) -> dict:
    """Counts by status, the first names of the missing and the late, and the table."""
    rect = ui.report("rectification_status", year, as_of)
    counts = rect["status"].value_counts()
    named = {}
    for key in ("missing", "late"):
        names = rect.loc[rect["status"] == key, "name"]
        named[key] = ("、".join(ui.esc(n) for n in names.head(ui.LIST_LIMIT)), len(names))

    def day(column: str) -> pd.Series:
        return pd.to_datetime(rect[column]).dt.strftime("%Y-%m-%d").fillna("")

    statuses = {s: ui.t(f"surveys.rect.{s}") for s in ("on_time", "late", "missing", "pending")}
    table = pd.DataFrame({
        ui.t("report.col.unit_code"): rect["unit_code"],
        ui.t("report.col.name"): rect["name"],
        ui.t("report.col.category"): rect["category"].map(
            ui.labels("category", rect["category"].unique())),
        ui.t("surveys.col.survey_date"): day("survey_date"),
        ui.t("surveys.col.due"): day("due"),
        ui.t("surveys.col.submitted"): day("submitted_date"),
        ui.t("surveys.col.published"): rect["published"].map(
            lambda v: "" if pd.isna(v) else ("✓" if v else "✗")),
        ui.t("report.col.status"): rect["status"].map(statuses),
    })  # fmt: skip
    return {"empty": rect.empty, "counts": {k: int(counts.get(k, 0)) for k in statuses},
            "named": named, "table": table}  # fmt: skip


rect = ui.view(rectification_view, year, as_of)
st.subheader(ui.t("surveys.rectification", round=conf.rectification_round))
st.caption(ui.t("surveys.rectification_rule", days=conf.rectification_days))
if rect["empty"]:
    st.info(ui.t("surveys.no_rectification_round"))
else:
    with st.container(horizontal=True):  # four small cards, two a row on a phone
        for key in ("on_time", "late", "missing", "pending"):
            st.metric(ui.t(f"surveys.rect.{key}"), rect["counts"][key], border=True, width=160)
    for key in ("missing", "late"):
        names, total = rect["named"][key]
        if total:
            mark = ":red[■]" if key == "missing" else ":orange[▲]"
            st.markdown(f"- {mark} **{ui.t(f'surveys.rect.{key}')}**：{names}")
            ui.more(total)
    st.dataframe(ui.shown_rows(rect["table"]), hide_index=True, width="stretch")
    ui.downloads(rect["table"], f"整改措施提交情况_{year}", "sv_rect")

# Hotline: verified complaints per unit (the most → its head is held accountable).


def complaints_view(year: int, as_of: object, round_: int) -> dict:
    complaints = ui.report("complaints_by_unit", year, as_of, round_)
    table = pd.DataFrame({
        ui.t("report.col.name"): complaints["name"],
        ui.t("report.col.category"): complaints["category"].map(
            ui.labels("category", complaints["category"].unique())),
        ui.t("surveys.col.complaints"): complaints["verified_complaints"],
        ui.t("surveys.col.score_n", n=round_): complaints["score"].astype("float64"),
        ui.t("surveys.col.rank_n", n=round_): [
            "" if pd.isna(r) else f"{r}/{n}"
            for r, n in zip(complaints["rank"], complaints["ranked"], strict=True)
        ],
    })  # fmt: skip
    return {"n": len(complaints), "table": table}


complaints = ui.view(complaints_view, year, as_of, round_)
st.subheader(ui.t("surveys.complaints", n=complaints["n"]))
if not complaints["n"]:
    st.info(ui.t("surveys.no_complaints"))
else:
    st.dataframe(ui.shown_rows(complaints["table"]), hide_index=True, width="stretch")
    ui.downloads(complaints["table"], f"查实投诉_{as_of:%Y-%m-%d}", "sv_complaints")

# Units of the surveyed categories absent from a round: listed, not ranked.


def missing_view(year: int, rounds: tuple[int, ...]) -> dict:
    missing = ui.report("units_missing", year)
    missing = missing[missing["round"].isin(rounds)]
    categories = ui.labels("category", missing["category"].unique())
    lists = []
    for r, group in missing.groupby("round"):
        names = "、".join(f"{ui.esc(row.name)}（{categories[row.category]}）"
                          for row in group.head(ui.LIST_LIMIT).itertuples())  # fmt: skip
        lists.append((int(r), names, len(group)))
    table = pd.DataFrame({
        ui.t("report.col.round"): missing["round"],
        ui.t("report.col.unit_code"): missing["unit_code"],
        ui.t("report.col.name"): missing["name"],
        ui.t("report.col.category"): missing["category"].map(categories),
    })  # fmt: skip
    return {"n": len(missing), "lists": lists, "table": table}


missing = ui.view(missing_view, year, tuple(held["rounds"]))
st.subheader(ui.t("surveys.missing", n=missing["n"]))
if not missing["n"]:
    st.success(ui.t("surveys.none_missing"))
else:
    for r, names, total in missing["lists"]:
        st.markdown(f"- {ui.t('overview.round', n=r)}：{names}")
        ui.more(total)
    st.dataframe(ui.shown_rows(missing["table"]), hide_index=True, width="stretch")
    ui.downloads(missing["table"], f"缺测单位_{year}", "sv_missing")
