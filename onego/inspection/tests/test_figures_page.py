"""/inspection/figures/ (数据看板 of the food licence by commitment and video): business types by their names,
and its facts as a real definition list (issue 13, item 12)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.utils import translation

from onego.accounts.models import User
from onego.cases import services
from onego.catalog.models import ServiceItem
from onego.inspection.selectors import figures

FOOD_ITEM = "食品经营许可（告知承诺+现场视频）"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ff"
    "ff3f0005fe02fea7d6a4c00000000049454e44ae426082"
)


@pytest.fixture
def food_case(demo: Any, tmp_path, settings) -> None:
    """The demo enterprise applies for the food licence as a restaurant (业态 code "restaurant")."""
    settings.MEDIA_ROOT = str(tmp_path)
    code = (
        ServiceItem.objects.filter(versions__name=FOOD_ITEM).values_list("code", flat=True).distinct().get()
    )
    target = services.resolve_target(item_code=code)
    enterprise = User.objects.get(username="enterprise")
    uploads = [
        services.UploadedMaterial(key, PDF, f"{key}.pdf")
        for key in services.uploads_needed(target, enterprise)
    ]
    services.submit_application(
        applicant=enterprise,
        item_code=code,
        uploads=uploads,
        signature_png=PNG,
        form_data={
            "premises_address": "广州市白云区嘉禾街 1 号",
            "food_safety_manager_name": "陈小红",
            "food_safety_manager_phone": "13800138000",
            "handler_phone": "13800138001",
            "business_type": "restaurant",
            "food_business_items": ["hot_food"],
        },
        route="commitment",
        commitment_signed=True,
        idempotency_key=str(uuid.uuid4()),
    )


def test_the_figures_name_business_types_instead_of_showing_their_codes(food_case, client):
    client.force_login(User.objects.get(username="supervisor"))

    page = client.get("/inspection/figures/").content.decode()

    table = page[page.index('data-testid="by-business-type"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">餐馆</th><td>1</td>' in table
    assert "restaurant" not in table
    with translation.override("en"):
        assert figures()["by_business_type"] == [("Restaurant", 1)]


def test_every_term_and_its_figure_sit_inside_a_definition_list(food_case, client):
    client.force_login(User.objects.get(username="supervisor"))

    page = client.get("/inspection/figures/").content.decode()

    listing = re.search(r'<dl class="facts" data-testid="figures">(.*?)</dl>', page, re.S)
    assert listing is not None
    outside = page.replace(listing.group(0), "")
    assert "<dt>" not in outside and "<dd" not in outside
    assert listing.group(1).count("<dt>") == 6
