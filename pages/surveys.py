"""满意度测评: each category's ranking with the bottom N, round 2 against round 3, the
accountability list, round 1's rectification measures, complaints and units not surveyed."""

import streamlit as st

from app import charts, metrics, ui
from app.views import programme_sections
from app.views import surveys_sections as sections
from app.views.appraisal_sections import unit_links

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
round_ = ui.select(
    ui.t("surveys.round"),
    rounds,
    "survey_round",
    {r: ui.t("overview.round", n=r) for r in rounds},
    container=c1,
)
category = ui.select(
    ui.t("surveys.category"),
    CATEGORIES,
    "survey_category",
    {c: ui.label("category", c) for c in CATEGORIES},
    container=c2,
)


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
        st.markdown(
            ui.t("surveys.bottom_line", n=n_bottom, units=ui.t("app.list_sep").join(flagged))
        )
        ui.more(n_flagged)
    rows = ui.chart_rows(ranking[inside])
    st.altair_chart(
        charts.ranked_bars(
            rows,
            "name",
            "score",
            "bottom",
            ui.t("surveys.ranking_chart", round=round_, category=category_label),
            ui.lang(),
            ui.t("surveys.bottom_flag", n=n_bottom),
        ),
        width="stretch",
    )
    ui.chart_cut(int(inside.sum()))
    table = ui.table("survey_ranking_as_of", year, as_of)[inside]
    st.dataframe(**unit_links(ui.shown_rows(table)), hide_index=True, width="stretch")
    st.caption(ui.t("surveys.complaints_note"))
    ui.downloads(
        table, ui.t("surveys.file.ranking", round=round_, category=category_label), "sv_rank"
    )

first, second = (list(conf.accountable_rounds) + [None, None])[:2]
if first and second:  # round 2 against round 3 (the two accountable rounds), same category
    st.subheader(ui.t("surveys.compare", first=first, second=second))
    if not {first, second} <= set(held["rounds"]):
        st.info(ui.t("surveys.compare_wait", second=second))
    else:
        both = ui.report("survey_comparison", year, first, second)
        same = (both["category"] == category).to_numpy()
        rows = ui.chart_rows(
            both[same].sort_values("score_second", ascending=False, na_position="last")
        )
        st.altair_chart(
            charts.dumbbell(
                rows,
                "name",
                "score_first",
                "score_second",
                ui.t("overview.round", n=first),
                ui.t("overview.round", n=second),
                ui.t("surveys.compare_chart", category=category_label),
                ui.lang(),
            ),
            width="stretch",
        )
        ui.chart_cut(int(same.sum()))
        compare = ui.table("survey_comparison", year, first, second)[same]
        st.caption(ui.t("surveys.compare_columns", first=first, second=second))
        st.dataframe(ui.shown_rows(compare), hide_index=True, width="stretch")
        ui.downloads(
            compare, ui.t("surveys.file.compare", first=first, second=second), "sv_compare"
        )

sections.accountability(year, as_of)
sections.rectifications(year, as_of)
sections.complaints(year, as_of, round_)
sections.missing(year, held["rounds"])
programme_sections.publication(year, as_of)
programme_sections.window_units(year, as_of)
programme_sections.township_surveys(year, as_of)
programme_sections.superiors(year, as_of)
