"""The demo county's survey, rectification and complaint facts.

The day each survey round is held, the fixed scores and absences that make the
accountability cases, the units late with or missing their rectification report, the unit
with the most verified complaints, and the texts complaints and measures are drawn from.
"""

from __future__ import annotations

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
