"""The demo county's 2011 projects: each one's level, place, size and timeline.

``_PROJECTS`` is in project-id order (XM2011001, XM2011002…); key projects (the
``_KEY_LEVELS``) are scaled to make ``_KEY_PROJECTS_SHARE`` of the county's fixed-asset
investment. The constants at the end name the projects built for the stall rule.
"""

from __future__ import annotations

from dataclasses import dataclass

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
