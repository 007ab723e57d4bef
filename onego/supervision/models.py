"""Spot checks (双随机、一公开): the list of check matters, the inspector register with its conflicts of
interest, the draws (抽查任务) with their published seed, snapshot and log, and one check per drawn entity.

The entity register is not a table: it is the valid licences of a matter's licence types at the moment of the
draw, frozen into the draw's snapshot (see `onego.supervision.registers`). Writes go through
`onego.supervision.services`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RISK_LEVELS = ("A", "B", "C", "D")
DEFAULT_MULTIPLIERS = {"A": "0.5", "B": "1", "C": "2", "D": "3"}


class RiskLevel(models.TextChoices):
    A = "A", _("A 级（低风险）")
    B = "B", _("B 级（一般风险）")
    C = "C", _("C 级（较高风险）")
    D = "D", _("D 级（高风险）")


def validate_multipliers(value: Any) -> None:
    """One multiplier per credit-risk level A–D: a decimal between 0 and 20, given as a string or number."""
    if not isinstance(value, dict) or set(value) != set(RISK_LEVELS):
        raise ValidationError(_("风险系数须为 A、B、C、D 四个等级各一个数值"), code="multipliers_levels")
    for level, raw in value.items():
        try:
            number = Decimal(str(raw))
        except ArithmeticError:
            number = Decimal(-1)
        if not number.is_finite() or number < 0 or number > 20:
            raise ValidationError(
                _("%(level)s 级的风险系数应为 0 至 20 之间的数"),
                code="multiplier_range",
                params={"level": level},
            )


def validate_check_items(value: Any) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(_("检查内容应为至少一项的文字列表"), code="check_items")


class CheckMatter(models.Model):
    """One entry of the list of check matters (随机抽查事项清单)."""

    code = models.SlugField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("抽查事项"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("实施部门"),
        on_delete=models.PROTECT,
        related_name="check_matters",
    )
    licence_types = models.ManyToManyField(
        "certificates.LicenceType", verbose_name=_("抽查对象持有的证照"), related_name="check_matters"
    )
    legal_basis = models.CharField(_("抽查依据"), max_length=500, blank=True)
    base_ratio = models.DecimalField(
        _("基础抽查比例"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1))],
        help_text=_("如 0.05 表示 5%"),
    )
    risk_multipliers = models.JSONField(
        _("信用风险系数"),
        default=dict,
        validators=[validate_multipliers],
        help_text=_('按信用风险等级调整抽查比例，如 {"A": "0.5", "B": "1", "C": "2", "D": "3"}'),
    )
    inspectors_per_check = models.PositiveSmallIntegerField(
        _("每户检查人员数"), default=2, validators=[MinValueValidator(2), MaxValueValidator(5)]
    )
    check_items = models.JSONField(_("检查内容"), default=list, validators=[validate_check_items])
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("抽查事项")
        verbose_name_plural = pgettext_lazy("plural", "抽查事项")

    def __str__(self) -> str:
        return self.name

    def multiplier(self, level: str) -> Decimal:
        return Decimal(str(self.risk_multipliers.get(level, "1")))


class Inspector(models.Model):
    """One entry of the register of law-enforcement inspectors (执法检查人员名录库)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="inspector",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("所属部门"),
        on_delete=models.PROTECT,
        related_name="inspectors",
    )
    certificate_number = models.CharField(_("执法证号"), max_length=40, unique=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["department", "certificate_number"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = pgettext_lazy("plural", "执法检查人员")

    def __str__(self) -> str:
        return f"{self.user.real_name or self.user.username}（{self.certificate_number}）"


class ConflictReason(models.TextChoices):
    RELATIVE = "relative", _("近亲属关系")
    FORMER_EMPLOYER = "former_employer", _("曾在该单位任职")
    INTEREST = "interest", _("其他利害关系")
    PRIOR_CASE = "prior_case", _("曾办理该主体的许可")


class Conflict(models.Model):
    """A conflict of interest (回避): the inspector is never drawn for this entity."""

    inspector = models.ForeignKey(
        Inspector, verbose_name=_("执法检查人员"), on_delete=models.CASCADE, related_name="conflicts"
    )
    entity_code = models.CharField(_("统一社会信用代码"), max_length=18)
    reason = models.CharField(_("回避事由"), max_length=20, choices=ConflictReason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["inspector", "entity_code"]
        verbose_name = _("回避登记")
        verbose_name_plural = pgettext_lazy("plural", "回避登记")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "entity_code"], name="spot_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id} ↔ {self.entity_code}"


class Draw(models.Model):
    """A spot-check task (抽查任务) and its draw: the seed, the frozen registers (snapshot), their SM3 digests
    and the log of every step. Everything needed to re-run the draw is stored and published."""

    number = models.CharField(_("任务编号"), max_length=20, unique=True)
    matter = models.ForeignKey(
        CheckMatter, verbose_name=_("抽查事项"), on_delete=models.PROTECT, related_name="draws"
    )
    title = models.CharField(_("任务名称"), max_length=200)
    check_by = models.DateField(_("检查完成期限"))
    ratio = models.DecimalField(_("本次基础抽查比例"), max_digits=5, decimal_places=4)
    seed = models.CharField(_("随机种子"), max_length=64)
    algorithm = models.CharField(_("抽取算法"), max_length=40, default="hmac-sha256-order/1")
    entity_digest = models.CharField(_("主体名录摘要（SM3）"), max_length=64)
    inspector_digest = models.CharField(_("人员名录摘要（SM3）"), max_length=64)
    inputs = models.JSONField(_("抽取输入"), default=dict)  # the canonical snapshot, as published
    log = models.JSONField(_("抽取日志"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        on_delete=models.PROTECT,
        related_name="spot_draws",
    )
    drawn_at = models.DateTimeField(_("抽取时间"))

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("抽查任务")
        verbose_name_plural = pgettext_lazy("plural", "抽查任务")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CheckStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待检查")
    UNSTAFFED = "unstaffed", _("可用人员不足，待处理")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class Check(models.Model):
    """One drawn entity of a draw (one licence), its drawn inspectors and the result."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("抽查任务"), on_delete=models.CASCADE, related_name="checks"
    )
    seq = models.PositiveIntegerField(_("序号"))
    licence = models.ForeignKey(
        "certificates.Licence", verbose_name=_("证照"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    entity_code = models.CharField(_("统一社会信用代码"), max_length=18)
    entity_name = models.CharField(_("主体名称"), max_length=200)
    risk = models.CharField(_("信用风险等级"), max_length=1, choices=RiskLevel.choices)
    on_commitment = models.BooleanField(_("告知承诺取得"), default=False)
    inspectors = models.ManyToManyField(
        Inspector, verbose_name=_("检查人员"), through="Assignment", related_name="checks"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=CheckStatus.choices, default=CheckStatus.ASSIGNED
    )
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    findings = models.TextField(_("检查发现"), blank=True)
    false_commitment = models.BooleanField(_("认定虚假承诺"), default=False)
    licence_revoked = models.BooleanField(_("已撤销许可"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    publish_by = models.DateField(_("公示期限"), null=True, blank=True)  # checked_on + 20 working days
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)

    class Meta:
        ordering = ["draw", "seq"]
        verbose_name = _("抽查对象")
        verbose_name_plural = pgettext_lazy("plural", "抽查对象")
        constraints = [
            models.UniqueConstraint(fields=["draw", "seq"], name="spot_check_seq_unique"),
            models.UniqueConstraint(fields=["draw", "licence"], name="spot_check_licence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}/{self.seq} {self.entity_name}"

    @property
    def done(self) -> bool:
        return self.status in (CheckStatus.PASSED, CheckStatus.FAILED)

    @property
    def published_in_time(self) -> bool | None:
        if self.published_at is None or self.publish_by is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.published_at) <= self.publish_by


class Assignment(models.Model):
    check_row = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="assignments")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="assignments")
    rank = models.PositiveSmallIntegerField(_("抽取顺序"))

    class Meta:
        ordering = ["check_row", "rank"]
        verbose_name = _("检查人员分派")
        verbose_name_plural = pgettext_lazy("plural", "检查人员分派")
        constraints = [
            models.UniqueConstraint(fields=["check_row", "inspector"], name="spot_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.check_row_id} ← {self.inspector_id}"
