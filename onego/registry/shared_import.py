"""Import shared records about persons (健康证明, 户籍, 婚姻登记, 社保参保, 社保缴费明细, 补贴发放记录) from CSV or
Excel, all or nothing.

Why: the health commission, the public-security, civil-affairs and social-security bureaus hand their data
over as spreadsheets; ``onego.registry.shared`` reads it to decide whether a material may be waived (免提交).
Files are read like the enterprise facts (``onego.registry.importers``: CSV in UTF-8 or GB18030, or the first
sheet of an .xlsx; told apart by content): row 1 is the header, each column found by its Chinese header or
its key, in any order. Every problem is reported with its row and column, and one problem writes nothing.
A row whose natural key (certificate number; ID number; ID number + kind + date; ID number + employer +
start date; ID number + employer + month; payment reference) is already stored replaces that record. Months
are written YYYY-MM or YYYYMM and stored as their first day; amounts are written in yuan and stored in fen.
One audit event (``registry.shared_records_imported``) records the counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.core import audit
from onego.core.identifiers import normalize_credit_code, normalize_id_number
from onego.core.tabular import CellError, cell_text, detect_format, header_key, is_empty, read_rows
from onego.registry.importers import ImportReport
from onego.registry.models import (
    ContributionMonth,
    HealthCertificate,
    HouseholdRecord,
    MarriageRecord,
    SocialInsuranceRecord,
    SubsidyPayment,
)

MAX_TEXT: Final = 200


@dataclass(frozen=True)
class Column:
    key: str  # the model field, also accepted as header
    zh: str  # the Chinese header
    kind: str = "text"  # text | id_number | credit_code | date | choice | month | yuan
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (written in the file, stored)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    label: str  # in the reports: 健康证明
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    ordered_dates: tuple[str, str] | None = None  # (start, end): end must not precede start


_PERSON = (Column("person_name", "姓名"), Column("id_number", "身份证号码", "id_number"))

TABLES: Final[dict[str, Table]] = {
    "health_certificate": Table(
        HealthCertificate,
        "健康证明",
        _PERSON
        + (
            Column("certificate_number", "证明编号"),
            Column("issuer", "发证机构"),
            Column("employer_code", "用人单位统一社会信用代码", "credit_code", required=False),
            Column("valid_from", "有效期起", "date"),
            Column("valid_to", "有效期至", "date"),
        ),
        ("certificate_number",),
        ("valid_from", "valid_to"),
    ),
    "household": Table(
        HouseholdRecord,
        "户籍记录",
        _PERSON
        + (
            Column("household_number", "户号"),
            Column("head_name", "户主姓名"),
            Column("relationship", "与户主关系"),
            Column("address", "户籍地址"),
            Column("registered_on", "登记日期", "date"),
        ),
        ("id_number",),
    ),
    "marriage": Table(
        MarriageRecord,
        "婚姻登记记录",
        _PERSON
        + (
            Column(
                "kind",
                "登记类别",
                "choice",
                choices=(
                    ("结婚", "marriage"),
                    ("结婚登记", "marriage"),
                    ("marriage", "marriage"),
                    ("离婚", "divorce"),
                    ("离婚登记", "divorce"),
                    ("divorce", "divorce"),
                ),
            ),
            Column("spouse_name", "配偶姓名"),
            Column("spouse_id_number", "配偶身份证号码", "id_number"),
            Column("registered_on", "登记日期", "date"),
            Column("registry_office", "登记机关"),
        ),
        ("id_number", "kind", "registered_on"),
    ),
    "social_insurance": Table(
        SocialInsuranceRecord,
        "社保参保记录",
        _PERSON
        + (
            Column("employer_code", "参保单位统一社会信用代码", "credit_code", required=False),
            Column("employer_name", "参保单位"),
            Column("insured_from", "参保起始日期", "date"),
            Column("insured_to", "参保截止日期", "date", required=False),
        ),
        ("id_number", "employer_code", "insured_from"),
        ("insured_from", "insured_to"),
    ),
    # Month by month, as the social-security bureau exports contributions: what the subsidy pre-review counts.
    "contribution_month": Table(
        ContributionMonth,
        "社保缴费明细",
        _PERSON
        + (
            Column("employer_code", "参保单位统一社会信用代码", "credit_code"),
            Column("employer_name", "参保单位"),
            Column("month", "缴费月份", "month"),
            Column("base_fen", "缴费基数（元）", "yuan"),
        ),
        ("id_number", "employer_code", "month"),
    ),
    # Subsidies already paid, by any payer: no person is subsidised twice for one period.
    "subsidy_payment": Table(
        SubsidyPayment,
        "补贴发放记录",
        _PERSON
        + (
            Column("employer_code", "单位统一社会信用代码", "credit_code", required=False),
            Column("scheme", "补贴项目代码"),
            Column("scheme_name", "补贴项目"),
            Column("period_start", "补贴期间起", "date"),
            Column("period_end", "补贴期间止", "date"),
            Column("amount_fen", "发放金额（元）", "yuan"),
            Column("paid_on", "发放日期", "date"),
            Column("reference", "发放凭证号"),
            Column("payer", "发放机构", required=False),
        ),
        ("reference",),
        ("period_start", "period_end"),
    ),
}

MONTH_PATTERN: Final = re.compile(r"^(\d{4})-?(\d{2})$")
YUAN_PATTERN: Final = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _cell(raw: Any, column: Column) -> Any:
    """The value as stored, or CellError with the message for the user."""
    if column.kind == "date":
        if isinstance(raw, dt.datetime):
            if raw.time() != dt.time(0):
                raise CellError(_("应为日期，不含时间"))
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise CellError(_("不是有效的日期（YYYY-MM-DD）")) from None
    if column.kind == "month":
        return _month(raw)
    if column.kind == "yuan":
        return _fen(raw)
    text = cell_text(raw)
    if column.kind == "id_number":
        try:
            return normalize_id_number(text)
        except ValidationError:
            raise CellError(_("不是有效的身份证号码")) from None
    if column.kind == "credit_code":
        try:
            return normalize_credit_code(text)
        except ValidationError:
            raise CellError(_("不是有效的统一社会信用代码")) from None
    if column.kind == "choice":
        for written, stored in column.choices:
            if text.casefold() == written.casefold():
                return stored
        allowed = "、".join(written for written, _stored in column.choices)
        raise CellError(_("应为 %(allowed)s 之一") % {"allowed": allowed})
    if len(text) > MAX_TEXT:
        raise CellError(_("超过 %(limit)s 个字符") % {"limit": MAX_TEXT})
    return text


def _month(raw: Any) -> dt.date:
    """A month written YYYY-MM or YYYYMM (or a date cell: its month), stored as its first day."""
    if isinstance(raw, dt.date):
        return (raw.date() if isinstance(raw, dt.datetime) else raw).replace(day=1)
    match = MONTH_PATTERN.match(cell_text(raw).strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise CellError(_("不是有效的月份（YYYY-MM 或 YYYYMM）"))
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _fen(raw: Any) -> int:
    """An amount in yuan with at most two decimals (thousands separators allowed), stored in fen."""
    text = cell_text(raw).strip().replace(",", "")
    if not YUAN_PATTERN.match(text):
        raise CellError(_("不是有效的金额（元，最多两位小数）"))
    return int(Decimal(text) * 100)


def _layout(table: Table, header: list[Any], report: ImportReport) -> dict[int, Column]:
    by_header = {}
    for c in table.columns:
        by_header[header_key(c.zh)] = c
        by_header[header_key(c.key)] = c
    layout: dict[int, Column] = {}
    seen: set[str] = set()
    for position, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        column = by_header.get(header_key(text))
        if column is None:
            report.add(_("未知的列"), 1, text)
        elif column.key in seen:
            report.add(_("列重复"), 1, text)
        else:
            seen.add(column.key)
            layout[position] = column
    for c in table.columns:
        if c.required and c.key not in seen:
            report.add(_("缺少「%(column)s」列（%(key)s）") % {"column": c.zh, "key": c.key}, 1)
    return layout


def import_shared_records(
    file: IO[bytes] | str | Path, *, kind: str, source: str, file_name: str = "", actor: Any = None
) -> ImportReport:
    """Check a file of one kind of shared record (a key of `TABLES`) and, when it has no error, write every
    row of it; `report.values` counts the rows written. Nothing is written when `report.ok` is False."""
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            return import_shared_records(
                fh, kind=kind, source=source, file_name=file_name or Path(file).name, actor=actor
            )
    report = ImportReport()
    table = TABLES.get(kind)
    if table is None:
        report.add(
            _("未知的数据类别「%(kind)s」，应为 %(allowed)s") % {"kind": kind, "allowed": "、".join(TABLES)}
        )
        return report
    source = source.strip()
    if not source or len(source) > 200:
        report.add(_("请注明数据来源（不超过 200 字）"))
        return report
    report.format = detect_format(file.read(8))
    file.seek(0)
    if report.format == "xls":
        report.add(_("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV"))
        return report
    rows = read_rows(file, report.format, report.add)
    header = next(rows, None)
    if header is None:
        if report.ok:
            report.add(_("文件是空的"))
        return report
    layout = _layout(table, header, report)
    if not report.ok:
        return report
    headers = {p: str(header[p]).strip() for p in layout}
    records: list[dict[str, Any]] = []
    first_row: dict[tuple[Any, ...], int] = {}
    for number, cells in enumerate(rows, start=2):
        if all(is_empty(c) for c in cells):
            continue
        report.rows += 1
        values: dict[str, Any] = {}
        for position, cell in enumerate(cells):
            column = layout.get(position)
            if column is None:
                if not is_empty(cell):
                    report.add(_("该列没有表头"), number, f"#{position + 1}")
                continue
            if is_empty(cell):
                if column.required:
                    report.add(_("不能为空"), number, headers[position])
                continue
            try:
                values[column.key] = _cell(cell, column)
            except CellError as exc:
                report.add(exc.message, number, headers[position])
        for position, column in layout.items():
            if position >= len(cells) and column.required:
                report.add(_("不能为空"), number, headers[position])
        if table.ordered_dates:
            start, end = (values.get(k) for k in table.ordered_dates)
            if start and end and end < start:
                end_header = next(c.zh for c in table.columns if c.key == table.ordered_dates[1])
                report.add(_("不能早于起始日期"), number, end_header)
        key = tuple(values.get(k, "") for k in table.natural_key)
        earlier = first_row.setdefault(key, number)
        if earlier != number:
            report.add(_("与第 %(row)s 行重复") % {"row": earlier}, number)
        records.append(values)
    if not report.ok:
        return report
    if not records:
        report.add(_("文件没有数据行"))
        return report
    now = timezone.now()
    with transaction.atomic():
        for values in records:
            for c in table.columns:  # an empty optional cell clears what a former import stored
                values.setdefault(c.key, None if c.kind in ("date", "month", "yuan") else "")
            lookup = {k: values.get(k, "") for k in table.natural_key}
            defaults = {k: v for k, v in values.items() if k not in lookup}
            _record, created = table.model.objects.update_or_create(  # type: ignore[attr-defined]
                **lookup, defaults={**defaults, "source": source, "imported_at": now}
            )
            report.created += int(created)
        report.values = len(records)
        report.updated = report.values - report.created
        audit.record(
            actor,
            "registry.shared_records_imported",
            object_type="registry.shared",
            object_id=kind,
            source=source,
            file_name=file_name,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
        )
    return report
