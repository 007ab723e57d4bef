"""Policy redemption (政策兑现): policies and their versions, parameters, matching runs and their results,
offers (免申即享), policy cases with publicity and objections, payments and payout batches.

The lifecycle (docs/domain.md "Policy redemption", after OpenG2P): policy → run → eligibility → entitlement
(amount) → publicity → approval → payment batch → reconciliation. Money is integer fen throughout.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.models import Department
from onego.cases.models import Case
from onego.catalog.models import ServiceItem
from onego.core.fields import JSONTextField
from onego.core.models import Job


class TagDimension(models.TextChoices):
    INDUSTRY = "industry", _("行业")
    SIZE = "size", _("规模")
    STAGE = "stage", _("发展阶段")
    SUPPORT = "support", _("扶持方式")


class PolicyTag(models.Model):
    """One entry of the tag library (政策标签库) by which anyone can filter policies."""

    key = models.SlugField(_("标识"), max_length=40, unique=True)
    dimension = models.CharField(_("维度"), max_length=10, choices=TagDimension.choices)
    name_zh = models.CharField(_("中文名称"), max_length=40)
    name_en = models.CharField(_("英文名称"), max_length=60)

    class Meta:
        ordering = ["dimension", "key"]
        verbose_name = _("政策标签")
        verbose_name_plural = pgettext_lazy("plural", "政策标签")

    def __str__(self) -> str:
        return self.name_zh


class Fund(models.Model):
    """A budget that pays policies (专项资金), e.g. the district enterprise development fund of 2026. Its
    balance is the budget less every payment approved and not failed; a batch that would overdraw it is
    refused at approval."""

    key = models.SlugField(_("标识"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    department = models.ForeignKey(
        Department, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="funds"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    budget_fen = models.BigIntegerField(_("预算（分）"))

    class Meta:
        ordering = ["-year", "key"]
        verbose_name = _("专项资金")
        verbose_name_plural = pgettext_lazy("plural", "专项资金")

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.year})"


class PolicyMode(models.TextChoices):
    PROACTIVE = "proactive", _("免申即享")  # matched from data, offered, confirmed
    APPLICATION = "application", _("依申请")  # the enterprise applies through the case engine


class PolicyTarget(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PERSON = "person", _("个人")  # not matched against enterprise facts


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # not shown to the public, not matched
    PUBLISHED = "published", _("已发布")
    SUSPENDED = "suspended", _("暂停")  # shown, not matched, no new offers
    REPEALED = "repealed", pgettext_lazy("policies", "已废止")


class Policy(models.Model):
    """A policy item (政策事项) with its standard elements. Its criteria and amount live in versions."""

    code = models.SlugField(pgettext_lazy("policies", "政策编码"), max_length=40, unique=True)
    name_zh = models.CharField(pgettext_lazy("policies", "政策名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200)
    source_document = models.CharField(_("政策文件"), max_length=300)
    source_document_en = models.CharField(_("英文政策文件"), max_length=400, blank=True)
    issuing_department = models.ForeignKey(
        Department,
        verbose_name=pgettext_lazy("policies", "发布部门"),
        on_delete=models.PROTECT,
        related_name="policies",
    )
    scope = models.TextField(_("适用范围"))
    scope_en = models.TextField(_("英文适用范围"), blank=True)
    legal_basis = models.TextField(_("政策依据"))
    legal_basis_en = models.TextField(_("英文政策依据"), blank=True)
    conditions_text = models.TextField(_("申报条件"))
    conditions_text_en = models.TextField(_("英文申报条件"), blank=True)
    materials_text = models.TextField(_("申报材料"), blank=True)
    materials_text_en = models.TextField(_("英文申报材料"), blank=True)
    fund_standard = models.TextField(_("资金标准"), blank=True)
    fund_standard_en = models.TextField(_("英文资金标准"), blank=True)
    process_text = models.TextField(_("办理流程"), blank=True)
    process_text_en = models.TextField(_("英文办理流程"), blank=True)
    time_limit_workdays = models.PositiveSmallIntegerField(_("办理时限（工作日）"))
    tags = models.ManyToManyField(PolicyTag, verbose_name=_("标签"), blank=True, related_name="policies")
    mode = models.CharField(_("兑现方式"), max_length=12, choices=PolicyMode.choices)
    target = models.CharField(
        _("对象"), max_length=10, choices=PolicyTarget.choices, default=PolicyTarget.ENTERPRISE
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("办理事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
    )
    fund = models.ForeignKey(
        Fund,
        verbose_name=_("资金来源"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("政策")
        verbose_name_plural = pgettext_lazy("plural", "政策")

    def __str__(self) -> str:
        return self.name_zh

    def version_on(self, on: date) -> PolicyVersion | None:
        """The version in force on a day: the latest that has taken effect and has not ended."""
        return (
            self.versions.filter(effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
            .order_by("-effective_from", "-number")
            .first()
        )


class PolicyVersion(models.Model):
    """The criteria and amount of a policy from a date on (政策版本). Never edited once a run used it: a change
    is a new version, so every stored result names the exact rule it was decided by."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    effective_from = models.DateField(pgettext_lazy("policies", "施行日期"))
    effective_to = models.DateField(_("废止日期"), null=True, blank=True)  # exclusive
    conditions = models.JSONField(_("条件"))  # onego.policies.criteria JSON
    amount = models.JSONField(_("金额公式"), null=True, blank=True)  # onego.policies.amounts JSON
    fingerprint = models.CharField(_("规则指纹"), max_length=64, editable=False)
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    note_en = models.CharField(_("英文修订说明"), max_length=300, blank=True)
    created_by = models.CharField(_("创建人"), max_length=100)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number_unique")
        ]
        verbose_name = _("政策版本")
        verbose_name_plural = pgettext_lazy("plural", "政策版本")

    def __str__(self) -> str:
        return f"{self.policy.code} v{self.number} ({self.effective_from})"


class PolicyParameter(models.Model):
    """A named threshold, rate or cap (参数) that criteria and amounts read by key."""

    key = models.SlugField(_("参数名"), max_length=64, unique=True)
    label_zh = models.CharField(_("中文名称"), max_length=100)
    label_en = models.CharField(_("英文名称"), max_length=150)
    unit = models.CharField(_("单位"), max_length=20, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("政策参数")
        verbose_name_plural = pgettext_lazy("plural", "政策参数")

    def __str__(self) -> str:
        return f"{self.label_zh} ({self.key})"


class ParameterValue(models.Model):
    """One effective-dated value of a parameter with its legal reference. A later date changes only
    evaluations on or after it."""

    parameter = models.ForeignKey(
        PolicyParameter, verbose_name=_("参数"), on_delete=models.CASCADE, related_name="values"
    )
    effective_from = models.DateField(pgettext_lazy("policies", "施行日期"))
    value = models.JSONField(_("值"))  # a number (as decimal text), text, yes/no or a list
    legal_reference = models.CharField(_("依据"), max_length=300)
    legal_reference_en = models.CharField(_("英文依据"), max_length=400, blank=True)

    class Meta:
        ordering = ["parameter", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "effective_from"], name="parameter_value_once_per_day"
            )
        ]
        verbose_name = pgettext_lazy("policies", "参数取值")
        verbose_name_plural = pgettext_lazy("plural", "参数取值")

    def __str__(self) -> str:
        return f"{self.parameter.key} = {self.value} ({self.effective_from})"


class MatchRun(models.Model):
    """One proactive matching run (主动比对) of one policy or all, over every enterprise with facts."""

    job = models.OneToOneField(
        Job,
        verbose_name=pgettext_lazy("policies", "后台任务"),
        on_delete=models.PROTECT,
        related_name="match_run",
    )
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("政策"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="match_runs",
    )  # None = every published enterprise policy
    on = models.DateField(_("评估日期"))
    as_of = models.CharField(
        pgettext_lazy("policies", "数据期间"), max_length=7
    )  # "2025": latest period not after it
    make_offers = models.BooleanField(_("推送兑现通知"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("policies", "比对批次")
        verbose_name_plural = pgettext_lazy("plural", "比对批次")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.on})"


class RunFacts(models.Model):
    """A run's snapshot of the facts it read (数据快照), one row per block of enterprises in code order:
    ``codes`` lists the block's credit codes, ``facts`` maps each fact key the run read to the values of those
    enterprises, in the same order (JSON: numbers, true/false, ISO dates, exact decimals as text; null where
    missing). A MatchResult's facts are its enterprise's values of the keys its policy reads (ADR 0002)."""

    run = models.ForeignKey(
        MatchRun,
        verbose_name=pgettext_lazy("policies", "比对批次"),
        on_delete=models.CASCADE,
        related_name="fact_blocks",
    )
    first_code = models.CharField(_("起始信用代码"), max_length=18)
    codes = JSONTextField(pgettext_lazy("policies", "统一社会信用代码"), default=list)
    facts = JSONTextField(_("数据快照"), default=dict)

    class Meta:
        ordering = ["run", "first_code"]
        constraints = [models.UniqueConstraint(fields=["run", "first_code"], name="run_facts_block_unique")]
        verbose_name = _("比对数据快照")
        verbose_name_plural = pgettext_lazy("plural", "比对数据快照")

    def __str__(self) -> str:
        return f"run {self.run_id} · {self.first_code}…"


class RunPolicy(models.Model):
    """What one run decided for one policy: the rule version, the parameter values used (snapshot), and
    counts. Rows are kept for eligible and unknown enterprises; not-eligible ones are counted here."""

    run = models.ForeignKey(
        MatchRun,
        verbose_name=pgettext_lazy("policies", "比对批次"),
        on_delete=models.CASCADE,
        related_name="policies",
    )
    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="run_entries"
    )
    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=pgettext_lazy("policies", "规则版本"),
        on_delete=models.PROTECT,
        related_name="run_entries",
    )
    parameters = models.JSONField(_("参数快照"), default=list)
    node_paths = models.JSONField(_("条件节点"), default=list)  # order of `node_outcomes`
    evaluated = models.PositiveIntegerField(_("比对企业数"), default=0)
    eligible = models.PositiveIntegerField(pgettext_lazy("policies", "符合"), default=0)
    not_eligible = models.PositiveIntegerField(pgettext_lazy("policies", "不符合"), default=0)
    unknown = models.PositiveIntegerField(pgettext_lazy("policies", "待人工核实"), default=0)
    amount_fen = models.BigIntegerField(_("测算金额（分）"), default=0)

    class Meta:
        ordering = ["run", "policy"]
        constraints = [models.UniqueConstraint(fields=["run", "policy"], name="run_policy_unique")]
        verbose_name = _("批次政策")
        verbose_name_plural = pgettext_lazy("plural", "批次政策")

    def __str__(self) -> str:
        return f"run {self.run_id} · {self.policy_id}"


class Eligibility(models.TextChoices):
    ELIGIBLE = "true", pgettext_lazy("policies", "符合")
    NOT_ELIGIBLE = "false", pgettext_lazy("policies", "不符合")
    UNKNOWN = "unknown", pgettext_lazy("policies", "待人工核实")  # data missing: a person decides


class MatchResult(models.Model):
    """One enterprise's result for one policy in one run, with what reproduces it: each condition's outcome
    (`node_outcomes`, one letter T/F/U per path of `RunPolicy.node_paths`), and — through its RunPolicy — the
    rule version, the parameter values and the run's snapshot of the facts read (`RunFacts`)."""

    # No index of its own: the unique (entry, entity_code) index serves look-ups by entry (and by enterprise
    # within a run), and a run writes a million of these rows: an index by enterprise alone, filled in no
    # order, doubled the cost of writing them (ADR 0002).
    # No foreign-key constraint in the database either (db_constraint=False): its check, one look-up per row
    # at commit, more than doubled the cost of writing a run's rows. Rows are only ever written by
    # matching._Writer in the transaction that inserts their RunPolicy, and deleted with it by the ORM.
    entry = models.ForeignKey(
        RunPolicy,
        verbose_name=_("批次政策"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    entity_code = models.CharField(pgettext_lazy("policies", "统一社会信用代码"), max_length=18)
    outcome = models.CharField(_("结果"), max_length=8, choices=Eligibility.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"), null=True, blank=True)
    node_outcomes = models.CharField(_("各条件结果"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "entity_code"], name="match_result_unique")]
        verbose_name = pgettext_lazy("policies", "比对结果")
        verbose_name_plural = pgettext_lazy("plural", "比对结果")

    def __str__(self) -> str:
        return f"{self.entity_code}: {self.outcome}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("待确认")
    CONFIRMED = "confirmed", _("已确认")  # intent and bank account given; a policy case exists
    DECLINED = "declined", _("已放弃")


class Offer(models.Model):
    """A 免申即享 offer (兑现通知) to an eligible enterprise; one per policy, period and enterprise."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="offers"
    )
    result = models.ForeignKey(
        MatchResult,
        verbose_name=pgettext_lazy("policies", "比对结果"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    period = models.CharField(_("兑现期间"), max_length=7)
    entity_code = models.CharField(pgettext_lazy("policies", "统一社会信用代码"), max_length=18)
    entity_name = models.CharField(_("企业名称"), max_length=200)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    status = models.CharField(
        _("状态"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    bank_account_name = models.CharField(_("开户名"), max_length=200, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("银行账号"), max_length=32, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    case = models.OneToOneField(
        Case,
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_offer",
    )
    created_at = models.DateTimeField(_("推送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "period", "entity_code"], name="offer_once_per_period")
        ]
        verbose_name = pgettext_lazy("policies", "兑现通知")
        verbose_name_plural = pgettext_lazy("plural", "兑现通知")

    def __str__(self) -> str:
        return f"{self.policy.code} → {self.entity_name} ({self.status})"


class PolicyCase(models.Model):
    """The policy side of a case (办件) for a policy: the assessed entitlement and its publicity (公示)."""

    case = models.OneToOneField(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="policy_case"
    )
    policy = models.ForeignKey(Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="cases")
    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=pgettext_lazy("policies", "规则版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    period = models.CharField(_("兑现期间"), max_length=7)
    entity_code = models.CharField(pgettext_lazy("policies", "统一社会信用代码"), max_length=18)
    entity_name = models.CharField(_("企业名称"), max_length=200)
    outcome = models.CharField(
        pgettext_lazy("policies", "核定结果"), max_length=8, choices=Eligibility.choices, blank=True
    )
    amount_fen = models.BigIntegerField(_("核定金额（分）"), null=True, blank=True)
    explanation = models.JSONField(_("核定依据"), default=dict, blank=True)
    publicity_from = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)  # last day

    class Meta:
        ordering = ["-id"]
        verbose_name = _("政策办件")
        verbose_name_plural = pgettext_lazy("plural", "政策办件")

    def __str__(self) -> str:
        return f"{self.policy.code} {self.case.number}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")  # the case goes back to review
    DISMISSED = "dismissed", pgettext_lazy("policies", "异议不成立")


class Objection(models.Model):
    """An objection to a publicity entry (公示异议), from anyone, recorded and answered."""

    policy_case = models.ForeignKey(
        PolicyCase,
        verbose_name=_("政策办件"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    name = models.CharField(_("异议人"), max_length=64)
    contact = models.CharField(_("联系方式"), max_length=64)
    text = models.TextField(_("异议内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    reply = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    # Raised in a publicity round that ended with an upheld objection (the case went back to review); kept on
    # record, but the next round's "no objection" is judged on that round's objections only.
    earlier_round = models.BooleanField(_("往轮公示"), default=False)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = pgettext_lazy("policies", "公示异议")
        verbose_name_plural = pgettext_lazy("plural", "公示异议")

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审批")  # the fund's balance was checked and reserved
    EXPORTED = "exported", _("已生成银行文件")
    RECONCILED = "reconciled", _("已对账")  # every payment is paid or failed


class PayoutBatch(models.Model):
    """A payout batch (拨付批次) of one policy for one period."""

    number = models.CharField(pgettext_lazy("policies", "批次号"), max_length=20, unique=True)
    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="batches"
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("资金来源"), on_delete=models.PROTECT, related_name="batches"
    )
    period = models.CharField(_("兑现期间"), max_length=7)
    status = models.CharField(
        _("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    exported_at = models.DateTimeField(_("导出时间"), null=True, blank=True)
    reconciled_at = models.DateTimeField(_("对账时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("拨付批次")
        verbose_name_plural = pgettext_lazy("plural", "拨付批次")

    def __str__(self) -> str:
        return self.number


class PaymentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("policies", "待拨付")  # approved entitlement, not yet in a batch
    BATCHED = "batched", _("已入批次")
    SENT = "sent", _("已发送银行")
    PAID = "paid", _("已到账")
    FAILED = "failed", pgettext_lazy("policies", "拨付失败")  # the bank refused it; may go into a later batch


class Payment(models.Model):
    """One entitlement to pay (应拨付资金) to one enterprise for one policy and period. The unique constraint
    is the guarantee that an enterprise is never paid twice for the same policy and period: a failed
    payment is retried on the same row, never a second one."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="payments"
    )
    period = models.CharField(_("兑现期间"), max_length=7)
    entity_code = models.CharField(pgettext_lazy("policies", "统一社会信用代码"), max_length=18)
    entity_name = models.CharField(_("企业名称"), max_length=200)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("拨付部门"),
        on_delete=models.PROTECT,
        related_name="policy_payments",
    )
    policy_case = models.OneToOneField(
        PolicyCase,
        verbose_name=_("政策办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    bank_account_name = models.CharField(_("开户名"), max_length=200)
    bank_name = models.CharField(_("开户银行"), max_length=100)
    bank_account_number = models.CharField(_("银行账号"), max_length=32)
    status = models.CharField(
        _("状态"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    batch = models.ForeignKey(
        PayoutBatch,
        verbose_name=_("拨付批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    bank_reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=200, blank=True)
    paid_on = models.DateField(_("到账日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "period", "entity_code"], name="payment_once_per_policy_period"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payment_amount_positive"),
        ]
        verbose_name = _("拨付记录")
        verbose_name_plural = pgettext_lazy("plural", "拨付记录")

    def __str__(self) -> str:
        return f"{self.policy.code} {self.period} {self.entity_name} {self.amount_fen}"

    @property
    def reference(self) -> str:
        """The payment's reference in the bank file (付款参考号), stable across retries."""
        return f"OG{self.pk:010d}"
