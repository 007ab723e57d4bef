"""How explanation lines read on the pages: facts by their labels, never their keys."""

from __future__ import annotations

from onego.policies.selectors import FactInfo, readable_lines

INFO = {
    "renting_talents": FactInfo("在区租房人才数", "Talents renting in the district", "integer", "人"),
    "industry_code": FactInfo("行业代码", "Industry code", "code", ""),
}


def test_a_missing_fact_and_a_value_read_are_named_by_their_labels_in_both_languages() -> None:
    lines = [
        "每名人才每年 18000 元：未知 — 缺少数据：renting_talents",
        "  ✓ 属于制造业（industry_code = C38）",
    ]
    assert readable_lines(lines, INFO, "zh") == [
        "每名人才每年 18000 元：未知 — 缺少数据：在区租房人才数",
        "  ✓ 属于制造业（行业代码 = C38）",
    ]
    assert readable_lines(["x: unknown — missing fact: renting_talents"], INFO, "en") == [
        "x: unknown — missing fact: Talents renting in the district"
    ]


def test_a_key_not_in_the_dictionary_is_left_as_it_is() -> None:
    assert readable_lines(["— 缺少数据：no_such_fact"], INFO, "zh") == ["— 缺少数据：no_such_fact"]
