"""The three scales and the proportions every builder draws from.

Shape (units): a root, districts (province only), sub-districts, each with communities or
villages (kind ``community``), each with grids, and the sub-district's offices (科室). The
preset's groups compete communities (社区组) and offices (科室组); grids, sub-districts and
districts only roll records up.

Rates (per year unless said; ``w`` = the month's weight, mean 1, busiest March) — the same
at every scale, so the scales differ by their organisation only:

- visits: 0.5 a month per person of a grid, community or office (× w × the unit's
  diligence, 0.5–1.5); 1–2 participants; 60 % households, 20 % enterprises, 15 %
  communities, 5 % sites;
- matters: 15 % of visits raise one; per community a month 1.5 petitions, 1 hotline ticket,
  0.3 rectification items of 五破五提 (special_action), 0.4 mediation cases (with parties,
  sessions, an outcome); supervision days: one a month per sub-district, 6–10 units
  inspected, 0–3 findings each (rectification of supervision_day); outcomes: ~80 % closed on
  time, ~9 % closed late, some resolved or rated but not closed, ~4 % left open past the
  deadline (overdue), a few returned or escalated; 3–6 history rows each;
- activities: every community and office holds a first-topic study a month (6–9 people
  expected, ~90 % sign in, ~6 % of sessions cancelled or not held) and a 青城学院 sharing
  session a quarter; each sub-district a training round a month (a twelfth of its cadres
  expected); every community events (寻梦城河 6 months in 10, 迎亚运 5 in 10; 30–300 participants) and a
  party-alliance event every other month;
- key projects: 24 per sub-district owned by its communities and offices, 6–10 milestones,
  a progress report a month (the first six: one of each kind the preset scores); special actions 亚运环境整治 (communities) and 平安亚运 (all),
  a task a month each;
- scoring inputs: 6 resident and 3 deputy ratings per unit a month, a judging panel
  (5–7 judges) in March, June, September and December, a manual assessment for 90 % of units
  a month, 2–4 checklist items per community.
"""

from __future__ import annotations

from dataclasses import dataclass

# Jan … Dec. February is the Spring Festival; March the new-year visits (开年走访).
MONTH_WEIGHTS = (0.9, 0.6, 1.35, 1.0, 1.0, 1.1, 0.9, 0.85, 1.15, 0.9, 1.0, 1.25)
BUSIEST_MONTH = 1 + MONTH_WEIGHTS.index(max(MONTH_WEIGHTS))


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int  # 0: the root is the district itself
    subdistricts: tuple[int, int]  # per district (or under the root)
    communities: tuple[int, int]  # per sub-district
    grids: tuple[int, int]  # per community
    offices: tuple[int, int]  # per sub-district
    people: dict[str, tuple[int, int]]  # per unit, by kind


PEOPLE = {
    "district": (12, 18),
    "subdistrict": (24, 36),
    "community": (15, 29),
    "office": (8, 20),
    "grid": (5, 10),
}

SCALES = {
    # About Chengxiang Sub-district: 12 communities, 3–6 grids each, 8 offices.
    "street": Scale("street", 0, (1, 1), (12, 12), (3, 6), (8, 8), PEOPLE),
    # A district of 18 sub-districts: ~1,500 units, ~25,000 people.
    "district": Scale("district", 0, (18, 18), (10, 16), (3, 6), (7, 9), PEOPLE),
    # A province: 30 districts of 12–16 sub-districts: ~25,000 units, ~300,000 people.
    "province": Scale("province", 30, (12, 16), (10, 15), (2, 4), (6, 9), PEOPLE),
    # For tests: two sub-districts of a few communities.
    "tiny": Scale(
        "tiny",
        0,
        (2, 2),
        (3, 3),
        (2, 2),
        (2, 2),
        {**{k: (3, 5) for k in PEOPLE}, "subdistrict": (8, 10)},
    ),
}
