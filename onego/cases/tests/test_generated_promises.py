"""Every material the demo catalogue says the system generates is provided "generated" and has a writer, and no
material promises what the system does not do (an online drawing tool)."""

from __future__ import annotations

import re

import pytest

from onego.cases import pdfdocs
from onego.demo import catalogue

PROMISE = re.compile(r"自动生成|系统生成|在线生成|系统按申请信息生成|窗口生成|在线电子签名")


def _materials() -> list[tuple[str, dict]]:
    return [(v["name"], m) for item in catalogue.items() for v in item["versions"] for m in v["materials"]]


def test_a_material_whose_notes_promise_generation_is_generated_by_the_system():
    promised = [(item, m) for item, m in _materials() if PROMISE.search(m.get("notes", ""))]
    assert len(promised) > 30  # every 申请表, 章程, 任职文件 and online commitment letter of the catalogue
    assert [(item, m["key"]) for item, m in promised if m.get("provision") != "generated"] == []


@pytest.mark.parametrize(
    "key", sorted({m["key"] for _, m in _materials() if m.get("provision") == "generated"})
)
def test_each_generated_material_has_a_document_writer(key):
    # the application form is pdfdocs' own; the others are registered by the apps in AppConfig.ready
    assert key in (pdfdocs.FORM_MATERIAL_KEY, pdfdocs.COMMITMENT_LETTER) or key in pdfdocs.GENERATORS, key


def test_no_material_promises_an_online_drawing_tool():
    drawing = [(item, m["key"]) for item, m in _materials() if "绘制" in m.get("notes", "")]
    assert drawing == []
    layout = next(m for _, m in _materials() if m["key"] == "layout_and_process")
    assert layout["provision"] == "applicant" and layout["notes"].startswith("上传平面布局图")
