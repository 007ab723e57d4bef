"""A run's facts snapshot (数据快照, `policies.snapshots`): kept once per run in blocks, read back per result."""

from __future__ import annotations

from typing import Any

import pytest

from onego.policies import snapshots
from onego.policies.models import MatchResult, RunFacts
from onego.policies.tests import factories
from onego.policies.tests.factories import DEMO_CODE, SMALL_CODE, UNKNOWN_CODE, put_facts, run_now
from onego.registry.models import EnterpriseFact


@pytest.fixture
def world(demo: Any) -> factories.StaffWorld:
    return factories.staff_world()


def test_the_snapshot_keeps_what_the_run_read_in_code_order_blocks_and_answers_across_them(
    world, monkeypatch
):
    # given blocks of two enterprises, so the run's enterprises (the world's three and any the demo gave these
    # facts) span several
    monkeypatch.setattr(snapshots, "BLOCK", 2)
    run = run_now(world.policy, world.officer)
    blocks = list(RunFacts.objects.filter(run=run))
    assert len(blocks) >= 2 and all(len(block.codes) == 2 for block in blocks[:-1])
    codes = [code for block in blocks for code in block.codes]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert [block.first_code for block in blocks] == [block.codes[0] for block in blocks]
    assert all(len(column) == len(block.codes) for block in blocks for column in block.facts.values())
    # when facts are looked up for codes in different blocks, one the run never saw, and only some keys
    found = snapshots.facts_of(
        run.pk,
        [SMALL_CODE, DEMO_CODE, UNKNOWN_CODE, "91440111MA5ZZZZZ9X", codes[0]],
        ["headcount", "serious_bad_credit"],
    )
    # then each answers with the values it had, missing ones left out, the stranger absent
    assert found[DEMO_CODE] == {"headcount": 35, "serious_bad_credit": False}
    assert found[UNKNOWN_CODE] == {"headcount": 50}
    assert "91440111MA5ZZZZZ9X" not in found
    assert found[SMALL_CODE] == {"headcount": 8, "serious_bad_credit": False}
    assert set(found) == {SMALL_CODE, DEMO_CODE, UNKNOWN_CODE, codes[0]}


def test_a_result_keeps_the_facts_it_was_decided_on_when_the_facts_change(world):
    # given a run, then the demo enterprise's headcount corrected
    run = run_now(world.policy, world.officer)
    put_facts(DEMO_CODE, headcount=12)
    assert EnterpriseFact.objects.get(entity_code=DEMO_CODE, fact__key="headcount").int_value == 12
    # then its stored result still shows the headcount the run read
    result = MatchResult.objects.select_related("entry__version").get(entry__run=run, entity_code=DEMO_CODE)
    assert snapshots.result_facts(result) == {
        "above_scale": True,
        "headcount": 35,
        "serious_bad_credit": False,
    }
    # and a not-eligible enterprise, not stored, is still in the snapshot
    assert snapshots.facts_of(run.pk, [SMALL_CODE])[SMALL_CODE]["headcount"] == 8
