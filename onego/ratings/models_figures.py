"""The aggregates of the 好差评 statistics (onego.ratings.statistics); imported by onego.ratings.models.

Three tables of counts, each row the sum over the ratings with one key, kept by `statistics.count_rating` in
the rating's own transaction (INSERT … ON CONFLICT DO UPDATE, one statement per table) and recomputed from the
ratings by `manage.py rebuild_rating_figures`:

- `RatingDay` (day, channel, centre, department): the district's, a centre's or a department's figures over any
  range of days — what the dashboard and the public page read (a few thousand rows a year);
- `RatingStaffDay` (day, staff): one person's ratings over any range of days — what the service stars read
  (at most one row per person per working day);
- `RatingMonth` (month, channel, centre, department, window, staff, item): the figures page's breakdowns by
  item, department, window, staff and channel per month or quarter.

A key that does not apply (a rating online has no window or centre; a default rating of a case accepted online
may have no staff) is stored as 0, not NULL: NULLs are never equal in a unique key, so an upsert could not find
the row again. The key columns are plain integers for the same reason (0 references nothing).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NONE_KEY = 0  # the key of "not applicable" (no centre, window, staff or item)

# The count columns every aggregate has (in this order in the upsert statements).
COUNT_FIELDS = ("count", "grade_sum", "grade_5", "grade_4", "grade_3", "grade_2", "grade_1", "defaults")


class RatingCounts(models.Model):
    """The counts of a group of ratings: how many, the sum of their grades (for the mean), how many of each
    grade (5 非常满意 … 1 非常不满意) and how many were default ratings (no rating within the period)."""

    count = models.PositiveIntegerField(_("评价数"), default=0)
    grade_sum = models.PositiveBigIntegerField(default=0)
    grade_5 = models.PositiveIntegerField(default=0)
    grade_4 = models.PositiveIntegerField(default=0)
    grade_3 = models.PositiveIntegerField(default=0)
    grade_2 = models.PositiveIntegerField(default=0)
    grade_1 = models.PositiveIntegerField(default=0)
    defaults = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def satisfied(self) -> int:
        """非常满意 + 满意 + 基本满意 (grades 3–5): the standard's satisfied ratings."""
        return self.grade_5 + self.grade_4 + self.grade_3

    @property
    def bad(self) -> int:
        """不满意 + 非常不满意 (grades 1–2): bad reviews (差评)."""
        return self.grade_2 + self.grade_1


class RatingDay(RatingCounts):
    day = models.DateField()
    channel = models.CharField(max_length=10)
    centre_key = models.PositiveIntegerField(default=NONE_KEY)
    department_key = models.PositiveIntegerField(default=NONE_KEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "centre_key", "department_key"], name="ratingday_key"
            )
        ]
        verbose_name = _("评价日汇总")
        verbose_name_plural = pgettext_lazy("plural", "评价日汇总")

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.count}"


class RatingStaffDay(RatingCounts):
    day = models.DateField()
    staff_key = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff_key", "day"], name="ratingstaffday_key")]
        verbose_name = _("人员评价日汇总")
        verbose_name_plural = pgettext_lazy("plural", "人员评价日汇总")

    def __str__(self) -> str:
        return f"{self.day} staff {self.staff_key} {self.count}"


class RatingMonth(RatingCounts):
    month = models.DateField()  # the first day of the month
    channel = models.CharField(max_length=10)
    centre_key = models.PositiveIntegerField(default=NONE_KEY)
    department_key = models.PositiveIntegerField(default=NONE_KEY)
    window_key = models.PositiveIntegerField(default=NONE_KEY)
    staff_key = models.PositiveIntegerField(default=NONE_KEY)
    item_key = models.PositiveIntegerField(default=NONE_KEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "month",
                    "channel",
                    "centre_key",
                    "department_key",
                    "window_key",
                    "staff_key",
                    "item_key",
                ],
                name="ratingmonth_key",
            )
        ]
        verbose_name = _("评价月汇总")
        verbose_name_plural = pgettext_lazy("plural", "评价月汇总")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel} {self.count}"


class ExportStatus(models.TextChoices):
    WRITTEN = "written", _("已生成")
    FAILED = "failed", _("失败")


class RatingExport(models.Model):
    """One day's ratings handed to the provincial 好差评 platform through a sink (onego.ratings.export): which
    sink, where, how many records and the SM3 digest of what was written; one row per day and sink."""

    day = models.DateField(_("评价日期"))
    sink = models.CharField(_("接收方"), max_length=32)
    status = models.CharField(_("状态"), max_length=10, choices=ExportStatus.choices)
    records = models.PositiveIntegerField(_("记录数"), default=0)
    location = models.CharField(_("位置"), max_length=300, blank=True)
    digest = models.CharField(_("SM3 摘要"), max_length=64, blank=True)
    error = models.TextField(_("错误"), blank=True)
    exported_at = models.DateTimeField(_("导出时间"))

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["day", "sink"], name="ratingexport_day_sink")]
        verbose_name = _("好差评数据报送")
        verbose_name_plural = pgettext_lazy("plural", "好差评数据报送")

    def __str__(self) -> str:
        return f"{self.day} {self.sink} {self.status}"


__all__ = [
    "COUNT_FIELDS",
    "NONE_KEY",
    "ExportStatus",
    "RatingCounts",
    "RatingDay",
    "RatingExport",
    "RatingMonth",
    "RatingStaffDay",
]
