"""The programme's own numbers: time progress lights, the project year, surveys, days at the
grassroots, petitions and the rest of the programme (schedules, publication, receptions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class LightSettings:
    """Status lights for time progress (序时进度)."""

    # Yellow when completion is at most this many percentage points behind time progress.
    yellow_band_pp: float = 5.0


@dataclass
class ProjectYearSettings:
    """Project Construction Year (项目建设年) targets."""

    fai_target: float = 100.0  # 全社会固定资产投资, 亿元
    industry_share_target: float = 0.40  # 工业投资占比
    industry_share_tolerance: float = 0.02  # "about 40%": met within this many points below
    population: int = 950_000  # 全县人口
    fai_per_capita_target: float = 10_000.0  # 人均固定资产投资, 元
    key_projects_share_target: float = 0.50  # 省重点+地区重大完成投资占比
    funds_floor: float = 25.5  # 招商引资到位资金 保底, 亿元
    funds_stretch: float = 30.0  # 力争, 亿元
    funds_growth_target: float = 0.50  # 到位资金增长
    funds_growth_tolerance: float = 0.02
    policy_abolished_target: float = 50.0  # 政策清理废除比例, % (strictly more than)
    stalled_months: int = 3  # 停滞: no investment this many consecutive months
    wan_per_yi: float = 10_000.0  # 1 亿元 = 10,000 万元
    yuan_per_yi: float = 100_000_000.0
    fai_code: str = "FAI"
    fai_industry_code: str = "FAI_INDUSTRY"
    funds_code: str = "FUNDS_IN_PLACE"
    policy_code: str = "POLICY_ABOLISHED_PCT"


@dataclass
class SurveySettings:
    """Work-style satisfaction surveys (作风建设满意度调查)."""

    bottom_n: dict[str, int] = field(default_factory=lambda: {"party_mass": 1, "government": 2})
    # Vertical departments: the last N in both accountable rounds go to their superior.
    vertical_last_n: int = 1
    accountable_rounds: list[int] = field(default_factory=lambda: [2, 3])
    rectification_round: int = 1
    rectification_days: int = 10
    # Month each round is held, as (year offset from the campaign year, month).
    round_months: dict[str, list[int]] = field(
        default_factory=lambda: {"1": [-1, 12], "2": [0, 5], "3": [0, 11]}
    )
    complaints_top_n: int = 1


@dataclass
class FieldDaysSettings:
    """Four Helps, Four Promotes (四帮四促): days at the grassroots."""

    required_days: dict[str, int] = field(
        default_factory=lambda: {"county": 60, "unit": 90, "township": 120}
    )
    liaison_min_days_per_month: int = 5


@dataclass
class PetitionSettings:
    """Petitions and stability (信访维稳)."""

    spring_festival: dt.date = dt.date(2011, 2, 3)
    before_festival_min: int = 1
    in_year: int = 2011
    in_year_min: int = 2
    leading_levels: list[str] = field(default_factory=lambda: ["county", "unit", "township"])


@dataclass
class ProgrammeSettings:
    """The rest of the programme: project schedules, survey publication, public commitments,
    township surveys, work plans, contact points and reception days."""

    late_start_days: int = 30  # 谋划储备 this many days after the planned start → late_start
    key_levels: list[str] = field(default_factory=lambda: ["provincial_key", "prefecture_major"])
    published_rounds: list[int] = field(default_factory=lambda: [2, 3])  # 经联席会议审定后公布
    publication_days: int = 30  # a round published at the latest this many days after its survey
    commitment_days: int = 15  # 公开承诺 within this many days of the round's survey date
    # 乡镇对所属股、站、所、村（居）社区、服务区开展满意度调查: ranked within township and category.
    township_categories: list[str] = field(
        default_factory=lambda: ["station", "community", "service_area"]
    )
    township_bottom_n: int = 1
    township_rounds: list[int] = field(default_factory=lambda: [2, 3])
    # 工作方案: the units that file one (the deadline is Settings.work_plan_deadline).
    work_plan_categories: list[str] = field(
        default_factory=lambda: ["vertical", "party_mass", "government", "township"]
    )
    liaison_at_contact_point: bool = True  # a liaison's days count at its unit's pairing only
    reception_levels: list[str] = field(default_factory=lambda: ["county", "township"])
    reception_min_per_quarter: int = 0  # 定期接访: 0 = no minimum
    # 服务基层承诺 作出承诺并公开: the levels of cadre who make one each year.
    service_commitment_levels: list[str] = field(default_factory=lambda: ["county"])
