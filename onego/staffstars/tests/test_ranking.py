"""Table tests of the star ranking's rules (onego.staffstars.ranking): the quota, weights, ties, missing scores,
the volume normalisation by item mix, and the ratings and complaints scores."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from onego.staffstars import ranking
from onego.staffstars.ranking import Person

WEIGHTS = {
    "attendance": 10,
    "appearance": 10,
    "work_style": 15,
    "discipline": 15,
    "volume": 20,
    "ratings": 20,
    "complaints": 10,
}


def person(staff_id: int, **scores: object) -> Person:
    base: dict[str, D | None] = {d: D(80) for d in WEIGHTS}
    for key, value in scores.items():
        base[key] = None if value is None else D(str(value))
    return Person(staff_id, base)


@pytest.mark.parametrize(
    ("people", "percent", "stars"),
    [
        (0, 15, 0),
        (1, 15, 1),
        (6, 15, 1),  # 0.9 → 1
        (7, 15, 2),  # 1.05 → 2
        (13, 15, 2),  # 1.95 → 2 (the example)
        (20, 15, 3),  # exactly 3
        (21, 15, 4),  # 3.15 → 4
        (100, 15, 15),
        (1000, 15, 150),
        (3, 100, 3),
    ],
)
def test_the_quota_is_the_ceiling_of_the_percentage_and_at_least_one(people, percent, stars):
    assert ranking.quota(people, percent) == stars


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({d: 100 for d in WEIGHTS}, D("100.00")),
        ({d: 0 for d in WEIGHTS}, D("0.00")),
        ({**{d: 0 for d in WEIGHTS}, "volume": 100}, D("20.00")),  # the weight of volume
        ({**{d: 0 for d in WEIGHTS}, "work_style": 33.33}, D("5.00")),  # 4.9995 → 5.00 half up
        ({**{d: 100 for d in WEIGHTS}, "attendance": None}, D("90.00")),  # a missing score counts 0
    ],
)
def test_the_total_weighs_each_dimension(scores, expected):
    values = {k: None if v is None else D(str(v)) for k, v in scores.items()}
    assert ranking.total(values, WEIGHTS) == expected


def test_thirteen_people_name_two_stars():
    people = [person(i, volume=50 + i) for i in range(1, 14)]

    ordered = ranking.rank(people, WEIGHTS, 15)

    assert [p.staff_id for p in ordered if p.is_star] == [13, 12]
    assert [p.rank for p in ordered][:3] == [1, 2, 3]


@pytest.mark.parametrize(
    ("people", "stars", "ranks"),
    [
        # equal totals: the higher ratings score goes first
        (
            [person(1, ratings=90, volume=70), person(2, ratings=70, volume=90), person(3, volume=10)],
            [1],
            {1: 1, 2: 2, 3: 3},
        ),
        # equal totals and ratings: fewer complaints (a higher complaints score) first
        (
            [person(1, complaints=60, volume=100), person(2, complaints=100, volume=80), person(3, volume=0)],
            [2],
            {2: 1, 1: 2, 3: 3},
        ),
        # equal on all four: both share first place and both are named, past the quota of one
        (
            [person(1), person(2), person(3, volume=0)],
            [1, 2],
            {1: 1, 2: 1, 3: 3},
        ),
    ],
)
def test_ties_are_broken_by_ratings_then_complaints_then_volume_and_else_shared(people, stars, ranks):
    ordered = ranking.rank(people, WEIGHTS, 15)

    assert sorted(p.staff_id for p in ordered if p.is_star) == stars
    assert {p.staff_id: p.rank for p in ordered} == ranks


def test_a_tie_at_the_last_place_of_thirteen_names_three():
    people = [person(i, volume=10) for i in range(1, 12)] + [person(12, volume=90), person(13, volume=50)]
    people.append(person(14, volume=50))  # 14 people: quota ceil(2.1) = 3
    people = people[1:]  # back to 13: quota 2; 13 and 14 tie for second

    ordered = ranking.rank(people, WEIGHTS, 15)

    assert ranking.quota(len(people), 15) == 2
    assert sorted(p.staff_id for p in ordered if p.is_star) == [12, 13, 14]
    assert {p.staff_id: p.rank for p in ordered if p.is_star} == {12: 1, 13: 2, 14: 2}


def test_missing_entered_scores_are_flagged_and_count_as_zero():
    people = [person(1, attendance=None, discipline=None), person(2)]

    ordered = ranking.rank(people, WEIGHTS, 15)

    by_id = {p.staff_id: p for p in ordered}
    assert by_id[1].missing == ["attendance", "discipline"]
    assert by_id[2].missing == []
    assert by_id[1].total == D("80") - D("80") * 25 / 100  # 60.00: 25 % of the weight scored 0
    assert [p.staff_id for p in ordered] == [2, 1]


def test_weights_decide_who_wins():
    a = person(1, volume=100, ratings=40)
    b = person(2, volume=40, ratings=100)
    volume_heavy = {**WEIGHTS, "volume": 30, "ratings": 10}

    assert ranking.rank([a, b], WEIGHTS, 15)[0].staff_id == 2  # equal totals: ratings decides
    assert (
        ranking.rank(
            [person(1, volume=100, ratings=40), person(2, volume=40, ratings=100)], volume_heavy, 15
        )[0].staff_id
        == 1
    )


def test_volume_is_normalised_against_the_item_mix():
    """The seed's windows: window 3 handles a quick item with a colleague, window 7 alone handles a slow one.
    Raw counts would rank window 7 last; against their item mix both handle what is expected."""
    units = {
        3: {"quick": 5197},
        4: {"quick": 4000},
        7: {"slow": 715},
        8: {"quick": 1000, "slow": 0},
        9: {},
    }

    scores = ranking.volume_scores(units)

    # quick: (5197 + 4000 + 1000) / 3 = 3399 per person; slow: 715 / 1 = 715
    assert scores[3].expected == D("3399.00")
    assert scores[3].ratio == D("1.529")
    assert scores[7].ratio == D("1.000")  # alone on the slow item: exactly as expected
    assert scores[3].score == D("100.00")
    assert scores[7].score == D("65.40")  # 1 / 1.529 → well above window 8's 0.294
    assert scores[8].score == D("19.24")
    assert scores[9] == ranking.VolumeDetail(0, D(0), D(0), D(0))


def test_volume_of_a_mixed_window_expects_the_weighted_average_of_its_items():
    units = {1: {"a": 100, "b": 100}, 2: {"a": 300}, 3: {"b": 20}}

    scores = ranking.volume_scores(units)

    # a: 400 / 2 = 200; b: 120 / 2 = 60; person 1 expects (100 × 200 + 100 × 60) / 200 = 130
    assert scores[1].expected == D("130.00")
    assert scores[2].ratio == D("1.500")
    assert scores[3].ratio == D("0.333")
    assert scores[1].ratio == D("1.538")  # 200 handled against 130 expected: the best of the three
    assert (scores[1].score, scores[2].score) == (D("100.00"), D("97.50"))


@pytest.mark.parametrize(
    ("ratings", "minimum", "expected"),
    [
        ({1: (20, 100)}, 20, {1: (D("100.00"), False)}),  # all 非常满意
        ({1: (20, 60)}, 20, {1: (D("50.00"), False)}),  # all 基本满意
        ({1: (20, 20)}, 20, {1: (D("0.00"), False)}),
        # too few: the average of those with enough stands in
        ({1: (20, 100), 2: (20, 60), 3: (5, 5)}, 20, {1: (D("100.00"), False), 3: (D("75.00"), True)}),
        ({1: (0, 0)}, 20, {1: (D("50.00"), True)}),  # nobody has enough: 50
    ],
)
def test_ratings_score_with_a_minimum_count(ratings, minimum, expected):
    scores = ranking.ratings_scores(ratings, minimum)

    assert {s: (scores[s].score, scores[s].too_few) for s in expected} == expected


@pytest.mark.parametrize(("count", "score"), [(0, 100), (1, 80), (4, 20), (5, 0), (9, 0)])
def test_each_upheld_complaint_costs_its_penalty(count, score):
    assert ranking.complaints_score(count, 20) == D(score)
