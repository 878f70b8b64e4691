"""The registry of datasets: name, kind, key, titles, schema and column specs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import pandera.pandas as pa

from schemas import actions, facts, master, programme

Kind = Literal["master", "monthly", "event"]
ColumnType = Literal["str", "int", "float", "bool", "date"]


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    zh: str
    type: ColumnType
    required: bool
    nullable: bool
    enum: tuple[str, ...] | None


def _column_type(dtype: object) -> ColumnType:
    text = str(dtype).lower()
    if text.startswith("datetime"):
        return "date"
    if text in ("int64", "int32"):
        return "int"
    if text.startswith("float"):
        return "float"
    if text in ("bool", "boolean"):
        return "bool"
    return "str"


@dataclass(frozen=True)
class Dataset:
    name: str
    kind: Kind
    key: tuple[str, ...]
    model: type[pa.DataFrameModel]
    # Master data each code column must exist in: column -> (dataset, its key column).
    references: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        specs = []
        for name, column in self.schema.columns.items():
            meta = column.metadata or {}
            enum = meta.get("enum")
            specs.append(
                ColumnSpec(
                    name=name,
                    zh=meta.get("zh", name),
                    type=_column_type(column.dtype),
                    required=bool(meta.get("required", True)),
                    nullable=bool(column.nullable),
                    enum=tuple(enum) if enum else None,
                )
            )
        return tuple(specs)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def title(self, lang: str = "zh") -> str:
        from app.i18n import translate

        return translate(f"dataset.{self.name}", lang)

    @property
    def title_zh(self) -> str:
        return self.title("zh")

    @property
    def title_en(self) -> str:
        return self.title("en")


_TOWNSHIP = ("township_code", "townships", "township_code")
_UNIT = ("unit_code", "units", "unit_code")
_VILLAGE = ("village_code", "villages", "village_code")
_INDICATOR = ("indicator_code", "indicators", "indicator_code")
_CADRE = ("cadre_id", "cadres", "cadre_id")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset("townships", "master", ("township_code",), master.Townships),
        Dataset("villages", "master", ("village_code",), master.Villages, (_TOWNSHIP,)),
        Dataset("units", "master", ("unit_code",), master.Units, (_TOWNSHIP,)),
        Dataset("cadres", "master", ("cadre_id",), master.Cadres, (_UNIT,)),
        Dataset(
            "pairings",
            "master",
            ("unit_code", "township_code", "village_code"),
            master.Pairings,
            (_UNIT, _TOWNSHIP, _VILLAGE, ("contact_cadre_id", "cadres", "cadre_id")),
        ),
        Dataset("indicators", "master", ("indicator_code",), master.Indicators),
        Dataset(
            "targets",
            "master",
            ("year", "indicator_code", "township_code"),
            master.Targets,
            (_INDICATOR, _TOWNSHIP),
        ),
        Dataset(
            "projects",
            "master",
            ("project_id",),
            master.Projects,
            (
                _TOWNSHIP,
                ("lead_cadre_id", "cadres", "cadre_id"),
                ("lead_unit_code", "units", "unit_code"),
            ),
        ),
        Dataset(
            "indicator_values",
            "monthly",
            ("period", "indicator_code", "township_code"),
            facts.IndicatorValues,
            (_INDICATOR, _TOWNSHIP),
        ),
        Dataset(
            "project_progress",
            "monthly",
            ("period", "project_id"),
            facts.ProjectProgress,
            (("project_id", "projects", "project_id"),),
        ),
        Dataset(
            "survey_results",
            "event",
            ("year", "round", "unit_code"),
            facts.SurveyResults,
            (_UNIT,),
        ),
        Dataset(
            "rectifications",
            "event",
            ("year", "round", "unit_code"),
            facts.Rectifications,
            (_UNIT,),
        ),
        Dataset("complaints", "event", ("complaint_id",), facts.Complaints, (_UNIT,)),
        Dataset(
            "field_activities",
            "event",
            ("activity_id",),
            facts.FieldActivities,
            (_CADRE, _TOWNSHIP, _VILLAGE),
        ),
        Dataset(
            "petitions",
            "event",
            ("case_id",),
            facts.Petitions,
            (_CADRE, _TOWNSHIP),
        ),
        Dataset(
            "supervision_items",
            "event",
            ("item_id",),
            actions.SupervisionItems,
            (_UNIT, _CADRE),
        ),
        Dataset(
            "appraisal_scores",
            "event",
            ("year", "kind", "code", "key"),
            actions.AppraisalScores,
        ),
        Dataset("survey_rounds", "master", ("year", "round"), programme.SurveyRounds),
        Dataset("county_rankings", "master", ("year", "measure"), programme.CountyRankings),
        Dataset("work_plans", "event", ("year", "unit_code"), programme.WorkPlans, (_UNIT,)),
        Dataset(
            "commitments",
            "event",
            ("commitment_id",),
            programme.Commitments,
            (_UNIT, _CADRE),
        ),
        Dataset(
            "receptions", "event", ("reception_id",), programme.Receptions, (_CADRE, _TOWNSHIP)
        ),
    ]
}

MASTER_ORDER = [name for name, d in DATASETS.items() if d.kind == "master"]


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset: {name}") from None
