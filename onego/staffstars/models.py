"""The quarterly service stars (政务服务之星, seed case 9): docs/domain.md, "Service stars".

A `StarScheme` holds the seven dimensions and their weights as data (summing to 100), in force from a quarter
on. A `StarRound` is one centre's ranking of one quarter: a draft computed from OneGo's own visits, cases,
ratings and complaints plus the scores the centre's managers enter (`EnteredScore`), until the head of the
centre's department approves it; then every person's scores are frozen in `StarEntry` rows and the top 15 %
are named. `Complaint` holds the 12345 hotline records the centre imports (the hotline platform cannot be
reached from here: the Excel import is its local adapter)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.models import Department, ServiceCentre


class Dimension(models.TextChoices):
    ATTENDANCE = "attendance", _("考勤")
    APPEARANCE = "appearance", _("仪容仪表")
    WORK_STYLE = "work_style", _("工作作风")
    DISCIPLINE = "discipline", _("工作纪律")
    VOLUME = "volume", _("办件量")
    RATINGS = "ratings", _("好差评")
    COMPLAINTS = "complaints", _("投诉")


#: Scored by the centre's managers (scoring sheet or Excel); the other three are computed.
ENTERED_DIMENSIONS = (
    Dimension.ATTENDANCE,
    Dimension.APPEARANCE,
    Dimension.WORK_STYLE,
    Dimension.DISCIPLINE,
)
COMPUTED_DIMENSIONS = (Dimension.VOLUME, Dimension.RATINGS, Dimension.COMPLAINTS)


class StarScheme(models.Model):
    """The rules of the evaluation in force from `effective_from` (the first day of a quarter) on: the weight
    of each dimension (`StarDimension`, summing to 100) and the parameters of the computed scores."""

    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"), unique=True)
    quota_percent = models.PositiveSmallIntegerField(
        _("评选比例（%）"), default=15, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    min_ratings = models.PositiveSmallIntegerField(
        _("好差评最少评价数"),
        default=20,
        help_text=_("评价数少于此数时，好差评得分取本中心平均分"),
    )
    complaint_penalty = models.PositiveSmallIntegerField(
        _("每件投诉扣分"), default=20, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("评选方案")
        verbose_name_plural = pgettext_lazy("plural", "评选方案")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from})"


class StarDimension(models.Model):
    scheme = models.ForeignKey(StarScheme, on_delete=models.CASCADE, related_name="dimensions")
    key = models.CharField(_("维度"), max_length=12, choices=Dimension.choices)
    weight = models.PositiveSmallIntegerField(_("权重"), validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="star_dimension_unique")]
        verbose_name = _("评选维度")
        verbose_name_plural = pgettext_lazy("plural", "评选维度")

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.weight}"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审定")


class StarRound(models.Model):
    """One centre's evaluation of one quarter."""

    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("政务服务中心"), on_delete=models.PROTECT, related_name="star_rounds"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    scheme = models.ForeignKey(
        StarScheme, verbose_name=_("评选方案"), on_delete=models.PROTECT, related_name="rounds"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    staff_count = models.PositiveSmallIntegerField(_("参评人数"), default=0)
    quota = models.PositiveSmallIntegerField(_("评选名额"), default=0)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "centre"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "quarter"], name="star_round_unique"),
        ]
        verbose_name = _("季度评选")
        verbose_name_plural = pgettext_lazy("plural", "季度评选")

    def __str__(self) -> str:
        return f"{self.centre} {self.year}Q{self.quarter}"

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def is_approved(self) -> bool:
        return self.status == RoundStatus.APPROVED


class ScoreSource(models.TextChoices):
    SHEET = "sheet", _("评分表录入")
    IMPORT = "import", _("Excel 导入")


class EnteredScore(models.Model):
    """A score (0–100) a centre manager gave one person on one entered dimension for a round."""

    round = models.ForeignKey(StarRound, on_delete=models.CASCADE, related_name="entered_scores")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    source = models.CharField(max_length=8, choices=ScoreSource.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "staff", "dimension"], name="entered_score_unique"),
        ]
        verbose_name = _("录入得分")
        verbose_name_plural = pgettext_lazy("plural", "录入得分")

    def __str__(self) -> str:
        return f"{self.staff_id} {self.dimension} {self.score}"


class ComplaintSource(models.TextChoices):
    HOTLINE = "hotline", _("12345 热线")
    OTHER = "other", _("其他渠道")


class Complaint(models.Model):
    """A complaint against a window staff member, from the 12345 hotline (imported) or another channel. Only
    complaints found true (`upheld`) count against the stars."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="complaints")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("被投诉人员"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("工单编号"), max_length=40, unique=True)
    received_on = models.DateField(_("受理日期"))
    source = models.CharField(
        _("来源"), max_length=10, choices=ComplaintSource.choices, default=ComplaintSource.HOTLINE
    )
    summary = models.TextField(_("投诉内容"), blank=True)
    upheld = models.BooleanField(_("是否属实"))
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "reference"]
        indexes = [models.Index(fields=["staff", "received_on"], name="complaint_staff_idx")]
        verbose_name = _("投诉记录")
        verbose_name_plural = pgettext_lazy("plural", "投诉记录")

    def __str__(self) -> str:
        return self.reference


class StarEntry(models.Model):
    """One person's frozen result in an approved round: every score with its source and the numbers behind it
    (`scores`: {dimension: {"score", "source", "detail"}}), the total, the rank and whether they were named."""

    round = models.ForeignKey(StarRound, on_delete=models.CASCADE, related_name="entries")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="star_entries")
    staff_name = models.CharField(_("姓名"), max_length=64)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scores = models.JSONField(default=dict)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("名次"))
    is_star = models.BooleanField(_("政务服务之星"), default=False)

    class Meta:
        ordering = ["round", "rank", "staff_name"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="star_entry_unique")]
        indexes = [models.Index(fields=["staff", "is_star"], name="star_entry_staff_idx")]
        verbose_name = _("评选结果")
        verbose_name_plural = pgettext_lazy("plural", "评选结果")

    def __str__(self) -> str:
        return f"{self.round} {self.staff_name} #{self.rank}"
