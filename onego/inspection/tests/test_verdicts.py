"""The reviewer's checklist and the `inspect` step: pass and fail follow the pass rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.engine import TransitionNotAllowed, allowed_actions
from onego.cases.models import CaseStatus, Outcome
from onego.core.errors import ApiError
from onego.inspection import checklists, services
from onego.inspection.tests.factories import upload
from onego.inspection.tests.videos import make_video

pytestmark = pytest.mark.django_db


def act(case, username, action):
    user = User.objects.get(username=username)
    case.refresh_from_db()
    (option,) = [a for a in allowed_actions(case, user) if a.key == action]
    return case_services.act(case.number, actor=user, task_id=option.task.pk, action=action)


def judge(case, failing=()):
    plan = checklists.checklist_for("small_catering")
    reviewer = User.objects.get(username="reviewer")
    services.record_verdicts(
        case.number,
        reviewer=reviewer,
        verdicts=[
            services.VerdictIn(item.code, "fail" if item.code in failing else "pass", note="视频第 3 秒可见")
            for item in plan.items
        ],
    )


@pytest.fixture
def inspecting(case, tmp_path):
    act(case, "clerk", "accept")
    for n in (1, 2):
        checked = upload(
            case, make_video(tmp_path / f"v{n}.webm", seconds=11, container="webm"), plan_number=n
        )
        assert checked.status == "accepted", checked.problems
    case.refresh_from_db()
    assert case.current_step == "inspect"
    return case


def test_every_item_must_be_judged_before_the_reviewer_passes_or_fails(inspecting):
    with pytest.raises(TransitionNotAllowed, match="全部核查项目"):
        act(inspecting, "reviewer", "pass")
    judge(inspecting)

    act(inspecting, "reviewer", "pass")

    inspecting.refresh_from_db()
    assert inspecting.current_step == "decide"
    result = services.outcome_of(inspecting)
    assert result is not None and result.passed


def test_a_failed_key_item_forbids_passing_and_failing_refuses_the_licence(inspecting):
    key_item = checklists.checklist_for("small_catering").items_at(checklists.Level.KEY)[0]
    judge(inspecting, failing={key_item.code})

    with pytest.raises(TransitionNotAllowed, match="关键项"):
        act(inspecting, "reviewer", "pass")
    act(inspecting, "reviewer", "fail")

    inspecting.refresh_from_db()
    assert (inspecting.status, inspecting.outcome) == (CaseStatus.CLOSED, Outcome.REFUSED)


def test_passing_needs_every_video_accepted(case, tmp_path):
    act(case, "clerk", "accept")
    upload(case, make_video(tmp_path / "v1.webm", seconds=11, container="webm"), plan_number=1)
    judge(case)

    with pytest.raises(TransitionNotAllowed, match="现场视频尚未全部合格"):
        act(case, "reviewer", "pass")


def test_verdicts_for_codes_not_on_the_checklist_are_refused_and_nothing_is_saved(inspecting):
    reviewer = User.objects.get(username="reviewer")
    with pytest.raises(ApiError) as refused:
        services.record_verdicts(
            inspecting.number,
            reviewer=reviewer,
            verdicts=[
                services.VerdictIn("XCY-01", "pass"),
                services.VerdictIn("CGST-01", "pass"),
                services.VerdictIn("XCY-02", "maybe"),
            ],
        )

    assert set(refused.value.extra["errors"]) == {"CGST-01", "XCY-02"}
    assert not inspecting.checklist_verdicts.exists()


def test_the_reviewer_judges_on_the_review_page_with_the_video_moment_and_sees_the_outcome(
    client, inspecting
):
    plan = checklists.checklist_for("small_catering")
    video = inspecting.premises_videos.get(plan_number=1)
    client.force_login(User.objects.get(username="reviewer"))
    first = plan.items[0]
    form = {f"v_{item.code}": "pass" for item in plan.items}
    form.update(
        {
            f"v_{first.code}": "fail",
            f"n_{first.code}": "门头照片与登记地址不一致",
            f"vid_{first.code}": str(video.upload_id),
            f"t_{first.code}": "3.5",
        }
    )

    page = client.get(f"/inspection/case/{inspecting.number}/review/").content.decode()
    saved = client.post(f"/inspection/case/{inspecting.number}/review/", form, follow=True).content.decode()

    assert "远程视频核查" in page and f"/inspection/video/{video.upload_id}/" in page
    assert 'data-testid="rv-video-2"' in page and "已判定 0 / 43 项" in page
    verdict = inspecting.checklist_verdicts.get(item_code=first.code)
    assert (verdict.verdict, verdict.note, verdict.video, verdict.at_seconds) == (
        "fail",
        "门头照片与登记地址不一致",
        video,
        3.5,
    )
    assert "已判定 43 / 43 项" in saved
    assert first.level == checklists.Level.KEY  # the first item of the table is a key item
    assert "现场核查不通过" in saved and f"关键项 {first.code} 不符合" in saved


def test_the_video_is_served_with_byte_ranges_to_staff_and_the_applicant_only(client, inspecting):
    video = inspecting.premises_videos.get(plan_number=1)
    data = video.file.open("rb").read()
    url = f"/inspection/video/{video.upload_id}/"

    client.force_login(User.objects.get(username="reviewer"))
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    whole = client.get(url)
    client.force_login(inspecting.applicant)
    own = client.get(url)
    client.force_login(User.objects.get(username="citizen"))
    stranger = client.get(url)

    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert b"".join(part.streaming_content) == data[100:200]
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert own.status_code == 200
    assert stranger.status_code == 404


def test_a_false_commitment_found_after_approval_revokes_the_licence_and_bars_the_commitment_route(
    inspecting, client
):
    from onego.certificates import services as licences
    from onego.core.calendar import add_workdays
    from onego.inspection.models import FollowUpStatus
    from onego.registry.credit import commitment_bar

    judge(inspecting)
    act(inspecting, "reviewer", "pass")
    act(inspecting, "head", "approve")
    act(inspecting, "clerk", "issue")
    inspecting.refresh_from_db()
    (licence,) = inspecting.licences.all()
    check = inspecting.follow_up_check
    assert check.status == FollowUpStatus.SCHEDULED
    assert check.due_on == add_workdays(timezone.localtime(inspecting.closed_at).date(), 30).deadline
    assert licences.verify(licence.identifier).status == "valid"

    with pytest.raises(ApiError, match="写明"):
        services.record_follow_up(
            inspecting.number, officer=User.objects.get(username="head"), kept=False, note=""
        )
    services.record_follow_up(
        inspecting.number,
        officer=User.objects.get(username="head"),
        kept=False,
        note="现场实际为家庭厨房，与承诺的独立加工场所不符",
    )

    result = licences.verify(licence.identifier)
    assert result.status == "revoked" and "虚假承诺" in result.reasons[0]
    assert commitment_bar(inspecting.applicant_code, dt.date.today()) is not None
    # the public permit disclosure shows the revocation as its notice, and no personal data
    public = client.get("/licences/public/", {"q": "云味"}).content.decode()
    assert licence.number in public and 'data-status="revoked"' in public and "虚假承诺" in public
    assert "小餐饮" in public
    assert "440111198806121024" not in public and "王强" not in public


def test_the_figures_count_cases_days_and_trips_saved(inspecting, client):
    from onego.inspection.selectors import _percentile, figures

    judge(inspecting)
    act(inspecting, "reviewer", "pass")
    act(inspecting, "head", "approve")
    act(inspecting, "clerk", "issue")

    f = figures()
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/inspection/figures/").content.decode()

    assert (f["cases"], f["approved"], f["trips_saved"], f["statutory_workdays"]) == (1, 1, 2, 20)
    assert f["median_workdays"] == 0 and f["by_business_type"] == [
        ("小餐饮", 1)
    ]  # the form's name, not the stored code
    assert 'data-testid="trips">2<' in page
    assert _percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9 and _percentile([], 50) is None
    client.force_login(inspecting.applicant)
    assert client.get("/inspection/figures/").status_code == 404


def test_the_head_records_the_follow_up_on_its_page(inspecting, client):
    from onego.certificates import services as licences

    judge(inspecting)
    for who, action in (("reviewer", "pass"), ("head", "approve"), ("clerk", "issue")):
        act(inspecting, who, action)
    (licence,) = inspecting.licences.all()
    client.force_login(User.objects.get(username="head"))

    listed = client.get("/inspection/follow-ups/").content.decode()
    empty_note = client.post(
        "/inspection/follow-ups/", {"case": inspecting.number, "result": "false"}, follow=True
    )
    done = client.post(
        "/inspection/follow-ups/",
        {"case": inspecting.number, "result": "false", "note": "经营场所已改作仓库"},
        follow=True,
    ).content.decode()

    assert f'data-case="{inspecting.number}" data-status="scheduled"' in listed
    assert "认定虚假承诺须写明核查发现的事实" in empty_note.content.decode()
    assert 'data-status="false_commitment"' in done and "经营场所已改作仓库" in done
    assert licences.verify(licence.identifier).status == "revoked"
    client.force_login(User.objects.get(username="clerk"))  # another department's staff
    assert (
        client.post("/inspection/follow-ups/", {"case": inspecting.number, "result": "kept"}).status_code
        == 404
    )
