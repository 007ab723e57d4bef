"""The process diagram: a self-contained SVG, and the command that writes one for an item."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onego.accounts.models import Department
from onego.catalog.diagram import render_svg
from onego.catalog.models import ItemVersion, ServiceItem
from onego.catalog.process import (
    commitment_with_video,
    countersign_approval,
    filing_on_the_spot,
    policy_redemption,
    simple_approval,
    steps,
)
from onego.core.identifiers import make_credit_code

SVG = "{http://www.w3.org/2000/svg}"
HEALTH = make_credit_code("11440111MB2C00030")
POLICE = make_credit_code("11440111MB2C00040")
BRANCHES = [(HEALTH, "区卫生健康局", 3), (POLICE, "白云公安分局", 2)]


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def _paths(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}path"))


STANDARD = [
    ("simple approval", simple_approval(promised_workdays=20)),
    ("commitment with video", commitment_with_video()),
    ("countersign", countersign_approval(BRANCHES, join="quorum", quorum=2)),
    ("filing on the spot", filing_on_the_spot()),
    ("policy redemption", policy_redemption(BRANCHES, publicity_days=5)),
]


@pytest.mark.parametrize("definition", [d for _n, d in STANDARD], ids=[n for n, _d in STANDARD])
def test_the_svg_parses_and_shows_every_step_and_every_action(definition: dict[str, Any]):
    # when
    svg = render_svg(definition)

    # then
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert "Noto Sans CJK SC" in root.get("font-family", "")
    assert root.find(f"{SVG}title") is not None
    shown = "\n".join(_texts(svg))
    for entry in steps(definition):
        assert entry["name"] in shown
        for act in entry["actions"]:
            assert act["name"] in shown


def test_a_step_is_labelled_with_its_kind_and_budget():
    texts = _texts(render_svg(simple_approval(promised_workdays=10)))

    assert "受理 · 1 个工作日" in texts
    assert "审查 · 6 个工作日" in texts


def test_terminal_outcomes_are_ovals_with_their_chinese_names():
    root = ET.fromstring(render_svg(simple_approval()))

    ovals = {
        g.get("data-outcome"): "".join(g.itertext()) for g in root.iter(f"{SVG}g") if g.get("data-outcome")
    }

    assert ovals == {
        "end:approved": "办结（准予）",
        "end:refused": "不予许可",
        "end:not_accepted": "不予受理",
    }
    assert len(list(root.iter(f"{SVG}ellipse"))) == 3


def test_the_correction_loop_is_drawn_as_a_back_edge():
    paths = _paths(render_svg(simple_approval()))

    back = [p for p in paths if "back" in (p.get("class") or "").split()]
    assert [(p.get("data-from"), p.get("data-to"), p.get("data-actions")) for p in back] == [
        ("accept", "accept", "request_correction")
    ]
    assert " C" in (back[0].get("d") or "")  # a curve, not a straight line


def test_a_re_review_after_an_objection_goes_back_up_the_side():
    paths = _paths(render_svg(policy_redemption(BRANCHES)))

    back = {(p.get("data-from"), p.get("data-to")) for p in paths if "back" in (p.get("class") or "").split()}

    assert back == {("accept", "accept"), ("publicize", "review")}


def test_every_action_has_an_arrow():
    definition = policy_redemption(BRANCHES)

    drawn = [
        key
        for p in _paths(render_svg(definition))
        for key in (p.get("data-actions") or "").split()
        if p.get("data-from")
    ]

    assert sorted(drawn) == sorted(a["key"] for s in steps(definition) for a in s["actions"])


def test_countersign_branches_are_listed_in_the_countersign_box():
    root = ET.fromstring(render_svg(countersign_approval(BRANCHES, join="quorum", quorum=2)))

    [box] = [g for g in root.iter(f"{SVG}g") if g.get("data-step") == "countersign"]
    lines = ["".join(t.itertext()) for t in box.iter(f"{SVG}text")]

    assert "会签部门（2 个中 2 个同意）：" in lines
    assert "• 区卫生健康局 · 3 个工作日" in lines
    assert "• 白云公安分局 · 2 个工作日" in lines


def test_english_labels_with_lang_en():
    svg = render_svg(simple_approval(), lang="en")

    texts = _texts(svg)
    assert "Acceptance" in texts
    assert "Refuse to accept" in texts
    assert "Completed (approved)" in texts
    assert "Not accepted" in texts
    assert "Acceptance · 2 working days" in texts
    assert "办结（准予）" not in "".join(texts)
    assert ET.fromstring(svg).findtext(f"{SVG}title") == "Process diagram"


def test_the_same_definition_gives_the_same_bytes():
    first = render_svg(policy_redemption(BRANCHES), lang="en")
    second = render_svg(policy_redemption(BRANCHES), lang="en")

    assert first == second
    assert render_svg(simple_approval()) != render_svg(simple_approval(promised_workdays=5))


def test_text_is_escaped():
    definition = simple_approval()
    definition["steps"][1]["name"] = '审查 <"A&B">'
    definition["steps"][1]["actions"][0]["name"] = "通过 & 移交 <决定>\x01"

    svg = render_svg(definition, title="食品 & 药品 <许可>")

    texts = _texts(svg)  # parses, so the escaping held
    assert '审查 <"A&B">' in texts
    assert "通过 & 移交 <决定>" in texts
    assert ET.fromstring(svg).findtext(f"{SVG}title") == "食品 & 药品 <许可>"


@pytest.mark.parametrize(
    "definition",
    [
        None,
        [],
        "x",
        {},
        {"start": "a", "steps": [None, {"key": "a"}]},
        {
            "start": "a",
            "steps": [{"key": "a", "kind": "review", "name": "甲", "actions": [{"key": "x", "target": "b"}]}],
        },
    ],
)
def test_a_broken_definition_still_draws_and_lists_its_problems(definition: Any):
    svg = render_svg(definition)

    root = ET.fromstring(svg)
    problems = [g for g in root.iter(f"{SVG}g") if g.get("class") == "problems"]
    assert problems and "此流程定义有" in "".join(problems[0].itertext())


# --- the command ---------------------------------------------------------------------------------------


def _item(process: dict[str, Any], *, status: str = "published") -> ServiceItem:
    department = Department.objects.create(
        name="测试区市场监督管理局",
        short_name="测试市场监管局",
        credit_code=make_credit_code("11440111MB2C00990"),
    )
    Department.objects.create(name="测试区卫生健康局", short_name="测试卫健局", credit_code=HEALTH)
    implementation = f"{department.credit_code}4000000000001"
    item = ServiceItem.objects.create(
        level="handling",
        department=department,
        basic_code="000000000001",
        implementation_code=implementation,
        handling_suffix="01",
        code=implementation + "01",
    )
    ItemVersion.objects.create(
        item=item,
        version=1,
        name="测试许可",
        name_en="Test licence",
        item_type="licensing",
        statutory_limit_workdays=20,
        promised_limit_workdays=10,
        effective_from=date(2025, 1, 1),
        status=status,
        process=process,
    )
    return item


@pytest.mark.django_db
def test_the_command_writes_the_diagram_of_the_version_in_force(tmp_path: Path):
    # given
    item = _item(countersign_approval(BRANCHES, promised_workdays=10))
    out = tmp_path / "diagram.svg"
    stdout = StringIO()

    # when
    call_command("draw_process", item.code, "--out", str(out), stdout=stdout)

    # then
    assert stdout.getvalue().strip() == str(out)
    svg = out.read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == "测试许可 办理流程（第 1 版）"
    texts = _texts(svg)
    assert "• 区卫生健康局 · 3 个工作日" in texts
    assert "部门会签" in texts


@pytest.mark.django_db
def test_the_command_writes_code_svg_in_the_current_directory_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    item = _item(simple_approval(promised_workdays=10))
    monkeypatch.chdir(tmp_path)

    call_command("draw_process", item.code, "--lang", "en", stdout=StringIO())

    svg = (tmp_path / f"{item.code}.svg").read_text(encoding="utf-8")
    assert ET.fromstring(svg).findtext(f"{SVG}title") == "Test licence — process (v1)"
    assert "Refuse to accept" in _texts(svg)


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_code(tmp_path: Path):
    with pytest.raises(CommandError, match="No service item with code NOPE"):
        call_command("draw_process", "NOPE", "--out", str(tmp_path / "x.svg"))

    assert not (tmp_path / "x.svg").exists()


@pytest.mark.django_db
def test_the_command_says_when_no_version_is_in_force_and_can_draw_a_draft(tmp_path: Path):
    item = _item(filing_on_the_spot(), status="draft")

    with pytest.raises(CommandError, match="no version in force"):
        call_command("draw_process", item.code, "--out", str(tmp_path / "x.svg"))

    call_command(
        "draw_process", item.code, "--item-version", "1", "--out", str(tmp_path / "x.svg"), stdout=StringIO()
    )
    assert "制证送达" in _texts((tmp_path / "x.svg").read_text(encoding="utf-8"))
