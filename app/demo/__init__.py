"""The demo county (示范县): a deterministic, realistic data set for every dataset.

``build_demo()`` returns one frame per dataset of ``schemas.DATASETS``; ``seed_demo(store)``
writes them into a store. The county has 25 townships, 101 departments (69 in 集团帮扶 and 32
in 对口联系), about 300 cadres, 41 indicators covering all 18 framework items, and data
from January 2010 to November 2011 (``DEMO_AS_OF``). Every draw comes from a random generator
seeded by ``SEED`` and the part being built, so every run gives the same frames.

The speech's numbers (targets, thresholds, required days, dates) come from ``Settings``; the
demo only decides how the county performs against them. ``scenarios()`` names the entities
built to exercise each rule (stalled projects, bottom units, cadres behind, red indicators…).

The package keeps the county's facts apart from the code that draws from them: the
``data*`` modules hold the constant facts (``data``: calendar and master tables; then
indicators, projects, surveys, field activities and petitions), the ``build*`` modules
turn them into rows stage by stage, and ``build`` assembles the frames and seeds a store.
"""

from app.demo.build import build_demo, scenarios, seed_demo
from app.demo.data import DEMO_AS_OF, DEMO_METADATA, DEMO_YEAR, SEED

__all__ = [
    "DEMO_AS_OF",
    "DEMO_METADATA",
    "DEMO_YEAR",
    "SEED",
    "build_demo",
    "scenarios",
    "seed_demo",
]
