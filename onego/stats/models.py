"""The dashboard's aggregates (数据看板): counts kept as cases change, so a page view reads a few thousand rows,
never the case table (ADR 0007). Written only by onego.stats.aggregates (the case listener and the rebuild).

Keys hold no NULL (an upsert's ON CONFLICT never matches a NULL): a case accepted at no centre's window (online,
captured by a robot) has `centre_key` 0, a window of no centre cannot exist.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Working days are counted in buckets 0 … MAX_BUCKET, the last one holding "MAX_BUCKET or more".
MAX_BUCKET = 60
NO_CENTRE = 0


class CaseDay(models.Model):
    """One day of cases of one item, department, channel and centre (the centre of the window that accepted
    them, NO_CENTRE otherwise). Submitted and accepted are counted on the day they happened; every other
    figure on the day the case closed."""

    day = models.DateField(_("日期"))
    centre_key = models.PositiveIntegerField(_("政务服务中心"), default=NO_CENTRE)
    department_id = models.PositiveIntegerField(_("部门"))
    item_id = models.PositiveIntegerField(_("事项"))
    channel = models.CharField(_("渠道"), max_length=10)

    submitted = models.PositiveIntegerField(pgettext_lazy("stats", "申请"), default=0)
    accepted = models.PositiveIntegerField(_("受理"), default=0)
    closed = models.PositiveIntegerField(_("办结"), default=0)
    approved = models.PositiveIntegerField(_("准予"), default=0)
    refused = models.PositiveIntegerField(_("不予许可或不予受理"), default=0)
    ended = models.PositiveIntegerField(_("撤回或终止"), default=0)
    fully_online = models.PositiveIntegerField(_("全程网办"), default=0)  # online, no trip
    visits = models.PositiveIntegerField(_("到现场次数"), default=0)  # trips of the cases closed
    timed = models.PositiveIntegerField(
        _("计时办件"), default=0
    )  # closed after acceptance: working days known
    workdays_sum = models.PositiveIntegerField(_("实际用时合计"), default=0)
    promised_sum = models.PositiveIntegerField(_("承诺时限合计"), default=0)
    statutory_sum = models.PositiveIntegerField(_("法定时限合计"), default=0)
    within_promised = models.PositiveIntegerField(_("承诺时限内办结"), default=0)
    within_statutory = models.PositiveIntegerField(_("法定时限内办结"), default=0)
    turned_red = models.PositiveIntegerField(_("转为红色超期"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "centre_key", "department_id", "item_id", "channel"], name="stats_caseday_key"
            )
        ]
        indexes = [models.Index(fields=["centre_key", "day"], name="stats_caseday_centre_idx")]
        verbose_name = _("办件日统计")
        verbose_name_plural = pgettext_lazy("plural", "办件日统计")

    def __str__(self) -> str:
        return f"{self.day} {self.centre_key} {self.department_id} {self.item_id} {self.channel}"


class CaseDuration(models.Model):
    """How many cases closed on a day took `workdays` working days (acceptance to closing, pauses excluded):
    the histogram the p90 is read from. `workdays` MAX_BUCKET means MAX_BUCKET or more."""

    day = models.DateField(_("日期"))
    centre_key = models.PositiveIntegerField(_("政务服务中心"), default=NO_CENTRE)
    department_id = models.PositiveIntegerField(_("部门"))
    workdays = models.PositiveSmallIntegerField(_("工作日"))
    cases = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "centre_key", "department_id", "workdays"], name="stats_caseduration_key"
            )
        ]
        indexes = [models.Index(fields=["centre_key", "day"], name="stats_duration_centre_idx")]
        verbose_name = _("办件用时分布")
        verbose_name_plural = pgettext_lazy("plural", "办件用时分布")

    def __str__(self) -> str:
        return f"{self.day} {self.centre_key} {self.department_id} {self.workdays}"


class WindowDay(models.Model):
    """One window's day: the cases it accepted (kept by the case listener) and the queue tickets it served
    (recounted from cases.Visit by the task `onego.stats.count_visits`) — the workload balance of seed case 9."""

    day = models.DateField(_("日期"))
    window_id = models.PositiveIntegerField(_("窗口"))
    centre_key = models.PositiveIntegerField(_("政务服务中心"))
    cases = models.PositiveIntegerField(_("受理件数"), default=0)
    visits = models.PositiveIntegerField(_("接待人次"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "window_id"], name="stats_windowday_key")]
        indexes = [models.Index(fields=["centre_key", "day"], name="stats_windowday_centre_idx")]
        verbose_name = _("窗口日统计")
        verbose_name_plural = pgettext_lazy("plural", "窗口日统计")

    def __str__(self) -> str:
        return f"{self.day} {self.window_id}"
