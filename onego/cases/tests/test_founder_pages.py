"""The 开餐馆一件事 application form as a founder and as an existing enterprise see it (the Baiyun demo)."""

from __future__ import annotations

import pytest
from django.test import Client

from onego.accounts.models import User
from onego.catalog.models import ServiceItem

pytestmark = pytest.mark.django_db

BUNDLE_URL = "/cases/apply/bundle/open-restaurant/"
REGISTRATION = "企业设立登记（营业执照）"
FOOD = "食品经营许可（告知承诺+现场视频）"


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_citizen_founding_a_restaurant_is_not_asked_for_a_credit_code(demo):
    response = signed_in("citizen").get(BUNDLE_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<li>{REGISTRATION}</li>" in page and f"<li>{FOOD}</li>" in page
    assert 'data-field="credit_code"' not in page
    assert 'data-testid="founding"' in page and "统一社会信用代码无需填写，营业执照核发时赋予" in page
    # the founder types the new enterprise's name: nothing is prefilled or locked from a register
    assert 'data-field="entity_name"' in page and '<span class="badge ok">已从登记信息导入</span>' not in page
    # and is not asked for the business licence the bundle itself issues
    assert 'data-material="business_licence"' not in page


def test_an_enterprise_sees_the_bundle_without_a_second_registration_of_itself(demo):
    response = signed_in("enterprise").get(BUNDLE_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<li>{FOOD}</li>" in page and f"<li>{REGISTRATION}</li>" not in page
    assert 'data-testid="left-out"' in page
    assert (
        "您的企业「广州市白云区云味餐饮有限公司」（统一社会信用代码 91440111MA5AQ6WX00）已经登记，本次无需办理："
        f"「{REGISTRATION}」" in page
    )
    # its own credit code is prefilled and locked, its business licence stands in for the material
    assert 'data-field="credit_code"' in page and 'value="91440111MA5AQ6WX00"' in page
    assert 'data-material="business_licence"' in page


def test_an_enterprise_asking_for_the_registration_alone_is_told_it_is_registered_already(demo):
    code = (
        ServiceItem.objects.filter(versions__name=REGISTRATION)
        .values_list("code", flat=True)
        .distinct()
        .get()
    )

    response = signed_in("enterprise").get(f"/cases/apply/item/{code}/")

    page = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="apply-unavailable"' in page
    assert f"已经登记，不能再为本企业办理：「{REGISTRATION}」" in page
    # while a citizen gets the form
    assert signed_in("citizen").get(f"/cases/apply/item/{code}/").status_code == 200
    # and the item's guide says so before anyone applies
    guide = Client().get(f"/guides/item/{code}/").content.decode()
    assert 'data-testid="founding-note"' in guide and "已登记的企业不能再为本企业办理" in guide


def test_the_notices_read_in_english_only_when_english_is_chosen(demo):
    founder = signed_in("citizen").get(BUNDLE_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    enterprise = signed_in("enterprise").get(BUNDLE_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "you do not enter a unified social credit code" in founder
    assert "统一社会信用代码无需填写" not in founder
    assert "is registered already, so this application leaves out" in enterprise
    assert "已经登记，本次无需办理" not in enterprise


def test_the_bundle_guide_says_the_registration_is_for_founders_only(demo, client):
    page = client.get("/guides/bundle/open-restaurant/").content.decode()

    assert 'data-testid="founding-note"' in page
    assert "已登记的企业申请本一件事时不含此项" in page
    assert 'data-field="credit_code"' not in page  # the merged form a founder fills asks no credit code
