"""Subsidy claims (补贴申报), their persons and attachments, the schemes and the pre-review rules as data.

Why: seed case 7 — employment and start-up subsidy claims are captured from a provincial vertical system by a
robot, pre-reviewed against shared data (social insurance, registration, earlier payments) and the attachments'
OCR, and a reviewer checks the robot's verdict instead of checking every row by hand. Money is in fen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.cases.models import Case
from onego.catalog.models import ServiceItem


class SubsidyScheme(models.Model):
    """One subsidy (补贴项目), e.g. 社会保险补贴: what its claims are checked against and which catalogue item
    their cases are for."""

    key = models.SlugField(_("标识"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    item = models.ForeignKey(
        ServiceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_schemes",
        verbose_name=_("对应事项"),
    )
    policy_code = models.CharField(
        _("政策编码"), max_length=64, blank=True, help_text=_("政策兑现中对应政策的编码（如有）")
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("补贴项目")
        verbose_name_plural = pgettext_lazy("plural", "补贴项目")

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    """What a pre-review rule checks; ``onego.prereview.rules`` holds one checker per kind."""

    INSURED_MONTHS = "insured_months", _("本单位参保月数")  # ContributionMonth rows inside the period
    AGE = "age", _("年龄")  # from the ID number's birth date at the period start
    CATEGORY = "category", _("人员类别")  # the claimed category is allowed (and the household, if asked)
    DOUBLE_PAYMENT = "double_payment", _("重复享受")  # no SubsidyPayment overlapping the period
    ENTERPRISE_REGISTERED = "enterprise_registered", _("单位登记状态")  # MarketEntity 存续
    ENTERPRISE_IN_DISTRICT = "enterprise_in_district", _("单位所在区")  # address or registration authority
    AMOUNT_STANDARD = "amount_standard", _("补贴标准")  # claimed ≤ standard
    DOCUMENT = "document", _("附件核验")  # OCR readings match the claim


class PreReviewRule(models.Model):
    """One rule of a scheme (预审规则), dated, with its legal reference — a policy choice kept as data.

    A rule applies to a claim when valid_from ≤ the claim's period start and (valid_to is empty or ≥ it)."""

    scheme = models.ForeignKey(
        SubsidyScheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("补贴项目")
    )
    key = models.SlugField(_("标识"), max_length=64)
    kind = models.CharField(_("类型"), max_length=32, choices=RuleKind.choices)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    legal_reference = models.CharField(_("依据"), max_length=300, blank=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["scheme", "position", "key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key", "valid_from"], name="prereview_rule_dated_once"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="prereview_rule_valid_range",
            ),
        ]
        verbose_name = _("预审规则")
        verbose_name_plural = pgettext_lazy("plural", "预审规则")

    def __str__(self) -> str:
        return f"{self.scheme.key}/{self.key}@{self.valid_from}"


class Verdict(models.TextChoices):
    """The pre-review's outcome for a claim or a person."""

    PASS = "pass", _("通过")  # every rule passed
    FAIL = "fail", _("不通过")  # at least one rule failed
    CHECK = "check", _("需人工核查")  # a rule could not tell: a person must look


class Claim(models.Model):
    """A subsidy claim (补贴申报) of one enterprise for one period, captured from a vertical system (or entered
    here), with the pre-review's verdict and the reviewer's decision."""

    class Status(models.TextChoices):
        CAPTURED = "captured", _("已采集")  # stored, not yet pre-reviewed
        PREREVIEWED = "prereviewed", _("已预审")  # the engine's verdict is stored
        DECIDED = "decided", _("已确认")  # a reviewer decided every person; waiting for write-back
        WRITTEN_BACK = "written_back", _("已回写")  # the result was entered into the vertical system

    scheme = models.ForeignKey(
        SubsidyScheme, on_delete=models.PROTECT, related_name="claims", verbose_name=_("补贴项目")
    )
    external_system = models.CharField(_("来源系统"), max_length=64, blank=True)
    external_id = models.CharField(_("申报编号"), max_length=64, blank=True)
    fingerprint = models.CharField(_("采集指纹"), max_length=64, blank=True)  # sha256 of the fields as read
    fields = models.JSONField(_("采集内容"), default=dict, blank=True)  # the record as the robot read it
    enterprise_code = models.CharField(pgettext_lazy("registry", "统一社会信用代码"), max_length=18)
    enterprise_name = models.CharField(_("单位名称"), max_length=200)
    period_start = models.DateField(_("所属期起"))
    period_end = models.DateField(_("所属期止"))
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    amount_claimed_fen = models.BigIntegerField(_("申报金额（分）"))
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_claims",
        verbose_name=_("办件"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.CAPTURED)
    verdict = models.CharField(_("预审结论"), max_length=8, choices=Verdict.choices, blank=True)
    risk = models.IntegerField(_("风险分"), default=0)
    captured_at = models.DateTimeField(_("采集时间"))
    prereviewed_at = models.DateTimeField(_("预审时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    written_back_at = models.DateTimeField(_("回写时间"), null=True, blank=True)
    receipt = models.CharField(_("回执号"), max_length=64, blank=True)

    class Meta:
        ordering = ["-risk", "captured_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="prereview_claim_captured_once",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="prereview_claim_period_range",
            ),
        ]
        indexes = [
            # the reviewer's queue: pre-reviewed claims by risk
            models.Index(fields=["status", "-risk", "captured_at"], name="prereview_claim_queue"),
            models.Index(fields=["enterprise_code"], name="prereview_claim_enterprise"),
        ]
        verbose_name = _("补贴申报")
        verbose_name_plural = pgettext_lazy("plural", "补贴申报")

    def __str__(self) -> str:
        return f"{self.external_id or self.pk} {self.enterprise_name}"


class PersonClaim(models.Model):
    """One person of a claim (申报人员) with the engine's verdict and reasons, and the reviewer's decision.

    `reasons` is a list of {"rule", "name", "name_en", "outcome" (pass|fail|unknown), "message",
    "message_en", "evidence": [{"table", "id", "text"}]}: both languages are stored because the page shows
    the reader's and the engine runs in a worker that has none."""

    class Decision(models.TextChoices):
        NONE = "", _("未确认")
        CONFIRMED = "confirmed", _("确认预审结论")  # the reviewer agreed with the robot
        OVERRIDDEN = "overridden", _("改判")  # the reviewer decided otherwise, with a reason

    class Final(models.TextChoices):
        NONE = "", _("未定")
        PASS = "pass", _("通过")
        FAIL = "fail", _("不通过")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="persons", verbose_name=_("申报"))
    seq = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(pgettext_lazy("registry", "姓名"), max_length=64)
    id_number = models.CharField(pgettext_lazy("registry", "身份证号码"), max_length=18)
    category = models.CharField(_("人员类别"), max_length=32, blank=True)
    months_claimed = models.PositiveSmallIntegerField(_("申报月数"), default=0)
    amount_claimed_fen = models.BigIntegerField(_("申报金额（分）"), default=0)
    verdict = models.CharField(_("预审结论"), max_length=8, choices=Verdict.choices, blank=True)
    reasons = models.JSONField(_("预审理由"), default=list, blank=True)
    risk = models.IntegerField(_("风险分"), default=0)
    decision = models.CharField(
        _("人工确认"), max_length=12, choices=Decision.choices, blank=True, default=""
    )
    final_verdict = models.CharField(
        _("最终结论"), max_length=8, choices=Final.choices, blank=True, default=""
    )
    override_reason = models.TextField(_("改判理由"), blank=True)
    amount_approved_fen = models.BigIntegerField(_("核定金额（分）"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["claim", "seq"]
        constraints = [models.UniqueConstraint(fields=["claim", "seq"], name="prereview_person_seq_once")]
        indexes = [models.Index(fields=["id_number"], name="prereview_person_id_number")]
        verbose_name = _("申报人员")
        verbose_name_plural = pgettext_lazy("plural", "申报人员")

    def __str__(self) -> str:
        return f"{self.claim_id}#{self.seq} {self.name}"


class OcrStatus(models.TextChoices):
    PENDING = "pending", _("待识别")  # not yet read by the worker
    READ = "read", _("已识别")  # the required fields were read
    UNREADABLE = "unreadable", _("无法识别")  # read, but the required fields are missing
    FAILED = "failed", _("识别失败")  # the OCR engine failed on it


class ClaimAttachment(models.Model):
    """A file captured with a claim (申报附件), with what OCR read from it."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("申报")
    )
    person = models.ForeignKey(
        PersonClaim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("申报人员"),
    )
    kind = models.CharField(_("附件类型"), max_length=32)  # a documents.DOC_KINDS value or "other"
    name = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to="prereview/attachments/%Y/%m/")
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    digest = models.CharField(_("SHA-256"), max_length=64, blank=True)
    ocr_status = models.CharField(
        _("识别状态"), max_length=12, choices=OcrStatus.choices, default=OcrStatus.PENDING
    )
    ocr = models.JSONField(_("识别结果"), default=dict, blank=True)  # documents.Reading as a dict
    ocr_confidence = models.FloatField(_("识别置信度"), null=True, blank=True)
    ocr_seconds = models.FloatField(_("识别耗时（秒）"), null=True, blank=True)
    ocr_at = models.DateTimeField(_("识别时间"), null=True, blank=True)

    class Meta:
        ordering = ["claim", "id"]
        indexes = [models.Index(fields=["ocr_status"], name="prereview_attachment_ocr")]
        verbose_name = _("申报附件")
        verbose_name_plural = pgettext_lazy("plural", "申报附件")

    def __str__(self) -> str:
        return self.name
