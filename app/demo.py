"""The demo county (示范县): a deterministic, realistic data set for every dataset.

``build_demo()`` returns one frame per dataset of ``schemas.DATASETS``; ``seed_demo(store)``
writes them into a store. The county has 25 townships, 101 departments (69 in 集团帮扶 and 32
in 对口联系), about 300 cadres, 41 indicators covering all 18 framework items, and data
from January 2010 to November 2011 (``DEMO_AS_OF``). Every draw comes from a random generator
seeded by ``SEED`` and the part being built, so every run gives the same frames.

The speech's numbers (targets, thresholds, required days, dates) come from ``Settings``; the
demo only decides how the county performs against them. ``SCENARIOS`` names the entities
built to exercise each rule (stalled projects, bottom units, cadres behind, red indicators…).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from app.settings import Settings
from schemas import DATASETS
from schemas.registry import MASTER_ORDER

if TYPE_CHECKING:
    from app.store import Store

DEMO_AS_OF = dt.date(2011, 11, 30)
DEMO_YEAR = 2011
SEED = 20101212  # the campaign's launch date
DEMO_METADATA = {"user": "demo", "source_file": "demo", "message": "demo county"}

_AS_OF_MONTH = DEMO_AS_OF.month
_MONTHS_2011 = [f"{DEMO_YEAR}-{m:02d}" for m in range(1, _AS_OF_MONTH + 1)]
_MONTHS_2010 = [f"{DEMO_YEAR - 1}-{m:02d}" for m in range(1, 13)]

# Monthly weights: investment is slow after Spring Festival and rushes at the year's end.
_INVEST = (0.45, 0.55, 0.85, 0.95, 1.0, 1.1, 1.0, 1.0, 1.1, 1.15, 1.25, 1.6)
_FLAT = (1.0,) * 12
_FUNDS = (0.8, 0.8, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0, 1.1, 1.1, 1.1, 0.9)
_PLANTING = (0.5, 1.5, 2.0, 1.5, 0.5, 0.3, 0.2, 0.2, 0.6, 1.5, 2.0, 1.5)

# ---------------------------------------------------------------------------------------
# Master tables written out by hand
# ---------------------------------------------------------------------------------------

# code, name, helped by a 集团帮扶 group, weight in county investment
_TOWNSHIPS: list[tuple[str, str, bool, float]] = [
    ("01", "城关镇", False, 15.0),
    ("02", "东坡镇", False, 5.0),
    ("03", "龙泉乡", True, 2.4),
    ("04", "青山镇", False, 7.0),
    ("05", "白马镇", False, 6.0),
    ("06", "石门乡", True, 2.2),
    ("07", "桃源镇", False, 4.0),
    ("08", "柳河乡", True, 2.0),
    ("09", "新华镇", False, 5.0),
    ("10", "河口镇", False, 10.0),
    ("11", "金沙乡", True, 2.3),
    ("12", "平坝镇", False, 4.0),
    ("13", "高峰乡", True, 1.8),
    ("14", "大坪乡", True, 2.1),
    ("15", "双河镇", False, 3.6),
    ("16", "马场乡", True, 2.2),
    ("17", "杨柳乡", False, 2.8),
    ("18", "红岩镇", False, 5.0),
    ("19", "长岭乡", True, 2.4),
    ("20", "清水镇", False, 3.5),
    ("21", "黄土乡", True, 1.9),
    ("22", "三岔镇", False, 3.4),
    ("23", "松林乡", False, 2.6),
    ("24", "鹿鸣乡", False, 2.3),
    ("25", "花溪乡", False, 2.5),
]
_ONE_POOR_VILLAGE = "21"  # 8 group townships have 2 极贫村, this one 1: 17 in all

_VILLAGE_STEMS = (
    "张家 李家 王家 杨家 刘家 陈家 石板 青杠 大田 凉水 岩脚 桐梓 茶园 竹林 杉木 沙坝 黄泥 龙井 "
    "白岩 红星 新民 五里 水井 马鞍 鱼塘 田坝 松树 柏杨 核桃 板栗 金竹 双龙 营盘 河坝 中寨 上寨"
).split()
_VILLAGE_FORMS = ("", "湾", "沟", "坪", "坝", "寨", "岭", "山", "堡")
_SEAT_COMMUNITIES = ("东门社区", "西街社区", "南关社区")

# name, category, scheme (g = 集团帮扶, p = 对口联系); codes 001–101 in this order
_DEPARTMENTS: list[tuple[str, str, str]] = [
    ("县委办公室", "party_mass", "g"),
    ("县委组织部", "party_mass", "g"),
    ("县委宣传部", "party_mass", "g"),
    ("县委统战部", "party_mass", "g"),
    ("县委政法委", "party_mass", "g"),
    ("县纪委监察局", "party_mass", "g"),
    ("县委党校", "party_mass", "g"),
    ("县委政策研究室", "party_mass", "g"),
    ("县委机构编制委员会办公室", "party_mass", "g"),
    ("县直机关工委", "party_mass", "g"),
    ("县委老干部局", "party_mass", "g"),
    ("县档案局", "party_mass", "g"),
    ("团县委", "party_mass", "g"),
    ("县妇联", "party_mass", "g"),
    ("县总工会", "party_mass", "g"),
    ("县科协", "party_mass", "g"),
    ("县文联", "party_mass", "g"),
    ("县工商联", "party_mass", "g"),
    ("县残联", "party_mass", "g"),
    ("县委农村工作办公室", "party_mass", "g"),
    ("县政府办公室", "government", "g"),
    ("县发展和改革局", "government", "g"),
    ("县教育局", "government", "g"),
    ("县科技局", "government", "g"),
    ("县经济和信息化局", "government", "g"),
    ("县民族宗教事务局", "government", "g"),
    ("县公安局", "government", "p"),
    ("县民政局", "government", "g"),
    ("县司法局", "government", "p"),
    ("县财政局", "government", "g"),
    ("县人力资源和社会保障局", "government", "g"),
    ("县国土资源局", "government", "g"),
    ("县环境保护局", "government", "g"),
    ("县住房和城乡建设局", "government", "g"),
    ("县交通运输局", "government", "g"),
    ("县水利局", "government", "g"),
    ("县农业局", "government", "g"),
    ("县林业局", "government", "g"),
    ("县畜牧兽医局", "government", "g"),
    ("县商务局", "government", "g"),
    ("县文体广电局", "government", "g"),
    ("县卫生局", "government", "g"),
    ("县人口和计划生育局", "government", "g"),
    ("县审计局", "government", "g"),
    ("县安全生产监督管理局", "government", "p"),
    ("县统计局", "government", "g"),
    ("县粮食局", "government", "g"),
    ("县旅游局", "government", "g"),
    ("县扶贫开发办公室", "government", "g"),
    ("县移民开发局", "government", "g"),
    ("县投资促进局", "government", "g"),
    ("县城市管理局", "government", "g"),
    ("县政务服务中心", "government", "g"),
    ("县能源局", "government", "g"),
    ("县乡镇企业局", "government", "g"),
    ("县农机局", "government", "g"),
    ("县信访局", "government", "p"),
    ("县物价局", "government", "g"),
    ("县规划局", "government", "g"),
    ("县房地产管理局", "government", "g"),
    ("县政府法制办公室", "government", "g"),
    ("县国税局", "vertical", "p"),
    ("县地税局", "vertical", "p"),
    ("县工商局", "vertical", "p"),
    ("县质量技术监督局", "vertical", "p"),
    ("县气象局", "vertical", "p"),
    ("县供电公司", "vertical", "p"),
    ("县烟草专卖局", "vertical", "p"),
    ("县邮政局", "vertical", "p"),
    ("中国人民银行县支行", "vertical", "p"),
    ("县农业发展银行", "vertical", "p"),
    ("县银监办", "vertical", "p"),
    ("县食品药品监督管理局", "vertical", "g"),
    ("县盐务局", "vertical", "g"),
    ("国家统计局县调查队", "vertical", "g"),
    ("县公路管理段", "vertical", "g"),
    ("县人大办", "other", "p"),
    ("县政协办", "other", "p"),
    ("县法院", "other", "p"),
    ("县检察院", "other", "p"),
    ("县人武部", "other", "p"),
    ("县农村信用合作联社", "other", "p"),
    ("县电信公司", "other", "p"),
    ("县移动公司", "other", "p"),
    ("县联通公司", "other", "p"),
    ("县石油公司", "other", "p"),
    ("县消防大队", "other", "p"),
    ("人保财险县支公司", "other", "p"),
    ("县农业银行", "other", "p"),
    ("县工商银行", "other", "p"),
    ("县建设银行", "other", "p"),
    ("县供销合作社", "other", "p"),
    ("县疾病预防控制中心", "other", "p"),
    ("县人民医院", "other", "g"),
    ("县中医院", "other", "g"),
    ("县第一中学", "other", "g"),
    ("县广播电视台", "other", "g"),
    ("县城市建设投资公司", "other", "g"),
    ("县工业园区管委会", "other", "g"),
    ("县公共资源交易中心", "other", "g"),
    ("县自来水公司", "other", "g"),
]
_SURVEYED = ("vertical", "party_mass", "government")
_COUNTY_LEADERS = 20  # C0001–C0010 县委办公室, C0011–C0020 县政府办公室
_GROUP_SIZES = (8, 8, 8, 8, 8, 8, 7, 7, 7)

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵"
    "万严覃武戴莫孔向汤"
)
_GIVEN_TWO = (
    "建国 建华 建军 国强 国华 志强 志刚 志明 文华 文斌 德明 德华 永红 永明 光荣 光明 红梅 海燕 "
    "晓东 晓红 小平 正勇 学军 学明 世平 世华 开富 应祥 仕华 绍文 明亮 忠华 忠义 兴国 兴华 玉兰 "
    "玉梅 秀英 桂芳 丽萍 春梅 春华 秋菊 冬梅 长江 长青 云峰 云华 朝阳 贵平 贵华 洪波 家明 家林 "
    "启明 培林 泽民 树林 廷贵 发强 昌盛 俊峰 金荣 天明 胜利 振华 立新 卫东 卫国 红军 向阳 爱国 "
    "爱华 子龙 其昌 庆华 宗林 荣华 宏伟 万里"
).split()
_GIVEN_ONE = "伟勇军杰涛斌强平刚辉敏静丽英华明林波鹏磊霞燕琴红梅兰飞超亮锋"


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
_KEY_PROJECTS_SHARE = 0.512  # of FAI to November, in the demo
_KEY_LEVELS = ("provincial_key", "prefecture_major")


@dataclass(frozen=True)
class _Project:
    """A project and its 2011 timeline.

    ``start``: month it enters construction (0 = started before 2011, 13 = not in 2011);
    ``end``: month it is completed (None = not by November); ``gap``: months of construction
    with nothing invested; ``gap_missing``: report those months as missing, not 0.
    """

    name: str
    level: str
    industrial: bool
    township: str | None
    total: float  # 万元, before scaling
    plan: float  # 万元, before scaling
    start: int = 0
    end: int | None = None
    gap: tuple[int, ...] = ()
    gap_missing: bool = False
    gap_note: str | None = None


_PROJECTS: list[_Project] = [
    _Project("清江至云岭高速公路县境段", "provincial_key", False, None, 480000, 90000),
    _Project("云岭电厂2×60万千瓦火电项目", "provincial_key", True, "10", 520000, 80000),
    _Project("龙泉水库工程", "provincial_key", False, "03", 68000, 18000),
    _Project("年产200万吨新型干法水泥生产线", "provincial_key", True, "10", 85000, 35000, end=10),
    _Project("青山煤矿90万吨技改扩能", "provincial_key", True, "04", 45000, 20000),
    _Project("工业园区铁合金冶炼项目", "provincial_key", True, "10", 60000, 25000, start=3),
    _Project("县城东区保障性住房（廉租房）", "provincial_key", False, "01", 32000, 15000),
    _Project("农村电网改造升级工程", "provincial_key", False, None, 28000, 14000),
    _Project("城南新区道路及管网工程", "prefecture_major", False, "01", 42000, 18000),
    _Project("县人民医院整体搬迁", "prefecture_major", False, "01", 26000, 12000, start=4),
    _Project("工业园区标准厂房（一期）", "prefecture_major", True, "10", 18000, 9000, end=9),
    _Project("茶叶精深加工园", "prefecture_major", True, "07", 15000, 8000, start=5),
    _Project(
        "白马煤矿45万吨技改",
        "prefecture_major",
        True,
        "05",
        22000,
        10000,
        gap=(8, 9, 10, 11),
        gap_note="煤矿安全整改，暂停施工",
    ),
    _Project("县城污水处理厂及配套管网", "prefecture_major", False, "01", 9800, 6000, end=7),
    _Project("县城垃圾无害化处理场", "prefecture_major", False, "02", 6500, 4000, start=3),
    _Project("红岩水电站", "prefecture_major", True, "18", 36000, 12000),
    _Project("桃源温泉旅游度假区", "prefecture_major", False, "07", 30000, 9000, start=6),
    _Project("县城至红岩二级公路", "prefecture_major", False, "18", 56000, 16000),
    _Project("农产品物流园", "prefecture_major", False, "09", 12000, 6000, start=4),
    _Project("磷化工综合利用项目", "prefecture_major", True, "10", 40000, 15000, start=7),
    _Project("新华镇小城镇建设", "prefecture_major", False, "09", 15000, 7000),
    _Project("县职业教育中心", "prefecture_major", False, "01", 11000, 5000, end=11),
    _Project("城关镇农贸市场改造", "county", False, "01", 3200, 2500, end=6),
    _Project("县第一中学新校区", "county", False, "01", 9000, 4500),
    _Project("通村油路建设工程", "county", False, None, 8000, 5000),
    _Project("农村饮水安全工程", "county", False, None, 6000, 4200),
    _Project("病险水库除险加固工程", "county", False, None, 5200, 3800),
    _Project("小农水重点县项目", "county", False, None, 4800, 2400),
    _Project("烟水配套工程", "county", False, "15", 2600, 1800, start=2, end=10),
    _Project("高标准农田建设", "county", False, "12", 3000, 2000, start=3),
    _Project("生态移民安置点", "county", False, "16", 4500, 2600),
    _Project(
        "县城滨河公园",
        "county",
        False,
        "01",
        6800,
        3000,
        gap=(9, 10, 11),
        gap_missing=True,
        gap_note="资金未到位，停工",
    ),
    _Project("县城供水厂扩建", "county", False, "01", 3500, 2000),
    _Project("县中医院住院楼", "county", False, "01", 4200, 2200),
    _Project("城东廉租房（二期）", "county", False, "01", 5000, 2500, start=5),
    _Project(
        "石材加工厂", "county", True, "22", 2800, 1500, gap=(10, 11), gap_note="订单不足，放缓施工"
    ),
    _Project("城北商贸综合体", "county", False, "01", 30000, 0, start=13),
    _Project("生态畜禽养殖小区", "county", False, "17", 1800, 1200, start=3, end=9),
    _Project("万亩核桃种植基地", "county", False, "13", 2500, 1500),
    _Project("中药材种植基地", "county", False, "14", 1600, 1000, start=2),
    _Project("农机具生产线", "county", True, "10", 3800, 2400, start=4),
    _Project("页岩砖厂", "county", True, "20", 1500, 1000, gap=(5, 6, 7), gap_note="环保整改"),
    _Project("特色食品加工厂", "county", True, "09", 2200, 1600, start=3),
    _Project("竹木加工厂", "county", True, "23", 1900, 1200, start=5),
    _Project("服装加工厂", "county", True, "10", 2600, 2000, start=6),
    _Project("乡镇卫生院改扩建", "county", False, None, 2400, 1800, end=11),
    _Project("乡镇敬老院建设", "county", False, None, 1600, 1200, start=3, end=10),
    _Project("中小学校舍安全工程", "county", False, None, 5200, 3000),
    _Project("城乡客运站", "county", False, "01", 2800, 1600, start=5),
    _Project("县城天然气利用工程", "county", True, "01", 12000, 0, start=13),
    _Project("桃源景区基础设施", "county", False, "07", 3500, 2000, start=4),
    _Project("县文化体育中心", "county", False, "01", 15000, 0, start=13),
    _Project("城区人行道改造", "county", False, "01", 1200, 1200, start=3, end=8),
    _Project("河口镇集镇建设", "county", False, "10", 4000, 2200),
    _Project("清水镇集镇建设", "county", False, "20", 3000, 1800, start=3),
    _Project("村级活动场所建设", "county", False, None, 1500, 1500, start=2, end=11),
    _Project("水库移民后期扶持项目", "county", False, "03", 2200, 1600),
    _Project("退耕还林及石漠化治理工程", "county", False, None, 3600, 2000),
    _Project("金沙乡集镇建设", "county", False, "11", 2000, 1000, start=7),
    _Project("茶叶良种繁育基地", "county", False, "07", 1500, 900, start=9),
]
_STALLED_PROJECTS = ("XM2011013", "XM2011032")  # 0 from Aug; missing from Sep
_NEAR_STALLED_PROJECT = "XM2011036"  # nothing invested in Oct and Nov only: not stalled
_RESUMED_PROJECT = "XM2011042"  # nothing invested May–Jul, resumed in Aug

_HELP_WORK: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "study": (
        (
            "宣讲县委全会精神",
            "组织村支两委学习“四帮四促”实施方案",
            "召开院坝会宣讲强农惠农政策",
            "为农村党员讲党课",
            "传达项目建设年动员大会精神",
        ),
        ("干部群众思想认识进一步统一", "群众对惠农政策知晓率明显提高", "村支两委班子凝聚力增强"),
    ),
    "plan": (
        (
            "帮助村里制定2011年产业发展规划",
            "研究茶叶产业发展思路",
            "指导编制新农村建设规划",
            "调研特色种养殖项目",
            "协助谋划招商引资项目",
        ),
        ("理清了发展思路", "确定了主导产业", "形成发展规划初稿", "储备项目一批"),
    ),
    "problem": (
        (
            "协调解决通村公路硬化资金",
            "落实人畜饮水工程",
            "帮助争取危房改造指标",
            "协调春耕农资供应",
            "帮助解决项目用地问题",
            "联系农技人员开展技术培训",
            "走访慰问困难群众",
        ),
        (
            "落实帮扶资金{n}万元",
            "解决群众饮水困难{n}户",
            "争取危房改造指标{n}户",
            "培训农民{n}人次",
            "问题已协调解决",
        ),
    ),
    "dispute": (
        (
            "调处山林权属纠纷",
            "化解征地补偿矛盾",
            "开展矛盾纠纷排查调处",
            "接待来访群众",
            "调解邻里土地纠纷",
            "化解农民工工资纠纷",
        ),
        ("纠纷得到化解，群众息访", "排查矛盾纠纷{n}起，全部化解", "当事双方达成调解协议"),
    ),
}
_HELP_WEIGHTS = {"study": 0.2, "plan": 0.25, "problem": 0.4, "dispute": 0.15}
_SPAN_LENGTHS = {
    "county": (1, 1, 2, 2, 3),
    "unit": (1, 2, 2, 3, 3, 4),
    "township": (1, 2, 3, 3, 4, 5),
    "liaison": (1, 2, 2, 3),
}

_COMPLAINT_SUMMARIES = (
    "反映窗口工作人员服务态度生硬",
    "反映办事需多次往返，效率低下",
    "反映工作时间脱岗、上网玩游戏",
    "反映违规收取费用",
    "反映项目审批久拖不决",
    "反映惠民补贴发放不及时",
    "反映工作人员吃拿卡要",
    "反映办事指南公示不全",
    "反映办公电话长期无人接听",
    "反映执法方式简单粗暴",
)
_MEASURES = (
    "推行首问责任制和限时办结制，公开服务承诺",
    "精简办事程序，实行一次性告知",
    "开展作风纪律专项整顿，建立投诉登记台账",
    "完善窗口服务规范，设立意见箱和监督电话",
    "实行领导带班和AB岗工作制度",
)
_DISPUTE_WEIGHTS = {
    "land": 25,
    "labour": 15,
    "litigation": 15,
    "mining": 10,
    "reservoir": 10,
    "subsidy": 10,
    "restructuring": 8,
    "other": 7,
}


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def _rng(part: str) -> random.Random:
    """A generator for one part of the demo: parts do not disturb each other's draws."""
    return random.Random(f"{SEED}/{part}")


def _spread(total: float, weights: Sequence[float], decimals: int) -> list[float]:
    """``total`` split in proportion to ``weights``, rounded to ``decimals``, summing exactly."""
    scale = 10**decimals
    units = round(total * scale)
    weight_sum = sum(weights)
    raw = [units * w / weight_sum for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: (parts[k] - raw[k], k))
    for k in order[: units - sum(parts)]:
        parts[k] += 1
    return [p / scale if decimals else float(p) for p in parts]


def _jitter(rng: random.Random, weights: Sequence[float], spread: float) -> list[float]:
    return [w * rng.uniform(1 - spread, 1 + spread) for w in weights]


def _levels(rng: random.Random, start: float, end: float, n: int, decimals: int) -> list[float]:
    """``n`` monthly levels moving from ``start`` to exactly ``end``, with a little wobble."""
    step = (end - start) / (n - 1)
    out = []
    for k in range(n):
        value = start + step * k
        if 0 < k < n - 1:
            value += abs(step) * rng.uniform(-0.4, 0.4)
        out.append(round(value, decimals))
    out[-1] = round(end, decimals)
    return out


def _date(d: dt.date | None) -> Any:
    return pd.NaT if d is None else pd.Timestamp(d)


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a frame with exactly the dataset's columns and canonical dtypes."""
    spec = DATASETS[name]
    frame = pd.DataFrame(rows, columns=spec.column_names)
    for column in spec.columns:
        values = frame[column.name]
        if column.type == "str":
            frame[column.name] = pd.array(
                [None if pd.isna(v) else str(v) for v in values], dtype="str"
            )
        elif column.type == "int":
            frame[column.name] = pd.array(values, dtype="Int64")
        elif column.type == "float":
            frame[column.name] = pd.to_numeric(values).astype("float64")
        elif column.type == "bool":
            frame[column.name] = pd.array(values, dtype="boolean")
        elif column.type == "date":
            frame[column.name] = pd.to_datetime(values).astype("datetime64[ns]")
    return frame


@dataclass
class _County:
    """The master data being built, with the look-ups the facts need."""

    townships: list[dict[str, Any]]
    villages: list[dict[str, Any]]
    units: list[dict[str, Any]]
    cadres: list[dict[str, Any]]
    pairings: list[dict[str, Any]]
    unit_by_name: dict[str, str]
    leader_of: dict[str, str]  # department unit_code -> its unit leader
    liaison_of: dict[str, str]  # unit_code (department or township) -> its liaison
    township_leaders: dict[str, list[str]]  # township_code -> its two leaders
    villages_of: dict[str, list[str]]
    poor_villages_of: dict[str, list[str]]
    places_of: dict[str, list[tuple[str, str | None]]]  # cadre_id -> (township, village)
    home_township: dict[str, str]  # cadre_id -> the township it mostly works in
    county_leaders: list[str]


# ---------------------------------------------------------------------------------------
# Master data
# ---------------------------------------------------------------------------------------


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct personal names, common surnames more often."""
    weights = [1.0 / (1 + k / 12) for k in range(len(_SURNAMES))]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        surname = rng.choices(_SURNAMES, weights)[0]
        given = rng.choice(_GIVEN_TWO) if rng.random() < 0.7 else rng.choice(_GIVEN_ONE)
        if surname + given not in seen:
            seen.add(surname + given)
            out.append(surname + given)
    return out


def _build_county() -> _County:
    rng = _rng("master")
    townships = [{"township_code": c, "name": n} for c, n, _, _ in _TOWNSHIPS]
    group_townships = [c for c, _, group, _ in _TOWNSHIPS if group]
    paired_townships = [c for c, _, group, _ in _TOWNSHIPS if not group]

    # Villages: 5–9 per township, names unique in the county.
    names = [s + f + "村" for s in _VILLAGE_STEMS for f in _VILLAGE_FORMS if not s.endswith(f)]
    rng.shuffle(names)
    villages: list[dict[str, Any]] = []
    villages_of: dict[str, list[str]] = {}
    poor_villages_of: dict[str, list[str]] = {}
    for code, _, group, _ in _TOWNSHIPS:
        count = 9 if code == "01" else rng.randint(5, 9)
        own = list(_SEAT_COMMUNITIES) if code == "01" else []
        while len(own) < count:
            own.append(names.pop())
        poor = 1 if code == _ONE_POOR_VILLAGE else 2
        poor_idx = sorted(rng.sample(range(count), poor)) if group else []
        villages_of[code] = []
        poor_villages_of[code] = []
        for k, name in enumerate(own):
            village_code = f"{code}{k + 1:02d}"
            villages.append(
                {
                    "village_code": village_code,
                    "name": name,
                    "township_code": code,
                    "extremely_poor": k in poor_idx,
                }
            )
            villages_of[code].append(village_code)
            if k in poor_idx:
                poor_villages_of[code].append(village_code)

    # Units: departments 001–101, then one unit per township (2 + township code).
    units = [
        {"unit_code": f"{k + 1:03d}", "name": name, "category": category}
        for k, (name, category, _) in enumerate(_DEPARTMENTS)
    ]
    units += [
        {"unit_code": f"2{c}", "name": n, "category": "township"} for c, n, _, _ in _TOWNSHIPS
    ]
    unit_by_name = {u["name"]: u["unit_code"] for u in units}
    departments = units[: len(_DEPARTMENTS)]

    # Cadres: county leaders, then leader + liaison per department, then per township.
    people = iter(_names(rng, _COUNTY_LEADERS + 2 * len(departments) + 3 * len(_TOWNSHIPS)))
    cadres: list[dict[str, Any]] = []

    def add(unit_code: str, level: str) -> str:
        cadre_id = f"C{len(cadres) + 1:04d}"
        cadres.append(
            {"cadre_id": cadre_id, "name": next(people), "unit_code": unit_code, "level": level}
        )
        return cadre_id

    county_leaders = [
        add(unit_by_name["县委办公室" if k < _COUNTY_LEADERS // 2 else "县政府办公室"], "county")
        for k in range(_COUNTY_LEADERS)
    ]
    leader_of: dict[str, str] = {}
    liaison_of: dict[str, str] = {}
    for unit in departments:
        leader_of[unit["unit_code"]] = add(unit["unit_code"], "unit")
        liaison_of[unit["unit_code"]] = add(unit["unit_code"], "liaison")
    township_leaders: dict[str, list[str]] = {}
    for code, _, _, _ in _TOWNSHIPS:
        township_leaders[code] = [add(f"2{code}", "township"), add(f"2{code}", "township")]
        liaison_of[f"2{code}"] = add(f"2{code}", "liaison")

    # Pairings. 集团帮扶: the 69 split into 9 groups, each led by a county leader (C0001–C0009);
    # a unit's row names the township and, for two units in three, one of its 极贫村.
    pairings: list[dict[str, Any]] = []
    places_of: dict[str, list[tuple[str, str | None]]] = {c: [] for c in county_leaders}
    home_township: dict[str, str] = {}
    schemes = [(d["unit_code"], spec[2]) for d, spec in zip(departments, _DEPARTMENTS, strict=True)]
    group_units = [code for code, scheme in schemes if scheme == "g"]
    paired_units = [code for code, scheme in schemes if scheme == "p"]
    rng.shuffle(group_units)
    start = 0
    for k, (township, size) in enumerate(zip(group_townships, _GROUP_SIZES, strict=True)):
        lead = county_leaders[k]
        poor = poor_villages_of[township]
        for j, unit_code in enumerate(group_units[start : start + size]):
            village = None if j % 3 == 0 else poor[(j - j // 3 - 1) % len(poor)]
            pairings.append(
                {
                    "unit_code": unit_code,
                    "township_code": township,
                    "village_code": village,
                    "contact_cadre_id": lead,
                    "scheme": "group",
                }
            )
        places_of[lead] += [(township, v) for v in poor] + [(township, None)]
        start += size
    # 对口联系: 32 units, 2 villages in each of the 16 other townships; county leaders
    # C0010–C0020 are the contact leaders.
    rng.shuffle(paired_units)
    rural = {v["village_code"] for v in villages if v["name"].endswith("村")}
    paired_villages = [
        (t, v)
        for t in paired_townships
        for v in sorted(rng.sample([v for v in villages_of[t] if v in rural], 2))
    ]
    contacts = county_leaders[len(group_townships) :]
    paired = zip(paired_units, paired_villages, strict=True)
    for k, (unit_code, (township, village)) in enumerate(paired):
        lead = contacts[k % len(contacts)]
        pairings.append(
            {
                "unit_code": unit_code,
                "township_code": township,
                "village_code": village,
                "contact_cadre_id": lead,
                "scheme": "paired",
            }
        )
        places_of[lead].append((township, village))

    # Where each department's and township's cadres go to the grassroots.
    for row in pairings:
        township, village = row["township_code"], row["village_code"]
        spots = [(township, village)] if village else [(township, v) for v in villages_of[township]]
        for cadre_id in (leader_of[row["unit_code"]], liaison_of[row["unit_code"]]):
            places_of[cadre_id] = spots + [(township, None)]
            home_township[cadre_id] = township
    for code, _, _, _ in _TOWNSHIPS:
        for cadre_id in township_leaders[code] + [liaison_of[f"2{code}"]]:
            places_of[cadre_id] = [(code, v) for v in villages_of[code]] + [(code, None)]
            home_township[cadre_id] = code
    for lead in county_leaders:
        home_township[lead] = places_of[lead][0][0]

    return _County(
        townships=townships,
        villages=villages,
        units=units,
        cadres=cadres,
        pairings=pairings,
        unit_by_name=unit_by_name,
        leader_of=leader_of,
        liaison_of=liaison_of,
        township_leaders=township_leaders,
        villages_of=villages_of,
        poor_villages_of=poor_villages_of,
        places_of=places_of,
        home_township=home_township,
        county_leaders=county_leaders,
    )


# ---------------------------------------------------------------------------------------
# Indicators: catalogue, targets, monthly values
# ---------------------------------------------------------------------------------------


def _township_targets(settings: Settings) -> dict[str, dict[str, float]]:
    """Township breakdowns of FAI and funds in place, summing exactly to the county targets."""
    py = settings.project_year
    rng = _rng("township-targets")
    codes = [c for c, _, _, _ in _TOWNSHIPS]
    fai_weights = [w for _, _, _, w in _TOWNSHIPS]
    funds_weights = _jitter(rng, fai_weights, 0.25)
    return {
        py.fai_code: dict(zip(codes, _spread(py.fai_target, fai_weights, 1), strict=True)),
        py.funds_code: dict(zip(codes, _spread(py.funds_floor, funds_weights, 2), strict=True)),
    }


def _sum_months(
    rng: random.Random, ind: _Indicator, amount_2010: float, amount_2011: float
) -> tuple[list[float], list[float]]:
    """Month amounts: 2010 Jan–Nov adding up to ``amount_2010`` plus December; 2011 to Nov."""
    profile, d = ind.profile, ind.decimals
    months_2010 = _spread(amount_2010, _jitter(rng, profile[:11], 0.1), d)
    december = amount_2010 * profile[11] * rng.uniform(0.9, 1.1) / sum(profile[:11])
    months_2011 = _spread(amount_2011, _jitter(rng, profile[:11], 0.12), d)
    return months_2010 + [round(december, d)], months_2011


def _indicator_values(
    settings: Settings, indicators: list[_Indicator], township_targets: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    py = settings.project_year
    behind = {py.fai_code: _FAI_BEHIND, py.funds_code: _FUNDS_BEHIND}
    periods = _MONTHS_2010 + _MONTHS_2011
    rows: list[dict[str, Any]] = []
    for ind in indicators:
        rng = _rng(f"values/{ind.code}")
        if ind.code in township_targets:
            rows += _split_values(rng, ind, township_targets[ind.code], behind[ind.code])
            continue
        if ind.aggregation == "sum":
            m2010, m2011 = _sum_months(rng, ind, ind.target * ind.base, ind.target * ind.actual)
            values = m2010 + m2011
        elif ind.aggregation == "last":
            level_2010, level_2011 = ind.target * ind.base, ind.target * ind.actual
            start = level_2010 - 0.5 * (level_2011 - level_2010)
            start = min(max(start, level_2010 * 0.5), level_2010 * 1.5)
            values = _levels(rng, start, level_2010, 12, ind.decimals)
            values += _levels(rng, level_2010, level_2011, _AS_OF_MONTH + 1, ind.decimals)[1:]
        else:  # mean
            months = len(_MONTHS_2011)
            values = _spread(ind.target * ind.base * 12, _jitter(rng, _FLAT, 0.03), ind.decimals)
            values += _spread(
                ind.target * ind.actual * months, _jitter(rng, _FLAT[:months], 0.03), ind.decimals
            )
        for period, value in zip(periods, values, strict=True):
            if (ind.code, period) != (_GAP_INDICATOR, _GAP_PERIOD):
                rows.append(
                    {
                        "period": period,
                        "indicator_code": ind.code,
                        "township_code": None,
                        "value": value,
                    }
                )
    return rows


def _split_values(
    rng: random.Random, ind: _Indicator, targets: dict[str, float], behind: dict[str, float]
) -> list[dict[str, Any]]:
    """Monthly values per township and their county total (the exact sum of the townships).

    Townships in ``behind`` reach that share of their own target by November; the others
    share the rest of the county's amount in proportion to their targets.
    """
    d = ind.decimals
    county_2011 = ind.target * ind.actual
    reached = {t: targets[t] * (behind.get(t) or rng.uniform(0.985, 1.015)) for t in targets}
    on_time = [t for t in targets if t not in behind]
    scale = (county_2011 - sum(reached[t] for t in behind)) / sum(reached[t] for t in on_time)
    amounts_2011 = {t: reached[t] * (1 if t in behind else scale) for t in targets}
    amounts_2010 = dict(
        zip(
            targets,
            _spread(ind.target * ind.base, _jitter(rng, list(targets.values()), 0.1), d),
            strict=True,
        )
    )
    periods = _MONTHS_2010 + _MONTHS_2011
    county = [0.0] * len(periods)
    rows: list[dict[str, Any]] = []
    for township in targets:
        m2010, m2011 = _sum_months(rng, ind, amounts_2010[township], amounts_2011[township])
        for k, (period, value) in enumerate(zip(periods, m2010 + m2011, strict=True)):
            county[k] += value
            rows.append(
                {
                    "period": period,
                    "indicator_code": ind.code,
                    "township_code": township,
                    "value": value,
                }
            )
    for period, total in zip(periods, county, strict=True):
        rows.append(
            {
                "period": period,
                "indicator_code": ind.code,
                "township_code": None,
                "value": round(total, d),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------


def _project_id(k: int) -> str:
    return f"XM{DEMO_YEAR}{k + 1:03d}"


def _projects(
    settings: Settings, county: _County, fai_to_date: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Projects and their monthly progress; key projects complete ``_KEY_PROJECTS_SHARE``
    of the county's FAI to November (FAI in 亿元, projects in 万元)."""
    rng = _rng("projects")
    months = range(1, _AS_OF_MONTH + 1)
    shapes = []
    for p in _PROJECTS:
        last = p.end or 12
        planned = [m for m in range(1, 13) if max(p.start, 1) <= m <= last]
        active = [m for m in months if m in planned and m not in p.gap]
        base = p.plan * rng.uniform(0.82, 0.97) * len(active) / len(planned) if planned else 0.0
        shapes.append((planned, active, base))

    key = [k for k, p in enumerate(_PROJECTS) if p.level in _KEY_LEVELS]
    key_total = round(fai_to_date * settings.project_year.wan_per_yi * _KEY_PROJECTS_SHARE)
    key_base = sum(shapes[k][2] for k in key)
    scale = key_total / key_base
    to_date = {k: round(shapes[k][2]) for k in range(len(_PROJECTS))}
    to_date.update(zip(key, _spread(key_total, [shapes[k][2] for k in key], 0), strict=True))

    projects: list[dict[str, Any]] = []
    progress: list[dict[str, Any]] = []
    for k, p in enumerate(_PROJECTS):
        planned, active, _ = shapes[k]
        factor = scale if k in key else 1.0
        year_plan = round(p.plan * factor, -2)
        lead = county.county_leaders[k % len(county.county_leaders)]
        planned_start, planned_end = _planned_dates(rng, p)
        projects.append(
            {
                "project_id": _project_id(k),
                "name": p.name,
                "township_code": p.township,
                "level": p.level,
                "industrial": p.industrial,
                "total_investment": max(round(p.total * factor, -2), year_plan),
                "year_plan": year_plan,
                "lead_cadre_id": lead,
                "planned_start": _date(planned_start),
                "planned_end": _date(planned_end),
            }
        )
        weights = _jitter(rng, [_INVEST[m - 1] for m in active], 0.15)
        amounts = dict(zip(active, _spread(to_date[k], weights, 0), strict=True)) if active else {}
        for m in months:
            if m not in planned:
                stage = "completed" if p.end and m > p.end else "reserve"
            else:
                stage = "completed" if p.end and m >= p.end else "construction"
            invested: float | None = amounts.get(m, 0.0)
            note = None
            if m in p.gap:
                invested = None if p.gap_missing else 0.0
                note = p.gap_note
            elif m == p.end:
                note = "竣工投产"
            elif m == p.start:
                note = "开工建设"
            elif stage == "reserve" and m == 1:
                note = "开展前期工作"
            elif stage == "construction" and rng.random() < 0.06:
                note = rng.choice(("征地拆迁有序推进", "主体工程施工中", "设备安装调试"))
            progress.append(
                {
                    "period": f"{DEMO_YEAR}-{m:02d}",
                    "project_id": _project_id(k),
                    "stage": stage,
                    "invested": invested,
                    "note": note,
                }
            )
    return projects, progress


def _planned_dates(rng: random.Random, p: _Project) -> tuple[dt.date, dt.date]:
    if p.start == 0:
        year = rng.choice((DEMO_YEAR - 2, DEMO_YEAR - 1))
        start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    elif p.start > 12:
        start = dt.date(DEMO_YEAR + 1, rng.randint(2, 6), 1)
    else:
        start = dt.date(DEMO_YEAR, p.start, rng.randint(1, 15))
    if p.end:
        end = dt.date(DEMO_YEAR, max(p.end - 1, start.month if start.year == DEMO_YEAR else 1), 28)
    else:
        end = dt.date(
            max(start.year + 2, DEMO_YEAR + 1) + rng.randint(0, 1), rng.randint(1, 12), 28
        )
    return start, max(start, end)


# ---------------------------------------------------------------------------------------
# Surveys, rectifications, complaints
# ---------------------------------------------------------------------------------------

_ROUND_DAYS = {"1": 15, "2": 20, "3": 18}  # day of the month each round is held in the demo
# Fixed scores that make the accountability cases; every other unit scores 80 or more.
_FIXED_SCORES = {
    "2": {
        "县国土资源局": 71.5,
        "县人力资源和社会保障局": 74.2,
        "县总工会": 73.8,
        "县供电公司": 72.6,
    },
    "3": {
        "县住房和城乡建设局": 72.4,
        "县国土资源局": 75.3,
        "县城市管理局": 75.3,
        "县总工会": 74.1,
        "县供电公司": 73.0,
    },
}
_ABSENT = {"2": ("县粮食局",)}
_RECTIFICATION_MISSING = ("县烟草专卖局", "县畜牧兽医局", "县文联")
_RECTIFICATION_LATE = "县住房和城乡建设局"
_RECTIFICATION_ON_DUE_DATE = "县民政局"
_MOST_COMPLAINED = "县国土资源局"


def _survey_dates(settings: Settings) -> dict[int, dt.date]:
    return {
        int(r): dt.date(DEMO_YEAR + offset, month, _ROUND_DAYS.get(r, 15))
        for r, (offset, month) in settings.survey.round_months.items()
    }


def _surveyed(county: _County) -> list[dict[str, Any]]:
    return [u for u in county.units if u["category"] in _SURVEYED]


def _survey_results(settings: Settings, county: _County) -> list[dict[str, Any]]:
    rng = _rng("survey")
    rows = []
    for round_no, survey_date in sorted(_survey_dates(settings).items()):
        fixed = _FIXED_SCORES.get(str(round_no), {})
        absent = _ABSENT.get(str(round_no), ())
        for unit in _surveyed(county):
            score = round(rng.uniform(76, 96) if round_no == 1 else rng.uniform(80, 97.5), 1)
            respondents = rng.randint(100, 400)
            if unit["name"] in absent:
                continue
            rows.append(
                {
                    "year": DEMO_YEAR,
                    "round": round_no,
                    "unit_code": unit["unit_code"],
                    "score": fixed.get(unit["name"], score),
                    "respondents": respondents,
                    "survey_date": _date(survey_date),
                }
            )
    return rows


def _rectifications(settings: Settings, county: _County) -> list[dict[str, Any]]:
    rng = _rng("rectifications")
    round_no = settings.survey.rectification_round
    days = settings.survey.rectification_days
    due = _survey_dates(settings)[round_no] + dt.timedelta(days=days)
    rows = []
    for unit in _surveyed(county):
        name = unit["name"]
        submitted = due - dt.timedelta(days=rng.randint(1, max(days - 2, 1)))
        published = rng.random() > 0.04
        if name in _RECTIFICATION_MISSING:
            continue
        if name == _RECTIFICATION_LATE:
            submitted, published = due + dt.timedelta(days=5), False
        elif name == _RECTIFICATION_ON_DUE_DATE:
            submitted = due
        rows.append(
            {
                "year": DEMO_YEAR,
                "round": round_no,
                "unit_code": unit["unit_code"],
                "submitted_date": _date(submitted),
                "measures": "；".join(rng.sample(_MEASURES, 2)),
                "published": published,
            }
        )
    return rows


def _complaints(county: _County) -> list[dict[str, Any]]:
    """80 complaints; 40 verified, 7 of them against ``_MOST_COMPLAINED`` (others ≤ 3)."""
    rng = _rng("complaints")
    top = county.unit_by_name[_MOST_COMPLAINED]
    targets = [u["unit_code"] for u in county.units if u["unit_code"] != top]
    verified_units = [top] * 7
    counts: dict[str, int] = {}
    while len(verified_units) < 40:
        unit = rng.choice(targets)
        if counts.get(unit, 0) < 3:
            counts[unit] = counts.get(unit, 0) + 1
            verified_units.append(unit)
    cases = [(u, True) for u in verified_units] + [(top, False)] * 2
    cases += [(rng.choice(targets), False) for _ in range(80 - len(cases))]
    first, last = dt.date(DEMO_YEAR, 1, 4), DEMO_AS_OF - dt.timedelta(days=2)
    dated = sorted(
        (first + dt.timedelta(days=rng.randint(0, (last - first).days)), unit, verified)
        for unit, verified in cases
    )
    channels = ["hotline", "letter", "online", "other"]
    return [
        {
            "complaint_id": f"TS{DEMO_YEAR}{k + 1:03d}",
            "received_date": _date(received),
            "unit_code": unit,
            "channel": rng.choices(channels, [55, 15, 22, 8])[0],
            "verified": verified,
            "summary": rng.choice(_COMPLAINT_SUMMARIES),
        }
        for k, (received, unit, verified) in enumerate(dated)
    ]


# ---------------------------------------------------------------------------------------
# Field activities (四帮四促台账) and petitions (信访维稳)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FieldCases:
    """Cadres built to show each grassroots-days status."""

    behind: dict[str, float]  # cadre_id -> share of the days due by the as-of date
    met: tuple[str, ...]  # more than the year's requirement already
    short_liaison: str
    short_months: dict[int, int]  # month -> distinct days, below the monthly minimum
    new_year: str  # has an activity from 2010-12-30 to 2011-01-02


def _field_cases(county: _County, settings: Settings) -> _FieldCases:
    minimum = settings.field_days.liaison_min_days_per_month
    return _FieldCases(
        behind={
            county.county_leaders[14]: 0.5,
            county.leader_of[county.unit_by_name["县住房和城乡建设局"]]: 0.55,
            county.township_leaders["19"][1]: 0.65,
        },
        met=(county.township_leaders["01"][0],),
        short_liaison=county.liaison_of[county.unit_by_name["县林业局"]],
        short_months={3: max(minimum - 2, 0), 8: max(minimum - 1, 0)},
        new_year=county.county_leaders[0],
    )


def _monthly_quotas(
    rng: random.Random, level: str, cadre_id: str, settings: Settings, cases: _FieldCases
) -> list[int]:
    months = _AS_OF_MONTH
    if level == "liaison":
        minimum = settings.field_days.liaison_min_days_per_month
        quotas = [rng.randint(minimum, minimum + 3) for _ in range(months)]
        if cadre_id == cases.short_liaison:
            for month, days in cases.short_months.items():
                quotas[month - 1] = days
        return quotas
    year_start = dt.date(DEMO_YEAR, 1, 1)
    elapsed = (DEMO_AS_OF - year_start).days + 1
    year_days = 366 if calendar.isleap(DEMO_YEAR) else 365
    required = settings.field_days.required_days[level]
    due = required * elapsed / year_days
    if cadre_id in cases.behind:
        total = round(due * cases.behind[cadre_id])
    elif cadre_id in cases.met:
        total = required + 6
    else:
        total = math.ceil(due * rng.uniform(1.02, 1.12))
    quotas = [int(q) for q in _spread(total, _jitter(rng, _FLAT[:months], 0.2), 0)]
    return [min(q, calendar.monthrange(DEMO_YEAR, m + 1)[1] - 1) for m, q in enumerate(quotas)]


def _place_spans(
    rng: random.Random, month: int, quota: int, taken: set[int], lengths: tuple[int, ...]
) -> list[tuple[int, int]]:
    """Spans (first day, last day) within ``month`` adding up to ``quota`` distinct days,
    counting the days already ``taken``; a few spans overlap earlier ones."""
    month_days = calendar.monthrange(DEMO_YEAR, month)[1]
    spans = []
    tries = 0
    while len(taken) < quota:
        tries += 1
        length = min(rng.choice(lengths), quota - len(taken))
        first = rng.randint(1, month_days - length + 1)
        days = set(range(first, first + length))
        new = days - taken
        if not new or (len(new) < length and (tries > 200 or rng.random() > 0.08)):
            if tries > 400:  # a crowded month: fill single free days
                free = sorted(set(range(1, month_days + 1)) - taken)
                first = free[rng.randrange(len(free))]
                spans.append((first, first))
                taken.add(first)
            continue
        spans.append((first, first + length - 1))
        taken |= days
    return spans


def _activity_text(rng: random.Random, help_type: str) -> tuple[str, str]:
    contents, outcomes = _HELP_WORK[help_type]
    outcome = rng.choice(outcomes).format(n=rng.randint(2, 60))
    return rng.choice(contents), outcome


def _field_activities(settings: Settings, county: _County) -> list[dict[str, Any]]:
    cases = _field_cases(county, settings)
    help_types, help_weights = list(_HELP_WEIGHTS), list(_HELP_WEIGHTS.values())
    rows: list[dict[str, Any]] = []

    def add(rng: random.Random, cadre_id: str, first: dt.date, last: dt.date) -> None:
        township, village = rng.choice(county.places_of[cadre_id])
        help_type = rng.choices(help_types, help_weights)[0]
        content, outcome = _activity_text(rng, help_type)
        rows.append(
            {
                "activity_id": f"TZ{DEMO_YEAR}{len(rows) + 1:05d}",
                "cadre_id": cadre_id,
                "start_date": _date(first),
                "end_date": _date(last),
                "township_code": township,
                "village_code": village,
                "help_type": help_type,
                "content": content,
                "outcome": outcome,
            }
        )

    for cadre in county.cadres:
        cadre_id, level = cadre["cadre_id"], cadre["level"]
        if level not in _SPAN_LENGTHS:
            continue
        rng = _rng(f"field/{cadre_id}")
        quotas = _monthly_quotas(rng, level, cadre_id, settings, cases)
        for month, quota in enumerate(quotas, start=1):
            taken: set[int] = set()
            if month == 1 and cadre_id == cases.new_year:
                add(rng, cadre_id, dt.date(DEMO_YEAR - 1, 12, 30), dt.date(DEMO_YEAR, 1, 2))
                rows[-1].update(
                    content="元旦前夕走访慰问困难群众和老党员",
                    help_type="problem",
                    outcome="慰问困难群众和老党员",
                    village_code=None,
                )
                taken |= {1, 2}
            for first, last in _place_spans(rng, month, quota, taken, _SPAN_LENGTHS[level]):
                day = dt.date(DEMO_YEAR, month, 1)
                add(rng, cadre_id, day.replace(day=first), day.replace(day=last))
    return rows


@dataclass(frozen=True)
class _PetitionCases:
    late_prominent: dict[str, dt.date]  # cadre -> date its prominent case was resolved
    one_in_year: str  # its second case is still open
    no_cases: str
    on_festival: str  # prominent case resolved on the festival itself: still in time


def _petition_cases(county: _County, settings: Settings) -> _PetitionCases:
    festival = settings.petitions.spring_festival
    return _PetitionCases(
        late_prominent={
            county.county_leaders[17]: dt.date(festival.year, 3, 10),
            county.leader_of[county.unit_by_name["县交通运输局"]]: festival + dt.timedelta(days=1),
        },
        one_in_year=county.leader_of[county.unit_by_name["县国土资源局"]],
        no_cases=county.township_leaders["23"][1],
        on_festival=county.county_leaders[4],
    )


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _petitions(settings: Settings, county: _County) -> list[dict[str, Any]]:
    """Cases for every leading cadre: a prominent case resolved before the Spring Festival and
    more prominent cases resolved in the year, so that each leader has the minimum in the year
    whether or not the rule counts only prominent cases; the ``_petition_cases`` leaders fall
    short. Some leaders also have lesser (not prominent) cases and cases still open."""
    festival = settings.petitions.spring_festival
    cases = _petition_cases(county, settings)
    year_start, year = dt.date(DEMO_YEAR, 1, 1), DEMO_YEAR
    kinds, kind_weights = list(_DISPUTE_WEIGHTS), list(_DISPUTE_WEIGHTS.values())
    found: list[tuple[dt.date, str, dt.date | None, bool, str | None, str]] = []
    for cadre in county.cadres:
        cadre_id = cadre["cadre_id"]
        if cadre["level"] not in settings.petitions.leading_levels or cadre_id == cases.no_cases:
            continue
        rng = _rng(f"petitions/{cadre_id}")
        own: list[tuple[dt.date, dt.date | None, bool]] = []  # received, resolved, prominent

        # The prominent case before the festival (a few leaders resolve it in December).
        received = _between(rng, dt.date(year - 1, 10, 8), dt.date(year, 1, 10))
        if cadre_id in cases.late_prominent:
            resolved = cases.late_prominent[cadre_id]
        elif cadre_id == cases.on_festival:
            resolved = festival
        elif rng.random() < 0.15:
            december = dt.date(year - 1, 12, 1)
            resolved = _between(rng, max(received, december), december.replace(day=31))
        else:
            resolved = _between(rng, max(received, dt.date(year, 1, 4)), festival)
        own.append((received, resolved, True))
        in_year = 1 if resolved >= year_start else 0
        # Cases resolved later in the year, so each leader has at least two in the year.
        while in_year < settings.petitions.in_year_min:
            received = _between(rng, dt.date(year, 1, 5), dt.date(year, 9, 30))
            if cadre_id == cases.one_in_year:
                own.append((received, None, False))
                break
            resolved = received + dt.timedelta(days=rng.randint(7, 60))
            own.append((received, resolved, True))
            in_year += 1
        if rng.random() < 0.3:  # a lesser case, resolved in the year
            received = _between(rng, dt.date(year, 1, 5), dt.date(year, 9, 30))
            own.append((received, received + dt.timedelta(days=rng.randint(5, 45)), False))
        if rng.random() < 0.2:  # a case still open at the as-of date
            received = _between(rng, dt.date(year, 8, 1), DEMO_AS_OF - dt.timedelta(days=5))
            own.append((received, None, rng.random() < 0.3))
        for received, resolved, prominent in own:
            township = county.home_township.get(cadre_id) if rng.random() > 0.1 else None
            kind = rng.choices(kinds, kind_weights)[0]
            found.append((received, cadre_id, resolved, prominent, township, kind))
    return [
        {
            "case_id": f"XF{DEMO_YEAR}{k + 1:03d}",
            "cadre_id": cadre_id,
            "received_date": _date(received),
            "resolved_date": _date(resolved),
            "dispute_type": kind,
            "township_code": township,
            "prominent": prominent,
        }
        for k, (received, cadre_id, resolved, prominent, township, kind) in enumerate(
            sorted(found, key=lambda c: (c[0], c[1]))
        )
    ]


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def build_demo(settings: Settings | None = None) -> dict[str, pd.DataFrame]:
    """The demo county: one frame per dataset of ``schemas.DATASETS``, valid under its schema.

    Targets, thresholds and dates come from ``settings`` (the defaults where None); the same
    settings always give the same frames.
    """
    settings = settings or Settings()
    county = _build_county()
    indicators = _indicators(settings)
    township_targets = _township_targets(settings)
    targets = [
        {
            "year": DEMO_YEAR,
            "indicator_code": ind.code,
            "township_code": None,
            "target": ind.target,
            "stretch_target": (
                settings.project_year.funds_stretch
                if ind.code == settings.project_year.funds_code
                else None
            ),
        }
        for ind in indicators
    ]
    for code, by_township in township_targets.items():
        targets += [
            {"year": DEMO_YEAR, "indicator_code": code, "township_code": t, "target": v,
             "stretch_target": None}
            for t, v in by_township.items()
        ]  # fmt: skip
    values = _indicator_values(settings, indicators, township_targets)
    fai = settings.project_year.fai_code
    fai_to_date = sum(
        r["value"]
        for r in values
        if r["indicator_code"] == fai and r["township_code"] is None and r["period"] in _MONTHS_2011
    )
    projects, progress = _projects(settings, county, fai_to_date)
    rows: dict[str, list[dict[str, Any]]] = {
        "townships": county.townships,
        "villages": county.villages,
        "units": county.units,
        "cadres": county.cadres,
        "pairings": county.pairings,
        "indicators": [
            {
                "indicator_code": i.code,
                "item": i.item,
                "name": i.name,
                "name_en": i.name_en,
                "unit": i.unit,
                "direction": i.direction,
                "aggregation": i.aggregation,
            }
            for i in indicators
        ],
        "targets": targets,
        "projects": projects,
        "indicator_values": values,
        "project_progress": progress,
        "survey_results": _survey_results(settings, county),
        "rectifications": _rectifications(settings, county),
        "complaints": _complaints(county),
        "field_activities": _field_activities(settings, county),
        "petitions": _petitions(settings, county),
    }
    return {name: _frame(name, rows[name]) for name in DATASETS}


def seed_demo(store: Store, settings: Settings | None = None) -> None:
    """Initialise ``store`` as a demo store and write the demo county into it, master data first."""
    frames = build_demo(settings)
    store.init(demo=True, write_marker=False)
    order = list(MASTER_ORDER) + [name for name in DATASETS if name not in MASTER_ORDER]
    for name in order:
        store.commit(name, frames[name], "overwrite", dict(DEMO_METADATA))
    from app.auth import seed_demo_accounts

    seed_demo_accounts(store)
    # The marker goes last: a seed interrupted midway is redone on the next start.
    store.mark_ready(demo=True)


def scenarios(settings: Settings | None = None) -> dict[str, Any]:
    """The demo entities built to exercise each rule, by what they show (for tests and docs)."""
    settings = settings or Settings()
    county = _build_county()
    unit = county.unit_by_name
    field = _field_cases(county, settings)
    petitions = _petition_cases(county, settings)
    return {
        "red_indicators": _RED_INDICATORS,
        "yellow_indicators": _YELLOW_INDICATORS,
        "missing_value": (_GAP_INDICATOR, _GAP_PERIOD),
        "townships_behind": {
            settings.project_year.fai_code: tuple(_FAI_BEHIND),
            settings.project_year.funds_code: tuple(_FUNDS_BEHIND),
        },
        "stalled_projects": _STALLED_PROJECTS,
        "not_stalled_two_months": _NEAR_STALLED_PROJECT,
        "stall_resumed": _RESUMED_PROJECT,
        "survey": {
            "party_mass_last_rounds_2_3": unit["县总工会"],
            "government_bottom_rounds_2_3": unit["县国土资源局"],
            "government_bottom_round_2": (unit["县国土资源局"], unit["县人力资源和社会保障局"]),
            "government_bottom_round_3": (
                unit["县住房和城乡建设局"],
                unit["县国土资源局"],
                unit["县城市管理局"],
            ),
            "government_tie_round_3": (unit["县国土资源局"], unit["县城市管理局"]),
            "vertical_last_rounds_2_3": unit["县供电公司"],
            "absent_round_2": tuple(unit[n] for n in _ABSENT["2"]),
            "rectification_late": unit[_RECTIFICATION_LATE],
            "rectification_on_due_date": unit[_RECTIFICATION_ON_DUE_DATE],
            "rectification_missing": tuple(unit[n] for n in _RECTIFICATION_MISSING),
            "most_verified_complaints": unit[_MOST_COMPLAINED],
        },
        "field_days": {
            "behind": tuple(field.behind),
            "met": field.met,
            "liaison_short": field.short_liaison,
            "liaison_short_months": tuple(
                f"{DEMO_YEAR}-{m:02d}" for m in sorted(field.short_months)
            ),
            "new_year_span": field.new_year,
        },
        "petitions": {
            "no_prominent_before_festival": tuple(petitions.late_prominent),
            "fewer_than_two_in_year": petitions.one_in_year,
            "no_cases": petitions.no_cases,
            "prominent_on_festival": petitions.on_festival,
        },
    }
