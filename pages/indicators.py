"""指标监测: one indicator's trend against its target, township ranking, and every indicator."""

import streamlit as st

from app import charts, ui
from app.format import light_label, pct, signed_pct, with_unit
from app.views import indicators_sections as sections
from schemas.common import FRAMEWORK_ITEMS

ui.require("indicators")
ui.banner()
st.title(ui.t("nav.indicators"))
if ui.empty_state(["indicators", "indicator_values"]):
    st.stop()

year, month = ui.year(), ui.month()
progress = ui.report("targets", year, month)
indicators = ui.read("indicators")
township = ui.township_filter()
township_names = ui.names("townships", "township_code")

items = [i for i in FRAMEWORK_ITEMS if i in set(indicators["item"])]
col1, col2 = st.columns(2)
item = ui.select(
    ui.t("indicators.item"),
    items,
    "indicator_item",
    {i: f"{ui.label('framework_level', i.split('.')[0])} · {ui.label('item', i)}" for i in items},
    container=col1,
)
in_item = indicators[indicators["item"] == item]
name_col = "name" if ui.lang() == "zh" else "name_en"
labels = dict(
    zip(in_item["indicator_code"], in_item[name_col].fillna(in_item["name"]), strict=False)
)
code = ui.select(
    ui.t("indicators.indicator"), list(labels), f"indicator_code_{item}", labels, container=col2
)
meta = in_item[in_item["indicator_code"] == code].iloc[0]

scope = progress[progress["indicator_code"] == code]
row = (
    scope[scope["township_code"] == township] if township else scope[scope["township_code"].isna()]
)
where = township_names.get(township, township) if township else ui.t("sidebar.whole_county")
st.subheader(f"{ui.esc(labels[code])} · {ui.esc(where)}")
if row.empty:
    st.info(ui.t("indicators.no_data_here"))
else:
    r = row.iloc[0]
    c = st.columns(5)
    c[0].metric(ui.t("indicators.ytd"), with_unit(r["actual"], meta["unit"]), border=True)
    c[1].metric(ui.t("indicators.target"), with_unit(r["target"], meta["unit"]), border=True)
    c[2].metric(
        ui.t("indicators.completion"),
        pct(r["completion"]),
        delta=ui.t("indicators.vs_tp", tp=pct(r["time_progress"])),
        delta_color="off",
        border=True,
    )
    c[3].metric(ui.t("indicators.yoy"), signed_pct(r["yoy"]), border=True)
    c[4].metric(ui.t("indicators.mom"), signed_pct(r["mom"]), border=True)
    st.markdown(
        ui.t(
            "indicators.status_line",
            light=light_label(r["light"], ui.lang()),
            direction=ui.label("direction", meta["direction"]),
            aggregation=ui.label("aggregation", meta["aggregation"]),
        )
    )
    series = ui.report("series", year, code, township)
    if not series.empty:
        st.altair_chart(
            charts.trend(
                series,
                r["target"],
                ui.t("indicators.trend_title", name=labels[code]),
                ui.lang(),
                str(meta["unit"] or ""),
                cumulative=meta["aggregation"] == "sum",
            ),
            width="stretch",
        )

# Township ranking with rank change since last month (升位/降位).
ranking = ui.report("township_ranking", year, month, code)
if not ranking.empty:
    st.subheader(ui.t("indicators.ranking"))
    ranking = ranking.assign(
        township=ranking["township_code"].map(lambda c: township_names.get(str(c), str(c)))
    )
    st.altair_chart(
        charts.completion_bars(
            ranking.dropna(subset=["completion"]),
            "township",
            ui.t("indicators.ranking_chart", name=labels[code]),
            ui.lang(),
            time_progress=float(row.iloc[0]["time_progress"]) if not row.empty else None,
        ),
        width="stretch",
    )
    st.dataframe(ui.table("township_ranking", year, month, code), hide_index=True, width="stretch")

sections.township_progress(year, month)  # 增比进位 over every indicator

# Every indicator with its light: sortable, downloadable.
st.subheader(ui.t("indicators.all"))
all_table = ui.table("targets", year, month)
all_table = all_table[all_table[ui.header("township")] == ui.t("bulletin.county_wide")]
st.dataframe(all_table, hide_index=True, width="stretch")
ui.downloads(all_table, ui.t("indicators.download_name", month=month), "ind")
