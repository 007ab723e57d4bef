"""The food business licence on-site checklists (食品经营许可现场核查表) and their pass rules.

Pure Python: no database. The pass rules are tested at their limits, for every business type of the form.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from onego.inspection.checklists import (
    BUSINESS_TYPE_TABLES,
    CHECKLISTS,
    Area,
    Level,
    PassRule,
    Verdict,
    VerdictError,
    checklist_for,
    evaluate,
    parse_verdict,
    pass_rule_for,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def verdicts_failing(business_type: str, *, key: int = 0, major: int = 0, general: int = 0) -> dict[str, str]:
    """Every item judged: the first `key` key items, `major` major items and `general` general items of the
    business type's checklist fail (不符合); the rest pass (符合)."""
    checklist = checklist_for(business_type)
    verdicts = {code: "pass" for code in checklist.codes}
    for level, count in ((Level.KEY, key), (Level.MAJOR, major), (Level.GENERAL, general)):
        items = checklist.items_at(level)
        assert count <= len(items), f"{checklist.key} has only {len(items)} {level} items"
        for item in items[:count]:
            verdicts[item.code] = "fail"
    return verdicts


# ---------------------------------------------------------------------------------------------------------
# The tables


@pytest.mark.parametrize(
    ("table", "total", "key", "major", "general"),
    [
        ("small_catering", 43, 17, 18, 8),
        ("restaurant_canteen", 48, 15, 22, 11),
        ("central_kitchen", 60, 23, 26, 11),
        ("prepackaged_retail", 15, 5, 6, 4),
    ],
)
def test_each_table_has_its_number_of_items_at_each_level(table, total, key, major, general):
    checklist = CHECKLISTS[table]

    assert len(checklist.items) == total
    assert {level: len(checklist.items_at(level)) for level in Level} == {
        Level.KEY: key,
        Level.MAJOR: major,
        Level.GENERAL: general,
    }


def test_there_are_exactly_the_four_tables():
    assert set(CHECKLISTS) == {
        "small_catering",
        "restaurant_canteen",
        "central_kitchen",
        "prepackaged_retail",
    }


def test_item_codes_are_unique_across_all_tables_and_numbered_under_the_table_prefix():
    all_codes = [code for checklist in CHECKLISTS.values() for code in checklist.codes]

    assert len(all_codes) == len(set(all_codes))
    for checklist in CHECKLISTS.values():
        expected = [f"{checklist.code_prefix}-{n:02d}" for n in range(1, len(checklist.items) + 1)]
        assert list(checklist.codes) == expected


def test_every_item_is_judged_from_an_area_the_applicant_films():
    for checklist in CHECKLISTS.values():
        filmed = set(checklist.areas_to_film)
        for item in checklist.items:
            assert item.area in filmed, (
                f"{item.code} is judged from {item.area}, which {checklist.key} never films"
            )


def test_every_filmed_area_is_filmed_once_and_shows_at_least_one_item():
    for checklist in CHECKLISTS.values():
        areas = checklist.areas_to_film
        assert len(areas) == len(set(areas)), f"{checklist.key} films an area twice"
        for area in areas:
            assert checklist.items_in(area), f"{checklist.key} films {area} but judges nothing from it"


def test_every_table_asks_for_at_least_two_videos_with_instructions_in_both_languages():
    for checklist in CHECKLISTS.values():
        assert len(checklist.videos) >= 2
        assert [video.number for video in checklist.videos] == list(range(1, len(checklist.videos) + 1))
        for video in checklist.videos:
            assert CJK.search(video.title_zh) and not CJK.search(video.title_en)
            for shot in video.shots:
                assert CJK.search(shot.instructions_zh)
                assert not CJK.search(shot.instructions_en)


def test_the_shop_front_is_filmed_first_with_the_street_number_and_the_25_metre_surroundings():
    for checklist in CHECKLISTS.values():
        first = checklist.videos[0].shots[0]
        assert first.area is Area.EXTERIOR
        assert "门牌号" in first.instructions_zh and "25 米" in first.instructions_zh
        assert "street number" in first.instructions_en and "25 m" in first.instructions_en


def test_each_filmed_area_can_be_looked_up_with_what_to_show():
    checklist = checklist_for("central_kitchen")

    shot = checklist.shot_for("special_room")

    assert shot.area is Area.SPECIAL_ROOM
    assert "预进间" in shot.instructions_zh and "ante-room" in shot.instructions_en
    with pytest.raises(KeyError):
        checklist_for("small_catering").shot_for(Area.LABORATORY)


def test_every_item_reads_in_chinese_and_in_english():
    for checklist in CHECKLISTS.values():
        for item in checklist.items:
            assert CJK.search(item.text_zh), item.code
            # English text; a Chinese term may follow in brackets, as in "food additives (食品添加剂)".
            assert re.match(r"[A-Z]", item.text_en), item.code
            assert not CJK.search(re.sub(r"\([^)]*\)", "", item.text_en)), item.code


def test_every_table_checks_the_declared_address_and_the_25_metre_distance_as_key_items():
    for checklist in CHECKLISTS.values():
        first, second = checklist.items[0], checklist.items[1]
        assert "申请地址一致" in first.text_zh and first.level is Level.KEY
        assert "25 米" in second.text_zh and second.level is Level.KEY


def test_every_business_type_choice_of_the_food_licence_form_has_a_checklist():
    from onego.demo import catalogue

    field = next(f for f in catalogue.document()["form_fields"] if f["key"] == "business_type")
    choices = {choice["value"] for choice in field["choices"]}

    assert set(BUSINESS_TYPE_TABLES) == choices
    assert set(BUSINESS_TYPE_TABLES.values()) == set(CHECKLISTS)


@pytest.mark.parametrize(
    ("business_type", "table"),
    [
        ("small_catering", "small_catering"),
        ("restaurant", "restaurant_canteen"),
        ("canteen", "restaurant_canteen"),
        ("central_kitchen", "central_kitchen"),
        ("group_meal_delivery", "central_kitchen"),
        ("prepackaged_retail", "prepackaged_retail"),
    ],
)
def test_each_business_type_is_judged_against_its_table(business_type, table):
    assert checklist_for(business_type).key == table


def test_an_unknown_business_type_is_refused_in_the_chosen_language():
    with pytest.raises(ValueError, match=r"^未知的主体业态：'bakery'$"):
        checklist_for("bakery")
    with (
        translation.override("en"),
        pytest.raises(ValueError, match=r"^Unknown type of food business: 'bakery'$"),
    ):
        checklist_for("bakery")


# ---------------------------------------------------------------------------------------------------------
# The pass rules, at their limits

PASS_RULE_CASES = [
    # small catering: no key item fails; major + general ≤ 8, of them major ≤ 3
    ("small_catering", 0, 0, 0, True, []),
    ("small_catering", 0, 3, 5, True, []),
    ("small_catering", 0, 0, 8, True, []),
    ("small_catering", 0, 4, 0, False, ["重点项不符合 4 项，超过 3 项"]),
    ("small_catering", 0, 3, 6, False, ["重点项和一般项不符合共 9 项，超过 8 项"]),
    (
        "small_catering",
        0,
        4,
        5,
        False,
        ["重点项不符合 4 项，超过 3 项", "重点项和一般项不符合共 9 项，超过 8 项"],
    ),
    ("small_catering", 1, 0, 0, False, ["关键项 XCY-01 不符合"]),
    ("small_catering", 1, 3, 5, False, ["关键项 XCY-01 不符合"]),
    # restaurant and staff canteen: no key item fails; major + general ≤ 10, of them major ≤ 4
    *[
        case
        for business_type in ("restaurant", "canteen")
        for case in [
            (business_type, 0, 4, 6, True, []),
            (business_type, 0, 0, 10, True, []),
            (business_type, 0, 5, 0, False, ["重点项不符合 5 项，超过 4 项"]),
            (business_type, 0, 4, 7, False, ["重点项和一般项不符合共 11 项，超过 10 项"]),
            (business_type, 0, 0, 11, False, ["重点项和一般项不符合共 11 项，超过 10 项"]),
            (business_type, 1, 0, 0, False, ["关键项 CGST-01 不符合"]),
        ]
    ],
    # central kitchen and group-meal delivery: no key item fails; major + general ≤ 12 (no major limit)
    *[
        case
        for business_type in ("central_kitchen", "group_meal_delivery")
        for case in [
            (business_type, 0, 12, 0, True, []),
            (business_type, 0, 6, 6, True, []),
            (business_type, 0, 1, 11, True, []),
            (business_type, 0, 13, 0, False, ["重点项和一般项不符合共 13 项，超过 12 项"]),
            (business_type, 0, 2, 11, False, ["重点项和一般项不符合共 13 项，超过 12 项"]),
            (business_type, 2, 0, 0, False, ["关键项 ZYCF-01 不符合", "关键项 ZYCF-02 不符合"]),
        ]
    ],
    # retail of pre-packaged food: no key item fails, and nothing else counts
    ("prepackaged_retail", 0, 6, 4, True, []),
    ("prepackaged_retail", 1, 0, 0, False, ["关键项 YBZ-01 不符合"]),
    ("prepackaged_retail", 5, 6, 4, False, [f"关键项 YBZ-0{n} 不符合" for n in (1, 2, 3, 5, 6)]),
]


@pytest.mark.parametrize(
    ("business_type", "key", "major", "general", "passed", "reasons_zh"), PASS_RULE_CASES
)
def test_pass_rule_at_its_limits(business_type, key, major, general, passed, reasons_zh):
    # given
    verdicts = verdicts_failing(business_type, key=key, major=major, general=general)

    # when
    outcome = evaluate(business_type, verdicts)

    # then
    assert outcome.passed is passed
    assert [reason.zh for reason in outcome.reasons] == reasons_zh
    assert outcome.failures_by_level == {Level.KEY: key, Level.MAJOR: major, Level.GENERAL: general}
    assert (outcome.key_failures, outcome.major_failures, outcome.general_failures) == (key, major, general)
    assert outcome.checklist == checklist_for(business_type).key


def test_reasons_read_in_english_too():
    outcome = evaluate("small_catering", verdicts_failing("small_catering", key=1, major=4, general=5))

    assert [reason.en for reason in outcome.reasons] == [
        "Key item XCY-01 not met",
        "4 major items not met, more than the 3 allowed",
        "9 major and general items not met in all, more than the 8 allowed",
    ]
    # shown as text, a reason is in the reader's language only
    with translation.override("zh-hans"):
        assert str(outcome.reasons[0]) == "关键项 XCY-01 不符合"
    with translation.override("en"):
        assert str(outcome.reasons[0]) == "Key item XCY-01 not met"


def test_the_outcome_lists_the_failed_items_in_table_order_and_keeps_the_rule_it_applied():
    verdicts = verdicts_failing("restaurant", major=1)
    verdicts["CGST-02"] = "fail"

    outcome = evaluate("restaurant", verdicts)

    assert outcome.failed_codes == ("CGST-02", "CGST-09")
    assert outcome.failures[0].text_zh.startswith("距离粪坑")
    assert outcome.rule == PassRule(
        max_key_failures=0, max_major_failures=4, max_major_and_general_failures=10
    )
    assert outcome.summary.zh == "现场核查不通过：关键项不符合 1 项，重点项不符合 1 项，一般项不符合 0 项"
    assert outcome.summary.en == "On-site check not passed: 1 key, 1 major and 0 general items not met"


def test_the_rule_reads_as_a_reviewer_would_state_it():
    assert str(pass_rule_for("small_catering").description) == (
        "关键项全部符合；重点项和一般项不符合合计不超过 8 项，其中重点项不超过 3 项"
    )
    with translation.override("en"):
        assert str(pass_rule_for("small_catering").description) == (
            "Every key item met; at most 8 major and general items not met in all, at most 3 of them major"
        )
    assert pass_rule_for("prepackaged_retail").description.zh == "关键项全部符合"


# ---------------------------------------------------------------------------------------------------------
# Verdicts


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("pass", Verdict.PASS),
        ("fail", Verdict.FAIL),
        ("符合", Verdict.PASS),
        ("不符合", Verdict.FAIL),
        ("partial", Verdict.FAIL),
        ("部分符合", Verdict.FAIL),
        (" PASS ", Verdict.PASS),
        (Verdict.FAIL, Verdict.FAIL),
    ],
)
def test_a_verdict_is_pass_or_fail_and_a_partial_pass_is_a_fail(value, verdict):
    assert parse_verdict(value) is verdict


@pytest.mark.parametrize("value", ["", "maybe", "基本符合", "n/a", None, True, 1])
def test_anything_else_is_not_a_verdict(value):
    with pytest.raises(ValueError, match="判定只能是“符合”或“不符合”"):
        parse_verdict(value)


def test_a_partial_pass_counts_against_the_rule_like_a_fail():
    verdicts = verdicts_failing("small_catering", major=3)
    verdicts[checklist_for("small_catering").items_at(Level.MAJOR)[3].code] = "partial"

    outcome = evaluate("small_catering", verdicts)

    assert not outcome.passed
    assert outcome.major_failures == 4


def test_an_item_without_a_verdict_is_an_error_naming_every_missing_code_in_the_chosen_language():
    verdicts = verdicts_failing("small_catering")
    del verdicts["XCY-05"], verdicts["XCY-40"]

    with pytest.raises(VerdictError) as raised:
        evaluate("small_catering", verdicts)
    with translation.override("en"), pytest.raises(VerdictError) as english:
        evaluate("small_catering", verdicts)

    assert raised.value.missing == ("XCY-05", "XCY-40")
    assert str(raised.value) == "以下检查项未作出判定：XCY-05、XCY-40"
    assert str(english.value) == "These items have no verdict: XCY-05, XCY-40"
    assert isinstance(raised.value, ValueError)


def test_no_verdicts_at_all_is_an_error_naming_the_whole_table():
    with pytest.raises(VerdictError) as raised:
        evaluate("prepackaged_retail", {})

    assert raised.value.missing == checklist_for("prepackaged_retail").codes


def test_a_code_from_another_table_is_an_error():
    verdicts = verdicts_failing("small_catering")
    verdicts["CGST-01"] = "pass"

    with pytest.raises(VerdictError) as raised:
        evaluate("small_catering", verdicts)

    assert raised.value.unknown == ("CGST-01",)
    assert raised.value.missing == ()
    assert "以下编号不属于《小餐饮现场核查表》：CGST-01" in str(raised.value)
    with translation.override("en"), pytest.raises(VerdictError) as english:
        evaluate("small_catering", verdicts)
    assert "These codes are not on the checklist 'On-site checklist: small catering': CGST-01" in str(
        english.value
    )


def test_a_value_that_is_not_a_verdict_is_an_error_naming_the_item():
    verdicts = verdicts_failing("canteen")
    verdicts["CGST-10"] = "maybe"

    with pytest.raises(VerdictError) as raised:
        evaluate("canteen", verdicts)

    assert raised.value.invalid == {"CGST-10": "maybe"}
    assert "CGST-10='maybe'" in str(raised.value)


def test_missing_unknown_and_invalid_are_reported_together():
    verdicts = verdicts_failing("central_kitchen")
    del verdicts["ZYCF-60"]
    verdicts["ZYCF-61"] = "pass"
    verdicts["ZYCF-03"] = "?"

    with pytest.raises(VerdictError) as raised:
        evaluate("central_kitchen", verdicts)

    error = raised.value
    assert (error.missing, error.unknown, error.invalid) == (("ZYCF-60",), ("ZYCF-61",), {"ZYCF-03": "?"})
    assert len(str(error).splitlines()) == 3


# ---------------------------------------------------------------------------------------------------------
# Configurable limits (settings.ONEGO_FOOD_PASS_RULES, read at call time)


def test_settings_can_tighten_a_tables_rule(settings):
    verdicts = verdicts_failing("small_catering", major=3)
    assert evaluate("small_catering", verdicts).passed

    settings.ONEGO_FOOD_PASS_RULES = {"small_catering": {"max_major_failures": 2}}
    outcome = evaluate("small_catering", verdicts)

    assert not outcome.passed
    assert [reason.zh for reason in outcome.reasons] == ["重点项不符合 3 项，超过 2 项"]
    assert outcome.rule == PassRule(
        max_key_failures=0, max_major_failures=2, max_major_and_general_failures=8
    )


def test_settings_can_hold_one_business_type_to_its_own_rule(settings):
    # given canteens (but not restaurants) allowed at most 6 major and general failures
    settings.ONEGO_FOOD_PASS_RULES = {"canteen": {"max_major_and_general_failures": 6}}

    # when both fail 2 major and 5 general items
    restaurant = evaluate("restaurant", verdicts_failing("restaurant", major=2, general=5))
    canteen = evaluate("canteen", verdicts_failing("canteen", major=2, general=5))

    # then
    assert restaurant.passed
    assert not canteen.passed
    assert [reason.zh for reason in canteen.reasons] == ["重点项和一般项不符合共 7 项，超过 6 项"]


def test_a_business_type_override_wins_over_its_tables(settings):
    settings.ONEGO_FOOD_PASS_RULES = {
        "central_kitchen": {"max_major_failures": 5},
        "group_meal_delivery": {"max_major_failures": None},
    }

    assert pass_rule_for("central_kitchen").max_major_failures == 5
    assert pass_rule_for("group_meal_delivery").max_major_failures is None


def test_settings_can_give_pre_packaged_retail_a_limit_on_other_items(settings):
    settings.ONEGO_FOOD_PASS_RULES = {"prepackaged_retail": {"max_major_and_general_failures": 3}}

    outcome = evaluate("prepackaged_retail", verdicts_failing("prepackaged_retail", major=2, general=2))

    assert not outcome.passed


@pytest.mark.parametrize(
    "overrides",
    [
        {"small_cateringg": {"max_major_failures": 2}},
        {"small_catering": {"max_majors": 2}},
        {"small_catering": {"max_major_failures": -1}},
        {"small_catering": {"max_major_failures": "3"}},
        {"small_catering": {"max_key_failures": None}},
    ],
)
def test_a_mistyped_override_is_refused_rather_than_ignored(settings, overrides):
    settings.ONEGO_FOOD_PASS_RULES = overrides

    with pytest.raises(ImproperlyConfigured, match="ONEGO_FOOD_PASS_RULES"):
        evaluate("small_catering", verdicts_failing("small_catering"))
