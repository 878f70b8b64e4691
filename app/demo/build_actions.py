"""The demo county's 督办 register and its leaders' evaluation scores.

October's findings are issued on 3 November 2011 and followed through the month the demo
ends in, so that at its end (30 November) the register shows every light: items closed
(green), overdue (red), returned or extended (yellow), due within days (blue) and in hand;
plus a spot check's finding and a leader's instruction entered by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from app.demo.build_helpers import _rng
from app.metrics import supervision as rules
from app.settings import Settings

ISSUE_MONTH = "2011-10"
ISSUED_ON = dt.date(2011, 11, 3)
SUPERVISOR = "demo-supervisor"
_AT = "2011-12-01T00:00:00+00:00"  # when the demo's steps are recorded (fixed: reproducible)


def _d(day: int) -> dt.date:
    return dt.date(2011, 11, day)


# What happens to the n-th issued item (n modulo the plan's length): its steps after issue.
_PLAN: list[list[tuple[str, int, dict[str, Any]]]] = [
    [("feedback", 10, {"text": "已制定整改措施并落实到人，附整改方案。"}), ("close", 14, {})],
    [
        ("feedback", 12, {"text": "已召开专题会研究整改。"}),
        ("return", 15, {"reason": "整改措施不具体，请细化时间表和责任人。"}),
    ],
    [],
    [("extend", 12, {"due_on": "2011-12-02", "reason": "涉及跨部门协调，申请延期。"})],
    [("feedback", 16, {"text": "整改已完成，请复核。"})],
    [("feedback", 8, {"text": "已整改到位。"}), ("close", 20, {})],
]
_BY_HAND = [
    ("inspection", "032", "明查暗访发现县国土资源局办事窗口工作日午间无人值守", 27, 5),
    ("instruction", "034", "落实县委主要领导批示：加快城区棚户区改造项目进度", 25, 20),
]


def supervision_items(frames: dict[str, pd.DataFrame], settings: Settings) -> list[dict[str, Any]]:
    """The demo's items: October's proposals issued, then each moved along :data:`_PLAN`."""
    from app.reports.supervision import supervision_proposals

    proposals = supervision_proposals(frames.__getitem__, settings, ISSUE_MONTH)
    ids = rules.item_ids([], ISSUE_MONTH, len(proposals))
    rows = rules.item_rows(proposals, ids, ISSUE_MONTH, ISSUED_ON, SUPERVISOR, at=_AT)
    for n, row in enumerate(rows):
        log = json.loads(row["log"])
        for action, day, fields in _PLAN[n % len(_PLAN)]:
            on, by = _d(day), SUPERVISOR if action != "feedback" else "demo-uploader"
            log.append(rules.step(action, on, by, _AT, **fields))
            if action == "feedback":
                row.update(status="feedback", feedback_on=on, feedback_text=fields["text"])
            elif action == "return":
                row.update(status="returned", returned_on=on, return_reason=fields["reason"])
            elif action == "extend":
                row.update(original_due_on=row["due_on"], extension_reason=fields["reason"])
                row["due_on"] = dt.date.fromisoformat(fields["due_on"])
            elif action == "close":
                row.update(status="closed", closed_on=on, closed_by=by)
        row["log"] = json.dumps(log, ensure_ascii=False)
    month = "2011-11"
    for item_id, (source, unit, finding, day, days) in zip(
        rules.item_ids([], month, len(_BY_HAND)), _BY_HAND, strict=True
    ):
        due = _d(day) + dt.timedelta(days=days)
        rows.append(
            {
                "item_id": item_id,
                "year": 2011,
                "period": month,
                "source": source,
                "subject_code": unit,
                "unit_code": unit,
                "finding": finding,
                "requirement": rules_requirement(source),
                "issued_on": _d(day),
                "due_on": due,
                "status": "issued",
                "log": json.dumps(
                    [rules.step("issue", _d(day), SUPERVISOR, _AT, due_on=due.isoformat())],
                    ensure_ascii=False,
                ),
            }
        )
    return rows


def rules_requirement(source: str) -> str:
    from app.i18n import translate

    return translate(f"sup.requirement.{source}", "zh")


def appraisal_scores(frames: dict[str, pd.DataFrame], year: int) -> list[dict[str, Any]]:
    """领导评价 (the appraisal's manual section ``evaluation``) of every unit and township."""
    rng = _rng("appraisal")
    rows = []
    for code in frames["units"]["unit_code"]:
        rows.append(
            {"year": year, "kind": "unit", "code": code, "key": "evaluation", "score": _score(rng)}
        )
    for code in frames["townships"]["township_code"]:
        rows.append(
            {
                "year": year,
                "kind": "township",
                "code": code,
                "key": "evaluation",
                "score": _score(rng),
            }
        )
    return rows


def _score(rng: Any) -> float:
    return round(rng.uniform(80, 98), 1)
