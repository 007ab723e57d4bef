"""Shared data (数据共享). Minimal for now: the persons table the local identity adapter checks against,
and the market entities an enterprise applicant is linked to. Later issues add facts and importers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.core.identifiers import mask_id_number, validate_credit_code, validate_id_number


class Person(models.Model):
    """A natural person as known to the population register (人口库)."""

    name = models.CharField(pgettext_lazy("registry", "姓名"), max_length=64)
    id_number = models.CharField(
        pgettext_lazy("registry", "身份证号码"), max_length=18, unique=True, validators=[validate_id_number]
    )
    source = models.CharField(_("数据来源"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("自然人")
        verbose_name_plural = pgettext_lazy("plural", "自然人")

    def __str__(self) -> str:
        return f"{self.name} {mask_id_number(self.id_number)}"


class MarketEntity(models.Model):
    """A registered market entity (市场主体) as known to business registration."""

    credit_code = models.CharField(
        pgettext_lazy("registry", "统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    entity_type = models.CharField(_("主体类型"), max_length=100, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    registration_authority = models.CharField(_("登记机关"), max_length=100, blank=True)
    registration_status = models.CharField(_("登记状态"), max_length=20, blank=True, default="存续")
    source = models.CharField(_("数据来源"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("市场主体")
        verbose_name_plural = pgettext_lazy("plural", "市场主体")

    def __str__(self) -> str:
        return f"{self.name} ({self.credit_code})"


class CreditCodeSequence(models.Model):
    """The last organisation-code serial assigned in one region (行政区划) to a newly registered entity; the row
    is locked while the next code is taken (`onego.registry.entities.assign_credit_code`)."""

    region_code = models.CharField(_("登记管理机关行政区划码"), max_length=6, unique=True)
    last_serial = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("统一社会信用代码序号")
        verbose_name_plural = pgettext_lazy("plural", "统一社会信用代码序号")

    def __str__(self) -> str:
        return f"{self.region_code}: {self.last_serial}"


class AddressPoint(models.Model):
    """A standard address with its coordinates (标准地址库): where a premises' on-site video must be recorded.

    The district's standard address service cannot be reached here; this table is its local stand-in, loaded
    by an importer or the demo, and `onego.registry.geo` looks addresses up in it."""

    address = models.CharField(_("标准地址"), max_length=300)
    key = models.CharField(
        _("检索键"),
        max_length=300,
        unique=True,
        help_text=_("全角转半角、去空格后的地址"),
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    source = models.CharField(_("数据来源"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("标准地址")
        verbose_name_plural = pgettext_lazy("plural", "标准地址")

    def __str__(self) -> str:
        return self.address


class CreditRecord(models.Model):
    """A credit record on a market entity (信用记录): serious bad credit or a false commitment bars the
    commitment route (告知承诺)."""

    class Kind(models.TextChoices):
        SERIOUS_BAD_CREDIT = "serious_bad_credit", _("严重失信")
        FALSE_COMMITMENT = "false_commitment", _("虚假承诺")

    entity_code = models.CharField(
        pgettext_lazy("registry", "统一社会信用代码"), max_length=18, db_index=True
    )
    kind = models.CharField(pgettext_lazy("registry", "类别"), max_length=24, choices=Kind.choices)
    recorded_on = models.DateField(_("记录日期"))
    ends_on = models.DateField(_("失效日期"), null=True, blank=True)
    reason = models.CharField(_("事由"), max_length=500)
    source = models.CharField(_("来源"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("信用记录")
        verbose_name_plural = pgettext_lazy("plural", "信用记录")

    def __str__(self) -> str:
        return f"{self.entity_code} {self.kind} {self.recorded_on}"


# --- enterprise facts (企业数据): what policy criteria read --------------------------------------------------


class FactDefinition(models.Model):
    """One entry of the fact dictionary (数据项字典): what a fact means, its kind, unit and period.

    Policy criteria name facts by `key` (``onego.policies.criteria``); importers find a file's columns by
    `label_zh` or `key`. The standard entries are seeded by ``onego.registry.facts.seed_fact_definitions``."""

    class ValueKind(models.TextChoices):
        NUMBER = "number", _("数值")  # exact decimal, at most 4 decimal places (rates, percentages)
        MONEY_FEN = (
            "money_fen",
            pgettext_lazy("registry", "金额（分）"),
        )  # files give yuan; stored as whole fen
        INTEGER = "integer", _("整数")  # counts
        BOOLEAN = "boolean", _("是/否")
        DATE = "date", _("日期")
        TEXT = "text", _("文本")
        CODE = "code", _("代码")  # text in a fixed format (`pattern`), e.g. GB/T 4754 industry codes

    class PeriodKind(models.TextChoices):
        NONE = "none", _("无")  # period ""
        YEAR = "year", _("年度")  # period "2025"
        MONTH = "month", _("月度")  # period "2025-06"

    key = models.SlugField(_("标识"), max_length=64, unique=True)
    label_zh = models.CharField(pgettext_lazy("registry", "中文名称"), max_length=100, unique=True)
    label_en = models.CharField(pgettext_lazy("registry", "英文名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=ValueKind.choices)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    period_kind = models.CharField(
        _("期间类型"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.NONE
    )
    pattern = models.CharField(
        _("格式（正则）"),
        max_length=200,
        blank=True,
        help_text=_("代码类数据项的格式"),
    )
    allow_negative = models.BooleanField(_("允许负数"), default=False)
    description = models.TextField(pgettext_lazy("registry", "说明"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("数据项")
        verbose_name_plural = pgettext_lazy("plural", "数据项")

    def __str__(self) -> str:
        return f"{self.label_zh} ({self.key})"


class FactImport(models.Model):
    """One import of a facts file (数据导入批次): where a batch of values came from, and how many."""

    source = models.CharField(_("数据来源"), max_length=200)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    file_format = models.CharField(_("格式"), max_length=8, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("数据导入批次")
        verbose_name_plural = pgettext_lazy("plural", "数据导入批次")

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class EnterpriseFact(models.Model):
    """One fact about one enterprise for one period (企业数据), e.g. revenue_fen of 2025.

    The value sits in the typed column its definition's kind names (`VALUE_COLUMN`), the others stay
    NULL: values come back as exact Python types (int fen, Decimal, date, bool) with no JSON decoding and
    no float, and SQL can compare and index them (``int_value >= 20000000000``). A re-import of the same
    (entity, fact, period) replaces the value, source and batch."""

    entity_code = models.CharField(
        pgettext_lazy("registry", "统一社会信用代码"), max_length=18, validators=[validate_credit_code]
    )
    fact = models.ForeignKey(
        FactDefinition,
        on_delete=models.PROTECT,
        related_name="enterprise_facts",
        verbose_name=_("数据项"),
    )
    period = models.CharField(
        _("期间"),
        max_length=7,
        blank=True,
        help_text=_('"" 无期间、"2025" 年度、"2025-06" 月度'),
    )
    int_value = models.BigIntegerField(_("整数值"), null=True, blank=True)  # integer, money_fen
    decimal_value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    bool_value = models.BooleanField(_("是/否"), null=True, blank=True)
    date_value = models.DateField(_("日期值"), null=True, blank=True)
    text_value = models.CharField(_("文本值"), max_length=200, blank=True, default="")  # text, code
    source = models.CharField(_("数据来源"), max_length=200)
    imported_at = models.DateTimeField(_("导入时间"))
    batch = models.ForeignKey(
        FactImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facts",
        verbose_name=_("导入批次"),
    )

    VALUE_COLUMN = {
        FactDefinition.ValueKind.NUMBER: "decimal_value",
        FactDefinition.ValueKind.MONEY_FEN: "int_value",
        FactDefinition.ValueKind.INTEGER: "int_value",
        FactDefinition.ValueKind.BOOLEAN: "bool_value",
        FactDefinition.ValueKind.DATE: "date_value",
        FactDefinition.ValueKind.TEXT: "text_value",
        FactDefinition.ValueKind.CODE: "text_value",
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity_code", "fact", "period"], name="enterprise_fact_unique"),
        ]
        indexes = [
            # columnar reads: one fact, one period (or a range of periods), every entity
            models.Index(fields=["fact", "period", "entity_code"], name="enterprise_fact_by_fact"),
        ]
        verbose_name = _("企业数据")
        verbose_name_plural = pgettext_lazy("plural", "企业数据")

    def __str__(self) -> str:
        return f"{self.entity_code} {self.fact_id}@{self.period or '-'}"

    @property
    def value(self) -> object:
        return getattr(self, self.VALUE_COLUMN[FactDefinition.ValueKind(self.fact.kind)])


# --- shared records about persons (共享数据): what stands in for a material (免提交) ---------------------------


class SharedRecord(models.Model):
    """A record a district office shares about a natural person, keyed by the ID number.

    Why: a material marked 免提交 may be waived only when such a record is really there (issue 13); the
    lookups in ``onego.registry.shared`` read these tables and ``onego.registry.shared_import`` loads them
    from the offices' spreadsheets. A re-import of the same natural key replaces the row."""

    person_name = models.CharField(pgettext_lazy("registry", "姓名"), max_length=64)
    id_number = models.CharField(
        pgettext_lazy("registry", "身份证号码"), max_length=18, db_index=True, validators=[validate_id_number]
    )
    source = models.CharField(_("数据来源"), max_length=200)
    imported_at = models.DateTimeField(_("导入时间"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.person_name} {mask_id_number(self.id_number)}"


class HealthCertificate(SharedRecord):
    """A food handler's health certificate (从业人员健康证明) as the health commission shares it."""

    certificate_number = models.CharField(_("证明编号"), max_length=40)
    issuer = models.CharField(_("发证机构"), max_length=200)
    employer_code = models.CharField(_("用人单位统一社会信用代码"), max_length=18, blank=True, db_index=True)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(pgettext_lazy("registry", "有效期至"))

    class Meta:
        ordering = ["-valid_to", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate_number"], name="health_certificate_number_once"),
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="health_certificate_valid_range",
            ),
        ]
        verbose_name = _("健康证明")
        verbose_name_plural = pgettext_lazy("plural", "健康证明")


class HouseholdRecord(SharedRecord):
    """A person's entry in the household register (户籍登记) as the public-security bureau shares it."""

    household_number = models.CharField(_("户号"), max_length=30)
    head_name = models.CharField(_("户主姓名"), max_length=64)
    relationship = models.CharField(_("与户主关系"), max_length=20)
    address = models.CharField(_("户籍地址"), max_length=300)
    registered_on = models.DateField(_("登记日期"))

    class Meta:
        ordering = ["household_number", "id"]
        constraints = [models.UniqueConstraint(fields=["id_number"], name="household_record_person_once")]
        verbose_name = _("户籍记录")
        verbose_name_plural = pgettext_lazy("plural", "户籍记录")


class MarriageRecord(SharedRecord):
    """A marriage or divorce registration (婚姻登记) as the civil-affairs bureau shares it; the latest one
    gives a person's marital status."""

    class Kind(models.TextChoices):
        MARRIAGE = "marriage", _("结婚登记")
        DIVORCE = "divorce", _("离婚登记")

    kind = models.CharField(_("登记类别"), max_length=10, choices=Kind.choices)
    spouse_name = models.CharField(_("配偶姓名"), max_length=64)
    spouse_id_number = models.CharField(_("配偶身份证号码"), max_length=18, validators=[validate_id_number])
    registered_on = models.DateField(_("登记日期"))
    registry_office = models.CharField(_("登记机关"), max_length=200)

    class Meta:
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "kind", "registered_on"], name="marriage_record_once"
            )
        ]
        verbose_name = _("婚姻登记记录")
        verbose_name_plural = pgettext_lazy("plural", "婚姻登记记录")


class SocialInsuranceRecord(SharedRecord):
    """A period of social-insurance contributions (社保参保) with one employer, as the social-security bureau
    shares it; `insured_to` is empty while the person is still insured there."""

    employer_code = models.CharField(_("参保单位统一社会信用代码"), max_length=18, blank=True, db_index=True)
    employer_name = models.CharField(_("参保单位"), max_length=200)
    insured_from = models.DateField(_("参保起始日期"))
    insured_to = models.DateField(_("参保截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["-insured_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "employer_code", "insured_from"], name="social_insurance_period_once"
            )
        ]
        verbose_name = _("社保参保记录")
        verbose_name_plural = pgettext_lazy("plural", "社保参保记录")


class ContributionMonth(SharedRecord):
    """One month of social-insurance contributions (社保缴费明细) paid for a person by one employer, as the
    social-security bureau shares it month by month.

    Why a row per month and not a period: the subsidy pre-review (``onego.prereview``) counts the months a
    person was insured by the claiming employer inside the claim period, and cites each month as evidence."""

    employer_code = models.CharField(_("参保单位统一社会信用代码"), max_length=18)
    employer_name = models.CharField(_("参保单位"), max_length=200)
    month = models.DateField(_("缴费月份"), help_text=_("所属月份的第一天"))
    base_fen = models.BigIntegerField(_("缴费基数（分）"), default=0)

    class Meta:
        ordering = ["id_number", "month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "employer_code", "month"], name="contribution_month_once"
            ),
        ]
        indexes = [
            models.Index(fields=["employer_code", "month"], name="contribution_by_employer"),
            models.Index(fields=["id_number", "month"], name="contribution_by_person"),
        ]
        verbose_name = _("社保缴费明细")
        verbose_name_plural = pgettext_lazy("plural", "社保缴费明细")


class SubsidyPayment(SharedRecord):
    """A subsidy already paid to (or for) a person (补贴发放记录), by this district or another payer.

    Why: no person is subsidised twice for the same period, under any scheme or employer (seed case 7); the
    pre-review finds the payments overlapping a claimed period and cites them."""

    employer_code = models.CharField(_("单位统一社会信用代码"), max_length=18, blank=True)
    scheme = models.CharField(_("补贴项目代码"), max_length=64)
    scheme_name = models.CharField(_("补贴项目"), max_length=100)
    period_start = models.DateField(_("补贴期间起"))
    period_end = models.DateField(_("补贴期间止"))
    amount_fen = models.BigIntegerField(_("发放金额（分）"))
    paid_on = models.DateField(_("发放日期"))
    reference = models.CharField(_("发放凭证号"), max_length=64, unique=True)
    payer = models.CharField(_("发放机构"), max_length=200, blank=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="subsidy_payment_period_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["id_number", "period_start", "period_end"], name="subsidy_payment_by_person"
            ),
        ]
        verbose_name = _("补贴发放记录")
        verbose_name_plural = pgettext_lazy("plural", "补贴发放记录")
