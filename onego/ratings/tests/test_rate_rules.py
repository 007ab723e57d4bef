"""record_rating's rules (一次一评、一事一评, real-name, validation) and the online and token pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from onego.cases import queue, receipts
from onego.cases.models import CaseStatus
from onego.cases.tests import factories as f
from onego.cases.tests.queue_world import call
from onego.core.errors import ApiError
from onego.core.models import AuditEvent, OutboxMessage
from onego.ratings import invites
from onego.ratings.models import Rating, RatingChannel, RatingInvite, WorkOrder
from onego.ratings.services import record_rating

pytestmark = pytest.mark.django_db


def done_visit(q, **ticket):
    queue.take_ticket(q.centre, **ticket)
    visit = call(q.clerk)
    return queue.finish_visit(q.clerk, visit.pk)


def closed_case(q):
    """The world's applicant's case of the simple item, refused at acceptance by the clerk: closed."""
    case = f.submit(q.w, "simple")
    case = f.act(q.w, case, "clerk", "reject", note="材料不齐")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    return case


@pytest.mark.parametrize(
    ("grade", "indicators", "reason", "code"),
    [
        (0, {}, "", "grade_invalid"),
        ("x", {}, "", "grade_invalid"),
        (6, {}, "", "grade_invalid"),
        (5, {"usability": 5}, "", "indicator_unknown"),  # an online key on a visit
        (5, {"attitude": 9}, "", "indicator_invalid"),
        (2, {}, "", "reason_required"),
        (1, {}, " 差 ", "reason_required"),  # one character after trimming
        (4, {}, "长" * 501, "reason_too_long"),
    ],
)
def test_a_bad_rating_is_refused_and_nothing_is_stored(q, grade, indicators, reason, code):
    visit = done_visit(q)
    events = AuditEvent.objects.count()
    with pytest.raises(ApiError) as refused:
        record_rating(
            grade=grade, channel=RatingChannel.PAD, visit=visit, indicators=indicators, reason=reason
        )

    assert refused.value.code == code
    assert (Rating.objects.count(), WorkOrder.objects.count(), AuditEvent.objects.count()) == (0, 0, events)


def test_a_visit_rating_copies_who_and_what_and_a_bad_one_opens_a_work_order(q):
    queue.take_ticket(q.centre, name="张三", phone="13800001111")
    queue.call_next(q.clerk)
    (case,) = f.submit_application(q.w, channel="window", clerk=q.clerk, item_code=q.w.simple.code)
    assert case.visit_id is not None
    visit = queue.finish_visit(q.clerk, case.visit_id)

    rating = record_rating(
        grade=2, channel=RatingChannel.PAD, visit=visit, reason="等候时间太长", indicators={"attitude": 2}
    )

    assert (rating.staff_id, rating.window_id, rating.centre_id) == (q.clerk.pk, q.windows[0].pk, q.centre.pk)
    assert (rating.department_id, rating.item_id, rating.case_id) == (
        q.clerk.department_id,
        q.w.simple.pk,
        case.pk,
    )
    assert (rating.rater_id, rating.rater_phone) == (q.w.applicant.pk, "13800001111")  # real-name
    order = WorkOrder.objects.get(rating=rating)
    assert (order.department_id, order.assignee_id) == (q.clerk.department_id, q.clerk.pk)
    assert AuditEvent.objects.filter(action="rating.recorded", object_id=str(rating.pk)).count() == 1
    with pytest.raises(ApiError) as twice:
        record_rating(grade=5, channel=RatingChannel.PAD, visit=visit)
    assert twice.value.code == "already_rated"


def test_a_visit_not_done_cannot_be_rated(q):
    queue.take_ticket(q.centre)
    visit = call(q.clerk)
    with pytest.raises(ApiError) as refused:
        record_rating(grade=5, channel=RatingChannel.PAD, visit=visit)
    assert refused.value.code == "visit_not_done"


def test_a_case_rating_names_who_accepted_it_and_is_one_per_case(q):
    case = closed_case(q)
    rating = record_rating(
        grade=5, channel=RatingChannel.ONLINE, case=case, rater=q.w.applicant, indicators={"usability": 4}
    )

    assert (rating.staff_id, rating.department_id, rating.item_id) == (
        q.clerk.pk,
        case.department_id,
        case.item_id,
    )
    assert rating.visit_id is None and rating.indicators == {"usability": 4}
    assert not WorkOrder.objects.exists()
    with pytest.raises(ApiError) as twice:
        record_rating(grade=1, channel=RatingChannel.ONLINE, case=case, reason="太慢了")
    assert twice.value.code == "already_rated"


def test_a_closed_case_invites_its_applicant_by_message_and_sms(q):
    case = closed_case(q)

    invite = RatingInvite.objects.get(case=case)
    assert invite.channel == RatingChannel.SMS and invite.used_at is None
    rows = {
        m.channel: m
        for m in OutboxMessage.objects.filter(dedupe_key__startswith=f"rating-invite:case:{case.pk}")
    }
    assert set(rows) == {"site", "sms"}
    assert rows["site"].link == f"/ratings/case/{case.number}/"
    assert f"/ratings/r/{invite.token}/" in rows["sms"].body


def test_the_applicant_rates_their_own_case_on_my_cases(q, client):
    case = closed_case(q)
    client.force_login(q.w.applicant)
    page = client.get(f"/ratings/case/{case.number}/")
    assert page.status_code == 200 and 'data-testid="rate-form"' in page.content.decode()

    missing = client.post(f"/ratings/case/{case.number}/", {"grade": "2"})
    assert missing.status_code == 400 and 'data-testid="error-reason"' in missing.content.decode()
    assert not Rating.objects.exists()

    done = client.post(
        f"/ratings/case/{case.number}/", {"grade": "2", "reasons": ["0"], "ind_efficiency": "2"}
    )
    assert done.status_code == 200 and 'data-testid="rate-thanks"' in done.content.decode()
    rating = Rating.objects.get()
    assert (rating.grade, rating.channel, rating.reason, rating.rater_id) == (
        2,
        "online",
        "办理时间太长",
        q.w.applicant.pk,
    )
    assert rating.indicators == {"efficiency": 2}
    assert WorkOrder.objects.filter(rating=rating).exists()


def test_a_case_not_yet_ended_cannot_be_rated_online(q, client):
    """一事一评 rates a matter once it has ended; a rating of an open case would block the real one."""
    case = f.submit(q.w, "simple")
    client.force_login(q.w.applicant)

    page = client.get(f"/ratings/case/{case.number}/").content.decode()
    posted = client.post(f"/ratings/case/{case.number}/", {"grade": "5"})
    with pytest.raises(ApiError) as refused:
        record_rating(grade=5, channel=RatingChannel.ONLINE, case=case, rater=q.w.applicant)

    assert "办件办结后才能评价" in page and 'data-testid="rate-form"' not in page
    assert "办件办结后才能评价" in posted.content.decode()
    assert refused.value.code == "case_not_finished"
    assert not Rating.objects.exists()


def test_my_cases_offers_rating_a_closed_case_then_shows_the_rating(q, client):
    from django.urls import reverse

    case = closed_case(q)
    client.force_login(q.w.applicant)
    page = client.get(reverse("cases:my_cases")).content.decode()
    assert f"/ratings/case/{case.number}/" in page
    record_rating(grade=4, channel=RatingChannel.ONLINE, case=case, rater=q.w.applicant)
    page = client.get(reverse("cases:my_cases")).content.decode()
    assert 'data-testid="my-rating"' in page and f"/ratings/case/{case.number}/" not in page


def test_someone_elses_case_is_404(q, client):
    case = closed_case(q)
    client.force_login(q.w.other_applicant)
    assert client.get(f"/ratings/case/{case.number}/").status_code == 404
    assert client.post(f"/ratings/case/{case.number}/", {"grade": "5"}).status_code == 404
    client.force_login(q.clerk)
    assert client.get(f"/ratings/case/{case.number}/").status_code == 404
    assert not Rating.objects.exists()


def test_a_token_link_rates_once_and_an_expired_one_is_refused(q, client):
    import time_machine
    from django.utils import timezone

    case = closed_case(q)
    invite = RatingInvite.objects.get(case=case)
    page = client.get(f"/ratings/r/{invite.token}/").content.decode()
    assert case.number in page and q.w.applicant.display_name in page  # whose it is

    client.post(f"/ratings/r/{invite.token}/", {"grade": "5"})
    rating = Rating.objects.get()
    assert (rating.channel, rating.rater_id) == ("sms", q.w.applicant.pk)
    used = client.post(f"/ratings/r/{invite.token}/", {"grade": "1", "reason": "再评一次"})
    assert used.status_code == 410 and "已经使用过" in used.content.decode()

    other = invites.new_invite(channel="sms", day=timezone.localdate(), case=closed_case(q))
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        expired = client.post(f"/ratings/r/{other.token}/", {"grade": "5"})
    assert expired.status_code == 410 and 'data-testid="rate-closed"' in expired.content.decode()
    assert client.get("/ratings/r/not-a-token/").status_code == 404
    assert Rating.objects.count() == 1


def test_the_receipts_qr_token_rates_the_case_and_a_forged_one_does_not(q, client):
    case = f.submit(q.w, "simple")
    receipt = receipts.build(case)
    assert receipt.cases[0].rating_url.startswith(f.PUBLIC_BASE_URL + "/ratings/r/")
    token = receipts.rating_token(case.number)
    forged = signing.dumps(case.number, salt="another-salt", compress=True)

    assert client.get(f"/ratings/r/{forged}/").status_code == 404
    # the receipt is printed at acceptance: scanned before the case ends, it says when it may be rated
    early = client.get(f"/ratings/r/{token}/")
    assert early.status_code == 200 and "办件办结后才能评价" in early.content.decode()
    assert 'data-testid="rate-form"' not in early.content.decode()
    assert client.post(f"/ratings/r/{token}/", {"grade": "4"}).status_code == 200
    assert not Rating.objects.exists()

    f.act(q.w, case, "clerk", "reject", note="材料不齐")
    client.post(f"/ratings/r/{token}/", {"grade": "4"})
    rating = Rating.objects.get()
    assert (rating.channel, rating.case_id, rating.rater_id) == ("qr", case.pk, q.w.applicant.pk)
    pdf = receipts.receipt_pdf(receipts.build(case))
    assert pdf.startswith(b"%PDF")


def test_a_done_visit_with_a_phone_gets_an_sms_link(q, django_capture_on_commit_callbacks):
    from onego.core.models import SmsLogEntry

    with django_capture_on_commit_callbacks(execute=False):
        visit = done_visit(q, name="赵六", phone="13700001111")
    invite = RatingInvite.objects.get(visit=visit)
    invites.send_visit_sms(invite.pk)  # what the task queued on commit does

    sms = SmsLogEntry.objects.get()
    assert sms.phone == "13700001111" and f"/ratings/r/{invite.token}/" in sms.body
    assert not RatingInvite.objects.filter(visit__phone="").exists()
