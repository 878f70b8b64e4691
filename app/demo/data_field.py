"""What the demo's field activities (四帮四促台账) and petitions (信访维稳) are drawn from.

For each help type, what cadres do at the grassroots and what comes of it, and how often the
type occurs; how long a span of field days runs at each cadre level; the mix of petition
dispute types.
"""

from __future__ import annotations

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
