"""The rest of the programme: survey rounds' publication (测评轮次), the county's rank among
its peers (全县位次), work plans (工作方案), commitments (承诺) and reception days (领导接访)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import code, field, optional_code
from schemas.master import Base

COMMITMENT_KINDS = ["service", "public"]
RECEPTION_MODES = ["in_person", "video", "visit"]


class SurveyRounds(Base):
    """测评轮次: a round approved by the joint meeting (联席会议审定) and published (公布)."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    round: Series[pd.Int64Dtype] = field("轮次", isin=[1, 2, 3])
    approved_on: Series[pa.DateTime] = field("审定日期", required=False, nullable=True)
    published_on: Series[pa.DateTime] = field("公布日期", required=False, nullable=True)
    medium: Series[str] = field("公布媒体", required=False, nullable=True)

    class Config:
        unique = ["year", "round"]


class CountyRankings(Base):
    """全县位次: the county's rank among its peers (强县升位), from the prefecture's statistics."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    measure: Series[str] = code("排名指标")
    rank: Series[pd.Int64Dtype] = field("位次", ge=1)
    peers: Series[pd.Int64Dtype] = field("参评县数", ge=1, required=False, nullable=True)
    scope: Series[str] = field("排名范围", required=False, nullable=True)

    class Config:
        unique = ["year", "measure"]


class WorkPlans(Base):
    """工作方案: each unit's plan, submitted (报送) and started (启动)."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    unit_code: Series[str] = code("单位代码")
    submitted_on: Series[pa.DateTime] = field("报送日期", nullable=True)
    started_on: Series[pa.DateTime] = field("启动日期", required=False, nullable=True)

    class Config:
        unique = ["year", "unit_code"]


class Commitments(Base):
    """承诺: 服务基层承诺 of a leader, or 整改公开承诺 of a unit admonished in a round."""

    commitment_id: Series[str] = code("编号")
    kind: Series[str] = field("承诺类型", enum=COMMITMENT_KINDS)
    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    round: Series[pd.Int64Dtype] = field("轮次", isin=[1, 2, 3], required=False, nullable=True)
    unit_code: Series[str] = code("单位代码")
    cadre_id: Series[str] = optional_code("干部编号")
    made_on: Series[pa.DateTime] = field("承诺日期")
    published_on: Series[pa.DateTime] = field("公开日期", required=False, nullable=True)
    content: Series[str] = field("承诺内容", required=False, nullable=True)

    class Config:
        unique = ["commitment_id"]


class Receptions(Base):
    """领导接访: a county or township leader receiving petitioners (定期接访, 三级视频联动接访)."""

    reception_id: Series[str] = code("编号")
    cadre_id: Series[str] = code("接访领导")
    date: Series[pa.DateTime] = field("接访日期")
    township_code: Series[str] = optional_code("乡镇代码")
    mode: Series[str] = field("接访方式", enum=RECEPTION_MODES)
    people: Series[pd.Int64Dtype] = field("接待人数", ge=0, required=False, nullable=True)

    class Config:
        unique = ["reception_id"]
