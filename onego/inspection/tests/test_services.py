"""Premises videos through the services: a resumable upload, then the server's checks on real encoded video."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from onego.accounts.models import User
from onego.archive.models import ArchivedFile, FileKind
from onego.cases import services as case_services
from onego.cases.tests.factories import PDF, PNG
from onego.catalog.models import ServiceItem
from onego.core.errors import ApiError
from onego.inspection import services
from onego.inspection.models import VideoStatus
from onego.inspection.tests.factories import NEXT_DOOR, PREMISES_ADDRESS, TWO_KM_AWAY, upload
from onego.inspection.tests.videos import make_video

pytestmark = pytest.mark.django_db


def test_a_video_recorded_on_the_premises_is_accepted_with_facts_thumbnails_and_an_archive_record(
    case, tmp_path
):
    path = make_video(tmp_path / "v1.webm", seconds=12, container="webm", duration_header=False)

    checked = upload(case, path)

    assert checked.status == VideoStatus.ACCEPTED, checked.problems
    assert checked.facts["width"] == 640 and abs(checked.facts["seconds"] - 12) < 0.6
    assert len(checked.thumbnails) == 6 and checked.thumbnails[0]["t"] < checked.thumbnails[-1]["t"]
    row = ArchivedFile.objects.get(name=checked.file.name)
    assert row.kind == FileKind.VIDEO and row.case == case and row.size == path.stat().st_size


def test_an_interrupted_upload_resumes_where_the_server_stopped_and_a_repeated_chunk_is_harmless(
    case, tmp_path
):
    data = make_video(tmp_path / "v.webm", seconds=11, container="webm").read_bytes()
    row = services.start_upload(
        case.number,
        applicant=case.applicant,
        plan_number=2,
        total_bytes=len(data),
        content_type="video/webm",
        start=services.Fix(*NEXT_DOOR),
    )
    services.append_chunk(row.upload_id, applicant=case.applicant, offset=0, data=data[:1000])

    with pytest.raises(ApiError) as gap:  # the connection dropped; the client guessed the wrong offset
        services.append_chunk(row.upload_id, applicant=case.applicant, offset=5000, data=data[5000:6000])
    assert gap.value.status == 409 and gap.value.extra["received_bytes"] == 1000
    services.append_chunk(row.upload_id, applicant=case.applicant, offset=0, data=data[:1000])  # sent twice
    with pytest.raises(ApiError, match="请从第 1000 字节继续"):
        services.finish_upload(row.upload_id, applicant=case.applicant)
    services.append_chunk(row.upload_id, applicant=case.applicant, offset=1000, data=data[1000:])
    done = services.finish_upload(row.upload_id, applicant=case.applicant, end=services.Fix(*NEXT_DOOR))

    assert done.status == VideoStatus.CHECKING
    assert done.file.open("rb").read() == data


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("far", "公里"),
        ("old", "距今 60 天"),
        ("corrupt", "视频无法解码"),
    ],
)
def test_a_far_an_old_and_a_corrupt_video_are_rejected_with_what_to_do(case, tmp_path, kind, expected):
    if kind == "far":
        path = make_video(tmp_path / "far.webm", seconds=12, container="webm")
        checked = upload(case, path, where=TWO_KM_AWAY)
    elif kind == "old":
        sixty_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
        path = make_video(tmp_path / "old.mp4", seconds=12, creation_time=sixty_days_ago)
        checked = upload(case, path)
    else:
        good = make_video(tmp_path / "good.mp4", seconds=12).read_bytes()
        path = tmp_path / "corrupt.mp4"
        path.write_bytes(good[: len(good) // 2])
        checked = upload(case, path)

    assert checked.status == VideoStatus.REJECTED
    assert any(expected in p["message"] for p in checked.problems), checked.problems
    assert services.videos_status(case)["ready"] is False


def test_only_the_applicant_of_an_open_case_uploads_and_only_videos_of_the_plan(case):
    other = User.objects.get(username="citizen")
    with pytest.raises(ApiError) as stranger:
        services.start_upload(
            case.number, applicant=other, plan_number=1, total_bytes=10, content_type="video/mp4"
        )
    with pytest.raises(ApiError) as bad_plan:
        services.start_upload(
            case.number, applicant=case.applicant, plan_number=3, total_bytes=10, content_type="video/mp4"
        )
    with pytest.raises(ApiError) as bad_type:
        services.start_upload(
            case.number, applicant=case.applicant, plan_number=1, total_bytes=10, content_type="image/png"
        )

    assert stranger.value.status == 404
    assert "1–2" in bad_plan.value.message
    assert "WebM" in bad_type.value.message


def test_the_ten_food_safety_rules_and_the_commitment_letter_are_generated_signed_and_archived(case):
    import subprocess

    from onego.archive import services as archive
    from onego.core.tests.pdfs import need

    archive.archive_case(case.pk)

    rules = case.materials.get(material_key="food_safety_rules")
    letter = case.materials.get(material_key="commitment_letter")
    text = "".join(
        subprocess.run(
            [need("pdftotext"), rules.file.path, "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "广州市白云区云味餐饮有限公司食品安全管理制度" in text
    for heading in (
        "从业人员健康管理制度",
        "进货查验和记录制度",
        "加工制作过程控制制度",
        "食品安全事故处置方案",
    ):
        assert heading in text
    assert "10." in text and "王强" in text and "13800201234" in text and "热食类食品制售" in text
    assert "经营者签名" in text
    letter_text = "".join(
        subprocess.run(
            [need("pdftotext"), letter.file.path, "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "告知承诺书" in letter_text and "承诺人签名" in letter_text
    archived = set(ArchivedFile.objects.filter(case=case).values_list("name", flat=True))
    assert {rules.file.name, letter.file.name} <= archived


def test_an_applicant_with_a_false_commitment_on_record_cannot_use_the_commitment_route(demo):
    from onego.registry.models import CreditRecord

    CreditRecord.objects.create(
        entity_code="91440111MA5AQ6WX00",
        kind=CreditRecord.Kind.FALSE_COMMITMENT,
        recorded_on=dt.date(2026, 3, 2),
        reason="承诺经营场所面积与实际不符",
        source="白云区市场监督管理局",
    )
    item = ServiceItem.objects.get(versions__name="食品经营许可（告知承诺+现场视频）")
    kwargs: dict[str, Any] = {
        "applicant": User.objects.get(username="enterprise"),
        "item_code": item.code,
        "signature_png": PNG,
        "form_data": {
            "business_type": "small_catering",
            "food_business_items": ["hot_food"],
            "premises_address": PREMISES_ADDRESS,
            "food_safety_manager_name": "王强",
            "food_safety_manager_phone": "13800201234",
        },
        "uploads": [
            case_services.UploadedMaterial("layout_and_process", PDF),
            case_services.UploadedMaterial("food_safety_manager_health", PDF),
        ],
    }

    # the record is a week old when the enterprise applies
    with time_machine.travel(dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC), tick=True):
        with pytest.raises(case_services.ApplicationInvalid) as refused:
            case_services.submit_application(route="commitment", commitment_signed=True, **kwargs)
        (ordinary,) = case_services.submit_application(route="approval", **kwargs)

    assert "虚假承诺记录" in refused.value.errors["route"] and "2026-03-02" in refused.value.errors["route"]
    assert ordinary.route == "approval"


def test_a_phone_video_file_must_carry_its_own_place_and_time(case, tmp_path):
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)

    def send(path):
        data = path.read_bytes()
        row = services.start_upload(
            case.number,
            applicant=case.applicant,
            plan_number=1,
            total_bytes=len(data),
            content_type="video/mp4",
            source="uploaded",
            start=services.Fix(NEXT_DOOR[0], NEXT_DOOR[1], at=dt.datetime.now(dt.UTC)),
        )
        services.append_chunk(row.upload_id, applicant=case.applicant, offset=0, data=data)
        services.finish_upload(row.upload_id, applicant=case.applicant)
        return services.check_video(row.pk)

    with_place = send(
        make_video(tmp_path / "phone.mp4", seconds=12, creation_time=recent, location=NEXT_DOOR)
    )
    # standing at the premises while uploading says nothing about where a file was filmed
    without_place = send(make_video(tmp_path / "bare.mp4", seconds=12, creation_time=recent))

    assert with_place.status == VideoStatus.ACCEPTED, with_place.problems
    assert with_place.facts["location"] == pytest.approx(list(NEXT_DOOR), abs=1e-4)
    assert without_place.status == VideoStatus.REJECTED
    assert [p["code"] for p in without_place.problems] == ["no_location"]


def test_a_video_finished_while_the_broker_is_down_is_checked_by_the_beat_job(
    case, tmp_path, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from onego import celery_app
    from onego.inspection import tasks
    from onego.inspection.models import PremisesVideo

    path = make_video(tmp_path / "v1.webm", seconds=12, container="webm", duration_header=False)

    # when the applicant uploads a video while the broker refuses every task after commit
    with (
        mock.patch.object(
            celery_app, "send_task", side_effect=OperationalError("[Errno 111] Connection refused")
        ) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = upload(case, path, check=False)

    # then the video waits for its check, which was asked for and refused
    assert PremisesVideo.objects.get(pk=row.pk).status == VideoStatus.CHECKING
    assert [c.args[0] for c in send.call_args_list] == ["onego.inspection.check_video"]

    # when the beat job runs: within the grace period it leaves the video to the worker, after it checks it
    assert tasks.check_stalled_videos.run() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert tasks.check_stalled_videos.run() == 1
        assert tasks.check_stalled_videos.run() == 0

    # then the applicant sees the video accepted, and it is archived
    checked = PremisesVideo.objects.get(pk=row.pk)
    assert checked.status == VideoStatus.ACCEPTED, checked.problems
    assert ArchivedFile.objects.filter(name=checked.file.name, kind=FileKind.VIDEO).exists()
