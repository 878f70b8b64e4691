"""The demo county's fixed facts: its calendar and the master tables written out by hand.

The demo's data runs from January 2010 to ``DEMO_AS_OF`` (30 November 2011); the monthly
weights shape its series through the year. The tables (townships, departments, the stems of
village and personal names) are the raw material ``app.demo.build_county`` turns into the
master datasets. Nothing here draws at random; the other ``data_*`` modules hold the facts of
each later stage.
"""

from __future__ import annotations

import datetime as dt

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
