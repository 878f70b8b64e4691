"""Deterministic synthetic stores at county, prefecture and province scale.

    python bench/generate.py --scale province --out /tmp/county-bench/province

Every dataset is filled (codes resolve, enumerations are valid, dates are in the past) and
written through ``app.store.Store`` (one overwrite commit per dataset; monthly facts one
commit a month, as uploads arrive), so the result is a real store the app, the CLI and the benches open like any other. An ``admin`` account
(password ``a-long-password``) is added for the page and memory benches.

Scales (indicator rows = (townships + 1 county total) × indicators × months):

| scale      | townships | indicators | months | indicator rows | units | cadres | activities |
|------------|-----------|------------|--------|----------------|-------|--------|------------|
| county     | 25        | 41         | 24     | ≈ 26 k         | 126   | 300    | ≈ 12 k     |
| prefecture | 150       | 50         | 60     | ≈ 450 k        | 600   | 5,000  | ≈ 60 k     |
| province   | 1,500     | 60         | 60     | ≈ 5.4 M        | 3,000 | 50,000 | ≈ 600 k    |

The same seed gives the same frames; ``--force`` rebuilds an existing directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.store import Store  # noqa: E402
from schemas import DATASETS  # noqa: E402
from schemas.common import FRAMEWORK_ITEMS, HELP_TYPES  # noqa: E402
from schemas.registry import MASTER_ORDER  # noqa: E402

SEED = 20110101
LAST_YEAR = 2011  # the campaign year (Settings.year); data ends in December of it
ADMIN = ("admin", "a-long-password")
META = {"user": "bench", "source_file": "bench/generate.py", "message": "synthetic data"}


@dataclass(frozen=True)
class Scale:
    townships: int
    villages_per_township: int
    indicators: int
    years: int
    units: int
    cadres: int
    activities_per_cadre: int
    projects: int


SCALES = {
    "county": Scale(25, 7, 41, 2, 126, 300, 40, 60),
    "prefecture": Scale(150, 10, 50, 5, 600, 5_000, 12, 500),
    "province": Scale(1_500, 10, 60, 5, 3_000, 50_000, 12, 3_000),
}

_REQUIRED = [  # code, item, name, unit, aggregation (the project year needs these)
    ("FAI", "rise.size_quality", "全社会固定资产投资", "亿元", "sum"),
    ("FAI_INDUSTRY", "advance.industrialization", "工业投资", "亿元", "sum"),
    ("FUNDS_IN_PLACE", "rise.quality_speed", "招商引资到位资金", "亿元", "sum"),
    ("POLICY_ABOLISHED_PCT", "optimize.development", "政策清理废除比例", "%", "last"),
]
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁")
_GIVEN = list("伟勇军杰涛斌强平刚辉敏静丽英华明林波鹏磊霞燕琴红梅兰飞超亮锋建国志文德永光")
_CONTENT = [
    "走访慰问困难群众",
    "帮助制定产业发展规划",
    "调处土地承包纠纷",
    "宣讲全会精神",
    "协调解决饮水工程用地",
    "指导村级组织建设",
]
_OUTCOME = ["群众满意", "规划已通过村民代表大会", "纠纷已化解", "储备项目一批", "问题已解决"]


def _codes(prefix: str, n: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    s = rng.integers(0, len(_SURNAMES), n)
    g1 = rng.integers(0, len(_GIVEN), n)
    g2 = rng.integers(0, len(_GIVEN), n)
    return np.array(
        [_SURNAMES[a] + _GIVEN[b] + _GIVEN[c] for a, b, c in zip(s, g1, g2, strict=True)],
        dtype=object,
    )


def _periods(years: int) -> list[str]:
    return [
        f"{y}-{m:02d}" for y in range(LAST_YEAR - years + 1, LAST_YEAR + 1) for m in range(1, 13)
    ]


def build(scale: Scale, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """One frame per dataset, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    frames: dict[str, pd.DataFrame] = {}
    nt = scale.townships
    width = max(2, len(str(nt)))
    towns = _codes("", nt, width)
    frames["townships"] = pd.DataFrame(
        {"township_code": towns, "name": [f"第{i}乡镇" for i in range(1, nt + 1)]}
    )

    nv = scale.villages_per_township
    village_town = np.repeat(towns, nv)
    villages = np.array([f"{t}{k:02d}" for t in towns for k in range(1, nv + 1)], dtype=object)
    frames["villages"] = pd.DataFrame(
        {
            "village_code": villages,
            "name": [f"{v}村" for v in villages],
            "township_code": village_town,
            "extremely_poor": rng.random(len(villages)) < 0.05,
        }
    )

    # Units: one per township (category township), the rest departments.
    nu = max(scale.units, nt + 20)
    units = _codes("", nu, len(str(nu)) + 1)
    category = np.empty(nu, dtype=object)
    category[:nt] = "township"
    category[nt:] = rng.choice(
        ["vertical", "party_mass", "government", "other"], nu - nt, p=[0.15, 0.25, 0.45, 0.15]
    )
    unit_town = np.full(nu, None, dtype=object)
    unit_town[:nt] = towns
    frames["units"] = pd.DataFrame(
        {"unit_code": units, "name": [f"单位{u}" for u in units], "category": category}
    )

    nc = scale.cadres
    cadres = _codes("C", nc, len(str(nc)) + 1)
    cadre_unit = units[rng.integers(0, nu, nc)]
    level = rng.choice(
        ["county", "unit", "township", "liaison", "other"], nc, p=[0.03, 0.35, 0.35, 0.1, 0.17]
    )
    frames["cadres"] = pd.DataFrame(
        {"cadre_id": cadres, "name": _names(rng, nc), "unit_code": cadre_unit, "level": level}
    )

    # Pairings: each department with one township, half of them with a village too.
    departments = units[nt:]
    first_cadre = pd.Series(cadres).groupby(cadre_unit).first()
    pair_town_idx = rng.integers(0, nt, len(departments))
    with_village = rng.random(len(departments)) < 0.5
    pair_village = np.where(
        with_village,
        villages[pair_town_idx * nv + rng.integers(0, nv, len(departments))],
        None,
    )
    frames["pairings"] = pd.DataFrame(
        {
            "unit_code": departments,
            "township_code": towns[pair_town_idx],
            "village_code": pair_village,
            "contact_cadre_id": pd.Series(departments).map(first_cadre).to_numpy(),
            "scheme": rng.choice(["group", "paired"], len(departments), p=[0.7, 0.3]),
        }
    )

    # Indicators: the four the project year needs, then generic ones over every item.
    ni = max(scale.indicators, len(_REQUIRED))
    rows = [
        dict(
            indicator_code=c,
            item=i,
            name=n,
            name_en=c.title(),
            unit=u,
            direction="higher",
            aggregation=a,
        )
        for c, i, n, u, a in _REQUIRED
    ]
    for k in range(ni - len(_REQUIRED)):
        agg = rng.choice(["sum", "last", "mean"], p=[0.7, 0.2, 0.1])
        rows.append(
            dict(
                indicator_code=f"IND{k + 1:03d}",
                item=FRAMEWORK_ITEMS[k % len(FRAMEWORK_ITEMS)],
                name=f"指标{k + 1:03d}",
                name_en=f"Indicator {k + 1}",
                unit="亿元" if agg == "sum" else "%",
                direction="lower" if rng.random() < 0.15 else "higher",
                aggregation=str(agg),
            )
        )
    indicators = pd.DataFrame(rows)
    frames["indicators"] = indicators
    codes = indicators["indicator_code"].to_numpy(dtype=object)
    is_sum = (indicators["aggregation"] == "sum").to_numpy()

    # Indicator values: (indicator, township, month) arrays, then the county totals.
    periods = _periods(scale.years)
    nm = len(periods)
    base = rng.lognormal(0.0, 0.6, (ni, nt, 1)) * np.where(is_sum, 1.0, 50.0)[:, None, None]
    months = np.arange(nm)
    growth = (1.0 + rng.uniform(0.05, 0.2, (ni, nt, 1))) ** (months / 12.0)[None, None, :]
    noise = rng.normal(1.0, 0.08, (ni, nt, nm))
    town_values = np.round(base * growth * noise, 4)
    county = np.where(is_sum[:, None], town_values.sum(axis=1), town_values.mean(axis=1))
    values = np.concatenate([county[:, None, :], town_values], axis=1)  # (ni, nt + 1, nm)
    town_axis = np.concatenate([np.array([None], dtype=object), towns])
    frames["indicator_values"] = pd.DataFrame(
        {
            "period": np.tile(np.array(periods, dtype=object), ni * (nt + 1)),
            "indicator_code": np.repeat(codes, (nt + 1) * nm),
            "township_code": np.tile(np.repeat(town_axis, nm), ni),
            "value": values.reshape(-1),
        }
    )

    # Targets for every year and key: the year's expected amount × a factor (lights vary).
    years = sorted({int(p[:4]) for p in periods})
    per_year = values.reshape(ni, nt + 1, len(years), 12)
    expected = np.where(is_sum[:, None, None], per_year.sum(axis=3), per_year.mean(axis=3))
    factor = rng.uniform(0.9, 1.2, expected.shape)
    target = np.round(expected * factor, 2)
    frames["targets"] = pd.DataFrame(
        {
            "year": np.tile(np.array(years), ni * (nt + 1)),
            "indicator_code": np.repeat(codes, (nt + 1) * len(years)),
            "township_code": np.tile(np.repeat(town_axis, len(years)), ni),
            "target": target.reshape(-1),
            "stretch_target": np.where(
                rng.random(target.size) < 0.3, np.round(target.reshape(-1) * 1.1, 2), np.nan
            ),
        }
    )

    # Projects and their progress over the last two years.
    npj = scale.projects
    project_ids = _codes("XM", npj, len(str(npj)) + 1)
    leaders = cadres[np.isin(level, ["county", "unit"])]
    total = np.round(rng.lognormal(9.5, 1.0, npj), 0)
    start = pd.Timestamp(LAST_YEAR - 2, 1, 1) + pd.to_timedelta(rng.integers(0, 700, npj), "D")
    frames["projects"] = pd.DataFrame(
        {
            "project_id": project_ids,
            "name": [f"项目{p}" for p in project_ids],
            "township_code": np.where(rng.random(npj) < 0.1, None, towns[rng.integers(0, nt, npj)]),
            "level": rng.choice(
                ["provincial_key", "prefecture_major", "county"], npj, p=[0.05, 0.15, 0.8]
            ),
            "industrial": rng.random(npj) < 0.4,
            "total_investment": total,
            "year_plan": np.round(total * rng.uniform(0.2, 0.5, npj), 0),
            "lead_cadre_id": leaders[rng.integers(0, len(leaders), npj)],
            "planned_start": start,
            "planned_end": start + pd.to_timedelta(rng.integers(200, 1200, npj), "D"),
        }
    )
    progress_periods = periods[-24:]
    npp = len(progress_periods)
    invested = np.round(total[:, None] / 36.0 * rng.uniform(0.3, 1.7, (npj, npp)), 0)
    stalled = rng.random(npj) < 0.05
    invested[stalled, -4:] = 0.0
    stage = np.where(
        np.arange(npp)[None, :] < rng.integers(0, 6, npj)[:, None], "reserve", "construction"
    ).astype(object)
    done = rng.random(npj) < 0.15
    stage[done, -3:] = "completed"
    invested[stage == "reserve"] = np.nan
    frames["project_progress"] = pd.DataFrame(
        {
            "period": np.tile(np.array(progress_periods, dtype=object), npj),
            "project_id": np.repeat(project_ids, npp),
            "stage": stage.reshape(-1),
            "invested": invested.reshape(-1),
            "note": None,
        }
    )

    # Surveys of departments: three rounds a year for the last two years.
    surveyed = units[np.isin(category, ["vertical", "party_mass", "government"])]
    rows = []
    for year in (LAST_YEAR - 1, LAST_YEAR):
        dates = {1: dt.date(year - 1, 12, 15), 2: dt.date(year, 5, 20), 3: dt.date(year, 11, 18)}
        for rnd, day in dates.items():
            n = len(surveyed)
            rows.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "round": rnd,
                        "unit_code": surveyed,
                        "score": np.round(rng.normal(82, 6, n).clip(40, 100), 1),
                        "respondents": rng.integers(100, 500, n),
                        "survey_date": pd.Timestamp(day),
                    }
                )
            )
    frames["survey_results"] = pd.concat(rows, ignore_index=True)
    rows = []
    for year in (LAST_YEAR - 1, LAST_YEAR):
        keep = surveyed[rng.random(len(surveyed)) < 0.95]
        submitted = pd.Timestamp(year - 1, 12, 15) + pd.to_timedelta(
            rng.integers(2, 16, len(keep)), "D"
        )
        rows.append(
            pd.DataFrame(
                {
                    "year": year,
                    "round": 1,
                    "unit_code": keep,
                    "submitted_date": submitted,
                    "measures": "完善窗口服务规范，公开服务承诺",
                    "published": rng.random(len(keep)) < 0.9,
                }
            )
        )
    frames["rectifications"] = pd.concat(rows, ignore_index=True)
    ncp = len(surveyed) * 4
    frames["complaints"] = pd.DataFrame(
        {
            "complaint_id": _codes("TS", ncp, len(str(ncp)) + 1),
            "received_date": pd.Timestamp(LAST_YEAR - 1, 1, 1)
            + pd.to_timedelta(rng.integers(0, 730, ncp), "D"),
            "unit_code": surveyed[rng.integers(0, len(surveyed), ncp)],
            "channel": rng.choice(["hotline", "letter", "online", "other"], ncp),
            "verified": rng.random(ncp) < 0.4,
            "summary": "反映办事效率低",
        }
    )

    # Field activities in the campaign year, spans of 1–7 days.
    per = rng.poisson(scale.activities_per_cadre, nc).clip(1, None)
    na = int(per.sum())
    who = np.repeat(np.arange(nc), per)
    begin = pd.Timestamp(LAST_YEAR, 1, 1) + pd.to_timedelta(rng.integers(0, 360, na), "D")
    town_idx = rng.integers(0, nt, na)
    with_village = rng.random(na) < 0.6
    act_village = np.where(with_village, villages[town_idx * nv + rng.integers(0, nv, na)], None)
    content = rng.integers(0, len(_CONTENT), na)
    frames["field_activities"] = pd.DataFrame(
        {
            "activity_id": _codes("HD", na, len(str(na)) + 1),
            "cadre_id": cadres[who],
            "start_date": begin,
            "end_date": begin + pd.to_timedelta(rng.integers(0, 7, na), "D"),
            "township_code": towns[town_idx],
            "village_code": act_village,
            "help_type": np.array(HELP_TYPES, dtype=object)[rng.integers(0, 4, na)],
            "content": np.array(_CONTENT, dtype=object)[content],
            "outcome": np.array(_OUTCOME, dtype=object)[rng.integers(0, len(_OUTCOME), na)],
        }
    )

    # Petitions: about one case for every two leading cadres.
    leading = cadres[np.isin(level, ["county", "unit", "township"])]
    npt = max(len(leading) // 2, 10)
    received = pd.Timestamp(LAST_YEAR - 1, 10, 1) + pd.to_timedelta(rng.integers(0, 400, npt), "D")
    resolved = received + pd.to_timedelta(rng.integers(5, 120, npt), "D")
    resolved = resolved.where(
        (rng.random(npt) < 0.8) & (resolved <= pd.Timestamp(LAST_YEAR, 12, 31))
    )
    frames["petitions"] = pd.DataFrame(
        {
            "case_id": _codes("XF", npt, len(str(npt)) + 1),
            "cadre_id": leading[rng.integers(0, len(leading), npt)],
            "received_date": received,
            "resolved_date": resolved,
            "dispute_type": rng.choice(
                [
                    "labour",
                    "litigation",
                    "restructuring",
                    "land",
                    "mining",
                    "reservoir",
                    "subsidy",
                    "other",
                ],
                npt,
            ),
            "township_code": np.where(rng.random(npt) < 0.2, None, towns[rng.integers(0, nt, npt)]),
            "prominent": rng.random(npt) < 0.3,
        }
    )
    return frames


def write(frames: dict[str, pd.DataFrame], store: Store) -> None:
    """Every frame as one overwrite commit, master data first; the marker and an admin last."""
    from app.auth import add_account, get_account

    store.init(demo=False, metadata=META, write_marker=False)
    order = list(MASTER_ORDER) + [n for n in DATASETS if n not in MASTER_ORDER]
    for name in order:
        frame = frames.get(name)
        if frame is None:  # a dataset the bench does not generate (its table stays empty)
            continue
        if DATASETS[name].kind != "monthly":
            store.commit(name, frame, "overwrite", dict(META))
            continue
        # Monthly facts a month at a time, as uploads arrive: one Parquet file per month, so
        # a reader filtering on period skips the other files by their statistics.
        for i, (period, rows) in enumerate(frame.groupby("period", sort=True)):
            store.commit(
                name, rows, "overwrite" if i == 0 else "append", {**META, "period": period}
            )
    if get_account(store, ADMIN[0]) is None:
        add_account(store, ADMIN[0], ADMIN[1], "admin")
    store.write_info({"created": dt.datetime.now(dt.UTC), "demo": False, "bench_scale": True})


def generate(
    scale: str, out: str, force: bool = False, storage_options: dict | None = None
) -> Store:
    """The store of ``scale`` at ``out``; an existing complete one is kept unless ``force``."""
    store = Store(out, storage_options)
    if store.exists() and not force:
        return store
    if not store.is_remote and Path(out).exists():
        shutil.rmtree(out)
    write(build(SCALES[scale]), store)
    return store


def parquet_bytes(root: str) -> int:
    """Bytes of the Parquet files the current versions use (what a reader loads)."""
    from deltalake import DeltaTable

    total = 0
    for name in DATASETS:
        if not DeltaTable.is_deltatable(f"{root}/{name}"):
            continue  # a dataset the bench store does not hold (no rows yet: no table)
        table = DeltaTable(f"{root}/{name}")
        total += sum(
            int(s) for s in table.get_add_actions(flatten=True).column("size_bytes").to_pylist()
        )
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), required=True)
    parser.add_argument("--out", required=True, help="data directory to create")
    parser.add_argument("--force", action="store_true", help="rebuild an existing store")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if Store(args.out).exists() and not args.force:
        print(f"{args.out}: exists (use --force to rebuild)")
        return 0
    frames = build(SCALES[args.scale])
    built = time.perf_counter()
    if Path(args.out).exists():
        shutil.rmtree(args.out)
    store = Store(args.out)
    write(frames, store)
    done = time.perf_counter()
    rows = {name: len(frame) for name, frame in frames.items()}
    print(
        f"{args.scale}: {sum(rows.values()):,} rows "
        f"(indicator_values {rows['indicator_values']:,}, field_activities "
        f"{rows['field_activities']:,}); built {built - started:.1f} s, written "
        f"{done - built:.1f} s; Parquet {parquet_bytes(args.out) / 1e6:.1f} MB → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
