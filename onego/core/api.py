"""Public calendar routes: statutory deadlines and working-day counts (行政许可法 Art. 82).

Public on purpose (`auth=None`): applicants, other government systems and the service guide pages all need
to know when a time limit ends. Dates are taken as text and parsed here so that a wrong date gets a precise
bilingual 422 instead of a generic one; the arithmetic is `onego.core.calendar`, the same code every
service uses.
"""

from __future__ import annotations

import re
from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onego.core import apidoc, calendar
from onego.core.errors import ApiError

router = Router(tags=["calendar"])

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Dates and ranges are documented here and checked in the routes (a precise message per parameter).
class DeadlineQuery(Schema):
    start: str = Field(
        ...,
        description="start date, YYYY-MM-DD",
        json_schema_extra={**apidoc.ISO_DATE, "example": "2026-02-13"},
    )
    workdays: int = Field(
        ...,
        description=f"working days, 0–{calendar.MAX_WORKDAYS}",
        json_schema_extra={"minimum": 0, "maximum": calendar.MAX_WORKDAYS, "example": 20},
    )


class WorkdaysQuery(Schema):
    from_: str = Field(
        ...,
        alias="from",
        description="start, exclusive, YYYY-MM-DD",
        json_schema_extra={**apidoc.ISO_DATE, "example": "2026-02-13"},
    )
    to: str = Field(
        ...,
        description="end, inclusive, YYYY-MM-DD",
        json_schema_extra={**apidoc.ISO_DATE, "example": "2026-03-13"},
    )


class DeadlineOut(Schema):
    deadline: date
    calendar_complete: bool
    missing_years: list[int]


class WorkdaysOut(Schema):
    workdays: int
    calendar_complete: bool
    missing_years: list[int]


def _parse_date(name: str, raw: str) -> date:
    """YYYY-MM-DD only (fromisoformat alone would also take 20260214 and week dates), years 1900–2100."""
    value = raw.strip()
    parsed: date | None = None
    if _ISO_DATE.match(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ApiError(
            "invalid_input",
            _("参数 %(name)s 的日期无效：“%(raw)s”，应为 YYYY-MM-DD 格式的真实日期")
            % {"name": name, "raw": raw},
            status=422,
            field=name,
        )
    if not calendar.MIN_YEAR <= parsed.year <= calendar.MAX_YEAR:
        raise ApiError(
            "invalid_input",
            _("参数 %(name)s 超出支持的年份范围 %(min_year)s–%(max_year)s：%(value)s")
            % {"name": name, "min_year": calendar.MIN_YEAR, "max_year": calendar.MAX_YEAR, "value": value},
            status=422,
            field=name,
        )
    return parsed


@router.get(
    "/deadline",
    response=DeadlineOut,
    auth=None,
    summary="Deadline after N working days",
    description=(
        "The N-th working day after `start` (counting starts the next day; N = 0 returns `start`). Years without a "
        "loaded holiday calendar are computed on weekends only and reported in `missing_years` with "
        "`calendar_complete` false."
    ),
)
def deadline(request: HttpRequest, params: Query[DeadlineQuery]) -> DeadlineOut:
    start, workdays = params.start, params.workdays
    start_date = _parse_date("start", start)
    if not 0 <= workdays <= calendar.MAX_WORKDAYS:
        raise ApiError(
            "invalid_input",
            _("参数 workdays 必须在 0 到 %(max_workdays)s 之间：%(workdays)s")
            % {"max_workdays": calendar.MAX_WORKDAYS, "workdays": workdays},
            status=422,
            field="workdays",
        )
    try:
        result = calendar.add_workdays(start_date, workdays)
    except ValueError as exc:  # only a corrupt holiday table gets here; say so rather than fail with a 500
        raise ApiError("calendar_error", str(exc), status=422) from exc
    return DeadlineOut(
        deadline=result.deadline,
        calendar_complete=result.calendar_complete,
        missing_years=list(result.missing_years),
    )


@router.get(
    "/workdays",
    response=WorkdaysOut,
    auth=None,
    summary="Working days between two dates",
    description=("Working days after `from` up to and including `to`; 0 when `to` is not after `from`."),
)
def workdays_between(request: HttpRequest, params: Query[WorkdaysQuery]) -> WorkdaysOut:
    from_date = _parse_date("from", params.from_)
    to_date = _parse_date("to", params.to)
    result = calendar.count_workdays(from_date, to_date)
    return WorkdaysOut(
        workdays=result.workdays,
        calendar_complete=result.calendar_complete,
        missing_years=list(result.missing_years),
    )
