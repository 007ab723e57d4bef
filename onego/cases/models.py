"""Applications (办件): the case, its bundle, tasks, materials, pauses and correction notices.

Status fields are written only by the engine (onego.cases.engine) inside service transactions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.models import Department, ServiceCentre, Window
from onego.cases.numbers import new_query_code
from onego.catalog.models import Bundle, ItemVersion, ServiceItem


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口申请")
    SYSTEM = "system", _("系统对接采集")  # captured from a vertical system by a robot (seed case 7)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("个人")
    ENTERPRISE = "enterprise", _("企业")


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    CORRECTION = "correction", _("待补正")  # the applicant must fix things; clock paused
    IN_PROGRESS = "in_progress", _("办理中")
    CLOSED = "closed", _("已办结")  # see outcome


class Outcome(models.TextChoices):
    APPROVED = "approved", _("准予")
    REFUSED = "refused", _("不予许可")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    WITHDRAWN = "withdrawn", _("撤回")
    TERMINATED = "terminated", _("终止")


class Colour(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色超期")


class BundleCase(models.Model):
    """One application for a bundle (一件事): one bundle number, one case per item."""

    number = models.CharField(_("一件事编号"), max_length=40, unique=True)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bundle_cases"
    )
    created_at = models.DateTimeField(pgettext_lazy("cases", "提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("一件事办件")
        verbose_name_plural = pgettext_lazy("plural", "一件事办件")

    def __str__(self) -> str:
        return self.number


class VisitStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("办理中")
    DONE = "done", _("已办完")
    NO_SHOW = "no_show", _("过号")


class Visit(models.Model):
    """One trip to a service centre (一次到现场): a queue ticket (取号) called to a window, served by a clerk
    and finished. The unit of 一次一评 on site: the rating pad rates the visit and its clerk (onego.ratings)."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="visits")
    day = models.DateField(_("日期"))
    ticket = models.CharField(_("排队号"), max_length=8)
    status = models.CharField(
        _("状态"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.WAITING
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    applicant_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)  # for the SMS rating link only
    taken_at = models.DateTimeField(_("取号时间"))
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办完时间"), null=True, blank=True)
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_visits",
    )

    class Meta:
        ordering = ["day", "ticket"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "day", "ticket"], name="visit_ticket_unique"),
        ]
        indexes = [
            models.Index(fields=["centre", "day", "status"], name="visit_queue_idx"),
            models.Index(fields=["clerk", "day"], name="visit_clerk_idx"),
        ]
        verbose_name = _("到现场")
        verbose_name_plural = pgettext_lazy("plural", "到现场")

    def __str__(self) -> str:
        return f"{self.centre.code} {self.day} {self.ticket}"


class Case(models.Model):
    number = models.CharField(_("办件编号"), max_length=48, unique=True)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="cases")
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="cases")
    bundle_case = models.ForeignKey(
        BundleCase, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    applicant_kind = models.CharField(_("申请人类型"), max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=200)
    applicant_code = models.CharField(_("证件号码"), max_length=18)
    id_tail = models.CharField(_("证件号后四位"), max_length=4, db_index=True)
    # The secret of the public progress query (onego.cases.numbers.new_query_code): random, never derived from
    # anything printed elsewhere (the credit code's last four characters were; docs/security.md).
    query_code = models.CharField(_("查询码"), max_length=8, default=new_query_code)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    route = models.CharField(_("审批方式"), max_length=12)
    idempotency_key = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.SUBMITTED,
        db_index=True,
    )
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, blank=True)
    current_step = models.CharField(_("当前环节"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock: every transition increments it

    form_data = models.JSONField(_("表单"), default=dict)
    signature = models.FileField(_("签名"), upload_to="cases/signatures/%Y/%m/", blank=True)
    commitment_signed = models.BooleanField(pgettext_lazy("cases", "已签署告知承诺书"), default=False)
    visits = models.PositiveSmallIntegerField(_("到现场次数"), default=0)
    # The visit during which a window accepted the case (None online); its clerk is who handled it on site.
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    correction_rounds = models.PositiveSmallIntegerField(_("补正次数"), default=0)

    submitted_at = models.DateTimeField(pgettext_lazy("cases", "提交时间"), db_index=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    statutory_limit_workdays = models.PositiveIntegerField(_("法定时限"))
    promised_limit_workdays = models.PositiveIntegerField(_("承诺时限"))
    promised_deadline = models.DateField(
        pgettext_lazy("cases", "承诺办结日期"), null=True, blank=True, db_index=True
    )
    statutory_deadline = models.DateField(pgettext_lazy("cases", "法定办结日期"), null=True, blank=True)
    step_started_on = models.DateField(_("本环节开始"), null=True, blank=True)
    step_deadline = models.DateField(pgettext_lazy("cases", "本环节截止"), null=True, blank=True)
    calendar_complete = models.BooleanField(default=True)
    colour = models.CharField(
        pgettext_lazy("cases", "预警"),
        max_length=8,
        choices=Colour.choices,
        default=Colour.GREEN,
        db_index=True,
    )
    actual_workdays = models.PositiveIntegerField(_("实际用时（工作日）"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key", "item"],
                condition=~models.Q(idempotency_key=""),
                name="case_idempotent_submit",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status", "promised_deadline"], name="case_inbox_idx"),
            models.Index(fields=["applicant", "-submitted_at"], name="case_applicant_idx"),
            # The few open yellow/red cases, for inbox counts and the supervisor board.
            models.Index(
                fields=["id", "colour"],
                name="case_open_warning_idx",
                condition=~models.Q(status="closed") & models.Q(colour__in=["yellow", "red"]),
            ),
        ]
        verbose_name = _("办件")
        verbose_name_plural = pgettext_lazy("plural", "办件")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("cases", "待办")
    DONE = "done", _("已办")
    VOIDED = "voided", _("已作废")  # e.g. a countersign branch after another branch refused


class Task(models.Model):
    """Work waiting for staff: one per step, or one per branch of a countersign."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    step_key = models.CharField(max_length=40)
    step_kind = models.CharField(max_length=20)
    step_name = models.CharField(max_length=100)
    role = models.CharField(max_length=30)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="tasks")
    branch = models.CharField(max_length=40, blank=True)  # the branch name of a countersign
    status = models.CharField(
        max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    due_on = models.DateField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["department", "role", "status", "due_on"], name="task_inbox_idx"),
            # Open tasks are a few percent of all tasks: partial indexes keep the inbox off the done ones.
            models.Index(
                fields=["due_on", "id"], condition=models.Q(status="open"), name="task_open_due_idx"
            ),
            models.Index(
                fields=["department", "role", "due_on", "id"],
                include=["case", "step_kind"],
                condition=models.Q(status="open"),
                name="task_open_inbox_idx",
            ),
        ]
        verbose_name = pgettext_lazy("cases", "任务")
        verbose_name_plural = pgettext_lazy("plural", "任务")

    def __str__(self) -> str:
        return f"{self.case.number} · {self.step_name}"


class MaterialSource(models.TextChoices):
    UPLOAD = "upload", pgettext_lazy("cases", "上传")
    SCAN = "scan", _("窗口扫描")
    LICENCE = "licence", _("电子证照")
    SHARED_DATA = "shared_data", _("共享数据")
    GENERATED = "generated", _("系统生成")


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material_key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=12, choices=MaterialSource.choices)
    file = models.FileField(upload_to="cases/materials/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    reference = models.CharField(max_length=200, blank=True)  # licence identifier or shared-data field
    # What stood in for the material when it was submitted (免提交), as the applicant saw it: kind, title,
    # holder (ID masked), issuer, number, key dates, and the table and row it came from (cases.evidence).
    evidence = models.JSONField(default=dict, blank=True)
    round = models.PositiveSmallIntegerField(default=0)  # 0 = first submission, n = n-th correction
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "material_key", "round"]
        verbose_name = _("办件材料")
        verbose_name_plural = pgettext_lazy("plural", "办件材料")

    def __str__(self) -> str:
        return f"{self.case.number} · {self.name}"


class PauseKind(models.TextChoices):
    CORRECTION = "correction", _("补正")
    SPECIAL = "special", pgettext_lazy("cases", "特别程序")


class CasePause(models.Model):
    """An interval in which the time limit does not run (行政许可法 Art. 45, and 补正)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=12, choices=PauseKind.choices)
    reason = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "started_on"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind} {self.started_on}–{self.ended_on or '…'}"


class CorrectionNotice(models.Model):
    """The one-time notice (一次性告知, Art. 32) listing everything to fix."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    items = models.JSONField(default=list)  # [{"kind": "material"|"field", "key": ..., "reason": ...}]
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "issued_at"]

    def __str__(self) -> str:
        return f"{self.case.number} 补正 {self.issued_at:%Y-%m-%d}"


class CaseSequence(models.Model):
    """The daily 4-digit sequence of case numbers per implementation code."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="case_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day} {self.last}"
