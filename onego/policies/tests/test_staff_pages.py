"""The policy officer's pages through the test client: policies and matching runs, a run's progress and
results, a policy case's objections, payout batches with approval, the bank file and reconciliation."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onego.core.models import JobStatus
from onego.policies import payouts, services
from onego.policies.models import (
    BatchStatus,
    Fund,
    MatchRun,
    Objection,
    ObjectionStatus,
    Payment,
    PaymentStatus,
    PayoutBatch,
    PolicyCase,
)
from onego.policies.tests import factories as f
from onego.policies.tests.factories import (
    DEMO_CODE,
    UNKNOWN_CODE,
    reconciliation,
    through_publicity,
    to_payment,
)

pytestmark = pytest.mark.django_db
CST = timezone.get_fixed_timezone(480)
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=CST)  # 2026-11-27 is a Friday, a working day


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def world(demo):
    """The test world on the Friday its dates count from, whatever the real date: sessions opened now are
    still valid on the later dates the tests travel to, and publicity ends on 2026-12-04."""
    with time_machine.travel(FRIDAY, tick=True):
        yield f.staff_world()


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer)
    return client


# --- who may open the pages ---------------------------------------------------------------------------------------


def test_the_policy_officer_sees_every_policy_with_its_version_in_force(officer, world):
    with time_machine.travel(FRIDAY, tick=False):  # 2026-11-27: the facts of 2025 are last year's
        page = officer.get("/policies/manage/")
    assert page.status_code == 200
    body = text(page)
    assert 'data-policy="test-upgrade"' in body
    assert "测试升规纳统奖励" in body and "测试专项资金" in body
    assert "v1" in body and "2021-01-01" in body
    assert 'name="as_of"' in body and 'value="2025"' in body  # facts of last year by default


@pytest.mark.parametrize("username", ["reviewer", "enterprise", "policy_head"])
def test_anyone_but_a_policy_officer_gets_403_on_every_page(client, world, username):
    from onego.accounts.models import User

    client.force_login(User.objects.get(username=username))
    for path in (
        "/policies/manage/",
        "/policies/payouts/",
        "/policies/manage/runs/1/",
        "/policies/payouts/batches/1/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/policies/manage/run/", {"on": "2026-11-27", "as_of": "2025"}).status_code == 403
    assert not MatchRun.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client, world):
    page = client.get("/policies/payouts/")
    assert page.status_code == 302 and "login" in page["Location"]


# --- matching runs ------------------------------------------------------------------------------------------------


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def test_starting_a_run_queues_the_job_which_finishes_and_the_run_page_shows_the_counts(
    officer, world, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = officer.post(
            "/policies/manage/run/",
            {"policy": "test-upgrade", "on": "2026-11-27", "as_of": "2025", "make_offers": "on"},
        )
    run = MatchRun.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/policies/manage/runs/{run.pk}/"
    run.job.refresh_from_db()
    assert run.job.status == JobStatus.DONE and run.job.started_by == "policy"

    page = text(officer.get(started["Location"]))
    assert 'data-testid="count-eligible">1<' in page
    assert 'data-testid="count-not">1<' in page
    assert 'data-testid="count-unknown">1<' in page
    assert 'data-testid="total-yuan">100,000.00<' in page
    assert "测试办法 第三条" in page  # the parameter snapshot with its legal reference
    # the eligible enterprise with its conditions as sentences, the unknown one with the fact to supply
    assert f'data-entity="{DEMO_CODE}" data-outcome="true"' in page
    assert "从业人数不少于 20 人" in page
    assert f'data-entity="{UNKNOWN_CODE}" data-outcome="unknown"' in page
    assert 'data-testid="missing"' in page and "严重失信（serious_bad_credit）" in page
    # and the facts each was decided on, from the run's snapshot
    assert "<dt>从业人数</dt><dd>35" in page
    # the manage page lists the run with its counts
    manage = text(officer.get("/policies/manage/"))
    assert f'data-run="{run.pk}"' in manage and "100%" in manage


def test_a_bad_facts_period_is_explained_and_starts_nothing(officer, world):
    page = officer.post(
        "/policies/manage/run/", {"policy": "test-upgrade", "on": "2026-11-27", "as_of": "25"}
    )
    assert page.status_code == 422
    assert 'data-testid="as-of-error"' in text(page)
    assert not MatchRun.objects.exists()


def test_the_progress_fragment_shows_the_percent_and_polls_until_the_job_ends(officer, world):
    from onego.core import jobs
    from onego.policies import matching

    run = matching.start_run(actor=world.officer, policy=world.policy, on=FRIDAY.date())
    jobs.begin(run.job_id, total=4, stage="读取企业数据 / reading facts")
    jobs.advance(run.job_id, done=1)

    running = text(officer.get(f"/policies/manage/runs/{run.pk}/progress/"))
    assert 'data-testid="run-percent">25%<' in running
    assert '<progress id="run-bar-' in running and 'value="25"' in running
    assert 'hx-trigger="every 1s"' in running and "读取企业数据" in running

    jobs.finish(run.job_id, summary={})
    done = officer.get(f"/policies/manage/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'data-testid="run-percent">100%<' in text(done)
    assert "hx-trigger" not in text(done)  # polling stops
    assert done["HX-Refresh"] == "true"


# --- a policy case: objections ------------------------------------------------------------------------------------


@time_machine.travel(FRIDAY, tick=False)
def test_the_policy_case_page_lists_an_objection_and_answering_it_closes_it(officer, world):
    case = through_publicity(world)
    record = PolicyCase.objects.get(case=case)
    objection = services.file_objection(
        record.pk, name="王先生", contact="13800000000", text="该企业去年已迁出白云区"
    )

    page = text(officer.get(f"/policies/manage/cases/{case.number}/"))
    assert "该企业去年已迁出白云区" in page and f'data-objection="{objection.pk}" data-status="open"' in page
    assert "100,000.00" in page and "2026-11-27" in page and "2026-12-04" in page  # amount, publicity dates
    assert f'href="/cases/case/{case.number}/"' in page  # back to the staff case page
    # and the staff case page links here, for the policy officer
    assert f'href="/policies/manage/cases/{case.number}/"' in text(officer.get(f"/cases/case/{case.number}/"))

    # an empty reply is refused in the page and changes nothing
    refused = officer.post(
        f"/policies/manage/objections/{objection.pk}/",
        {f"o{objection.pk}-decision": "dismissed", f"o{objection.pk}-reply": ""},
    )
    assert refused.status_code == 422
    assert Objection.objects.get().status == ObjectionStatus.OPEN

    done = officer.post(
        f"/policies/manage/objections/{objection.pk}/",
        {f"o{objection.pk}-decision": "dismissed", f"o{objection.pk}-reply": "经核实企业仍在白云区经营"},
    )
    assert done.status_code == 302
    objection.refresh_from_db()
    assert (objection.status, objection.reply, objection.handled_by) == (
        ObjectionStatus.DISMISSED,
        "经核实企业仍在白云区经营",
        world.officer,
    )
    page = text(officer.get(done["Location"]))
    assert (
        f'data-objection="{objection.pk}" data-status="dismissed"' in page
        and "经核实企业仍在白云区经营" in page
    )


# --- payouts ------------------------------------------------------------------------------------------------------


@time_machine.travel(FRIDAY, tick=False)
def test_pending_payments_are_listed_and_a_batch_is_made_and_approved(officer, world):
    to_payment(world)
    page = text(officer.get("/policies/payouts/"))
    assert 'data-policy="test-upgrade" data-period="2026"' in page and "100,000.00" in page

    made = officer.post("/policies/payouts/batches/new/", {"policy": "test-upgrade", "period": "2026"})
    batch = PayoutBatch.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/policies/payouts/batches/{batch.pk}/"
    detail = text(officer.get(made["Location"]))
    assert "*" * 15 + "3456" in detail and "3602000109200123456" not in detail  # the account is masked
    assert 'data-testid="approve"' in detail

    approved = officer.post(f"/policies/payouts/batches/{batch.pk}/approve/")
    assert approved.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED
    detail = text(officer.get(approved["Location"]))
    assert 'data-testid="fund-balance">150,000.00' in detail
    assert 'data-testid="bank-file"' in detail
    assert f'data-batch="{batch.number}"' in text(officer.get("/policies/payouts/"))


@time_machine.travel(FRIDAY, tick=False)
def test_a_batch_larger_than_the_fund_is_not_approved_and_the_page_says_why(officer, world):
    to_payment(world)
    Fund.objects.filter(pk=world.fund.pk).update(budget_fen=9_999_999)
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=world.officer)
    page = officer.post(f"/policies/payouts/batches/{batch.pk}/approve/")
    assert page.status_code == 409
    assert "资金余额不足" in text(page) and "99999.99" in text(page)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def approved_batch(world: f.StaffWorld) -> PayoutBatch:
    to_payment(world)
    batch = payouts.create_batch(policy=world.policy, period="2026", actor=world.officer)
    return payouts.approve_batch(batch.pk, actor=world.officer)


@time_machine.travel(FRIDAY, tick=False)
def test_the_bank_file_downloads_as_csv_with_the_documented_header(officer, world):
    batch = approved_batch(world)
    # a GET (a prefetched link) does not export an approved batch
    refused = officer.get(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    assert refused.status_code == 405
    assert Payment.objects.get().status == PaymentStatus.BATCHED
    download = officer.post(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == f'attachment; filename="{batch.number}.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "付款参考号",
        "收款户名",
        "收款账号",
        "开户银行",
        "金额（元）",
        "用途",
        "统一社会信用代码",
    ]
    assert rows[1][2:5] == ["3602000109200123456", "中国工商银行广州白云支行", "100000.00"]
    assert Payment.objects.get().status == PaymentStatus.SENT
    # once exported, the same file downloads again by a link
    again = officer.get(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    assert again.status_code == 200 and again.content == download.content


def upload(content: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("recon.csv", content, content_type="text/csv")}


@time_machine.travel(FRIDAY, tick=False)
def test_a_reconciliation_with_a_bad_row_names_it_and_writes_nothing_and_a_good_one_marks_paid(
    officer, world
):
    batch = approved_batch(world)
    officer.post(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    payment = Payment.objects.get()

    bad = officer.post(
        f"/policies/payouts/batches/{batch.pk}/reconcile/",
        upload(
            reconciliation(
                [
                    [payment.reference, "成功", "B20261208001", "2026-12-08", ""],
                    ["OG9999999999", "成功", "B2", "2026-12-08", ""],
                ]
            )
        ),
    )
    assert bad.status_code == 422
    assert 'data-testid="row-errors"' in text(bad) and "第 3 行" in text(bad) and "付款参考号" in text(bad)
    assert Payment.objects.get().status == PaymentStatus.SENT

    good = officer.post(
        f"/policies/payouts/batches/{batch.pk}/reconcile/",
        upload(reconciliation([[payment.reference, "成功", "B20261208001", "2026-12-08", ""]])),
    )
    assert good.status_code == 302
    payment.refresh_from_db()
    assert (payment.status, payment.bank_reference) == (PaymentStatus.PAID, "B20261208001")
    page = text(officer.get(good["Location"]))
    assert 'data-testid="reconciled-counts"' in page and "B20261208001" in page
    assert "对账完成" in page  # the success message with the counts
    assert PayoutBatch.objects.get().status == BatchStatus.RECONCILED


@time_machine.travel(FRIDAY, tick=False)
def test_a_reconciliation_file_over_the_limit_is_refused_before_reading(officer, world):
    batch = approved_batch(world)
    officer.post(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    big = b"x" * (payouts.MAX_RECONCILIATION_BYTES + 1)
    page = officer.post(f"/policies/payouts/batches/{batch.pk}/reconcile/", upload(big))
    assert page.status_code == 422 and 'data-testid="file-error"' in text(page)
    assert Payment.objects.get().status == PaymentStatus.SENT


@time_machine.travel(FRIDAY, tick=False)
def test_the_totals_filter_by_year(officer, world):
    to_payment(world)
    this_year = text(officer.get("/policies/payouts/?year=2026"))
    assert DEMO_CODE in this_year.split('data-testid="totals-enterprises"')[1]
    other_year = text(officer.get("/policies/payouts/?year=2020"))
    assert DEMO_CODE not in other_year.split('data-testid="totals-enterprises"')[1]


def test_the_run_page_of_a_run_that_does_not_exist_is_404(officer, world):
    assert officer.get("/policies/manage/runs/999/").status_code == 404
    assert officer.get("/policies/manage/cases/NO-SUCH/").status_code == 404


@time_machine.travel(FRIDAY, tick=False)
def test_a_policy_case_before_publicity_says_it_is_not_assessed_yet(officer, world):
    from onego.policies import offers
    from onego.policies.models import Offer

    f.run_now(world.policy, world.officer)
    case = offers.confirm_offer(
        Offer.objects.get().pk,
        user=world.enterprise,
        bank_account_name="云味",
        bank_name="工行",
        bank_account_number=f.ACCOUNT,
    ).case
    assert case is not None
    PolicyCase.objects.filter(case=case).delete()  # as for an application, assessed only when publicity opens
    page = officer.get(f"/policies/manage/cases/{case.number}/")
    assert page.status_code == 200 and 'data-testid="not-assessed"' in text(page)


def test_the_run_page_reads_in_english_with_the_english_sentences(officer, world):
    run = f.run_now(world.policy, world.officer)
    page = text(officer.get(f"/policies/manage/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Matching run" in page and "Parameter snapshot" in page
    assert "Test upgrade reward" in page and "at least 20 employees" in page
    assert "从业人数不少于" not in page


@time_machine.travel(FRIDAY, tick=False)
def test_a_nul_in_a_reconciliation_bank_reference_is_a_row_error_and_nothing_is_written(officer, world):
    from onego.core.models import AuditEvent

    batch = approved_batch(world)
    officer.post(f"/policies/payouts/batches/{batch.pk}/bank-file/")
    payment = Payment.objects.get()
    events = AuditEvent.objects.count()

    page = officer.post(
        f"/policies/payouts/batches/{batch.pk}/reconcile/",
        upload(reconciliation([[payment.reference, "成功", "B2026\x0012", "2026-12-08", ""]])),
    )

    assert page.status_code == 422
    assert 'data-testid="row-errors"' in text(page) and "第 2 行「银行流水号」：含有空字符（NUL）" in text(
        page
    )
    payment.refresh_from_db()
    assert (payment.status, payment.bank_reference) == (PaymentStatus.SENT, "")
    assert AuditEvent.objects.count() == events
