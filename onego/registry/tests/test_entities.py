"""Credit codes assigned to newly registered entities (GB 32100 structure, GB 11714 organisation code)."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc

from onego.registry import entities
from onego.registry.models import CreditCodeSequence, MarketEntity


def test_the_organisation_code_check_character_follows_gb_11714():
    # the standard's own example: D2143569-X
    assert entities.organisation_check("D2143569") == "X"
    assert entities.organisation_check("MA000001") == "5"


def test_a_built_credit_code_has_the_gb_32100_parts_and_a_valid_check_character():
    code = entities.build_credit_code("440111", 1)

    assert code == "91440111MA0000015M"
    assert (code[0], code[1], code[2:8], code[8:10]) == ("9", "1", "440111", "MA")
    assert uscc.is_valid(code)
    assert entities.build_credit_code("440111", 1, entities.CATEGORY_INDIVIDUAL).startswith("92440111")


@pytest.mark.parametrize(
    ("entity_type", "category"),
    [("有限责任公司（自然人投资或控股）", "1"), ("个体工商户", "2"), ("农民专业合作社", "3"), ("", "1")],
)
def test_the_entity_category_comes_from_the_entity_type(entity_type, category):
    assert entities.category_for(entity_type) == category


@pytest.mark.django_db
def test_codes_are_assigned_in_sequence_per_region_skipping_codes_the_register_holds():
    MarketEntity.objects.create(credit_code=entities.build_credit_code("440111", 2), name="已导入的企业")

    first = entities.assign_credit_code("440111")
    second = entities.assign_credit_code("440111")
    elsewhere = entities.assign_credit_code("440106")

    assert first == entities.build_credit_code("440111", 1)
    assert second == entities.build_credit_code("440111", 3)  # serial 2 is taken by an imported entity
    assert elsewhere == entities.build_credit_code("440106", 1)
    assert CreditCodeSequence.objects.get(region_code="440111").last_serial == 3
    assert all(uscc.is_valid(c) for c in (first, second, elsewhere))


def test_a_region_code_that_is_not_six_digits_is_refused():
    with pytest.raises(ValueError, match="6 digits"):
        entities.assign_credit_code("4401")
