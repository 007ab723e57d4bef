"""Payout batches (拨付批次): gather pending payments of a policy and period, approve against the fund's
balance, export the bank file, import the bank's reconciliation.

Bank file (CSV, UTF-8 with BOM so Excel opens it, one header row, comma-separated, every field quoted when it
holds a comma or quote; a cell a spreadsheet would run as a formula starts with an apostrophe,
`onego.core.spreadsheets`) — `BANK_FILE_COLUMNS`:

    付款参考号 reference   OG + 10-digit payment id; the bank returns it unchanged
    收款户名 account name
    收款账号 account number  digits only
    开户银行 bank
    金额（元） amount      yuan with exactly two decimals, e.g. 100000.00 (the sum is checked against the batch)
    用途 purpose           "<policy name> <period>"
    统一社会信用代码 credit code

Reconciliation file (CSV, UTF-8 with or without BOM, or GB18030), header row then one row per payment —
`RECONCILIATION_COLUMNS`: 付款参考号 reference, 结果 result (成功/success/paid or 失败/failed), 银行流水号
bank reference, 到账日期 value date (YYYY-MM-DD), 失败原因 reason. Every row is checked before anything is
written: an unknown reference, a payment not in this batch or already settled, a reference given twice, a bad
result, a paid row without date or bank reference, a failed row without reason names its row and column and
nothing is written.

This is the local implementation of the bank adapter (a file exchanged by hand or by the bank's host-to-host
channel); no bank is reached from here.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.cases import services as case_services
from onego.cases.models import Task, TaskStatus
from onego.core import audit
from onego.core.errors import ApiError
from onego.core.localized import localized
from onego.core.spreadsheets import safe_row
from onego.policies.models import BatchStatus, Fund, Payment, PaymentStatus, PayoutBatch, Policy
from onego.policies.steps import PAID_BY_RECONCILIATION

BANK_FILE_COLUMNS = [
    "付款参考号",
    "收款户名",
    "收款账号",
    "开户银行",
    "金额（元）",
    "用途",
    "统一社会信用代码",
]
RECONCILIATION_COLUMNS = ["付款参考号", "结果", "银行流水号", "到账日期", "失败原因"]
PAID_WORDS = {"成功", "已到账", "success", "paid"}
FAILED_WORDS = {"失败", "退票", "failed", "failure"}
MAX_RECONCILIATION_BYTES = 5 * 1024 * 1024


def yuan_text(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def committed_fen(fund: Fund) -> int:
    """What the fund has promised: payments in approved, sent or paid batches (failed ones are released)."""
    return (
        Payment.objects.filter(
            batch__fund=fund,
            batch__status__in=[BatchStatus.APPROVED, BatchStatus.EXPORTED, BatchStatus.RECONCILED],
        )
        .exclude(status=PaymentStatus.FAILED)
        .aggregate(total=Sum("amount_fen"))["total"]
        or 0
    )


def balance_fen(fund: Fund) -> int:
    return fund.budget_fen - committed_fen(fund)


def create_batch(*, policy: Policy, period: str, actor: User) -> PayoutBatch:
    """Gather every pending (or previously failed) payment of the policy and period into a new draft batch."""
    if policy.fund_id is None:
        raise ApiError("policy_without_fund", _("该政策未设置资金来源"), status=409)
    with transaction.atomic():
        payments = list(
            Payment.objects.select_for_update().filter(
                policy=policy, period=period, status__in=[PaymentStatus.PENDING, PaymentStatus.FAILED]
            )
        )
        if not payments:
            raise ApiError("nothing_to_pay", _("没有待拨付的款项"), status=409)
        # The number comes from the row's id, so two batches made at the same moment never collide.
        batch = PayoutBatch.objects.create(
            number=f"tmp-{uuid.uuid4().hex[:16]}",
            policy=policy,
            fund_id=policy.fund_id,
            period=period,
            created_by=actor,
        )
        batch.number = f"PB{timezone.localdate():%Y%m%d}{batch.pk:05d}"
        batch.save(update_fields=["number"])
        Payment.objects.filter(pk__in=[p.pk for p in payments]).update(
            batch=batch, status=PaymentStatus.BATCHED, failure_reason=""
        )
        audit.record(
            actor,
            "policies.batch_created",
            batch,
            policy=policy.code,
            period=period,
            payments=len(payments),
            total_fen=sum(p.amount_fen for p in payments),
        )
    return batch


def _locked_batch(batch_id: int) -> PayoutBatch:
    batch = (
        PayoutBatch.objects.select_for_update(of=("self",))
        .select_related("policy", "fund")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise ApiError("not_found", _("批次不存在"), status=404)
    return batch


def batch_total_fen(batch: PayoutBatch) -> int:
    return batch.payments.aggregate(total=Sum("amount_fen"))["total"] or 0


def approve_batch(batch_id: int, *, actor: User) -> PayoutBatch:
    """Approve a draft batch if the fund can bear it (资金余额校验); the fund row is locked so two approvals
    cannot both spend the same balance."""
    with transaction.atomic():
        batch = _locked_batch(batch_id)
        if batch.status != BatchStatus.DRAFT:
            raise ApiError("batch_not_draft", _("只有草稿批次可以审批"), status=409)
        fund = Fund.objects.select_for_update().get(pk=batch.fund_id)
        total, balance = batch_total_fen(batch), balance_fen(fund)
        if total > balance:
            raise ApiError(
                "insufficient_funds",
                _("资金余额不足：本批次 %(total)s 元，%(fund)s余额 %(balance)s 元")
                % {
                    "total": yuan_text(total),
                    "fund": localized(fund),
                    "balance": yuan_text(balance),
                },
                status=409,
            )
        batch.status, batch.approved_by, batch.approved_at = BatchStatus.APPROVED, actor, timezone.now()
        batch.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(actor, "policies.batch_approved", batch, total_fen=total, balance_before_fen=balance)
    return batch


def bank_file(batch_id: int, *, actor: User) -> tuple[str, bytes]:
    """The bank file of an approved (or already exported) batch; the first export marks its payments sent."""
    with transaction.atomic():
        batch = _locked_batch(batch_id)
        if batch.status not in (BatchStatus.APPROVED, BatchStatus.EXPORTED):
            raise ApiError(
                "batch_not_approved",
                _("批次审批后才能生成银行文件"),
                status=409,
            )
        payments = list(
            batch.payments.filter(status__in=[PaymentStatus.BATCHED, PaymentStatus.SENT]).order_by("id")
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(BANK_FILE_COLUMNS)
        purpose = f"{batch.policy.name_zh} {batch.period}"
        for p in payments:
            # Every cell neutralised: account names typed before the input check existed, a policy's name.
            writer.writerow(
                safe_row(
                    [
                        p.reference,
                        p.bank_account_name,
                        p.bank_account_number,
                        p.bank_name,
                        yuan_text(p.amount_fen),
                        purpose,
                        p.entity_code,
                    ]
                )
            )
        if batch.status == BatchStatus.APPROVED:
            Payment.objects.filter(pk__in=[p.pk for p in payments]).update(status=PaymentStatus.SENT)
            batch.status, batch.exported_at = BatchStatus.EXPORTED, timezone.now()
            batch.save(update_fields=["status", "exported_at"])
            audit.record(
                actor,
                "policies.bank_file_exported",
                batch,
                payments=len(payments),
                total_fen=sum(p.amount_fen for p in payments),
            )
    return f"{batch.number}.csv", ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class ReconciliationReport:
    paid: int = 0
    failed: int = 0


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApiError("bad_encoding", _("文件编码无法识别，请使用 UTF-8 或 GB18030"), status=422)


def _row_error(row: int, column: str, problem: str) -> dict[str, Any]:
    """One refused row of the bank's file; `column` is the file's own (Chinese) column header."""
    return {
        "row": row,
        "column": column,
        "message": _("第 %(row)s 行「%(column)s」：%(problem)s")
        % {"row": row, "column": column, "problem": problem},
    }


def import_reconciliation(batch_id: int, raw: bytes, *, actor: User) -> ReconciliationReport:
    """Mark each payment of an exported batch paid or failed from the bank's file; all or nothing. A paid
    payment completes its case's disbursement task; a failed one waits for a later batch."""
    if len(raw) > MAX_RECONCILIATION_BYTES:
        raise ApiError("file_too_large", _("对账文件过大（上限 5 MB）"), status=413)
    try:
        rows = list(csv.reader(io.StringIO(_decode(raw))))
    except csv.Error as error:
        raise ApiError(
            "bad_csv", _("对账文件不是有效的 CSV：%(error)s") % {"error": error}, status=422
        ) from error
    if (
        not rows
        or [cell.strip() for cell in rows[0][: len(RECONCILIATION_COLUMNS)]] != RECONCILIATION_COLUMNS
    ):
        raise ApiError(
            "bad_header",
            "表头应为："
            + "，".join(RECONCILIATION_COLUMNS)
            + " / The header row must be: "
            + ", ".join(RECONCILIATION_COLUMNS),
            status=422,
        )
    with transaction.atomic():
        batch = _locked_batch(batch_id)
        if batch.status not in (BatchStatus.EXPORTED, BatchStatus.RECONCILED):
            raise ApiError(
                "batch_not_exported",
                _("批次生成银行文件后才能对账"),
                status=409,
            )
        by_ref = {p.reference: p for p in batch.payments.select_for_update()}
        errors: list[dict[str, Any]] = []
        updates: list[tuple[Payment, bool, str, date | None, str]] = []
        seen: set[str] = set()
        for number, cells in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue
            cells = [*cells, "", "", "", "", ""][:5]
            with_nul = [
                column for column, cell in zip(RECONCILIATION_COLUMNS, cells, strict=False) if "\x00" in cell
            ]
            if (
                with_nul
            ):  # a NUL cannot be stored (PostgreSQL, the audit log): the row is refused, not the server
                errors.append(_row_error(number, with_nul[0], _("含有空字符（NUL）")))
                continue
            ref, result, bank_ref, value_date, reason = (cell.strip() for cell in cells)
            payment = by_ref.get(ref)
            if payment is None:
                errors.append(_row_error(number, "付款参考号", _("本批次没有 %(ref)s") % {"ref": ref}))
                continue
            if ref in seen:
                errors.append(_row_error(number, "付款参考号", _("重复出现")))
                continue
            seen.add(ref)
            word = result.lower()
            if word not in PAID_WORDS and word not in FAILED_WORDS:
                errors.append(
                    _row_error(
                        number,
                        "结果",
                        _("无法识别“%(result)s”，应为成功或失败") % {"result": result},
                    )
                )
                continue
            paid = word in PAID_WORDS
            day = None
            if paid:
                try:
                    day = date.fromisoformat(value_date)
                except ValueError:
                    errors.append(_row_error(number, "到账日期", _("应为 YYYY-MM-DD")))
                    continue
                if not bank_ref:
                    errors.append(_row_error(number, "银行流水号", _("成功的付款须有流水号")))
                    continue
            elif not reason:
                errors.append(_row_error(number, "失败原因", _("失败的付款须说明原因")))
                continue
            # Only a payment sent to the bank is settled here; a failed one goes into a later batch (turning it
            # into paid here would spend money the fund released when it failed).
            if payment.status != PaymentStatus.SENT:
                errors.append(
                    _row_error(
                        number,
                        "付款参考号",
                        _("该笔付款状态为%(status)s，不能再对账") % {"status": payment.get_status_display()},
                    )
                )
                continue
            updates.append((payment, paid, bank_ref, day, reason))
        if errors:
            raise ApiError(
                "reconciliation_invalid",
                errors[0]["message"] + (f"（共 {len(errors)} 处）" if len(errors) > 1 else ""),
                status=422,
                errors=errors,
            )
        report = ReconciliationReport()
        for payment, paid, bank_ref, day, reason in updates:
            if paid:
                payment.status, payment.bank_reference, payment.paid_on = (
                    PaymentStatus.PAID,
                    bank_ref[:64],
                    day,
                )
                payment.failure_reason = ""
                report.paid += 1
            else:
                payment.status, payment.failure_reason = PaymentStatus.FAILED, reason[:200]
                report.failed += 1
            payment.save(update_fields=["status", "bank_reference", "paid_on", "failure_reason"])
            if paid and payment.policy_case_id:
                _complete_disbursement(payment, actor)
        if not batch.payments.filter(status=PaymentStatus.SENT).exists():
            batch.status, batch.reconciled_at = BatchStatus.RECONCILED, timezone.now()
            batch.save(update_fields=["status", "reconciled_at"])
        audit.record(actor, "policies.reconciled", batch, paid=report.paid, failed=report.failed)
    return report


def _complete_disbursement(payment: Payment, actor: User) -> None:
    case = payment.policy_case.case  # type: ignore[union-attr]
    task = Task.objects.filter(case=case, step_kind="disburse", status=TaskStatus.OPEN).first()
    if task is None:
        return
    case_services.act(
        case.number,
        actor=actor,
        task_id=task.pk,
        action="pay",
        note=f"银行流水号 {payment.bank_reference}，到账 {payment.paid_on}",
        payload={PAID_BY_RECONCILIATION: True},
    )


def totals(*, year: str = "") -> dict[str, list[dict[str, Any]]]:
    """Paid and pending amounts by policy, by paying department and by enterprise (top 50)."""
    payments = Payment.objects.all()
    if year:
        payments = payments.filter(period__startswith=year)
    paid = Sum("amount_fen", filter=Q(status=PaymentStatus.PAID))
    open_ = Sum("amount_fen", filter=~Q(status__in=[PaymentStatus.PAID, PaymentStatus.FAILED]))

    def group(*fields: str, limit: int | None = None) -> list[dict[str, Any]]:
        rows = (
            payments.values(*fields)
            .annotate(count=Count("id"), paid_fen=paid, open_fen=open_)
            .order_by("-paid_fen", *fields)
        )
        return [
            {**row, "paid_fen": row["paid_fen"] or 0, "open_fen": row["open_fen"] or 0}
            for row in (rows[:limit] if limit else rows)
        ]

    return {
        "policies": group("policy__code", "policy__name_zh", "policy__name_en"),
        "departments": group("department__name"),
        "enterprises": group("entity_code", "entity_name", limit=50),
    }
