"""A person looks for the food business licence guide and reads it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_search_food_open_the_food_licence_guide_and_see_its_elements_and_diagram(
    page: Page, seeded_live_server
):
    # given the home page
    page.goto(seeded_live_server.url + "/")
    page.locator("[data-entry=guides]").click()
    expect(page.get_by_role("heading", name="办事指南", exact=True)).to_be_visible()

    # when the person searches 食品
    page.get_by_label("搜索事项").fill("食品")
    page.get_by_role("button", name="搜索").click()

    # then the food licence and the restaurant bundle are listed, and nothing about clinics
    results = page.locator("li.result")
    expect(results.filter(has_text="食品经营许可（告知承诺+现场视频）")).to_have_count(1)
    expect(page.locator("li[data-bundle=open-restaurant]")).to_be_visible()
    expect(results.filter(has_text="诊所")).to_have_count(0)

    # when the person opens the food licence guide
    page.get_by_role("link", name="食品经营许可（告知承诺+现场视频）").click()

    # then every element of the guide is there
    guide = page.locator("[data-testid=item-guide]")
    expect(guide.get_by_role("heading", level=1)).to_have_text("食品经营许可（告知承诺+现场视频）")
    expect(page.locator("[data-testid=limits]")).to_have_text("法定 20 个工作日 / 承诺 1 个工作日")
    expect(page.locator("[data-testid=completion]")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2}"))
    expect(page.locator("[data-testid=visits]")).to_contain_text("0 次")
    for label in ["事项编码", "实施编码", "设定依据", "受理条件", "审批方式", "办理地点", "监督投诉电话"]:
        expect(guide.locator("th", has_text=label)).to_be_visible()
    expect(page.locator("[data-testid=form-fields] li")).to_have_count(11)
    expect(page.locator("[data-testid=form-fields] li", has_text="自动导入")).to_have_count(6)
    waived = page.locator("[data-testid=materials] tr", has=page.locator("[data-testid=waiver]"))
    expect(waived.first).to_be_visible()
    expect(page.locator("tr[data-material]").filter(has_text="营业执照")).to_contain_text("免提交")

    # and the process diagram is drawn with its steps
    diagram = page.locator("[data-testid=process-diagram] svg")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("受理")
    expect(diagram).to_contain_text("办结（准予）")
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 200


def test_the_guide_reads_in_english_after_switching_language(page: Page, seeded_live_server):
    page.goto(seeded_live_server.url + "/guides/?q=食品")
    page.locator("#lang-select").select_option("en")
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Service guides")).to_be_visible()
    page.locator("li.result a").first.click()
    expect(page.locator("[data-testid=limits]")).to_have_text(
        "Statutory 20 working days / promised 1 working days"
    )
