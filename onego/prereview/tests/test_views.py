"""The reviewer's pages through the test client: the queue by risk with its counts and filters, a claim's cards
(reasons, evidence, masked ID numbers, attachments with the fields read), confirm all and an override through the
page, the refusals with their message in the reader's language and nothing written, who may open and post what,
the attachment behind the same access, and an English page with no Chinese beyond the data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from onego.cases.models import Case, TaskStatus
from onego.core.models import AuditEvent
from onego.portal.tests.test_english_pages import chinese_left
from onego.prereview import decisions
from onego.prereview.models import Claim, PersonClaim
from onego.prereview.tests.review_world import (
    ENTERPRISE_NAME,
    MONDAY,
    PERSONS,
    ReviewWorld,
    attach,
    prereviewed_claim,
    ready,
    review_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db: None, settings: Any, tmp_path: Path) -> Iterator[ReviewWorld]:
    """The world on the Monday its claims were captured, the clock ticking so sessions stay valid."""
    ready(settings, tmp_path)
    with time_machine.travel(MONDAY, tick=True):
        yield review_world()


def client_of(user: Any = None, *, language: str = "zh-hans") -> Client:
    client = Client()
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    if user is not None:
        client.force_login(user)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def decided_persons(claim: Claim) -> list[str]:
    return [p.decision for p in PersonClaim.objects.filter(claim=claim).order_by("seq")]


def seen(claim: Claim) -> str:
    return decisions.state_token(PersonClaim.objects.filter(claim=claim))


# --- the queue -------------------------------------------------------------------------------------------------


def test_the_queue_lists_undecided_claims_by_risk_with_counts_and_case_links(w: ReviewWorld) -> None:
    low = prereviewed_claim(w, external_id="BY2026Q3-0001", verdicts=["pass", "pass"], risk=10)
    high = prereviewed_claim(w, external_id="BY2026Q3-0002", risk=90)
    middle = prereviewed_claim(w, external_id="BY2026Q3-0003", verdicts=["pass", "check"], risk=40)
    decided = prereviewed_claim(w, external_id="BY2026Q3-0004", verdicts=["pass"], risk=99)
    decisions.confirm_all(decided.pk, actor=w.jobs)

    page = text(client_of(w.jobs).get("/prereview/"))

    order = re.findall(r'data-external-id="(BY2026Q3-\d+)"', page)
    assert order == ["BY2026Q3-0002", "BY2026Q3-0003", "BY2026Q3-0001"]
    assert re.search(r'data-testid="count-total">3<', page)
    assert re.search(r'data-testid="count-fail">1<', page)
    assert re.search(r'data-testid="count-check">1<', page)
    assert re.search(r'data-testid="count-pass">1<', page)
    assert high.case is not None and f'href="{reverse("cases:case", args=[high.case.number])}"' in page
    assert ENTERPRISE_NAME in page and "15,000.00" in page and "2026-07-01" in page
    assert low.pk and middle.pk  # the rows link to the claims
    assert f'href="/prereview/{middle.pk}/"' in page


def test_the_queue_filters_by_verdict_and_scheme_and_pages(w: ReviewWorld) -> None:
    for n in range(21):
        prereviewed_claim(w, external_id=f"BY2026Q3-{n:04d}", verdicts=["pass"], risk=n, with_case=False)
    prereviewed_claim(w, external_id="BY2026Q3-0100", verdicts=["fail"], risk=5, with_case=False)
    client = client_of(w.jobs)

    failing = text(client.get("/prereview/?verdict=fail"))
    assert re.findall(r'data-external-id="([^"]+)"', failing) == ["BY2026Q3-0100"]
    first = text(client.get("/prereview/?verdict=pass"))
    assert len(re.findall(r"data-external-id=", first)) == 20
    second = text(client.get("/prereview/?verdict=pass&page=2"))
    assert re.findall(r'data-external-id="([^"]+)"', second) == ["BY2026Q3-0000"]  # the lowest risk last
    assert "第 2 / 2 页" in second
    assert len(re.findall(r"data-external-id=", text(client.get("/prereview/?scheme=hiring_subsidy")))) == 20
    # an unknown scheme or verdict shows the whole queue, never an error page
    response = client.get("/prereview/?scheme=nope&verdict=maybe")
    assert response.status_code == 200


# --- the claim page ----------------------------------------------------------------------------------------------


def test_the_claim_page_shows_each_person_with_reasons_evidence_and_the_fields_read(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w, verdicts=["pass", "fail", "check"], attachments=True)
    attach(claim, None, "business_licence", "营业执照-测试制衣.png", read={"name": ENTERPRISE_NAME})

    page = text(client_of(w.jobs).get(f"/prereview/{claim.pk}/"))

    assert page.count('data-testid="person"') == 3
    assert "4401**********0012" in page and PERSONS[0][1] not in page  # ID numbers masked
    assert "2026-07 至 2026-09 在本单位仅参保 1 个月，不足 3 个月" in page
    assert "2026-09 广州市白云区测试制衣有限公司 5,000.00" in page  # the evidence row cited
    assert "身份证图像无法识别，请人工核对" in page
    assert page.count('data-testid="attachment"') == 4  # three ID cards and the licence
    assert "未能识别“姓名”" in page  # the unreadable ID card's problems
    assert page.count('data-testid="match"') == 5  # name and number of two ID cards, the licence's name
    assert 'data-testid="confirm-all"' in page and "确认全部 2 人的预审结论" in page
    assert "另有 1 人预审结论为需人工核查" in page
    assert page.count('data-testid="confirm"') == 2 and page.count('data-testid="decide-form"') == 1


def test_confirm_all_through_the_page_decides_the_claim_and_shows_the_decision(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    client = client_of(w.jobs)

    response = client.post(f"/prereview/{claim.pk}/confirm-all/", {"seen": seen(claim)}, follow=True)

    page = text(response)
    assert response.redirect_chain[-1][0] == f"/prereview/{claim.pk}/"
    assert claim.case is not None
    assert f"申报 BY2026Q3-0001 已复核完毕，办件 {claim.case.number} 已转入下一环节。" in page
    assert re.search(r'data-testid="decided-pass">4<', page) and re.search(
        r'data-testid="decided-fail">1<', page
    )
    assert re.search(r'data-testid="approved-amount">12,000.00<', page)
    assert 'data-testid="confirm"' not in page
    assert Case.objects.get(pk=claim.case.pk).current_step == "decide"


def test_an_override_through_the_page_keeps_its_reason(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    person = PersonClaim.objects.get(claim=claim, seq=3)
    client = client_of(w.jobs)

    response = client.post(
        f"/prereview/{claim.pk}/decide/",
        {"person": person.pk, "verdict": "pass", "reason": "补缴记录已到账", "seen": seen(claim)},
        follow=True,
    )

    assert "已保存。" in text(response)
    person.refresh_from_db()
    assert (person.decision, person.final_verdict, person.override_reason) == (
        "overridden",
        "pass",
        "补缴记录已到账",
    )
    assert 'data-testid="override-reason">补缴记录已到账<' in text(response)


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "改判 孙三 须填写理由。"), ("en", "Give a reason for overriding 孙三.")],
)
def test_an_override_without_a_reason_is_refused_in_the_readers_language(
    w: ReviewWorld, language: str, message: str
) -> None:
    claim = prereviewed_claim(w)
    person = PersonClaim.objects.get(claim=claim, seq=3)

    response = client_of(w.jobs, language=language).post(
        f"/prereview/{claim.pk}/decide/",
        {"person": person.pk, "verdict": "pass", "reason": "", "seen": seen(claim)},
    )

    assert response.status_code == 422
    assert message in text(response)
    assert decided_persons(claim) == [""] * 5
    assert not AuditEvent.objects.filter(action__startswith="prereview.").exists()


def test_a_second_decision_through_the_page_gets_409_with_a_clear_message(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    stale = seen(claim)
    client_of(w.jobs).post(f"/prereview/{claim.pk}/confirm-all/", {"seen": stale})

    response = client_of(w.jobs).post(f"/prereview/{claim.pk}/confirm-all/", {"seen": stale})

    assert response.status_code == 409
    assert "该申报已由 王晓东 于" in text(response) and "本次操作未保存" in text(response)


def test_the_head_may_watch_but_is_told_why_he_cannot_decide(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    client = client_of(w.jobs_head)

    page = text(client.get(f"/prereview/{claim.pk}/"))
    assert 'data-testid="refusal"' in page and 'data-testid="confirm-all"' not in page
    response = client.post(f"/prereview/{claim.pk}/confirm-all/", {"seen": seen(claim)})

    assert response.status_code == 403
    assert "您不能办理办件" in text(response)
    assert decided_persons(claim) == [""] * 5


# --- who may open and post -----------------------------------------------------------------------------------------

REFUSED = ["clerk", "other_reviewer", "other_officer", "applicant", "supervisor", "anonymous"]


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("action", ["decide", "confirm-all"])
def test_refused_roles_cannot_post_a_decision_and_nothing_is_written(
    w: ReviewWorld, who: str, action: str
) -> None:
    claim = prereviewed_claim(w)
    person = PersonClaim.objects.get(claim=claim, seq=1)
    user = None if who == "anonymous" else w.users()[who]

    response = client_of(user).post(
        f"/prereview/{claim.pk}/{action}/", {"person": person.pk, "verdict": "pass", "seen": seen(claim)}
    )

    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code == 403
    assert decided_persons(claim) == [""] * 5
    assert not AuditEvent.objects.filter(action__startswith="prereview.").exists()
    assert claim.case is not None and claim.case.tasks.filter(status=TaskStatus.DONE).count() == 0


@pytest.mark.parametrize(
    ("who", "queue", "claim_page"),
    [
        ("jobs", 200, 200),
        ("jobs_head", 200, 200),
        ("supervisor", 200, 200),
        ("other_officer", 200, 403),  # a policy officer elsewhere: an empty queue, not this claim
        ("clerk", 403, 403),
        ("other_reviewer", 403, 403),
        ("applicant", 403, 403),
    ],
)
def test_who_may_open_the_queue_and_the_claim(w: ReviewWorld, who: str, queue: int, claim_page: int) -> None:
    claim = prereviewed_claim(w)
    client = client_of(w.users()[who])
    response = client.get("/prereview/")
    assert response.status_code == queue
    if queue == 200:
        assert ("BY2026Q3-0001" in text(response)) == (who != "other_officer")
    assert client.get(f"/prereview/{claim.pk}/").status_code == claim_page
    assert client.get("/prereview/figures/").status_code == queue


def test_the_anonymous_are_sent_to_sign_in(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    for url in ("/prereview/", f"/prereview/{claim.pk}/", "/prereview/figures/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_supervisor_reads_the_claim_without_any_action(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w)
    client = client_of(w.supervisor)
    assert 'data-testid="read-only"' in text(client.get("/prereview/"))
    page = text(client.get(f"/prereview/{claim.pk}/"))
    assert '<form method="post" action="/prereview/' not in page


def test_an_attachment_is_served_only_to_those_who_may_see_the_claim(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w, verdicts=["pass"], attachments=True)
    other = prereviewed_claim(w, external_id="BY2026Q3-0002", verdicts=["pass"], with_case=False)
    row = claim.attachments.get()
    url = f"/prereview/{claim.pk}/files/{row.pk}/"

    response = client_of(w.jobs).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert client_of(w.supervisor).get(url).status_code == 200
    assert client_of(w.other_officer).get(url).status_code == 403
    assert client_of(w.clerk).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert client_of(w.jobs).get(f"/prereview/{other.pk}/files/{row.pk}/").status_code == 404


# --- English ------------------------------------------------------------------------------------------------------

#: Data on the pages that stays as recorded: the enterprise, the persons, the signed-in officer, the evidence rows the
#: engine cites and
#: what the OCR read are records in Chinese, not texts of the site.
DATA = [ENTERPRISE_NAME, *(p[0] for p in PERSONS), "王晓东", "营业执照-测试制衣.png", "简体中文"]


def test_the_english_pages_show_no_chinese_beyond_the_data(w: ReviewWorld) -> None:
    claim = prereviewed_claim(w, verdicts=["pass", "fail", "check"], attachments=True)
    client = client_of(w.jobs, language="en")
    for url in ("/prereview/", f"/prereview/{claim.pk}/", "/prereview/figures/"):
        response = client.get(url)
        assert response.status_code == 200
        assert chinese_left(text(response), DATA) == [], url
    decisions.confirm_all(claim.pk, actor=w.jobs)
    rows = PersonClaim.objects.filter(claim=claim, verdict="check")
    decisions.decide_persons(
        claim.pk, actor=w.jobs, choices=[decisions.PersonChoice(rows.get().pk, "fail", "x")]
    )
    decided = text(client.get(f"/prereview/{claim.pk}/"))
    assert "The case is now at: Decision" in decided  # the case's step, named in English
    assert chinese_left(decided, DATA) == []
