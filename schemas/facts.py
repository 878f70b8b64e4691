"""Facts: monthly facts replace a period; event facts are upserted by key."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import (
    COMPLAINT_CHANNELS,
    DISPUTE_TYPES,
    HELP_TYPES,
    PERIOD_PATTERN,
    PROJECT_STAGES,
    code,
    field,
    optional_code,
)
from schemas.master import Base


class IndicatorValues(Base):
    """指标月报: for ``sum`` indicators ``value`` is the month's own amount."""

    period: Series[str] = field("月份", str_matches=PERIOD_PATTERN)
    indicator_code: Series[str] = code("指标代码")
    township_code: Series[str] = optional_code("乡镇代码")
    value: Series[float] = field("本月值")

    class Config:
        unique = ["period", "indicator_code", "township_code"]


class ProjectProgress(Base):
    """项目进度: money in 万元."""

    period: Series[str] = field("月份", str_matches=PERIOD_PATTERN)
    project_id: Series[str] = code("项目编号")
    stage: Series[str] = field("项目阶段", enum=PROJECT_STAGES)
    invested: Series[float] = field("本月完成投资", ge=0, nullable=True)
    note: Series[str] = field("备注", required=False, nullable=True)

    class Config:
        unique = ["period", "project_id"]


class SurveyResults(Base):
    """满意度测评: round 1 of year Y is held in December of Y-1."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    round: Series[pd.Int64Dtype] = field("轮次", isin=[1, 2, 3])
    unit_code: Series[str] = code("单位代码")
    score: Series[float] = field("满意度得分", ge=0, le=100)
    respondents: Series[pd.Int64Dtype] = field("有效样本", ge=0, required=False, nullable=True)
    survey_date: Series[pa.DateTime] = field("测评日期", nullable=True)

    class Config:
        unique = ["year", "round", "unit_code"]


class Rectifications(Base):
    """整改措施 (after round 1)."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    round: Series[pd.Int64Dtype] = field("轮次", isin=[1, 2, 3])
    unit_code: Series[str] = code("单位代码")
    submitted_date: Series[pa.DateTime] = field("提交日期")
    measures: Series[str] = field("整改措施", required=False, nullable=True)
    published: Series[pd.BooleanDtype] = field("已公开", required=False, nullable=True)

    class Config:
        unique = ["year", "round", "unit_code"]


class Complaints(Base):
    """监督电话投诉."""

    complaint_id: Series[str] = code("编号")
    received_date: Series[pa.DateTime] = field("受理日期")
    unit_code: Series[str] = code("单位代码")
    channel: Series[str] = field("渠道", enum=COMPLAINT_CHANNELS)
    verified: Series[pd.BooleanDtype] = field("是否查实")
    summary: Series[str] = field("内容摘要", required=False, nullable=True)

    class Config:
        unique = ["complaint_id"]


class FieldActivities(Base):
    """四帮四促台账: one row per activity at the grassroots."""

    activity_id: Series[str] = code("台账编号")
    cadre_id: Series[str] = code("干部编号")
    start_date: Series[pa.DateTime] = field("开始日期")
    end_date: Series[pa.DateTime] = field("结束日期")
    township_code: Series[str] = code("乡镇代码")
    village_code: Series[str] = optional_code("村代码")
    help_type: Series[str] = field("帮促类型", enum=HELP_TYPES)
    content: Series[str] = field("工作内容", required=False, nullable=True)
    outcome: Series[str] = field("工作成效", required=False, nullable=True)

    class Config:
        unique = ["activity_id"]

    @pa.dataframe_check(error="end_date before start_date")
    def end_after_start(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["end_date"] < df["start_date"])


class Petitions(Base):
    """信访维稳: resolved_date empty means the case is open."""

    case_id: Series[str] = code("案件编号")
    cadre_id: Series[str] = code("包案领导")
    received_date: Series[pa.DateTime] = field("受理日期")
    resolved_date: Series[pa.DateTime] = field("化解日期", nullable=True)
    dispute_type: Series[str] = field("矛盾类型", enum=DISPUTE_TYPES)
    township_code: Series[str] = optional_code("乡镇代码")
    prominent: Series[pd.BooleanDtype] = field("突出问题", nullable=True)

    class Config:
        unique = ["case_id"]

    @pa.dataframe_check(error="resolved_date before received_date")
    def resolved_after_received(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["resolved_date"] < df["received_date"])
