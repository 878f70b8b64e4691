"""满意度测评: each category's ranking with the bottom N, round 2 against round 3, the
accountability list, round 1's rectification measures, complaints and units not surveyed."""

import pandas as pd
import streamlit as st

from app import charts, metrics, ui

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


def bottom_names(year: int, as_of: object, round_: int, category: str) -> tuple[list[str], int]:
    """The round's bottom units in one category (the first ones, escaped) and how many."""
    ranking = ui.report("survey_ranking_as_of", year, as_of)
    shown = ranking[(ranking["round"] == round_) & (ranking["category"] == category)]
    flagged = shown.loc[shown["bottom"], "name"]
    return [ui.esc(n) for n in flagged.head(ui.LIST_LIMIT)], len(flagged)


ranking = ui.report("survey_ranking_as_of", year, as_of)
inside = ((ranking["round"] == round_) & (ranking["category"] == category)).to_numpy()
flagged, n_flagged = ui.view(bottom_names, year, as_of, round_, category)
n_bottom = metrics.bottom_sizes(ui.settings()).get(category, 0)
category_label = ui.label("category", category)
st.subheader(ui.t("surveys.ranking", round=round_, category=category_label))
st.caption(ui.t(f"surveys.rule.{category}", n=n_bottom))
if not inside.any():
    st.info(ui.t("surveys.no_results"))
else:
    if flagged:
        st.markdown(ui.t("surveys.bottom_line", n=n_bottom, units=ui.t("app.list_sep").join(flagged)))
        ui.more(n_flagged)
    rows = ui.chart_rows(ranking[inside])
    st.altair_chart(charts.ranked_bars(rows, "name", "score", "bottom", ui.t("surveys.ranking_chart", round=round_,
                                       category=category_label), ui.lang(), ui.t("surveys.bottom_flag", n=n_bottom)),
                    width="stretch")  # fmt: skip
    ui.chart_cut(int(inside.sum()))
    table = ui.table("survey_ranking_as_of", year, as_of)[inside]
    st.dataframe(ui.shown_rows(table), hide_index=True, width="stretch")
    st.caption(ui.t("surveys.complaints_note"))
    ui.downloads(table, ui.t("surveys.file.ranking", round=round_, category=category_label), "sv_rank")

first, second = (list(conf.accountable_rounds) + [None, None])[:2]
if first and second:  # round 2 against round 3 (the two accountable rounds), same category
    st.subheader(ui.t("surveys.compare", first=first, second=second))
    if not {first, second} <= set(held["rounds"]):
        st.info(ui.t("surveys.compare_wait", second=second))
    else:
        both = ui.report("survey_comparison", year, first, second)
        same = (both["category"] == category).to_numpy()
        rows = ui.chart_rows(both[same].sort_values("score_second", ascending=False, na_position="last"))
        st.altair_chart(charts.dumbbell(rows, "name", "score_first", "score_second", ui.t("overview.round", n=first),
                                        ui.t("overview.round", n=second),
                                        ui.t("surveys.compare_chart", category=category_label), ui.lang()),
                        width="stretch")  # fmt: skip
        ui.chart_cut(int(same.sum()))
        compare = ui.table("survey_comparison", year, first, second)[same]
        st.caption(ui.t("surveys.compare_columns", first=first, second=second))
        st.dataframe(ui.shown_rows(compare), hide_index=True, width="stretch")
        ui.downloads(compare, ui.t("surveys.file.compare", first=first, second=second), "sv_compare")

actions = ui.report("accountability", year, as_of)
st.subheader(ui.t("surveys.accountability", n=actions["unit_code"].nunique()))
st.caption(ui.t("surveys.accountability_rule"))
if actions.empty:
    st.success(ui.t("surveys.no_actions"))
else:
    units = ui.names("units", "unit_code")
    for action, group in actions.groupby("action", sort=False):
        who = [ui.t("surveys.action_who", unit=ui.esc(units.get(str(r.unit_code), str(r.unit_code))),
                    round=ui.t("overview.round", n=int(r.round))) if pd.notna(r.round)
               else ui.esc(units.get(str(r.unit_code), str(r.unit_code))) for r in group.head(ui.LIST_LIMIT).itertuples()]
        st.markdown("- :orange[▲] " + ui.t("surveys.action_group", action=ui.label("action", action),
                                                who=ui.t("app.list_sep").join(who)))  # fmt: skip
        ui.more(len(group))
    action_table = ui.table("accountability", year, as_of)
    st.dataframe(ui.shown_rows(action_table), hide_index=True, width="stretch")
    ui.downloads(action_table, ui.t("surveys.file.actions", date=f"{as_of:%Y-%m-%d}"), "sv_actions")

rect = ui.report("rectification_status", year, as_of)  # round 1: measures due within N days
st.subheader(ui.t("surveys.rectification", round=conf.rectification_round))
st.caption(ui.t("surveys.rectification_rule", days=conf.rectification_days))
if rect.empty:
    st.info(ui.t("surveys.no_rectification_round"))
else:
    counts = rect["status"].value_counts()
    with st.container(horizontal=True):  # four small cards, two a row on a phone
        for key in ("on_time", "late", "missing", "pending"):
            st.metric(ui.t(f"surveys.rect.{key}"), int(counts.get(key, 0)), border=True, width=160)
    for key, mark in (("missing", ":red[■]"), ("late", ":orange[▲]")):
        names = rect.loc[rect["status"] == key, "name"]
        if len(names):
            st.markdown(f"- {mark} " + ui.t("surveys.action_group", action=ui.t(f"surveys.rect.{key}"),
                        who=ui.t("app.list_sep").join(ui.esc(n) for n in names.head(ui.LIST_LIMIT))))  # fmt: skip
            ui.more(len(names))
    rect_table = ui.table("rectification_status", year, as_of)
    st.dataframe(ui.shown_rows(rect_table), hide_index=True, width="stretch")
    ui.downloads(rect_table, ui.t("surveys.file.rectification", year=year), "sv_rect")

complaints = ui.table("complaints_by_unit", year, as_of, round_)  # the most → its head answers
st.subheader(ui.t("surveys.complaints", n=len(complaints)))
if complaints.empty:
    st.info(ui.t("surveys.no_complaints"))
else:
    st.caption(ui.t("surveys.complaints_round", round=round_))
    st.dataframe(ui.shown_rows(complaints), hide_index=True, width="stretch")
    ui.downloads(complaints, ui.t("surveys.file.complaints", date=f"{as_of:%Y-%m-%d}"), "sv_complaints")

missing = ui.report("units_missing", year)  # absent from a round: listed, not ranked
listed = missing["round"].isin(held["rounds"]).to_numpy()
st.subheader(ui.t("surveys.missing", n=int(listed.sum())))
if not listed.any():
    st.success(ui.t("surveys.none_missing"))
else:
    for r, group in missing[listed].groupby("round"):
        who = [ui.t("surveys.action_who", unit=ui.esc(row.name), round=ui.label("category", row.category))
               for row in group.head(ui.LIST_LIMIT).itertuples()]
        st.markdown("- " + ui.t("surveys.action_group", action=ui.t("overview.round", n=int(r)),
                                who=ui.t("app.list_sep").join(who)))  # fmt: skip
        ui.more(len(group))
    missing_table = ui.table("units_missing", year)[listed]
    st.dataframe(ui.shown_rows(missing_table), hide_index=True, width="stretch")
    ui.downloads(missing_table, ui.t("surveys.file.missing", year=year), "sv_missing")
