"""The demo county's indicator catalogue and how the county performs on each indicator.

``_indicators(settings)`` lists the 41 indicators covering all 18 framework items. The
numbers the speech names (FAI, industrial investment, funds in place, policies abolished)
come from ``Settings``; the other targets, and every ratio of the 2010 and 2011 amounts to
the target, are the demo's own. The constants after it name the indicators and townships
built to show a light other than green.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.demo.data import _FLAT, _FUNDS, _INVEST, _PLANTING, DEMO_YEAR
from app.settings import Settings


@dataclass(frozen=True)
class _Indicator:
    """One catalogue entry and how the demo county performs on it.

    ``base`` and ``actual`` are ratios to the 2011 target: for ``sum`` the January–November
    amount of 2010 and of 2011, for ``last`` the level in December 2010 and November 2011,
    for ``mean`` the mean of 2010 and of January–November 2011.
    """

    code: str
    item: str
    name: str
    name_en: str
    unit: str
    direction: str
    aggregation: str
    target: float
    base: float
    actual: float
    decimals: int = 2
    profile: tuple[float, ...] = _FLAT


def _indicators(settings: Settings) -> list[_Indicator]:
    py = settings.project_year
    fai, ind = py.fai_target, py.fai_target * py.industry_share_target
    funds, policy = py.funds_floor, py.policy_abolished_target
    # Funds in place: 2011 to November at 93.3% of the floor, up by the target growth on
    # January–November 2010 (the 2010 year then ends near 17 亿 for a 25.5 floor).
    funds_actual = 0.933
    funds_base = round(funds_actual / (1 + py.funds_growth_target + 0.005), 4)
    policy_actual = (policy + 6.0) / policy  # 56% abolished against a ">50%" target
    i = _Indicator
    return [
        i("GDP", "goal", "地区生产总值", "Gross domestic product", "亿元", "higher", "sum",
          110, 0.80, 0.935),
        i("GDP_GROWTH", "goal", "地区生产总值增长率", "GDP growth rate", "%", "higher", "last",
          14.0, 0.943, 1.043, 1),
        i("FISCAL_REVENUE", "goal", "财政总收入", "Total fiscal revenue", "亿元", "higher", "sum",
          12, 0.72, 0.892),
        i("TRANSPORT_INV", "priority.infrastructure", "交通建设投资",
          "Transport construction investment", "亿元", "higher", "sum", 15, 0.62, 0.72,
          2, _INVEST),
        i("WATER_INV", "priority.infrastructure", "水利建设投资",
          "Water conservancy investment", "亿元", "higher", "sum", 4.5, 0.70, 0.955, 2, _INVEST),
        i("LIVELIHOOD_SPEND", "priority.livelihood", "民生领域财政支出",
          "Fiscal spending on livelihood", "亿元", "higher", "sum", 14, 0.78, 0.94),
        i("NEW_URBAN_JOBS", "priority.livelihood", "城镇新增就业人数", "New urban jobs", "人",
          "higher", "sum", 5000, 0.86, 0.962, 0),
        i("FOREST_COVER", "optimize.ecology", "森林覆盖率", "Forest coverage", "%", "higher",
          "last", 42, 0.967, 1.0095),
        i("ENERGY_PER_GDP", "optimize.ecology", "万元GDP能耗",
          "Energy use per 10,000 yuan of GDP", "吨标准煤", "lower", "last", 1.32, 1.045, 0.985,
          3),
        i("AIR_GOOD_PCT", "optimize.ecology", "县城空气质量优良天数比例",
          "Share of days with good air quality (county seat)", "%", "higher", "mean", 90, 0.99,
          1.035, 1),
        i(py.policy_code, "optimize.development", "政策清理废除比例",
          "Share of unfit policies abolished", "%", "higher", "last", policy, 0.24,
          policy_actual, 1),
        i("APPROVAL_CUT_PCT", "optimize.development", "行政审批事项精简比例",
          "Reduction of administrative approval items", "%", "higher", "last", 30, 0.5, 1.04, 1),
        i("ACCIDENT_DEATHS", "optimize.development", "安全生产事故死亡人数",
          "Work-safety accident deaths", "人", "lower", "sum", 12, 13 / 12, 16 / 12, 0),
        i("PETITIONS_TOTAL", "optimize.service", "信访总量", "Petitions received", "件",
          "lower", "sum", 1200, 1.03, 0.952, 0),
        i("SERVICE_ONTIME_PCT", "optimize.service", "政务服务按时办结率",
          "On-time completion of government service requests", "%", "higher", "last", 98,
          0.985, 1.011, 1),
        i(py.fai_industry_code, "advance.industrialization", "工业投资", "Industrial investment",
          "亿元", "higher", "sum", ind, 0.62, 0.935, 2, _INVEST),
        i("INDUSTRY_VA", "advance.industrialization", "规模以上工业增加值",
          "Value added of industry above designated size", "亿元", "higher", "sum", 38, 0.74,
          0.89),
        i("NEW_SCALE_FIRMS", "advance.industrialization", "新增规模以上工业企业",
          "New industrial enterprises above designated size", "个", "higher", "sum", 12, 0.67,
          1.0, 0),
        i("URBANIZATION", "advance.urbanization", "城镇化率", "Urbanisation rate", "%", "higher",
          "last", 32, 0.94, 0.975, 1),
        i("URBAN_CONSTRUCTION_INV", "advance.urbanization", "城镇建设投资",
          "Urban construction investment", "亿元", "higher", "sum", 12, 0.70, 0.94, 2, _INVEST),
        i("AGRI_VA", "advance.agriculture", "第一产业增加值", "Value added of agriculture",
          "亿元", "higher", "sum", 22, 0.85, 0.945),
        i("LEADING_AGRI_FIRMS", "advance.agriculture", "农业产业化龙头企业",
          "Leading agricultural enterprises", "个", "higher", "last", 18, 14 / 18, 19 / 18, 0),
        i("NEW_MARKET_ENTITIES", "advance.marketization", "新增市场主体", "New market entities",
          "户", "higher", "sum", 3000, 0.80, 0.893, 0),
        i("NONPUBLIC_SHARE", "advance.marketization", "非公经济增加值占比",
          "Non-public sector share of value added", "%", "higher", "last", 45, 0.96, 1.014, 1),
        i(py.fai_code, "rise.size_quality", "全社会固定资产投资", "Total fixed-asset investment",
          "亿元", "higher", "sum", fai, 0.66, 0.93, 4, _INVEST),
        i("RETAIL_SALES", "rise.size_quality", "社会消费品零售总额",
          "Retail sales of consumer goods", "亿元", "higher", "sum", 32, 0.78, 0.94),
        i("TAX_SHARE", "rise.size_quality", "税收收入占财政收入比重",
          "Tax share of fiscal revenue", "%", "higher", "last", 75, 0.97, 1.016, 1),
        i(py.funds_code, "rise.quality_speed", "招商引资到位资金",
          "Investment attracted and in place", "亿元", "higher", "sum", funds, funds_base,
          funds_actual, 4, _FUNDS),
        i("INDUSTRY_VA_GROWTH", "rise.quality_speed", "规模以上工业增加值增长率",
          "Growth of industrial value added", "%", "higher", "last", 20, 0.9, 1.065, 1),
        i("RURAL_ROAD_KM", "breakthrough.infrastructure", "通村油路（水泥路）建设里程",
          "Rural roads paved", "公里", "higher", "sum", 300, 0.70, 0.96, 1, _INVEST),
        i("RESERVOIR_REINFORCED", "breakthrough.infrastructure", "病险水库除险加固",
          "Reservoirs made safe", "座", "higher", "sum", 10, 0.6, 1.0, 0),
        i("INDUSTRY_PARK_INV", "breakthrough.industry", "工业园区基础设施投资",
          "Industrial park infrastructure investment", "亿元", "higher", "sum", 6, 0.55, 0.95,
          2, _INVEST),
        i("INDUSTRY_OUTPUT", "breakthrough.industry", "规模以上工业总产值",
          "Gross output of industry above designated size", "亿元", "higher", "sum", 125, 0.78,
          0.93),
        i("RURAL_HOUSING_RENOVATED", "breakthrough.appearance", "农村危房改造",
          "Dilapidated rural houses renovated", "户", "higher", "sum", 3000, 0.70, 0.97, 0),
        i("GREEN_COVER_BUILT", "breakthrough.appearance", "建成区绿化覆盖率",
          "Green coverage of the built-up area", "%", "higher", "last", 35, 0.95, 1.012, 1),
        i("TEA_AREA_NEW", "breakthrough.agriculture", "新增茶园面积", "New tea plantations",
          "亩", "higher", "sum", 20000, 0.70, 0.97, 0, _PLANTING),
        i("FARMER_INCOME", "breakthrough.agriculture", "农民人均纯收入",
          "Rural per-capita net income", "元", "higher", "sum", 4300, 0.82, 0.935, 0),
        i("POVERTY_REDUCED", "breakthrough.livelihood", "减少贫困人口",
          "Reduction in the poor population", "人", "higher", "sum", 15000, 0.75, 0.95, 0),
        i("DRINKING_WATER", "breakthrough.livelihood", "解决农村饮水安全人数",
          "Rural residents given safe drinking water", "人", "higher", "sum", 60000, 0.80, 0.96,
          0),
        i("PRIVATE_VA", "breakthrough.private_economy", "民营经济增加值",
          "Value added of the private economy", "亿元", "higher", "sum", 48, 0.80, 0.94),
        i("NEW_PRIVATE_FIRMS", "breakthrough.private_economy", "新增民营企业",
          "New private enterprises", "户", "higher", "sum", 500, 0.75, 0.95, 0),
    ]  # fmt: skip


# Indicators built to show a light other than green at 2011-11 (default bands).
_RED_INDICATORS = ("TRANSPORT_INV", "ACCIDENT_DEATHS")
_YELLOW_INDICATORS = (
    "FISCAL_REVENUE",
    "INDUSTRY_VA",
    "NEW_MARKET_ENTITIES",
    "URBANIZATION",
    "PETITIONS_TOTAL",
)
_GAP_INDICATOR, _GAP_PERIOD = "FOREST_COVER", f"{DEMO_YEAR}-07"
# Townships clearly behind: completion ratio of their own target by November.
_FAI_BEHIND = {"19": 0.56}
_FUNDS_BEHIND = {"19": 0.60, "23": 0.48}
