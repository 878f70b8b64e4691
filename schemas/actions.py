"""Acting on findings and adding them up: supervision items (督办事项) and appraisal scores
(考核评分), event datasets entered by people and versioned like every upload."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import (
    APPRAISAL_KINDS,
    PERIOD_PATTERN,
    SUPERVISION_SOURCES,
    SUPERVISION_STATUSES,
    field,
    optional_code,
)
from schemas.common import code as code_field
from schemas.master import Base


class SupervisionItems(Base):
    """督办事项: one row per item, its current state; ``log`` keeps every step (JSON list of
    ``{"action", "on", "by", ...}``) so the state at any past date can be replayed."""

    item_id: Series[str] = code_field("督办编号")
    # Year and month of the finding; an uploaded item (a leader's instruction) may leave them
    # out: they are then those of issued_on.
    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100, required=False, nullable=True)
    period: Series[str] = field("月份", str_matches=PERIOD_PATTERN, required=False, nullable=True)
    source: Series[str] = field("来源", enum=SUPERVISION_SOURCES)
    subject_code: Series[str] = field("督办对象", required=False, nullable=True)
    # What in the subject the finding is about: a township (indicator), a round (survey), a
    # month (liaison), a deadline (petitions); with source and subject it names the finding.
    ref: Series[str] = field("对象细分", required=False, nullable=True)
    unit_code: Series[str] = optional_code("责任单位")
    cadre_id: Series[str] = optional_code("责任干部")
    finding: Series[str] = field("督办事项", str_length={"min_value": 1})
    requirement: Series[str] = field("整改要求", required=False, nullable=True)
    issued_on: Series[pa.DateTime] = field("交办日期")
    due_on: Series[pa.DateTime] = field("办结时限")
    status: Series[str] = field(
        "办理状态", enum=SUPERVISION_STATUSES, required=False, nullable=True
    )
    feedback_text: Series[str] = field("反馈内容", required=False, nullable=True)
    feedback_on: Series[pa.DateTime] = field("反馈日期", required=False, nullable=True)
    feedback_file: Series[str] = field("反馈附件", required=False, nullable=True)
    feedback_sha256: Series[str] = field("附件校验", required=False, nullable=True)
    original_due_on: Series[pa.DateTime] = field("原办结时限", required=False, nullable=True)
    extension_reason: Series[str] = field("延期理由", required=False, nullable=True)
    returned_on: Series[pa.DateTime] = field("退回日期", required=False, nullable=True)
    return_reason: Series[str] = field("退回理由", required=False, nullable=True)
    closed_on: Series[pa.DateTime] = field("销号日期", required=False, nullable=True)
    closed_by: Series[str] = field("销号人", required=False, nullable=True)
    log: Series[str] = field("办理记录", required=False, nullable=True)

    class Config:
        unique = ["item_id"]

    @pa.dataframe_check(error="due_on before issued_on")
    def due_after_issue(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["due_on"] < df["issued_on"])


class AppraisalScores(Base):
    """考核评分: scores entered by people for a ``manual`` section of the appraisal scheme
    (e.g. the leaders' evaluation)."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    kind: Series[str] = field("对象类型", enum=APPRAISAL_KINDS)
    code: Series[str] = code_field("代码")
    key: Series[str] = code_field("考核项")
    score: Series[float] = field("得分")

    class Config:
        unique = ["year", "kind", "code", "key"]
