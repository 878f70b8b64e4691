"""The demo county's facts for the rest of the programme: window units, superiors, paired-lead
units, a township's own units, work plans, publication of the rounds, commitments, the
scenario cases of each rule. Nothing here draws at random."""

from __future__ import annotations

import datetime as dt

# 窗口单位: public-facing service windows ("尤其是窗口服务部门").
_WINDOW_UNITS = (
    "县公安局",
    "县民政局",
    "县人力资源和社会保障局",
    "县国土资源局",
    "县住房和城乡建设局",
    "县卫生局",
    "县政务服务中心",
    "县国税局",
    "县地税局",
    "县工商局",
    "县供电公司",
    "县邮政局",
)
# 上级主管部门 of the vertically managed units.
_SUPERIORS = {
    "县国税局": "市国家税务局",
    "县地税局": "市地方税务局",
    "县工商局": "市工商行政管理局",
    "县质量技术监督局": "市质量技术监督局",
    "县气象局": "市气象局",
    "县供电公司": "市供电局",
    "县烟草专卖局": "市烟草专卖局",
    "县邮政局": "市邮政局",
    "中国人民银行县支行": "中国人民银行市中心支行",
    "县农业发展银行": "市农业发展银行",
    "县银监办": "市银监分局",
    "县食品药品监督管理局": "市食品药品监督管理局",
    "县盐务局": "市盐务局",
    "国家统计局县调查队": "国家统计局市调查队",
    "县公路管理段": "市公路管理局",
}
# 人大、政协、公检法和人武部: the units whose leaders lead the 32 paired units.
_PAIRED_LEAD_UNITS = ("县人大办", "县政协办", "县公安局", "县法院", "县检察院", "县人武部")

# A township's own units, surveyed by the township: township code -> (category, name) rows.
_TOWNSHIP_UNITS = {
    "01": [
        ("station", "城关镇财政所"),
        ("station", "城关镇国土资源所"),
        ("station", "城关镇农业服务中心"),
        ("station", "城关镇计划生育服务站"),
        ("community", "城关镇东街社区居委会"),
        ("community", "城关镇西街社区居委会"),
        ("community", "城关镇南门社区居委会"),
        ("service_area", "城关镇东片服务区"),
        ("service_area", "城关镇西片服务区"),
    ],
    "05": [
        ("station", "白马镇财政所"),
        ("station", "白马镇国土资源所"),
        ("station", "白马镇农业服务中心"),
    ],
}

# Work plans 工作方案 (deadline from the settings): the scenario units.
_WORK_PLAN_LATE = "县旅游局"  # submitted three days after the deadline
_WORK_PLAN_STARTED_LATE = "县农机局"  # submitted in time, started a week late
_WORK_PLAN_MISSING = ("县盐务局",)

# 测评轮次: approved by the joint meeting and published; round 2 never published (flagged),
# round 3 approved and within its 30 days on the as-of date.
_ROUNDS = {
    1: (dt.date(2010, 12, 24), dt.date(2010, 12, 28), "县电视台、《示范县报》"),
    2: (dt.date(2011, 6, 2), None, None),
    3: (dt.date(2011, 11, 25), None, None),
}

# 公开承诺 after an admonishment: (round, unit, days after the survey). 县人力资源和社会保障局
# commits 25 days after round 2 (past the 15 days: commitment_missing); 县城市管理局 has not
# committed after round 3 and is still within its 15 days on the as-of date.
_PUBLIC_COMMITMENTS = (
    (2, "县国土资源局", 8),
    (2, "县人力资源和社会保障局", 25),
    (2, "县总工会", 10),
    (3, "县住房和城乡建设局", 6),
    (3, "县国土资源局", 7),
    (3, "县总工会", 9),
)

# 强县升位: the county's rank among the prefecture's 11 counties (prefecture statistics).
_COUNTY_RANKS = {
    "综合": {2007: 9, 2008: 9, 2009: 7, 2010: 6},
    "FAI": {2008: 8, 2009: 6, 2010: 4},
    "GDP": {2008: 7, 2009: 7, 2010: 6},
}
_PEERS = 11
