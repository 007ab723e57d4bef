"""The rules of the service-star ranking, as pure functions (table tests: onego/staffstars/tests/test_ranking.py).

- **Quota**: ceil(quota_percent × n / 100), at least one when anyone is ranked: 15 % of 13 people = 1.95 → 2.
- **Total**: Σ score × weight / 100 over the seven dimensions, each score 0–100, weights summing to 100; two
  decimals, half up.
- **Missing scores**: a missing entered score (attendance, appearance, work style, discipline) counts as 0 in
  the draft's total, is flagged on the page, and blocks approval until the managers enter it. Computed scores
  are never missing.
- **Ties**: order by total, then the ratings score, then the complaints score (fewer complaints), then the volume
  score, all descending; people equal on all four share a rank (1, 2, 2, 4). Everyone whose rank is within the
  quota is named, so a tie at the last place names all of them even past the quota.
- **Volume, normalised by item mix**: a window's count is compared with what people handling the same items
  handle. For each item i (a visit with no accepted case counts as the item "visit without a case"),
  a_i = the centre's units of i in the quarter / the number of staff who handled i. A person who handled n_s,i
  units expects E_s = Σ_i n_s,i × a_i / n_s units; their ratio is r_s = n_s / E_s (1 = as many as their peers on
  the same items), and the score is 100 × r_s / max r over the centre (0 for someone who handled nothing). A
  window that alone handles a slow item (the seed's window 7, 715 cases against window 3's 5,197) is compared
  with itself on that item and is not punished for its mix.
- **Ratings**: (average grade − 1) / 4 × 100 (5 → 100, 3 → 50, 1 → 0) from the person's 好差评 ratings of the
  quarter (default ratings included, as published); with fewer than `min_ratings` ratings the score is the
  centre's average ratings score of those with enough (50 when nobody has), marked as too few.
- **Complaints**: 100 − penalty × (upheld 12345 complaints + upheld bad reviews), not below 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quota(people: int, percent: int) -> int:
    """How many stars a centre names among `people`: ceil(percent % of them), at least 1 (0 if nobody)."""
    if people <= 0:
        return 0
    return max(1, -(-people * percent // 100))


@dataclass(frozen=True)
class VolumeDetail:
    units: int  # cases accepted at the window + visits served with no case
    expected: Decimal  # E_s: what peers on the same items handle
    ratio: Decimal  # r_s = units / expected
    score: Decimal


def volume_scores(units: Mapping[int, Mapping[str, int]]) -> dict[int, VolumeDetail]:
    """Scores of volume from {staff: {item key: units}}; see the module docstring."""
    item_units: dict[str, int] = {}
    item_staff: dict[str, int] = {}
    for per_item in units.values():
        for item, n in per_item.items():
            if n > 0:
                item_units[item] = item_units.get(item, 0) + n
                item_staff[item] = item_staff.get(item, 0) + 1
    average = {item: Decimal(item_units[item]) / item_staff[item] for item in item_units}
    ratios: dict[int, tuple[int, Decimal, Decimal]] = {}
    for staff, per_item in units.items():
        n = sum(v for v in per_item.values() if v > 0)
        if n == 0:
            ratios[staff] = (0, Decimal(0), Decimal(0))
            continue
        expected = sum((Decimal(v) * average[item] for item, v in per_item.items() if v > 0), Decimal(0)) / n
        ratios[staff] = (n, expected, Decimal(n) / expected)
    best = max((r for _n, _e, r in ratios.values()), default=Decimal(0))
    return {
        staff: VolumeDetail(
            units=n,
            expected=q2(expected),
            ratio=r.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
            score=q2(HUNDRED * r / best) if best > 0 else Decimal(0),
        )
        for staff, (n, expected, r) in ratios.items()
    }


@dataclass(frozen=True)
class RatingsDetail:
    count: int
    average: Decimal | None  # average grade, None without ratings
    score: Decimal
    too_few: bool  # fewer than the minimum: the centre's average score stands in


def grade_score(count: int, grade_sum: int) -> Decimal:
    return q2((Decimal(grade_sum) / count - 1) / 4 * HUNDRED)


def ratings_scores(ratings: Mapping[int, tuple[int, int]], minimum: int) -> dict[int, RatingsDetail]:
    """Scores of ratings from {staff: (count, grade sum)}; see the module docstring."""
    enough = {s: grade_score(c, g) for s, (c, g) in ratings.items() if c > 0 and c >= minimum}
    fallback = q2(sum(enough.values(), Decimal(0)) / len(enough)) if enough else q2(HUNDRED / 2)
    out: dict[int, RatingsDetail] = {}
    for staff, (count, grade_sum) in ratings.items():
        average = (Decimal(grade_sum) / count).quantize(CENT, rounding=ROUND_HALF_UP) if count else None
        if staff in enough:
            out[staff] = RatingsDetail(count, average, enough[staff], False)
        else:
            out[staff] = RatingsDetail(count, average, fallback, True)
    return out


def complaints_score(count: int, penalty: int) -> Decimal:
    return max(Decimal(0), HUNDRED - Decimal(penalty) * count)


@dataclass
class Person:
    staff_id: int
    scores: dict[str, Decimal | None]  # dimension → score 0–100, None when missing
    total: Decimal = Decimal(0)
    rank: int = 0
    is_star: bool = False
    missing: list[str] = field(default_factory=list)

    def tie_key(self, *, ratings: str, complaints: str, volume: str) -> tuple[Decimal, ...]:
        return (
            self.total,
            self.scores.get(ratings) or Decimal(0),
            self.scores.get(complaints) or Decimal(0),
            self.scores.get(volume) or Decimal(0),
        )


def total(scores: Mapping[str, Decimal | None], weights: Mapping[str, int]) -> Decimal:
    return q2(sum(((scores.get(d) or Decimal(0)) * w for d, w in weights.items()), Decimal(0)) / HUNDRED)


def rank(
    people: Iterable[Person],
    weights: Mapping[str, int],
    percent: int,
    *,
    ratings: str = "ratings",
    complaints: str = "complaints",
    volume: str = "volume",
) -> list[Person]:
    """Total, rank and name the people (in place); returns them best first. See the module docstring."""
    ranked: Sequence[Person] = list(people)
    for p in ranked:
        p.missing = [d for d in weights if p.scores.get(d) is None]
        p.total = total(p.scores, weights)

    def key(p: Person) -> tuple[Decimal, ...]:
        return p.tie_key(ratings=ratings, complaints=complaints, volume=volume)

    ordered = sorted(ranked, key=lambda p: (tuple(-v for v in key(p)), p.staff_id))
    named = quota(len(ordered), percent)
    for position, p in enumerate(ordered):
        if position > 0 and key(p) == key(ordered[position - 1]):
            p.rank = ordered[position - 1].rank
        else:
            p.rank = position + 1
        p.is_star = p.rank <= named
    return ordered
