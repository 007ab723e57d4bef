"""Builders of the inspection tests: the demo enterprise's food-licence case with premises videos, a video
uploaded through the services, and the places it is recorded at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.tests.factories import PDF, PNG
from onego.catalog.models import ServiceItem
from onego.inspection import services

PREMISES_ADDRESS = "广州市白云区嘉禾街金铂天地商业广场 3 层 312 号"
PREMISES = (23.247812, 113.270923)
NEXT_DOOR = (23.247900, 113.271000)  # ~12 m away
TWO_KM_AWAY = (23.265800, 113.271000)


def food_case(applicant: User, pdf: bytes = PDF) -> Any:
    """The demo enterprise's application for the food licence on commitment with premises videos (the demo), a
    small catering business at PREMISES_ADDRESS; `pdf` is uploaded for both materials asked."""
    item = ServiceItem.objects.filter(versions__name="食品经营许可（告知承诺+现场视频）").distinct().get()
    (submitted,) = case_services.submit_application(
        applicant=applicant,
        item_code=item.code,
        route="commitment",
        commitment_signed=True,
        signature_png=PNG,
        form_data={
            "business_type": "small_catering",
            "food_business_items": ["hot_food"],
            "premises_address": PREMISES_ADDRESS,
            "food_safety_manager_name": "王强",
            "food_safety_manager_phone": "13800201234",
        },
        uploads=[
            case_services.UploadedMaterial("layout_and_process", pdf),
            # the demo enterprise's food handler's health certificate on record has expired: uploaded
            case_services.UploadedMaterial("food_safety_manager_health", pdf),
        ],
    )
    return submitted


def upload(case, path, *, plan_number=1, chunk=64 * 1024, where=NEXT_DOOR, when=None, check=True):
    data = path.read_bytes()
    when = when or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    row = services.start_upload(
        case.number,
        applicant=case.applicant,
        plan_number=plan_number,
        total_bytes=len(data),
        content_type="video/webm" if path.suffix == ".webm" else "video/mp4",
        start=services.Fix(where[0], where[1], accuracy_m=8.0, at=when),
    )
    for offset in range(0, len(data), chunk):
        services.append_chunk(
            row.upload_id, applicant=case.applicant, offset=offset, data=data[offset : offset + chunk]
        )
    services.finish_upload(
        row.upload_id,
        applicant=case.applicant,
        end=services.Fix(where[0], where[1], accuracy_m=6.0, at=when + dt.timedelta(seconds=30)),
    )
    return services.check_video(row.pk) if check else row
