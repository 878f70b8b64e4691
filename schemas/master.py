"""Master data (主数据): an upload replaces the whole dataset; every version is kept."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import (
    AGGREGATIONS,
    CADRE_LEVELS,
    DIRECTIONS,
    FRAMEWORK_ITEMS,
    PAIRING_SCHEMES,
    PROJECT_LEVELS,
    TOWNSHIP_UNIT_CATEGORIES,
    UNIT_CATEGORIES,
    code,
    field,
    optional_code,
)


class Base(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = "filter"


class Townships(Base):
    """乡镇"""

    township_code: Series[str] = code("乡镇代码")
    name: Series[str] = code("乡镇名称")

    class Config:
        unique = ["township_code"]


class Villages(Base):
    """村"""

    village_code: Series[str] = code("村代码")
    name: Series[str] = code("村名称")
    township_code: Series[str] = code("乡镇代码")
    extremely_poor: Series[pd.BooleanDtype] = field("极贫村", required=False, nullable=True)

    class Config:
        unique = ["village_code"]


class Units(Base):
    """单位"""

    unit_code: Series[str] = code("单位代码")
    name: Series[str] = code("单位名称")
    category: Series[str] = field("类别", enum=UNIT_CATEGORIES)
    window: Series[pd.BooleanDtype] = field("窗口单位", required=False, nullable=True)
    superior: Series[str] = field("上级主管部门", required=False, nullable=True)
    township_code: Series[str] = optional_code("所属乡镇")
    paired_lead_unit: Series[pd.BooleanDtype] = field(
        "对口联系牵头单位", required=False, nullable=True
    )

    class Config:
        unique = ["unit_code"]

    @pa.dataframe_check(error="所属乡镇必填 township_code required for a township's own unit")
    def township_of_own_units(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["category"].isin(TOWNSHIP_UNIT_CATEGORIES) & df["township_code"].isna())


class Cadres(Base):
    """干部"""

    cadre_id: Series[str] = code("干部编号")
    name: Series[str] = code("姓名")
    unit_code: Series[str] = code("单位代码")
    level: Series[str] = field("职级类别", enum=CADRE_LEVELS)

    class Config:
        unique = ["cadre_id"]


class Pairings(Base):
    """联系点: 集团帮扶 (69 → 9 townships, 17 极贫村) and 对口联系 (32 → 16 townships, 32 villages)."""

    unit_code: Series[str] = code("单位代码")
    township_code: Series[str] = code("乡镇代码")
    village_code: Series[str] = optional_code("村代码")
    contact_cadre_id: Series[str] = optional_code("联系领导")
    scheme: Series[str] = field("帮扶方式", enum=PAIRING_SCHEMES)

    class Config:
        unique = ["unit_code", "township_code", "village_code"]


class Indicators(Base):
    """指标目录: each indicator belongs to one framework item."""

    indicator_code: Series[str] = code("指标代码")
    item: Series[str] = field("框架条目", enum=FRAMEWORK_ITEMS)
    name: Series[str] = code("指标名称")
    name_en: Series[str] = field("英文名称", required=False, nullable=True)
    unit: Series[str] = field("计量单位", required=False, nullable=True)
    direction: Series[str] = field("方向", enum=DIRECTIONS)
    aggregation: Series[str] = field("汇总方式", enum=AGGREGATIONS)

    class Config:
        unique = ["indicator_code"]


class Targets(Base):
    """目标: township_code empty means the whole county."""

    year: Series[pd.Int64Dtype] = field("年度", ge=2000, le=2100)
    indicator_code: Series[str] = code("指标代码")
    township_code: Series[str] = optional_code("乡镇代码")
    target: Series[float] = field("目标值")
    stretch_target: Series[float] = field("力争值", required=False, nullable=True)

    class Config:
        unique = ["year", "indicator_code", "township_code"]


class Projects(Base):
    """项目: money in 万元."""

    project_id: Series[str] = code("项目编号")
    name: Series[str] = code("项目名称")
    township_code: Series[str] = optional_code("乡镇代码")
    level: Series[str] = field("项目级别", enum=PROJECT_LEVELS)
    industrial: Series[pd.BooleanDtype] = field("工业项目", nullable=True)
    total_investment: Series[float] = field("总投资", ge=0, nullable=True)
    year_plan: Series[float] = field("年度计划投资", ge=0, nullable=True)
    lead_cadre_id: Series[str] = optional_code("责任领导")
    lead_unit_code: Series[str] = optional_code("责任单位")
    person_in_charge: Series[str] = field("具体责任人", required=False, nullable=True)
    planned_start: Series[pa.DateTime] = field("计划开工", required=False, nullable=True)
    planned_end: Series[pa.DateTime] = field("计划竣工", required=False, nullable=True)

    class Config:
        unique = ["project_id"]

    @pa.dataframe_check(error="planned_end before planned_start")
    def end_after_start(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["planned_end"] < df["planned_start"])
