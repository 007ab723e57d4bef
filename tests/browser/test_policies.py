"""Policy redemption (政策兑现, issue 7) in Chromium: the policy officer starts a matching run of the 免申即享
policy 中小企业“升规纳统”扶持 and watches it finish; the demo enterprise opens 政策兑现 and sees that policy as
可享受 with its amount and the reasons, and 企业人才租房扶持 as 待核实 with the missing data named; it confirms the
免申即享 offer with its bank account; and, once the case has been decided, the officer makes a payout batch,
approves it, downloads the bank file and imports the bank's reconciliation, and the payment shows as paid.

The demo seed's designed facts make the demo enterprise eligible for the upgrade reward (100,000 yuan) on
2026-11-27 with the data of 2025, so the browser part of the test runs on that day (time_machine, ticking:
the live server runs in this process and sees the same clock; Playwright's timers use the monotonic clock,
which time_machine leaves alone). The staff steps between the confirmation and the payment (acceptance,
countersign, five working days of publicity, the decision) go through the case services in the test process:
the staff case pages have their own browser tests. The matching job runs in the request that starts it
(Celery eager).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser import helpers as h
from tests.browser.helpers import People

CST = timezone.get_fixed_timezone(480)
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=CST)  # the demo's evaluation day, a working day
# Publicity runs five working days, 2026-11-27 to Friday 2026-12-04; the next working day is Monday 12-07.
AFTER_PUBLICITY = datetime(2026, 12, 7, 9, 0, tzinfo=CST)

UPGRADE = "sme-upgrade"
UPGRADE_NAME = "中小企业“升规纳统”扶持"  # Chinese quotation marks, as the policy is published
# Every condition of the upgrade reward, as the enterprise reads it (onego/demo/policy_data.py).
UPGRADE_CONDITIONS = (
    "注册地在白云区",
    "属于中小企业",
    "近 12 个月内首次纳入规模以上（限额以上）统计",
    "仍在规模以上（限额以上）统计库中",
    "未被列为严重失信主体",
)
TALENT_RENT = "talent-rent"
TALENT_RENT_NAME = "企业人才租房扶持"
RENTING_TALENTS_LABEL = "在区租房人才数"  # FactDefinition label of renting_talents (onego/registry/facts.py)
ENTERPRISE = "广州市白云区云味餐饮有限公司"
CREDIT_CODE = "91440111MA5AQ6WX00"
BANK_NAME = "中国工商银行广州白云支行"
ACCOUNT = "3602000109200123456"
BANK_REFERENCE = "B20261208001"


@pytest.fixture
def people(browser: Browser, seeded_live_server: Any) -> Iterator[People]:
    crowd = People(browser, seeded_live_server.url, {})
    try:
        yield crowd
    finally:
        crowd.close()


@pytest.fixture
def eager(settings: Any) -> Any:
    """The matching job runs when the request that starts it commits (no worker)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def nav(page: Page, key: str) -> None:
    """Click an entry of the main navigation, as a person does."""
    page.locator(f"nav.main-nav li[data-nav={key}] a").click()


def decide_the_case(number: str) -> None:
    """The case from acceptance to disbursement, as the staff would on their case pages: the policy officer
    accepts and passes the review, 区市场监管局 and 区税务局 countersign, publicity runs five working days
    without objection, the department head approves; entering 拨付 writes the pending payment."""
    from onego.accounts.models import User
    from onego.cases.models import Case
    from onego.policies.models import Payment, PaymentStatus, PolicyCase
    from onego.policies.tests.factories import do

    staff = {
        u.username: u
        for u in User.objects.filter(username__in=("policy", "reviewer", "tcj_reviewer", "policy_head"))
    }
    case = Case.objects.get(number=number)
    with time_machine.travel(FRIDAY, tick=True):
        do(case, staff["policy"], "accept")
        do(case, staff["policy"], "pass")
        do(case, staff["reviewer"], "approve")
        case = do(case, staff["tcj_reviewer"], "approve")
    assert case.current_step == "publicize"
    record = PolicyCase.objects.get(case=case)
    assert (str(record.publicity_from), str(record.publicity_until)) == ("2026-11-27", "2026-12-04")
    with time_machine.travel(AFTER_PUBLICITY, tick=True):
        do(case, staff["policy"], "no_objection")
        case = do(case, staff["policy_head"], "approve")
    assert case.current_step == "disburse"
    payment = Payment.objects.get(policy_case=record)
    assert (payment.status, payment.amount_fen, payment.bank_account_number) == (
        PaymentStatus.PENDING,
        10_000_000,
        ACCOUNT,
    )


def test_an_enterprise_confirms_a_free_offer_and_the_officer_pays_it_through_the_bank(
    seeded_live_server: Any, people: People, eager: Any, tmp_path: Path
) -> None:
    from onego.policies import payouts
    from onego.policies.models import RunPolicy

    base = seeded_live_server.url
    with time_machine.travel(FRIDAY, tick=True):
        # given the policy officer opens 政策管理 and starts a run of the upgrade reward with offers
        officer = people.page_of("policy")
        nav(officer, "policy_admin")
        expect(officer.get_by_role("heading", level=1)).to_have_text("政策管理")
        form = officer.locator("[data-testid=start-run]")
        form.get_by_label("比对政策").select_option(label=f"{UPGRADE_NAME}（{UPGRADE}）")
        expect(form.get_by_label("评估日期")).to_have_value("2026-11-27")
        expect(form.get_by_label("数据期间")).to_have_value("2025")
        expect(form.get_by_label("向符合条件的企业推送兑现通知（免申即享）")).to_be_checked()
        form.locator("[data-testid=start-run-button]").click()

        # then the run page shows the job done at 100 % and how many enterprises qualify
        expect(officer.locator("ul.messages")).to_contain_text("比对已开始")
        progress = officer.locator("[data-testid=run-progress]")
        expect(progress).to_have_attribute("data-status", "done")
        expect(progress.locator("[data-testid=run-percent]")).to_have_text("100%")
        expect(progress.locator("[data-testid=run-status]")).to_contain_text("已完成")
        entry = RunPolicy.objects.get(policy__code=UPGRADE)
        assert entry.eligible >= 1
        summary = officer.locator(f"[data-testid=run-summary] tr[data-policy={UPGRADE}]")
        expect(summary).to_contain_text(UPGRADE_NAME)
        expect(summary.locator("[data-testid=count-eligible]")).to_have_text(str(entry.eligible))
        expect(summary.locator("[data-testid=count-unknown]")).to_have_text(str(entry.unknown))
        eligible_list = officer.locator("[data-testid=eligible-list]")
        expect(eligible_list.locator("h2")).to_contain_text(str(entry.eligible))
        expect(eligible_list.get_by_text(CREDIT_CODE)).to_be_visible()  # the demo enterprise sorts first
        expect(eligible_list).to_contain_text(ENTERPRISE)
        h.snap(officer, "policies_1_run_done")

        # when the enterprise opens 政策兑现
        enterprise = people.page_of("enterprise")
        nav(enterprise, "policy_finder")
        expect(enterprise.get_by_role("heading", level=1)).to_have_text("我能享受什么")

        # then the offer waiting for it is at the top
        pending = enterprise.locator("[data-testid=pending-offers]")
        expect(pending).to_contain_text("您有 1 条免申即享兑现通知待确认")
        expect(pending).to_contain_text(f"{UPGRADE_NAME}：100,000.00 元")

        # and the upgrade reward is 可享受 with its amount and every condition met, in sentences
        eligible = enterprise.locator(
            f"[data-testid=group-eligible] [data-testid=result][data-code={UPGRADE}]"
        )
        expect(eligible).to_contain_text(UPGRADE_NAME)
        expect(eligible.locator("[data-testid=amount]")).to_have_text("100,000.00 元")
        expect(eligible.locator("[data-testid=next-step]")).to_contain_text("已推送兑现通知，去确认")
        why = eligible.locator("[data-testid=why]")
        conditions = why.locator("[data-testid=conditions] > li")
        expect(conditions.first).to_be_hidden()  # folded until asked
        why.locator("summary").click()
        expect(conditions.first).to_be_visible()
        met = why.locator("[data-testid=conditions] > li[data-outcome=true]")
        for sentence in UPGRADE_CONDITIONS:
            line = met.filter(has_text=sentence)
            expect(line).to_have_count(1)
            expect(line.locator(".mark")).to_have_text("✓")
        expect(why.locator("[data-testid=amount-lines]")).to_contain_text("一次性奖励 10 万元")

        # and the talent rent support is 待核实, naming the missing data by its label
        unknown = enterprise.locator(
            f"[data-testid=group-unknown] [data-testid=result][data-code={TALENT_RENT}]"
        )
        expect(unknown).to_contain_text(TALENT_RENT_NAME)
        expect(unknown.locator("[data-testid=missing]")).to_have_text(f"缺少数据：{RENTING_TALENTS_LABEL}")
        unknown.locator("[data-testid=why] summary").click()
        gap = unknown.locator("[data-testid=conditions] > li[data-outcome=unknown]")
        expect(gap.first).to_be_visible()
        expect(gap.filter(has_text=RENTING_TALENTS_LABEL)).not_to_have_count(0)
        expect(enterprise.locator(f"[data-testid=group-eligible] [data-code={TALENT_RENT}]")).to_have_count(0)
        h.snap(enterprise, "policies_2_finder")

        # when it goes to the offers and confirms with its account
        pending.locator("[data-testid=to-offers]").click()
        expect(enterprise.get_by_role("heading", level=1)).to_have_text("免申即享兑现通知")
        offer = enterprise.locator("[data-testid=offer]", has_text=UPGRADE_NAME)
        expect(offer).to_have_attribute("data-status", "offered")
        expect(offer.locator("[data-testid=amount]")).to_have_text("100,000.00 元")
        reasons = offer.locator("[data-testid=reasons]")
        expect(
            reasons.locator("[data-testid=conditions] > li[data-outcome=true]").filter(
                has_text="属于中小企业"
            )
        ).to_be_visible()  # open while the offer waits
        confirm = offer.locator("[data-testid=confirm-form]")
        expect(confirm).to_contain_text("请填写本单位的对公账户，下次将自动预填。")  # no account on file yet
        expect(confirm.get_by_label("银行账号")).to_have_value("")
        confirm.get_by_label("开户名").fill(ENTERPRISE)
        confirm.get_by_label("开户银行").fill(BANK_NAME)

        # (an account number with a letter is refused in the page, and the offer still waits)
        confirm.get_by_label("银行账号").fill("3602000109200X")
        confirm.locator("[data-testid=confirm]").click()
        expect(confirm.locator("[data-testid=error-bank_account_number]")).to_contain_text("8 至 30 位数字")
        expect(offer).to_have_attribute("data-status", "offered")
        expect(confirm.get_by_label("开户名")).to_have_value(ENTERPRISE)  # what was typed is kept

        confirm.get_by_label("银行账号").fill(ACCOUNT)
        h.snap(enterprise, "policies_3_offer")
        confirm.locator("[data-testid=confirm]").click()

        # then the page confirms with the case number, and the offer shows it
        message = enterprise.locator("ul.messages")
        expect(message).to_contain_text("已确认兑现，办件编号")
        expect(offer).to_have_attribute("data-status", "confirmed")
        number = offer.locator("[data-testid=case-link]").inner_text()
        assert number
        expect(message).to_contain_text(f"办件编号 {number}")
        expect(offer).to_contain_text(f"{BANK_NAME}（尾号 {ACCOUNT[-4:]}）")

    # given the case is accepted, countersigned, publicized without objection and approved (services)
    decide_the_case(number)

    with time_machine.travel(AFTER_PUBLICITY, tick=True):
        # a week later the officer's session has ended (staff idle time-out, docs/security.md): sign in again
        h.sign_in(officer, base, "policy")
        # when the officer opens 兑现批次
        nav(officer, "payouts")
        expect(officer.get_by_role("heading", level=1)).to_have_text("兑现批次")

        # then the payment waits for a batch, and the officer makes one
        waiting = officer.locator(f"[data-testid=pending] tr[data-policy={UPGRADE}]")
        expect(waiting).to_contain_text(UPGRADE_NAME)
        expect(waiting.locator("td[data-label=笔数]")).to_have_text("1")
        expect(waiting.locator("td[data-label='金额（元）']")).to_have_text("100,000.00")
        waiting.locator("[data-testid=create-batch]").click()

        # then the batch page lists the enterprise's payment; the officer approves the batch
        expect(officer.locator("ul.messages")).to_contain_text("已生成拨付批次，请审批。")
        payment = officer.locator("[data-testid=payments] tbody tr")
        expect(payment).to_have_count(1)
        expect(payment).to_contain_text(ENTERPRISE)
        expect(payment.locator("td[data-label='金额（元）']")).to_have_text("100,000.00")
        expect(officer.locator("[data-testid=batch-total]")).to_have_text("100,000.00")
        reference = payment.get_attribute("data-reference")
        assert reference and re.fullmatch(r"OG\d{10}", reference)
        officer.locator("[data-testid=approve]").click()
        expect(officer.locator("ul.messages")).to_contain_text("批次已审批，可下载银行文件。")
        expect(officer.locator("[data-testid=batch-status]")).to_contain_text("已审批")

        # when the officer downloads the bank file
        with officer.expect_download() as download:
            officer.locator("[data-testid=bank-file]").click()
        bank_file = tmp_path / download.value.suggested_filename
        download.value.save_as(bank_file)
        assert bank_file.suffix == ".csv"

        # then it has the agreed header and the enterprise's row, with its account and the amount in yuan
        rows = list(csv.reader(io.StringIO(bank_file.read_bytes().decode("utf-8-sig"))))
        assert rows[0] == payouts.BANK_FILE_COLUMNS
        assert len(rows) == 2
        row = dict(zip(rows[0], rows[1], strict=True))
        assert (row["付款参考号"], row["收款户名"], row["收款账号"], row["开户银行"], row["金额（元）"]) == (
            reference,
            ENTERPRISE,
            ACCOUNT,
            BANK_NAME,
            "100000.00",
        )
        assert row["统一社会信用代码"] == CREDIT_CODE
        assert UPGRADE_NAME in row["用途"]

        # when the bank's reconciliation comes back, every payment paid, and the officer imports it
        returned = io.StringIO()
        writer = csv.writer(returned)
        writer.writerow(payouts.RECONCILIATION_COLUMNS)
        writer.writerow([reference, "成功", BANK_REFERENCE, "2026-12-08", ""])
        reconciliation = tmp_path / "reconciliation.csv"
        reconciliation.write_text(returned.getvalue(), encoding="utf-8")
        officer.reload()  # the download does not leave the page; the batch is now with the bank
        expect(officer.locator("[data-testid=batch-status]")).to_contain_text("已生成银行文件")
        expect(payment.locator("td[data-label=状态]")).to_contain_text("已发送银行")
        upload = officer.locator("[data-testid=reconcile-form]")
        upload.get_by_label("导入对账文件").set_input_files(str(reconciliation))
        upload.get_by_role("button", name="导入对账文件", exact=True).click()

        # then the payment is paid with the bank's reference and the batch is reconciled
        expect(officer.locator("ul.messages")).to_contain_text("对账完成。 到账 1 · 失败 0")
        expect(payment).to_have_attribute("data-status", "paid")
        expect(payment.locator("td[data-label=状态]")).to_contain_text("已到账")
        expect(payment.locator("td[data-label=状态]")).to_contain_text("2026-12-08")
        expect(payment.locator("td[data-label=银行流水号]")).to_have_text(BANK_REFERENCE)
        expect(officer.locator("[data-testid=batch-status]")).to_contain_text("已对账")
        expect(officer.locator("[data-testid=reconciled-counts]")).to_have_text("到账 1 · 失败 0")
        h.snap(officer, "policies_4_batch_reconciled")

        # and the enterprise's case is closed, approved
        enterprise.goto(f"{base}/cases/mine/{number}/")
        expect(enterprise.locator("[data-testid=status]")).to_contain_text("准予")
