"""Build the demo county's master data: townships, villages, units, cadres and pairings.

``_build_county()`` draws names and pairings from the tables of ``app.demo.data`` and
returns the master rows with the look-ups the fact tables need (who leads and who is the
liaison of each unit, where each cadre goes to the grassroots) as a ``_County``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from app.demo.build_helpers import _rng
from app.demo.data import (
    _COUNTY_LEADERS,
    _DEPARTMENTS,
    _GIVEN_ONE,
    _GIVEN_TWO,
    _GROUP_SIZES,
    _ONE_POOR_VILLAGE,
    _SEAT_COMMUNITIES,
    _SURNAMES,
    _TOWNSHIPS,
    _VILLAGE_FORMS,
    _VILLAGE_STEMS,
)


@dataclass
class _County:
    """The master data being built, with the look-ups the facts need."""

    townships: list[dict[str, Any]]
    villages: list[dict[str, Any]]
    units: list[dict[str, Any]]
    cadres: list[dict[str, Any]]
    pairings: list[dict[str, Any]]
    unit_by_name: dict[str, str]
    leader_of: dict[str, str]  # department unit_code -> its unit leader
    liaison_of: dict[str, str]  # unit_code (department or township) -> its liaison
    township_leaders: dict[str, list[str]]  # township_code -> its two leaders
    villages_of: dict[str, list[str]]
    poor_villages_of: dict[str, list[str]]
    places_of: dict[str, list[tuple[str, str | None]]]  # cadre_id -> (township, village)
    home_township: dict[str, str]  # cadre_id -> the township it mostly works in
    county_leaders: list[str]


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct personal names, common surnames more often."""
    weights = [1.0 / (1 + k / 12) for k in range(len(_SURNAMES))]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        surname = rng.choices(_SURNAMES, weights)[0]
        given = rng.choice(_GIVEN_TWO) if rng.random() < 0.7 else rng.choice(_GIVEN_ONE)
        if surname + given not in seen:
            seen.add(surname + given)
            out.append(surname + given)
    return out


def _build_county() -> _County:
    rng = _rng("master")
    townships = [{"township_code": c, "name": n} for c, n, _, _ in _TOWNSHIPS]
    group_townships = [c for c, _, group, _ in _TOWNSHIPS if group]
    paired_townships = [c for c, _, group, _ in _TOWNSHIPS if not group]

    # Villages: 5–9 per township, names unique in the county.
    names = [s + f + "村" for s in _VILLAGE_STEMS for f in _VILLAGE_FORMS if not s.endswith(f)]
    rng.shuffle(names)
    villages: list[dict[str, Any]] = []
    villages_of: dict[str, list[str]] = {}
    poor_villages_of: dict[str, list[str]] = {}
    for code, _, group, _ in _TOWNSHIPS:
        count = 9 if code == "01" else rng.randint(5, 9)
        own = list(_SEAT_COMMUNITIES) if code == "01" else []
        while len(own) < count:
            own.append(names.pop())
        poor = 1 if code == _ONE_POOR_VILLAGE else 2
        poor_idx = sorted(rng.sample(range(count), poor)) if group else []
        villages_of[code] = []
        poor_villages_of[code] = []
        for k, name in enumerate(own):
            village_code = f"{code}{k + 1:02d}"
            villages.append(
                {
                    "village_code": village_code,
                    "name": name,
                    "township_code": code,
                    "extremely_poor": k in poor_idx,
                }
            )
            villages_of[code].append(village_code)
            if k in poor_idx:
                poor_villages_of[code].append(village_code)

    # Units: departments 001–101, then one unit per township (2 + township code).
    units = [
        {"unit_code": f"{k + 1:03d}", "name": name, "category": category}
        for k, (name, category, _) in enumerate(_DEPARTMENTS)
    ]
    units += [
        {"unit_code": f"2{c}", "name": n, "category": "township"} for c, n, _, _ in _TOWNSHIPS
    ]
    unit_by_name = {u["name"]: u["unit_code"] for u in units}
    departments = units[: len(_DEPARTMENTS)]

    # Cadres: county leaders, then leader + liaison per department, then per township.
    people = iter(_names(rng, _COUNTY_LEADERS + 2 * len(departments) + 3 * len(_TOWNSHIPS)))
    cadres: list[dict[str, Any]] = []

    def add(unit_code: str, level: str) -> str:
        cadre_id = f"C{len(cadres) + 1:04d}"
        cadres.append(
            {"cadre_id": cadre_id, "name": next(people), "unit_code": unit_code, "level": level}
        )
        return cadre_id

    county_leaders = [
        add(unit_by_name["县委办公室" if k < _COUNTY_LEADERS // 2 else "县政府办公室"], "county")
        for k in range(_COUNTY_LEADERS)
    ]
    leader_of: dict[str, str] = {}
    liaison_of: dict[str, str] = {}
    for unit in departments:
        leader_of[unit["unit_code"]] = add(unit["unit_code"], "unit")
        liaison_of[unit["unit_code"]] = add(unit["unit_code"], "liaison")
    township_leaders: dict[str, list[str]] = {}
    for code, _, _, _ in _TOWNSHIPS:
        township_leaders[code] = [add(f"2{code}", "township"), add(f"2{code}", "township")]
        liaison_of[f"2{code}"] = add(f"2{code}", "liaison")

    # Pairings. 集团帮扶: the 69 split into 9 groups, each led by a county leader (C0001–C0009);
    # a unit's row names the township and, for two units in three, one of its 极贫村.
    pairings: list[dict[str, Any]] = []
    places_of: dict[str, list[tuple[str, str | None]]] = {c: [] for c in county_leaders}
    home_township: dict[str, str] = {}
    schemes = [(d["unit_code"], spec[2]) for d, spec in zip(departments, _DEPARTMENTS, strict=True)]
    group_units = [code for code, scheme in schemes if scheme == "g"]
    paired_units = [code for code, scheme in schemes if scheme == "p"]
    rng.shuffle(group_units)
    start = 0
    for k, (township, size) in enumerate(zip(group_townships, _GROUP_SIZES, strict=True)):
        lead = county_leaders[k]
        poor = poor_villages_of[township]
        for j, unit_code in enumerate(group_units[start : start + size]):
            village = None if j % 3 == 0 else poor[(j - j // 3 - 1) % len(poor)]
            pairings.append(
                {
                    "unit_code": unit_code,
                    "township_code": township,
                    "village_code": village,
                    "contact_cadre_id": lead,
                    "scheme": "group",
                }
            )
        places_of[lead] += [(township, v) for v in poor] + [(township, None)]
        start += size
    # 对口联系: 32 units, 2 villages in each of the 16 other townships; county leaders
    # C0010–C0020 are the contact leaders.
    rng.shuffle(paired_units)
    rural = {v["village_code"] for v in villages if v["name"].endswith("村")}
    paired_villages = [
        (t, v)
        for t in paired_townships
        for v in sorted(rng.sample([v for v in villages_of[t] if v in rural], 2))
    ]
    contacts = county_leaders[len(group_townships) :]
    paired = zip(paired_units, paired_villages, strict=True)
    for k, (unit_code, (township, village)) in enumerate(paired):
        lead = contacts[k % len(contacts)]
        pairings.append(
            {
                "unit_code": unit_code,
                "township_code": township,
                "village_code": village,
                "contact_cadre_id": lead,
                "scheme": "paired",
            }
        )
        places_of[lead].append((township, village))

    # Where each department's and township's cadres go to the grassroots.
    for row in pairings:
        township, village = row["township_code"], row["village_code"]
        spots = [(township, village)] if village else [(township, v) for v in villages_of[township]]
        for cadre_id in (leader_of[row["unit_code"]], liaison_of[row["unit_code"]]):
            places_of[cadre_id] = spots + [(township, None)]
            home_township[cadre_id] = township
    for code, _, _, _ in _TOWNSHIPS:
        for cadre_id in township_leaders[code] + [liaison_of[f"2{code}"]]:
            places_of[cadre_id] = [(code, v) for v in villages_of[code]] + [(code, None)]
            home_township[cadre_id] = code
    for lead in county_leaders:
        home_township[lead] = places_of[lead][0][0]

    return _County(
        townships=townships,
        villages=villages,
        units=units,
        cadres=cadres,
        pairings=pairings,
        unit_by_name=unit_by_name,
        leader_of=leader_of,
        liaison_of=liaison_of,
        township_leaders=township_leaders,
        villages_of=villages_of,
        poor_villages_of=poor_villages_of,
        places_of=places_of,
        home_township=home_township,
        county_leaders=county_leaders,
    )
