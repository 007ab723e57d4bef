"""The draw as a pure function of its published inputs: same seed, same draw; recusals always honoured; the
sample size per risk stratum and its rounding; fewer than two eligible inspectors flags the entity."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from onego.supervision import lottery
from onego.supervision.lottery import DrawInputs, Entity, InspectorRow

MULTIPLIERS = {"A": Decimal("0.5"), "B": Decimal(1), "C": Decimal(2), "D": Decimal(3)}


def entities(counts: dict[str, int]) -> list[Entity]:
    out = []
    for level, n in counts.items():
        for i in range(n):
            out.append(Entity(f"91440111{level}{i:09d}", f"主体{level}{i}", f"L{level}{i:04d}", level))
    return out


def inputs(
    seed: str = "00112233445566778899aabbccddeeff",
    *,
    counts: dict[str, int] | None = None,
    ratio: str = "0.1",
    inspectors: int = 6,
    recusals: dict[str, list[str]] | None = None,
) -> DrawInputs:
    return DrawInputs(
        seed=seed,
        matter="food-business",
        ratio=Decimal(ratio),
        multipliers=MULTIPLIERS,
        per_check=2,
        entities=entities(counts or {"A": 20, "B": 40, "C": 10, "D": 3}),
        inspectors=[InspectorRow(f"4401110100{i}", f"检查员{i}") for i in range(inspectors)],
        recusals=recusals or {},
    )


def drawn(result: lottery.DrawResult) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.entity.licence, p.inspectors) for p in result.picks]


def test_the_same_seed_and_registers_give_the_same_draw_and_log():
    first = lottery.run(inputs())
    again = lottery.run(inputs())

    assert drawn(first) == drawn(again)
    assert first.log == again.log
    assert (first.entity_digest, first.inspector_digest) == (again.entity_digest, again.inspector_digest)


def test_the_order_the_registers_are_read_in_does_not_change_the_draw():
    shuffled = inputs()
    shuffled.entities = list(reversed(shuffled.entities))
    shuffled.inspectors = list(reversed(shuffled.inspectors))

    assert drawn(lottery.run(shuffled)) == drawn(lottery.run(inputs()))


def test_a_different_seed_gives_a_different_draw():
    seeds = [f"{n:032x}" for n in range(20)]

    draws = {tuple(drawn(lottery.run(inputs(seed)))) for seed in seeds}

    assert len(draws) == len(seeds)


def test_the_draw_re_runs_from_the_published_json():
    original = inputs(recusals={"91440111B000000001": ["44011101000"]})
    published = json.loads(json.dumps(original.as_dict(), ensure_ascii=False))

    assert drawn(lottery.run(DrawInputs.from_dict(published))) == drawn(lottery.run(original))


def test_a_changed_register_changes_its_digest():
    before = lottery.run(inputs())
    one_more = inputs(counts={"A": 21, "B": 40, "C": 10, "D": 3})

    after = lottery.run(one_more)

    assert after.entity_digest != before.entity_digest
    assert after.inspector_digest == before.inspector_digest


@pytest.mark.parametrize(
    ("population", "ratio", "level", "rate", "size"),
    [
        (40, "0.1", "B", "0.1", 4),  # exact
        (41, "0.1", "B", "0.1", 5),  # 4.1 rounds up
        (20, "0.1", "A", "0.05", 1),  # 1.0 exactly
        (19, "0.1", "A", "0.05", 1),  # 0.95 rounds up: a non-empty stratum yields at least one
        (3, "0.1", "D", "0.3", 1),  # 0.9
        (10, "0.1", "C", "0.2", 2),
        (10, "0.5", "D", "1", 10),  # 1.5 capped at 1: everyone
        (0, "0.1", "D", "0.3", 0),  # empty stratum
        (7, "0.3333", "C", "0.6666", 5),  # 4.6662 up
    ],
)
def test_sample_size_per_stratum_is_population_times_capped_rate_rounded_up(
    population, ratio, level, rate, size
):
    got_rate, got_size = lottery.sample_size(population, Decimal(ratio), MULTIPLIERS[level])

    assert (got_rate, got_size) == (Decimal(rate), size)


def test_each_stratum_is_sampled_at_its_tilted_rate():
    result = lottery.run(inputs(counts={"A": 20, "B": 40, "C": 10, "D": 3}, ratio="0.1"))

    by_level: dict[str, int] = {}
    for pick in result.picks:
        by_level[pick.entity.risk] = by_level.get(pick.entity.risk, 0) + 1
    strata = [
        (s["level"], s["population"], s["rate"], s["sample"]) for s in result.log if s["step"] == "stratum"
    ]

    assert by_level == {"A": 1, "B": 4, "C": 2, "D": 1}
    assert strata == [
        ("A", 20, "0.0500", 1),
        ("B", 40, "0.1000", 4),
        ("C", 10, "0.2000", 2),
        ("D", 3, "0.3000", 1),
    ]


def test_every_drawn_entity_gets_two_distinct_inspectors():
    result = lottery.run(inputs())

    assert result.picks
    assert all(len(set(p.inspectors)) == 2 and not p.unstaffed for p in result.picks)


def test_a_recused_inspector_is_never_drawn_for_that_entity_over_many_seeds():
    # every entity is drawn (ratio 1) and inspector 0 is recused for entity B0, inspectors 1 and 2 for B1
    recusals = {"91440111B000000000": ["44011101000"], "91440111B000000001": ["44011101001", "44011101002"]}
    seen_elsewhere: set[str] = set()
    for n in range(300):
        result = lottery.run(
            inputs(f"{n:x}seed", counts={"B": 3}, ratio="1", inspectors=4, recusals=recusals)
        )
        picks = {p.entity.code: p.inspectors for p in result.picks}
        assert "44011101000" not in picks["91440111B000000000"]
        assert not {"44011101001", "44011101002"} & set(picks["91440111B000000001"])
        seen_elsewhere.update(picks["91440111B000000002"])

    # the recused inspectors are still drawn for entities they have no conflict with
    assert {"44011101000", "44011101001", "44011101002"} <= seen_elsewhere


def test_fewer_than_two_eligible_inspectors_flags_the_entity_instead_of_sending_one():
    recusals = {"91440111B000000000": ["44011101000", "44011101001"]}

    result = lottery.run(inputs(counts={"B": 2}, ratio="1", inspectors=3, recusals=recusals))

    picks = {p.entity.code: p for p in result.picks}
    assert picks["91440111B000000000"].unstaffed and picks["91440111B000000000"].inspectors == ()
    assert not picks["91440111B000000001"].unstaffed and len(picks["91440111B000000001"].inspectors) == 2
    step = next(s for s in result.log if s.get("entity", "").startswith("91440111B000000000"))
    assert step == {
        "step": "inspectors",
        "entity": "91440111B000000000/LB0000",
        "recused": ["44011101000", "44011101001"],
        "eligible": 1,
        "drawn": [],
        "unstaffed": True,
    }


def test_one_inspector_per_check_is_refused():
    one = inputs()
    one.per_check = 1

    with pytest.raises(ValueError, match="at least 2"):
        lottery.run(one)


def test_the_algorithm_is_the_published_hmac_order():
    """The documented rule, re-implemented here by hand: a reader can check a draw without OneGo."""
    import hashlib
    import hmac

    seed = "feedface"
    result = lottery.run(inputs(seed, counts={"B": 10}, ratio="0.2"))
    keys = sorted(
        (
            hmac.new(seed.encode(), f"entity|B|{e.code}|{e.licence}".encode(), hashlib.sha256).hexdigest(),
            e.licence,
        )
        for e in entities({"B": 10})
    )

    assert [p.entity.licence for p in result.picks] == [licence for _, licence in keys[:2]]
