"""The demo county's indicator catalogue and how the county performs on each indicator.

``_indicators(settings)`` lists the 41 indicators covering all 18 framework items, level by
level, each run of levels in a module of its own (``data_indicators_goal_to_optimize``,
``data_indicators_advance_rise``, ``data_indicators_breakthrough``; an entry's form is
``data_indicator_entry``). The numbers the speech names (FAI, industrial investment, funds
in place, policies abolished) come from ``Settings``; the other targets, and every ratio of
the 2010 and 2011 amounts to the target, are the demo's own. The constants after it name
the indicators and townships built to show a light other than green.
"""

from __future__ import annotations

from app.demo.data import DEMO_YEAR
from app.demo.data_indicator_entry import _Indicator
from app.demo.data_indicators_advance_rise import _advance_and_rise
from app.demo.data_indicators_breakthrough import _breakthrough
from app.demo.data_indicators_goal_to_optimize import _goal_to_optimize
from app.settings import Settings


def _indicators(settings: Settings) -> list[_Indicator]:
    """The 41 indicators, level by level in the framework's order."""
    return [*_goal_to_optimize(settings), *_advance_and_rise(settings), *_breakthrough()]


# Indicators built to show a light other than green at 2011-11 (default bands).
_RED_INDICATORS = ("TRANSPORT_INV", "ACCIDENT_DEATHS")
_YELLOW_INDICATORS = (
    "FISCAL_REVENUE",
    "INDUSTRY_VA",
    "NEW_MARKET_ENTITIES",
    "URBANIZATION",
    "PETITIONS_TOTAL",
)
_GAP_INDICATOR, _GAP_PERIOD = "FOREST_COVER", f"{DEMO_YEAR}-07"
# Townships clearly behind: completion ratio of their own target by November.
_FAI_BEHIND = {"19": 0.56}
_FUNDS_BEHIND = {"19": 0.60, "23": 0.48}
