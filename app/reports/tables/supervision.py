"""督查督办: the month's proposals, the register with its lights, and the units' summary."""

from __future__ import annotations

import pandas as pd

from app.i18n import translate
from app.reports.tables.common import Names, dates_text, labels, yes_no


def proposals(found: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """待交办: each finding with its source, who answers for it and the days it gets."""
    return pd.DataFrame(
        {
            "sup_source": labels(found["source"], "sup_source", lang),
            "finding": found["finding"],
            "responsible_unit": names.unit(found["unit_code"]).where(
                found["unit_code"].notna(), ""
            ),
            "responsible_cadre": names.cadre(found["cadre_id"]),
            "due_days": found["due_days"],
        }
    ).reset_index(drop=True)


def register(states: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """督办台账: every item with its light and status at the date asked."""
    return pd.DataFrame(
        {
            "item_id": states["item_id"],
            "sup_light": labels(states["light"], "sup_light", lang),
            "sup_source": labels(states["source"], "sup_source", lang),
            "finding": states["finding"],
            "responsible_unit": names.unit(states["unit_code"]).where(
                states["unit_code"].notna(), ""
            ),
            "responsible_cadre": names.cadre(states["cadre_id"]),
            "issued_on": dates_text(states["issued_on"]),
            "due_on": dates_text(states["due_at"]),
            "sup_status": labels(states["status_at"], "sup_status", lang),
            "overdue_days": states["overdue_days"],
            "feedback_text": states["feedback_text"].fillna(""),
        }
    ).reset_index(drop=True)


def units(summary: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """督办事项办理情况 by responsible unit: overdue first, 责令作出检查 flagged."""
    return pd.DataFrame(
        {
            "unit": names.unit(summary["unit_code"]),
            "sup_items": summary["items"],
            "closed_items": summary["closed"],
            "open_items": summary["open"],
            "due_soon": summary["due_soon"],
            "overdue": summary["overdue"],
            "max_overdue_days": summary["max_overdue_days"],
            "escalate": yes_no(summary["escalate"], lang),
        }
    ).reset_index(drop=True)


def item_steps(steps: list[dict], lang: str) -> pd.DataFrame:
    """One item's history: each step, its date, who, and what was said."""
    rows = []
    for s in steps:
        said = s.get("text") or s.get("reason") or ""
        if s.get("due_on"):
            due = translate("sup.step.due", lang, due=s["due_on"])
            said = f"{said} {due}".strip()
        if s.get("file"):
            said = f"{said} 📎{s['file']}".strip()
        rows.append(
            {
                "sup_action": translate(f"enum.sup_action.{s['action']}", lang),
                "on": s["on"],
                "by": s.get("by", ""),
                "said": said,
            }
        )
    return pd.DataFrame(rows, columns=["sup_action", "on", "by", "said"])
