"""Working-day calendar (工作日历): statutory time limits counted in working days (行政许可法 Art. 82).

A working day is Monday–Friday, except statutory holidays (HOLIDAY rows), plus the make-up weekend days
(调休, WORKDAY rows). The rows only count for years marked as loaded (a `CalendarYear` row): a year
without one is computed on weekends only and every result touching it says so (`calendar_complete` is
False, `missing_years` names the years), so a deadline is never silently wrong.

Counting starts the working day *after* the triggering event: `add_workdays(start, n)` returns the n-th
counted working day after `start`, and `count_workdays(a, b)` counts the working days in (a, b]. Pauses
(补正 correction, 特别程序 special procedures, Art. 45) are inclusive date intervals whose working days do
not count.

Speed: callers compute deadlines on every case transition, every inbox row and every warning sweep. The
exception dates are loaded once per process into an immutable `WorkingCalendar` snapshot; each module-level
call checks one cheap version query (row counts, highest ids and the latest `loaded_at`) and reloads only
when the table changed. Writers (`load_from_chinesecalendar`, `import_calendar_entries`, the admin services
below) also bump the affected years' `loaded_at`, so an in-place edit in one process is seen by every other
process on its next call. Batch jobs take one snapshot with `get_calendar()` and call its methods directly.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import metadata
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.core import audit
from onego.core.models import CalendarDay, CalendarDayKind, CalendarYear

#: Largest number of working days accepted for one computation (ten years: far beyond any statutory limit).
MAX_WORKDAYS = 3650
#: Years a date may have in the API and the importer; outside them a deadline means nothing to this office.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: `CalendarYear.source` prefix for years loaded from the chinesecalendar package.
CHINESECALENDAR_SOURCE = "chinesecalendar"

Pause = tuple[date, date]


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """The n-th working day after a start date, and whether every year it crossed had a loaded calendar."""

    deadline: date
    calendar_complete: bool
    missing_years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """Working days in (from, to], and whether every year in that span had a loaded calendar."""

    workdays: int
    calendar_complete: bool
    missing_years: tuple[int, ...]


def _weekdays_through(ordinal: int) -> int:
    """Mon–Fri days among ordinals 1..ordinal. Ordinal 1 (0001-01-01) is a Monday, so weeks align at 7k+1."""
    return (ordinal // 7) * 5 + min(ordinal % 7, 5)


def _is_weekend_ordinal(ordinal: int) -> bool:
    r = ordinal % 7  # 6 = Saturday, 0 = Sunday (ordinal 1 is a Monday)
    return r == 0 or r == 6


def _check_date(value: Any, what: str) -> date:
    # A datetime is a date subclass; silently taking its date part would pick a time zone for the caller.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(
            _("%(what)s 必须是日期（date），而不是 %(name)s") % {"what": what, "name": type(value).__name__}
        )
    return value


class WorkingCalendar:
    """An immutable snapshot of the holiday table: pure in-memory arithmetic, safe to share between threads.

    Only rows of loaded years are used; other years follow the Monday–Friday rule and are reported missing.
    """

    __slots__ = ("_exceptions", "_extra_rest", "_extra_work", "loaded_years")

    def __init__(
        self,
        days: Iterable[tuple[date, str]],
        loaded_years: Iterable[int],
    ) -> None:
        self.loaded_years: frozenset[int] = frozenset(loaded_years)
        exceptions: dict[int, bool] = {}
        for day, kind in days:
            if day.year not in self.loaded_years:
                continue  # a year without a CalendarYear row counts weekends only (docs/domain.md "Time limits")
            ordinal = day.toordinal()
            weekend = _is_weekend_ordinal(ordinal)
            # Keep only rows that change the answer: a holiday on a weekend or a workday on a weekday is a no-op.
            if kind == CalendarDayKind.HOLIDAY and not weekend:
                exceptions[ordinal] = False
            elif kind == CalendarDayKind.WORKDAY and weekend:
                exceptions[ordinal] = True
        self._exceptions = exceptions
        self._extra_rest = sorted(o for o, works in exceptions.items() if not works)  # weekday holidays
        self._extra_work = sorted(o for o, works in exceptions.items() if works)  # 调休 weekend workdays

    @classmethod
    def from_database(cls) -> WorkingCalendar:
        """Two queries (years, then days) — never one per day. ~800 rows for 2004–2026."""
        years = list(CalendarYear.objects.values_list("year", flat=True))
        days = CalendarDay.objects.values_list("date", "kind")
        return cls(days, years)

    # --- single days ---------------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """True for Mon–Fri that is not a holiday, and for a 调休 make-up weekend day (loaded years only)."""
        ordinal = _check_date(day, "day").toordinal()
        works = self._exceptions.get(ordinal)
        return (not _is_weekend_ordinal(ordinal)) if works is None else works

    def missing_years(self, first: date, last: date) -> tuple[int, ...]:
        """Years in [first, last] without a loaded calendar, in order; empty when last < first."""
        return tuple(y for y in range(first.year, last.year + 1) if y not in self.loaded_years)

    # --- spans ---------------------------------------------------------------------------------------------

    def _workdays_in(self, first: int, last: int) -> int:
        """Working days among ordinals [first, last] in O(log n): weekdays minus holidays plus 调休 days."""
        if last < first:
            return 0
        weekdays = _weekdays_through(last) - _weekdays_through(first - 1)
        rest = bisect_right(self._extra_rest, last) - bisect_left(self._extra_rest, first)
        work = bisect_right(self._extra_work, last) - bisect_left(self._extra_work, first)
        return weekdays - rest + work

    def add_workdays(self, start: date, n: int, pauses: Iterable[Pause] = ()) -> DeadlineResult:
        """The n-th working day after `start` (Art. 82: counting starts the day after); n == 0 → `start`.

        Working days inside a pause do not count. Raises ValueError for n outside 0..MAX_WORKDAYS.
        """
        _check_date(start, "start")
        _check_workdays(n)
        spans = _normalise_pauses(pauses)
        origin = start.toordinal()
        if n == 0:
            return DeadlineResult(start, True, ())
        paused = sum(last - first + 1 for first, last in spans if last > origin)
        # Even a year of nothing but weekends and holidays cannot hold more than 3/4 of its days as rest days;
        # past this bound the table is corrupt, and we say so instead of looping towards year 9999.
        limit = origin + n * 4 + 366 + paused
        if limit > date.max.toordinal():
            raise ValueError(_("日期超出可计算范围"))
        exceptions = self._exceptions
        ordinal, remaining, index = origin, n, 0
        while remaining:
            ordinal += 1
            while index < len(spans) and spans[index][1] < ordinal:
                index += 1
            if index < len(spans) and spans[index][0] <= ordinal:
                ordinal = spans[index][1]  # jump over the pause; the next loop step is its day after
                continue
            if ordinal > limit:
                raise ValueError(
                    _("在 %(value)s 天内找不到 %(n)s 个工作日，请检查节假日数据")
                    % {"n": n, "value": limit - origin}
                )
            works = exceptions.get(ordinal)
            if works is None:
                r = ordinal % 7
                works = r != 0 and r != 6
            if works:
                remaining -= 1
        deadline = date.fromordinal(ordinal)
        missing = self.missing_years(start + timedelta(days=1), deadline)
        return DeadlineResult(deadline, not missing, missing)

    def count_workdays(self, from_date: date, to_date: date, pauses: Iterable[Pause] = ()) -> WorkdayCount:
        """Working days after `from_date` up to and including `to_date` (0 when to <= from), pauses excluded."""
        _check_date(from_date, "from_date")
        _check_date(to_date, "to_date")
        spans = _normalise_pauses(pauses)
        first, last = from_date.toordinal() + 1, to_date.toordinal()
        if last < first:
            return WorkdayCount(0, True, ())
        total = self._workdays_in(first, last)
        for pause_first, pause_last in spans:
            total -= self._workdays_in(max(pause_first, first), min(pause_last, last))
        missing = self.missing_years(date.fromordinal(first), to_date)
        return WorkdayCount(total, not missing, missing)


def _check_workdays(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(_("工作日数必须是整数：%(n)s") % {"n": repr(n)})
    if n < 0:
        raise ValueError(_("工作日数不能为负数：%(n)s") % {"n": n})
    if n > MAX_WORKDAYS:
        raise ValueError(
            _("工作日数不能超过 %(max_workdays)s：%(n)s") % {"max_workdays": MAX_WORKDAYS, "n": n}
        )
    return n


def _normalise_pauses(pauses: Iterable[Pause]) -> list[tuple[int, int]]:
    """Sorted, merged (first, last) ordinal pairs, so overlapping pauses never subtract a day twice."""
    spans: list[tuple[int, int]] = []
    for item in pauses:
        try:
            first, last = item
        except (TypeError, ValueError):
            raise ValueError(
                _("暂停区间应为（开始日期, 结束日期）：%(item)s") % {"item": repr(item)}
            ) from None
        _check_date(first, "pause first_day")
        _check_date(last, "pause last_day")
        if last < first:
            raise ValueError(
                _("暂停区间的结束日期 %(last)s 早于开始日期 %(first)s") % {"last": last, "first": first}
            )
        spans.append((first.toordinal(), last.toordinal()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for first_o, last_o in spans:
        if merged and first_o <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last_o))
        else:
            merged.append((first_o, last_o))
    return merged


# --- the per-process snapshot ------------------------------------------------------------------------------

_cache: tuple[tuple[Any, ...], WorkingCalendar] | None = None
_cache_lock = threading.Lock()


def _version_token() -> tuple[Any, ...]:
    """One round trip that changes whenever a calendar row is added, removed, or edited through a service."""
    day_table = connection.ops.quote_name(CalendarDay._meta.db_table)
    year_table = connection.ops.quote_name(CalendarYear._meta.db_table)
    # Table names come from model metadata, never from input.
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {day_table}), (SELECT MAX(id) FROM {day_table}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {year_table}), (SELECT MAX(id) FROM {year_table}), "
        f"(SELECT MAX(loaded_at) FROM {year_table})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row) if row else ()


def get_calendar() -> WorkingCalendar:
    """The current snapshot: one version query, and a reload (two queries) only if the table changed.

    The version is read before the rows, so a change racing with the reload only causes one more reload.
    """
    global _cache
    token = _version_token()
    cached = _cache
    if cached is not None and cached[0] == token:
        return cached[1]
    with _cache_lock:
        fresh = WorkingCalendar.from_database()
        _cache = (token, fresh)
    return fresh


def invalidate_cache() -> None:
    """Forget the snapshot in this process. Writers call it; tests that edit rows with raw ORM calls may too."""
    global _cache
    _cache = None


def is_workday(day: date) -> bool:
    """Whether `day` is a working day by the current table (weekends-only for years not loaded)."""
    return get_calendar().is_workday(day)


def add_workdays(start: date, n: int, pauses: Sequence[Pause] = ()) -> DeadlineResult:
    """The n-th working day after `start`, pauses excluded. Same code path as GET /api/v1/calendar/deadline."""
    return get_calendar().add_workdays(start, n, pauses)


def count_workdays(from_date: date, to_date: date, pauses: Sequence[Pause] = ()) -> WorkdayCount:
    """Working days in (from_date, to_date], pauses excluded. Same code as GET /api/v1/calendar/workdays."""
    return get_calendar().count_workdays(from_date, to_date, pauses)


# --- writers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One parsed exception date, ready to store."""

    date: date
    kind: str  # a CalendarDayKind value
    name: str


@dataclass(frozen=True, slots=True)
class YearChanges:
    """What a writer did to one year: rows created, updated and deleted; whether the year was (re)marked."""

    year: int
    created: int
    updated: int
    deleted: int
    total: int
    marked: bool  # the CalendarYear row was created or its source changed


def _replace_years(entries: Sequence[CalendarEntry], years: Sequence[int], source: str) -> list[YearChanges]:
    """Make each year's CalendarDay rows exactly `entries` of that year and mark the year loaded by `source`.

    Bulk operations only: ~800 rows for 2004–2026 take a few milliseconds. The caller holds the transaction.
    """
    year_set = set(years)
    if not year_set:
        return []
    wanted: dict[date, CalendarEntry] = {e.date: e for e in entries if e.date.year in year_set}
    # A date range uses the unique index on date; rows of skipped years inside the range are filtered here.
    existing = [
        d
        for d in CalendarDay.objects.filter(
            date__gte=date(min(year_set), 1, 1), date__lte=date(max(year_set), 12, 31)
        )
        if d.date.year in year_set
    ]
    by_date = {d.date: d for d in existing}
    to_create = [
        CalendarDay(date=e.date, kind=e.kind, name=e.name) for d, e in wanted.items() if d not in by_date
    ]
    to_update = []
    for d, row in by_date.items():
        e = wanted.get(d)
        if e is not None and (row.kind != e.kind or row.name != e.name):
            row.kind, row.name = e.kind, e.name
            to_update.append(row)
    to_delete = [row.pk for d, row in by_date.items() if d not in wanted]
    if to_delete:
        CalendarDay.objects.filter(pk__in=to_delete).delete()
    if to_update:
        CalendarDay.objects.bulk_update(to_update, ["kind", "name"], batch_size=500)
    if to_create:
        CalendarDay.objects.bulk_create(to_create, batch_size=500)

    changes: dict[int, list[int]] = {y: [0, 0, 0] for y in year_set}
    for row in to_create:
        changes[row.date.year][0] += 1
    for row in to_update:
        changes[row.date.year][1] += 1
    for d in by_date:
        if d not in wanted:
            changes[d.year][2] += 1
    totals: dict[int, int] = dict.fromkeys(year_set, 0)
    for d in wanted:
        totals[d.year] += 1

    loaded = {y.year: y for y in CalendarYear.objects.filter(year__in=year_set)}
    now = timezone.now()
    new_years = [CalendarYear(year=y, source=source) for y in sorted(year_set) if y not in loaded]
    if new_years:
        CalendarYear.objects.bulk_create(new_years)
    # Bumping loaded_at of every touched year is what tells other processes' caches to reload.
    touched = [y for y, row in loaded.items() if row.source != source or any(changes[y])]
    if touched:
        CalendarYear.objects.filter(year__in=touched).update(source=source, loaded_at=now)
    marked = {y.year for y in new_years} | {y for y, row in loaded.items() if row.source != source}
    return [
        YearChanges(
            year=y,
            created=changes[y][0],
            updated=changes[y][1],
            deleted=changes[y][2],
            total=totals[y],
            marked=y in marked,
        )
        for y in sorted(year_set)
    ]


def load_from_chinesecalendar() -> list[int]:
    """Fill the table from the chinesecalendar package (2004–2026) and mark those years loaded. Idempotent.

    Runs in `seed_holidays`, `seed_demo`, the bench runner and test fixtures, so it is bulk-only and writes
    nothing (not even an audit event) when the table already matches. A year an administrator imported from
    another source (its CalendarYear.source does not start with "chinesecalendar") is left alone: the
    official notice they loaded wins over the package. Returns the years now served from the package.
    """
    from chinese_calendar import holidays, workdays
    from chinese_calendar.constants import Holiday

    chinese_names = {h.value: h.chinese for h in Holiday}

    def label(english: str) -> str:
        chinese = chinese_names.get(english, "")
        return f"{chinese} {english}".strip()[:64]

    known = list(holidays) + list(workdays)
    # chinesecalendar itself treats every year between its first and last date as known (utils._validate_date).
    package_years = range(min(known).year, max(known).year + 1)
    try:
        version = metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed as a dependency
        version = "unknown"
    source = f"{CHINESECALENDAR_SOURCE} {version}"

    with transaction.atomic():
        others = set(
            CalendarYear.objects.filter(year__in=package_years)
            .exclude(source__startswith=CHINESECALENDAR_SOURCE)
            .values_list("year", flat=True)
        )
        years = [y for y in package_years if y not in others]
        entries = [CalendarEntry(d, CalendarDayKind.HOLIDAY, label(n)) for d, n in holidays.items()]
        # A date is never both; if a later package ever says so, the make-up working day is the safer reading.
        entries += [CalendarEntry(d, CalendarDayKind.WORKDAY, label(n)) for d, n in workdays.items()]
        deduped = list({e.date: e for e in entries}.values())
        changes = _replace_years(deduped, years, source)
        created = sum(c.created for c in changes)
        updated = sum(c.updated for c in changes)
        deleted = sum(c.deleted for c in changes)
        marked = sum(c.marked for c in changes)
        if created or updated or deleted or marked:
            audit.record(
                "system:calendar",
                "calendar.loaded",
                object_type="core.calendaryear",
                object_id=f"{years[0]}-{years[-1]}" if years else "",
                source=source,
                created=created,
                updated=updated,
                deleted=deleted,
                skipped_years=sorted(others),
            )
    invalidate_cache()
    return years


# --- CSV import (manage.py import_holidays) ----------------------------------------------------------------

#: Accepted spellings of the kind column: English, the short 休/班 of wall calendars, and the long names.
KIND_ALIASES: dict[str, str] = {
    "holiday": CalendarDayKind.HOLIDAY,
    "休": CalendarDayKind.HOLIDAY,
    "节假日": CalendarDayKind.HOLIDAY,
    "法定节假日": CalendarDayKind.HOLIDAY,
    "workday": CalendarDayKind.WORKDAY,
    "班": CalendarDayKind.WORKDAY,
    "调休": CalendarDayKind.WORKDAY,
    "调休上班": CalendarDayKind.WORKDAY,
    "调休上班日": CalendarDayKind.WORKDAY,
}
COLUMN_ALIASES: dict[str, str] = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类别": "kind",
    "类型": "kind",
    "name": "name",
    "名称": "name",
}
MAX_IMPORT_BYTES = 1024 * 1024
_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an import file, located the way a spreadsheet shows it (row 1 is the header)."""

    row: int
    column: str
    message: str  # in the language active when the file was checked

    def __str__(self) -> str:
        if self.column:
            return _("第 %(row)s 行，%(column)s 列：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}


def decode_import_file(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030 — what Chinese Excel saves CSV as."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValueError(_("文件过大（超过 %(value)s KB）") % {"value": MAX_IMPORT_BYTES // 1024})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("无法识别文件编码，请保存为 UTF-8"))


def parse_calendar_csv(text: str) -> tuple[list[CalendarEntry], list[RowError]]:
    """Check every row and report every problem at once (一次性告知), so one correction round suffices.

    Returns the entries only when there is no error at all: the importer writes all rows or none.
    """
    errors: list[RowError] = []

    def fail(row: int, column: str, message: str) -> None:
        errors.append(RowError(row, column, message))

    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        fail(
            1,
            "",
            _("文件为空，需要表头 date,kind,name"),
        )
        return [], errors
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, raw_label in enumerate(header):
        label = raw_label.strip()
        if not label:
            continue  # spreadsheets leave empty trailing columns
        key = COLUMN_ALIASES.get(label.lower())
        if key is None:
            fail(
                1,
                label,
                _("未知的列“%(label)s”，应为 date、kind、name") % {"label": label},
            )
        elif key in columns:
            fail(1, label, _("列重复"))
        else:
            columns[key], labels[key] = index, label
    for required in ("date", "kind"):
        if required not in columns:
            fail(
                1,
                required,
                _("缺少表头列 %(required)s（第一行必须是表头 date,kind,name）") % {"required": required},
            )
    if errors:
        return [], errors

    entries: list[CalendarEntry] = []
    seen: dict[date, int] = {}
    data_rows = 0
    for record in reader:
        row = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines are what spreadsheets leave at the end
        data_rows += 1
        raw_date, raw_kind, name = (
            record[columns[key]].strip() if key in columns and columns[key] < len(record) else ""
            for key in ("date", "kind", "name")
        )
        date_label, kind_label, name_label = labels["date"], labels["kind"], labels.get("name", "name")

        day = _parse_import_date(raw_date)
        if day is None:
            fail(
                row,
                date_label,
                _("日期“%(raw_date)s”无效，应为 YYYY-MM-DD 格式的真实日期") % {"raw_date": raw_date},
            )
        elif not MIN_YEAR <= day.year <= MAX_YEAR:
            fail(
                row,
                date_label,
                _("日期 %(day)s 超出 %(min_year)s–%(max_year)s 年")
                % {"day": day, "min_year": MIN_YEAR, "max_year": MAX_YEAR},
            )
            day = None
        elif day in seen:
            fail(row, date_label, _("日期 %(day)s 与第 %(value)s 行重复") % {"day": day, "value": seen[day]})
            day = None
        else:
            seen[day] = row

        kind = KIND_ALIASES.get(raw_kind.lower())
        if kind is None:
            fail(
                row,
                kind_label,
                _("类别“%(raw_kind)s”无效，应为 holiday（休/节假日）或 workday（班/调休）")
                % {"raw_kind": raw_kind},
            )
        elif kind == CalendarDayKind.WORKDAY and day is not None and day.weekday() < 5:
            # A make-up working day on a weekday changes nothing; it is almost always a wrong date.
            fail(
                row,
                kind_label,
                _("%(day)s 是工作日（周一至周五），调休上班日只能是周六或周日") % {"day": day},
            )

        if len(name) > 64:
            fail(
                row,
                name_label,
                _("名称过长（%(count)s 字，最多 64 字）") % {"count": len(name)},
            )
        if day is not None and kind is not None:
            entries.append(CalendarEntry(day, kind, name))
    if not data_rows and not errors:
        fail(2, "", _("文件没有数据行"))
    return (entries if not errors else []), errors


def _parse_import_date(raw: str) -> date | None:
    match = _DATE_RE.match(raw)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def import_calendar_entries(
    entries: Sequence[CalendarEntry], *, source: str, actor: Any = None
) -> list[YearChanges]:
    """Replace the holiday list of every year present in `entries` and mark those years loaded.

    A year in the file is declared complete (CalendarYear), so the file must hold that year's whole notice;
    rows of that year missing from the file are deleted. One transaction, one audit event.
    """
    if not entries:
        raise ValueError(_("没有可导入的日期"))
    years = sorted({e.date.year for e in entries})
    with transaction.atomic():
        changes = _replace_years(entries, years, source[:200])
        audit.record(
            actor or "system:import_holidays",
            "calendar.imported",
            object_type="core.calendaryear",
            object_id=",".join(str(y) for y in years)[:64],
            source=source[:200],
            years={
                str(c.year): {
                    "created": c.created,
                    "updated": c.updated,
                    "deleted": c.deleted,
                    "total": c.total,
                }
                for c in changes
            },
        )
    invalidate_cache()
    return changes


# --- admin edits (one row at a time) -----------------------------------------------------------------------


def _touch_years(years: Iterable[int]) -> None:
    # An in-place edit changes neither the row count nor the max id; loaded_at is what other processes notice.
    CalendarYear.objects.filter(year__in=set(years)).update(loaded_at=timezone.now())


def save_calendar_day(day: CalendarDay, *, actor: Any) -> CalendarDay:
    """Create or edit one exception date (admin). Audited; every process sees the change on its next call."""
    with transaction.atomic():
        before = CalendarDay.objects.filter(pk=day.pk).first() if day.pk else None
        day.save()
        _touch_years({day.date.year} | ({before.date.year} if before else set()))
        audit.record(
            actor,
            "calendar.day_changed" if before else "calendar.day_added",
            day,
            date=day.date,
            kind=day.kind,
            name=day.name,
            previous={"date": before.date, "kind": before.kind, "name": before.name} if before else None,
        )
    invalidate_cache()
    return day


def delete_calendar_days(days: Iterable[CalendarDay], *, actor: Any) -> int:
    """Delete exception dates (admin). One audit event per row, as every change is audited."""
    removed = 0
    with transaction.atomic():
        for day in days:
            audit.record(actor, "calendar.day_deleted", day, date=day.date, kind=day.kind, name=day.name)
            year = day.date.year
            day.delete()
            _touch_years([year])
            removed += 1
    invalidate_cache()
    return removed


def save_calendar_year(row: CalendarYear, *, actor: Any) -> CalendarYear:
    """Mark a year loaded (or edit its source) by hand, e.g. after entering its days in the admin."""
    with transaction.atomic():
        created = row.pk is None
        row.save()
        audit.record(
            actor,
            "calendar.year_marked" if created else "calendar.year_changed",
            row,
            year=row.year,
            source=row.source,
        )
    invalidate_cache()
    return row


def delete_calendar_years(rows: Iterable[CalendarYear], *, actor: Any) -> int:
    """Unmark years: their deadlines fall back to weekends-only and are flagged incomplete."""
    removed = 0
    with transaction.atomic():
        for row in rows:
            audit.record(actor, "calendar.year_unmarked", row, year=row.year, source=row.source)
            row.delete()
            removed += 1
    invalidate_cache()
    return removed
