"""Service ratings (好差评) and bad-review work orders (差评工单): docs/domain.md, "Service ratings".

A rating rates one visit on site (一次一评, `visit`) or one matter online (一事一评, `case` with no visit); the
database refuses a second. Who handled what is copied onto the rating when it is made (staff, window, centre,
department, item), so statistics and the service stars read one table. The rater's contact data stays here:
staff pages show the rating and the case, and the phone number only to whoever makes the call-back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.models import Department, ServiceCentre, Window
from onego.cases.models import Case, Colour, Visit
from onego.catalog.models import ServiceItem


class Grade(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    UNSATISFIED = 2, _("不满意")
    VERY_UNSATISFIED = 1, _("非常不满意")


BAD_GRADES = frozenset({Grade.UNSATISFIED, Grade.VERY_UNSATISFIED})


class RatingChannel(models.TextChoices):
    PAD = "pad", _("窗口评价器")
    ONLINE = "online", _("网上评价")
    SMS = "sms", _("短信评价")
    QR = "qr", _("二维码评价")
    DEFAULT = "default", _("默认评价")  # no rating within the period (7 days): 基本满意


class Rating(models.Model):
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    grade = models.PositiveSmallIntegerField(_("评价等级"), choices=Grade.choices)
    # Sub-indicators of GB/T 39735: {key: grade}; keys in onego.ratings.indicators.
    indicators = models.JSONField(_("分项评价"), default=dict, blank=True)
    reason = models.TextField(_("评价内容"), blank=True)
    channel = models.CharField(_("评价渠道"), max_length=10, choices=RatingChannel.choices)
    is_default = models.BooleanField(_("默认评价"), default=False)
    # The rater (real-name). Contact data is protected: see the module docstring.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_given",
    )
    rater_name = models.CharField(_("评价人"), max_length=64, blank=True)
    rater_phone = models.CharField(_("评价人手机号码"), max_length=20, blank=True)
    # Who and what was rated, copied when the rating is made.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_received",
    )
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(
        ServiceCentre, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(_("评价时间"))
    rated_on = models.DateField(_("评价日期"), db_index=True)

    class Meta:
        ordering = ["-rated_at"]
        constraints = [
            # 一事一评: one online rating per case (a visit's rating is one per visit by the one-to-one).
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(visit__isnull=True), name="rating_one_per_case"
            ),
            models.CheckConstraint(
                condition=models.Q(visit__isnull=False) | models.Q(case__isnull=False),
                name="rating_rates_something",
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "rated_on"], name="rating_staff_idx"),
            models.Index(fields=["department", "rated_on"], name="rating_department_idx"),
        ]
        verbose_name = _("评价")
        verbose_name_plural = pgettext_lazy("plural", "评价")

    def __str__(self) -> str:
        return f"{self.get_grade_display()} · {self.rated_on}"

    @property
    def is_bad(self) -> bool:
        return self.grade in BAD_GRADES


class RatingInvite(models.Model):
    """A link to rate (the SMS link, the receipt's QR code, the message after a case ends): a random token
    that opens the rating form for one visit or one case without a password."""

    token = models.CharField(max_length=32, unique=True)
    channel = models.CharField(max_length=10, choices=RatingChannel.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评价邀请")
        verbose_name_plural = pgettext_lazy("plural", "评价邀请")

    def __str__(self) -> str:
        return f"{self.channel} {self.token[:6]}…"


class WorkOrderStatus(models.TextChoices):
    VERIFYING = "verifying", _("待核实")
    RECTIFYING = "rectifying", _("整改中")
    CALLBACK = "callback", _("待回访")
    APPEALED = "appealed", _("申诉复核中")
    CLOSED = "closed", _("已办结")


class Resolution(models.TextChoices):
    FIXED_NOW = "fixed_now", _("立行立改")
    MEASURES = "measures", _("限期整改")
    NO_LEGAL_BASIS = "no_legal_basis", _("无法律依据，解释说明")
    APPEAL_UPHELD = "appeal_upheld", _("申诉成立")


class CallbackOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("无法联系")


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class WorkOrder(models.Model):
    """A bad-review work order (差评工单): opened for every grade 1–2, sent to who handled the case."""

    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="work_order")
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="work_orders"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=WorkOrderStatus.choices, default=WorkOrderStatus.VERIFYING
    )
    colour = models.CharField(
        pgettext_lazy("cases", "预警"), max_length=8, choices=Colour.choices, default=Colour.GREEN
    )
    opened_on = models.DateField(_("派单日期"))
    due_on = models.DateField(_("整改期限"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("升级督办时间"), null=True, blank=True)
    # verify (核实)
    verified = models.BooleanField(_("情况属实"), null=True, blank=True)
    verification = models.TextField(_("核实情况"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # rectify (整改)
    resolution = models.CharField(_("处理方式"), max_length=16, choices=Resolution.choices, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    owner = models.CharField(_("整改责任人"), max_length=64, blank=True)
    rectify_by = models.DateField(_("整改时限"), null=True, blank=True)
    explanation = models.TextField(_("解释说明"), blank=True)
    rectification = models.TextField(
        _("整改情况"), blank=True
    )  # what was done (立行立改, or the 台账's result)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    # An unsatisfied call-back sends the order back to rectification once (docs: "Bad-review work orders").
    reopened = models.PositiveSmallIntegerField(_("退回整改次数"), default=0)
    # call back (回访)
    callback_outcome = models.CharField(
        _("回访结果"), max_length=12, choices=CallbackOutcome.choices, blank=True
    )
    callback_note = models.TextField(_("回访记录"), blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    # appeal (申诉复核)
    appeal_reason = models.TextField(_("申诉理由"), blank=True)
    # the status the order was in when appealed: a rejected appeal returns it there
    appealed_from = models.CharField(max_length=12, choices=WorkOrderStatus.choices, blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_decision = models.CharField(
        _("复核结论"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    appeal_note = models.TextField(_("复核意见"), blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="workorder_inbox_idx"),
        ]
        verbose_name = _("差评工单")
        verbose_name_plural = pgettext_lazy("plural", "差评工单")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != WorkOrderStatus.CLOSED


from onego.ratings.models_figures import *  # noqa: E402, F403 - the statistics' aggregate tables
