"""Draw and shape helpers shared by every stage that builds the demo county.

``_rng(part)`` gives each part of the demo its own generator seeded from ``SEED``, so the
stages never disturb each other's draws; the others split totals exactly, wobble weights
and monthly levels, and turn dates into frame values.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

import pandas as pd

from app.demo.data import SEED


def _rng(part: str) -> random.Random:
    """A generator for one part of the demo: parts do not disturb each other's draws."""
    return random.Random(f"{SEED}/{part}")


def _spread(total: float, weights: Sequence[float], decimals: int) -> list[float]:
    """``total`` split in proportion to ``weights``, rounded to ``decimals``, summing exactly."""
    scale = 10**decimals
    units = round(total * scale)
    weight_sum = sum(weights)
    raw = [units * w / weight_sum for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: (parts[k] - raw[k], k))
    for k in order[: units - sum(parts)]:
        parts[k] += 1
    return [p / scale if decimals else float(p) for p in parts]


def _jitter(rng: random.Random, weights: Sequence[float], spread: float) -> list[float]:
    return [w * rng.uniform(1 - spread, 1 + spread) for w in weights]


def _levels(rng: random.Random, start: float, end: float, n: int, decimals: int) -> list[float]:
    """``n`` monthly levels moving from ``start`` to exactly ``end``, with a little wobble."""
    step = (end - start) / (n - 1)
    out = []
    for k in range(n):
        value = start + step * k
        if 0 < k < n - 1:
            value += abs(step) * rng.uniform(-0.4, 0.4)
        out.append(round(value, decimals))
    out[-1] = round(end, decimals)
    return out


def _date(d: dt.date | None) -> Any:
    return pd.NaT if d is None else pd.Timestamp(d)
