"""在线生成 in Chromium: a founder applies for company registration, types the shareholders once, reads on the
preview the articles of association the system will generate from them, submits without uploading the
articles, the application or the appointments, and finds them on the case marked 系统生成 — as does the clerk.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

FOUNDER_ID = "440111198806121024"
PARTNER_ID = "11010519491231002X"
FORM = {
    "entity_name": "广州白云云味餐饮有限公司",
    "entity_type": "有限责任公司（自然人投资或控股）",
    "entity_address": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "premises_address": "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号",
    "legal_representative": "张伟",
    "legal_representative_id_number": FOUNDER_ID,
    "registered_capital": "80",
    "business_scope": "餐饮服务；食品销售",
    "investors": f"张伟，{FOUNDER_ID}，50，货币，2030-12-31\n王强，{PARTNER_ID}，30，货币，2031-06-30",
    "company_officers": f"张伟，执行董事兼经理，{FOUNDER_ID}\n王强，监事，{PARTNER_ID}",
    "handler_phone": "13800138001",
}
GENERATED = {
    "application_form": "公司登记（备案）申请书",
    "articles_of_association": "公司章程",
    "officer_appointment": "法定代表人、董事、监事和经理的任职文件",
}
SHOTS = h.ARTIFACTS / "generated"


def _shot(page: Page, name: str) -> None:
    h.snap(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)  # test-artifacts/generated/, for a reviewer
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_founder_previews_the_generated_articles_submits_without_uploading_them_and_finds_them_on_the_case(
    page: Page, seeded_live_server, people: People, tmp_path: Path
) -> None:
    from onego.archive.services import archive_case
    from onego.cases.models import Case
    from onego.demo.catalogue import item_code as demo_item_code

    base = seeded_live_server.url
    code = demo_item_code("business_registration")
    pdf = tmp_path / "住所申报.pdf"
    pdf.write_bytes(h.tiny_pdf("premises"))

    # given a citizen with no company yet, on the registration's apply page
    h.sign_in(page, base, "citizen")
    page.goto(f"{base}/cases/apply/item/{code}/")

    # then the generated materials say so and ask for no file
    for key in GENERATED:
        material = page.locator(f"li[data-material={key}]")
        expect(material.locator(f"[data-testid=generated-{key}]")).to_contain_text("系统生成")
        expect(material.locator("input[type=file]")).to_have_count(0)

    # when the founder types the company, its shareholders and officers, uploads what is asked, signs, previews
    for key, value in FORM.items():
        page.locator(f"#f-{key}").fill(value)
    required_files = page.locator("ul.ap-materials input[type=file][required]")
    for i in range(required_files.count()):
        required_files.nth(i).set_input_files(str(pdf))
    h.draw_signature(page)
    page.locator("[data-testid=to-preview]").click()

    # then the preview reads the shareholders and lists the documents the system will generate
    expect(page.locator("[data-testid=preview-title]")).to_contain_text("企业设立登记")
    expect(page.locator("[data-testid=preview-fields]")).to_contain_text(
        "张伟（认缴 50 万元，货币，2030-12-31 前缴足）；王强（认缴 30 万元，货币，2031-06-30 前缴足）"
    )
    generated = page.locator("[data-testid=preview-generated]")
    expect(generated.locator("li[data-generated] .ap-mname")).to_have_text(list(GENERATED.values()))
    articles = generated.locator("li[data-generated=articles_of_association]")
    articles.get_by_text("查看文书内容").click()
    text = articles.locator("article")
    expect(text.locator("h3")).to_have_text("广州白云云味餐饮有限公司章程")
    expect(text).to_contain_text(f"（1）张伟，公民身份号码{FOUNDER_ID}，认缴出资50万元，占注册资本的62.5%")
    expect(text).to_contain_text("（2）王强")
    expect(text).to_contain_text("公司不设监事会，设监事王强")
    _shot(page, "generated_1_preview")

    # when the founder confirms
    page.locator("[data-testid=confirm-submit]").click()
    expect(page.locator("[data-testid=apply-done] h1")).to_have_text("申请已提交")
    number = page.locator("a.ap-number").first.inner_text()
    case = Case.objects.get(number=number)
    assert {m.material_key for m in case.materials.all()}.isdisjoint(GENERATED), (
        "nothing generated was uploaded"
    )

    # and the worker generates and archives the case's documents (it runs after commit)
    archive_case(case.pk)

    # then the founder's case lists each generated document, marked 系统生成, openable as a PDF
    page.goto(f"{base}/cases/mine/{number}/")
    for key, name in (("application-form", GENERATED["application_form"]), *list(GENERATED.items())[1:]):
        row = page.locator(f"li[data-material={key}]")
        expect(row.locator(".ap-mname")).to_have_text(name)
        expect(row.locator("[data-testid=generated-badge]")).to_have_text("系统生成")
        link = row.get_by_role("link", name="查看 PDF")
        expect(link).to_have_attribute("href", re.compile(rf"^/cases/mine/{number}/generated/\d+/$"))
    response = page.request.get(
        base + page.locator("li[data-material=articles_of_association] a").get_attribute("href")
    )
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    _shot(page, "generated_2_my_case")

    # and the food licence's layout drawing says what the system does: it takes an upload
    page.goto(f"{base}/cases/apply/item/{demo_item_code('food_licence')}/")
    layout = page.locator("li[data-material=layout_and_process]")
    expect(layout).to_contain_text("上传平面布局图")
    expect(layout).not_to_contain_text("绘制")
    expect(layout.locator("input[type=file]")).to_have_count(1)

    # and the clerk sees the same documents on the staff case page, not 未提交
    clerk = people.page_of("clerk")
    clerk.goto(f"{base}/cases/case/{number}/")
    for key, name in GENERATED.items():
        block = clerk.locator(f".st-material[data-material={key}]")
        expect(block.locator("h3")).to_contain_text(name)
        expect(block.locator("[data-testid=generated-badge]")).to_have_text("系统生成")
        expect(block.get_by_role("link", name="新窗口打开")).to_have_count(1)
        expect(block).not_to_contain_text("未提交")
    _shot(clerk, "generated_3_staff_case")
