"""The public guide pages and the catalogue API, on a small catalogue built in the test."""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine

from onego.catalog import services
from onego.catalog.models import Bundle, ServiceItem
from onego.catalog.tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass
class Catalogue:
    food: ServiceItem  # the food licence
    shop: ServiceItem  # the shop sign permit, one visit
    bundle: Bundle  # 开店一件事: both


@pytest.fixture
def catalogue(db) -> Catalogue:
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    dept = f.department()
    f.field("entity_name", "主体名称", prefill_source="registry.entity.name")
    f.field(
        "credit_code",
        "统一社会信用代码",
        field_type="credit_code",
        prefill_source="registry.entity.credit_code",
    )
    f.field("premises_address", "经营场所")
    f.field("shop_sign", "店招名称")
    f.tag("food", "食品")
    food = f.handling_item(
        dept=dept,
        basic_code="000172008000",
        name="食品经营许可（测试）",
        name_en="Food business licence (test)",
        statutory=20,
        promised=1,
        visits=0,
        fully_online=True,
        tags=["food"],
        form=[{"key": "entity_name", "locked": True}, "credit_code", "premises_address"],
        materials=[
            {"key": "business_licence", "name": "营业执照", "substitute_licence_type": "business_licence"},
            {"key": "site_video", "name": "经营场所现场视频", "count": 2},
        ],
    )
    shop = f.handling_item(
        dept=dept,
        basic_code="000172009000",
        name="户外招牌设置（测试）",
        statutory=10,
        promised=3,
        visits=1,
        form=["entity_name", "credit_code", "shop_sign"],
        materials=[
            {"key": "business_licence", "name": "营业执照", "substitute_licence_type": "business_licence"}
        ],
    )
    bundle = services.define_bundle(
        code="open-a-shop",
        name="开店一件事（测试）",
        name_en="Open a shop",
        description="",
        lead_department=dept,
        items=[food, shop],
        promised_limit_workdays=3,
    )
    return Catalogue(food=food, shop=shop, bundle=bundle)


def test_searching_food_lists_the_food_licence_and_not_the_shop_sign(client, catalogue):
    page = client.get("/guides/", {"q": "食品"}).content.decode()

    assert "食品经营许可（测试）" in page
    assert "户外招牌设置（测试）" not in page


def test_the_zero_visits_filter_keeps_only_items_needing_no_trip(client, catalogue):
    page = client.get("/guides/", {"zero_visits": "1"}).content.decode()

    assert f'data-item="{catalogue.food.code}"' in page
    assert f'data-item="{catalogue.shop.code}"' not in page


@time_machine.travel("2026-02-13 10:00 +0800", tick=False)
def test_the_guide_shows_limits_the_completion_date_and_waived_materials(client, catalogue):
    # 2026-02-13 is a Friday; 2026-02-14 (Saturday) is a 调休 working day for the Spring Festival,
    # so one working day after the 13th is the 14th.
    page = client.get(f"/guides/item/{catalogue.food.code}/").content.decode()

    assert "法定 20 个工作日 / 承诺 1 个工作日" in page
    assert '<dd data-testid="completion">2026-02-14' in page
    assert 'data-material="business_licence"' in page
    assert page.count('data-testid="waiver"') == 1  # the licence stands in; the video does not
    assert "<svg" in page


def test_an_unknown_item_code_is_the_chinese_404_page(client, catalogue):
    response = client.get("/guides/item/NOPE/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_bundle_guide_asks_shared_fields_once(client, catalogue):
    page = client.get("/guides/bundle/open-a-shop/").content.decode()

    assert page.count('data-field="entity_name"') == 1
    assert page.count('data-field="credit_code"') == 1
    assert page.count('data-material="business_licence"') == 1
    assert "共 4 项（各事项合计 6 项" in page


def test_the_items_api_searches_and_returns_every_element(client, catalogue):
    listing = client.get("/api/v1/items", {"q": "食品"}).json()
    assert listing["count"] == 1
    code = listing["items"][0]["code"]

    detail = client.get(f"/api/v1/items/{code}").json()

    assert detail["statutory_limit_workdays"] == 20
    assert detail["promised_limit_workdays"] == 1
    assert [m["waivable"] for m in detail["materials"]] == [True, False]
    assert [f["key"] for f in detail["form"]] == ["entity_name", "credit_code", "premises_address"]
    assert detail["process"]["start"] == "accept"


def test_the_bundles_api_returns_the_merged_form(client, catalogue):
    body = client.get("/api/v1/bundles/open-a-shop").json()

    assert [f["key"] for f in body["form"]] == ["entity_name", "credit_code", "premises_address", "shop_sign"]
    assert body["promised_limit_workdays"] == 3
    assert body["issue_together"] is True


def test_unknown_codes_and_bad_filters_get_json_errors(client, catalogue):
    assert client.get("/api/v1/items/NOPE").json()["code"] == "not_found"
    assert client.get("/api/v1/bundles/nope").status_code == 404
    bad = client.get("/api/v1/items", {"type": "banana"})
    assert bad.status_code == 422
    assert "未知的事项类型" in bad.json()["message"]


def test_a_later_version_takes_effect_on_its_date_and_the_old_one_stays_stored(client, catalogue):
    food = catalogue.food
    draft = services.new_version_from(food.versions.get().pk, effective_from=date(2026, 12, 1))
    draft.promised_limit_workdays = 2
    draft.save()
    services.publish_version(draft.pk)

    with time_machine.travel("2026-11-30 12:00 +0800", tick=False):
        assert client.get(f"/api/v1/items/{food.code}").json()["promised_limit_workdays"] == 1
    with time_machine.travel("2026-12-01 12:00 +0800", tick=False):
        assert client.get(f"/api/v1/items/{food.code}").json()["promised_limit_workdays"] == 2
    assert food.versions.count() == 2


def test_a_published_version_and_its_materials_cannot_be_changed(catalogue):
    from onego.catalog.models import FrozenVersionError, ItemVersion

    version = catalogue.food.versions.get()
    version.name = "改过的名字"
    with pytest.raises(FrozenVersionError):
        version.save()
    material = version.materials.first()
    material.name = "改过的材料"
    with pytest.raises(FrozenVersionError):
        material.save()
    with pytest.raises(FrozenVersionError):
        material.delete()

    stored = ItemVersion.objects.get(pk=version.pk)
    assert stored.name == "食品经营许可（测试）"
    assert stored.materials.filter(name="营业执照").exists()
