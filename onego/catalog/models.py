"""The service catalogue (事项库): items and their versions, materials, form fields, process definitions,
bundles (一件事) and tags.

An item's identity (its codes, its department) lives in `ServiceItem`; everything a guide shows lives in
`ItemVersion`. A published version is never edited: a change is a new version with a later effective
date, and every case keeps the version it was made under.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from onego.accounts.models import Department


class FrozenVersionError(ValidationError):
    """A published or retired version is never edited; make a new version instead."""

    def __init__(self) -> None:
        super().__init__(
            "已发布的事项版本不能修改，请创建新版本 / A published version cannot be changed; create a new version",
            code="version_frozen",
        )


# What may still change on a frozen version: its life-cycle, never its content.
LIFECYCLE_FIELDS = frozenset({"status", "published_at", "cancelled_on"})


def _refuse_if_frozen(version_id: int | None) -> None:
    if version_id is None:
        return
    status = ItemVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
    if status is not None and status != VersionStatus.DRAFT:
        raise FrozenVersionError()


class ItemLevel(models.TextChoices):
    MAIN = "main", _("主项 Main item")
    SUB = "sub", _("子项 Sub-item")
    HANDLING = "handling", _("业务办理项 Handling item")  # the unit an applicant applies for


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可 Administrative licensing")
    CONFIRMATION = "confirmation", _("行政确认 Administrative confirmation")
    ADJUDICATION = "adjudication", _("行政裁决 Administrative adjudication")
    BENEFIT = "benefit", _("行政给付 Administrative benefit")
    REWARD = "reward", _("行政奖励 Administrative reward")
    FILING = "filing", _("行政备案 Administrative filing")
    OTHER_POWER = "other_power", _("其他行政权力 Other administrative power")
    PUBLIC_SERVICE = "public_service", _("公共服务 Public service")


class HandlingForm(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件 Done on the spot")
    PROMISED = "promised", _("承诺件 Done within a promised time")


class ApprovalRoute(models.TextChoices):
    APPROVAL = "approval", _("审批 Approval")
    COMMITMENT = "commitment", _("告知承诺 Approval by commitment")
    FILING = "filing", _("备案 Filing")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿 Draft")  # still editable
    PUBLISHED = "published", _("已发布 Published")  # frozen; takes effect on effective_from
    RETIRED = "retired", _("已废止 Retired")


# The level character of the 31-character implementation code (实施编码): the implementing body's level.
LEVEL_CHARS = {
    "1": _("国家级"),
    "2": _("省级"),
    "3": _("市级"),
    "4": _("县（区）级"),
    "5": _("镇（街道）级"),
    "6": _("村（社区）级"),
}


class TagCategory(models.TextChoices):
    THEME = "theme", _("主题 Theme")
    AUDIENCE = "audience", _("服务对象 Audience")
    LIFE_EVENT = "life_event", _("生命周期 Life event")
    INDUSTRY = "industry", _("行业 Industry")


class Tag(models.Model):
    key = models.SlugField(_("标识 key"), max_length=50, unique=True)
    name = models.CharField(_("名称 name"), max_length=50)
    name_en = models.CharField(_("英文名称 English name"), max_length=100, blank=True)
    category = models.CharField(
        _("类别 category"), max_length=20, choices=TagCategory.choices, default=TagCategory.THEME
    )

    class Meta:
        ordering = ["category", "key"]
        verbose_name = _("标签 tag")
        verbose_name_plural = _("标签 tags")

    def __str__(self) -> str:
        return self.name


class ServiceItem(models.Model):
    """The stable identity of an item across its versions: codes, level, parent and implementing body."""

    level = models.CharField(_("层级 level"), max_length=10, choices=ItemLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级事项 parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("实施主体 department"), on_delete=models.PROTECT, related_name="items"
    )
    basic_code = models.CharField(_("基本编码 basic code"), max_length=12)
    level_char = models.CharField(_("实施主体层级码 level character"), max_length=1, default="4")
    implementation_code = models.CharField(_("实施编码 implementation code"), max_length=31)
    handling_suffix = models.CharField(_("业务办理项编码后缀 handling suffix"), max_length=2, blank=True)
    code = models.CharField(
        _("事项编码 item code"),
        max_length=33,
        unique=True,
        help_text=_("业务办理项编码（实施编码+2位），主项/子项为实施编码"),
    )
    is_demo_code = models.BooleanField(_("演示编码 demo code"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("事项 service item")
        verbose_name_plural = _("事项 service items")

    def __str__(self) -> str:
        # The row's own fields only: the name lives on the versions, and a query per str() (admin lists,
        # log lines) would be an N+1.
        return self.code

    def current_version(self, on: date | None = None) -> ItemVersion | None:
        """The published version in force on the given day (today by default)."""
        from onego.catalog.selectors import version_in_force

        return version_in_force(self, on)


class ItemVersion(models.Model):
    """Everything the implementation list (实施清单) says about an item, as of one version."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项 item"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("版本 version"))
    status = models.CharField(
        _("状态 status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("生效日期 effective from"))
    cancelled_on = models.DateField(_("取消日期 cancelled on"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间 published at"), null=True, blank=True)

    name = models.CharField(_("事项名称 name"), max_length=200)
    name_en = models.CharField(_("英文名称 English name"), max_length=300, blank=True)
    item_type = models.CharField(_("事项类型 type"), max_length=20, choices=ItemType.choices)
    legal_basis = models.TextField(_("设定依据 legal basis"), blank=True)
    acceptance_conditions = models.TextField(_("受理条件 acceptance conditions"), blank=True)
    handling_form = models.CharField(
        _("办件类型 handling form"),
        max_length=12,
        choices=HandlingForm.choices,
        default=HandlingForm.PROMISED,
    )
    routes = models.JSONField(
        _("审批方式 approval routes"),
        default=list,
        help_text=_("审批 approval / 告知承诺 commitment / 备案 filing"),
    )
    statutory_limit_workdays = models.PositiveIntegerField(_("法定办结时限（工作日） statutory limit"))
    promised_limit_workdays = models.PositiveIntegerField(_("承诺办结时限（工作日） promised limit"))
    special_procedures = models.TextField(_("特别程序 special procedures"), blank=True)
    fee_fen = models.PositiveBigIntegerField(_("收费金额（分） fee in fen"), default=0)
    fee_basis = models.TextField(_("收费依据 fee basis"), blank=True)
    visits = models.PositiveSmallIntegerField(_("到办事现场次数 in-person visits"), default=0)
    fully_online = models.BooleanField(_("全程网办 fully online"), default=False)
    place = models.TextField(_("办理地点 place"), blank=True)
    hours = models.TextField(_("办理时间 hours"), blank=True)
    enquiry_phone = models.CharField(_("咨询电话 enquiry phone"), max_length=100, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话 complaint phone"), max_length=100, blank=True)
    result_name = models.CharField(
        _("审批结果 result"), max_length=200, blank=True, help_text=_("例如《食品经营许可证》")
    )
    result_licence_type = models.CharField(
        _("结果证照类型编码 result licence type"), max_length=40, blank=True
    )
    # 设立登记: approving it brings a new market entity into being, whose credit code is assigned when its
    # licence is issued; an applicant who already acts for an enterprise is not offered it for that enterprise.
    founds_entity = models.BooleanField(
        _("设立登记 founds a market entity"),
        default=False,
        help_text=_(
            "办结时新设市场主体，发照时赋予统一社会信用代码；已登记的企业不再办理 "
            "Approval founds a new market entity whose credit code is assigned when its licence is issued"
        ),
    )
    process = models.JSONField(_("办理流程 process definition"), default=dict)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签 tags"), blank=True, related_name="versions")

    class Meta:
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="catalog_item_version_unique"),
        ]
        verbose_name = _("事项版本 item version")
        verbose_name_plural = _("事项版本 item versions")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) - LIFECYCLE_FIELDS):
            _refuse_if_frozen(self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.promised_limit_workdays > self.statutory_limit_workdays:
            raise ValidationError(
                {
                    "promised_limit_workdays": _(
                        "承诺时限不能长于法定时限 / The promised limit cannot exceed the statutory limit"
                    )
                }
            )
        bad = [r for r in self.routes or [] if r not in ApprovalRoute.values]
        if bad:
            raise ValidationError(
                {"routes": _("未知的审批方式 / Unknown approval route: %(r)s") % {"r": bad}}
            )

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


class VersionPart(models.Model):
    """A row that belongs to one version's content: frozen with it."""

    version: models.ForeignKey

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_frozen(self.version_id)  # type: ignore[attr-defined]
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_frozen(self.version_id)  # type: ignore[attr-defined]
        return super().delete(*args, **kwargs)


class FieldType(models.TextChoices):
    TEXT = "text", _("单行文本 Text")
    TEXTAREA = "textarea", _("多行文本 Long text")
    INTEGER = "integer", _("整数 Integer")
    DECIMAL = "decimal", _("数值 Number")
    MONEY = "money", _("金额（元） Amount (yuan)")
    DATE = "date", _("日期 Date")
    CHOICE = "choice", _("单选 Choice")
    MULTICHOICE = "multichoice", _("多选 Multiple choice")
    BOOLEAN = "boolean", _("是/否 Yes/no")
    ID_NUMBER = "id_number", _("身份证号码 ID card number")
    CREDIT_CODE = "credit_code", _("统一社会信用代码 Credit code")
    PHONE = "phone", _("手机号码 Mobile phone")
    ADDRESS = "address", _("地址 Address")
    # one person a line, stored as a list (onego.catalog.people_lists); the generated 章程 and 任职文件 read them
    SHAREHOLDERS = "shareholders", _("股东及出资（每行一名） Shareholders, one a line")
    OFFICERS = "officers", _("董事、监事、经理（每行一名） Officers, one a line")


class FormField(models.Model):
    """One entry of the shared field dictionary: every item's form refers to these keys, so a bundle asks
    each question once."""

    key = models.SlugField(_("字段标识 key"), max_length=60, unique=True)
    field_type = models.CharField(_("类型 type"), max_length=20, choices=FieldType.choices)
    label_zh = models.CharField(_("中文标签 Chinese label"), max_length=100)
    label_en = models.CharField(_("英文标签 English label"), max_length=150)
    help_zh = models.CharField(_("中文说明 Chinese help"), max_length=300, blank=True)
    help_en = models.CharField(_("英文说明 English help"), max_length=300, blank=True)
    pattern = models.CharField(_("格式（正则） pattern"), max_length=200, blank=True)
    min_length = models.PositiveIntegerField(_("最短长度 min length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("最长长度 max length"), null=True, blank=True)
    choices = models.JSONField(
        _("选项 choices"),
        default=list,
        blank=True,
        help_text=_('[{"value": "...", "zh": "...", "en": "..."}]'),
    )
    prefill_source = models.CharField(
        _("预填来源 prefill source"),
        max_length=80,
        blank=True,
        help_text=_("registry.entity.<字段> 或 profile.<字段>"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("表单字段 form field")
        verbose_name_plural = _("表单字段 form fields")

    def __str__(self) -> str:
        return f"{self.label_zh} ({self.key})"


class ItemFormField(VersionPart):
    """A field of an item version's form, in order, with the item-level required flag."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="form_fields")
    field = models.ForeignKey(
        FormField, verbose_name=_("字段 field"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("顺序 position"))
    required = models.BooleanField(_("必填 required"), default=True)
    locked_when_prefilled = models.BooleanField(_("预填后锁定 locked when prefilled"), default=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "field"], name="catalog_form_field_once"),
        ]
        verbose_name = _("事项表单字段 item form field")
        verbose_name_plural = _("事项表单字段 item form fields")

    def __str__(self) -> str:
        return f"{self.version} · {self.field.key}"


class OriginalOrCopy(models.TextChoices):
    ORIGINAL = "original", _("原件 Original")
    COPY = "copy", _("复印件 Copy")
    BOTH = "both", _("原件和复印件 Original and copy")


class Medium(models.TextChoices):
    PAPER = "paper", _("纸质 Paper")
    ELECTRONIC = "electronic", _("电子 Electronic")
    EITHER = "either", _("纸质或电子 Paper or electronic")


class MaterialProvision(models.TextChoices):
    APPLICANT = "applicant", _("申请人提交 Submitted by the applicant")
    GENERATED = "generated", _("系统生成 Generated by the system")
    ON_SITE = "on_site", _("现场录制 Recorded on site after applying")


class Material(VersionPart):
    """A material (申请材料) an item version asks for, and what can stand in for it (免提交)."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="materials")
    key = models.SlugField(
        _("材料标识 key"),
        max_length=60,
        help_text=_("同一种材料在各事项中使用同一标识，一件事合并时只收一次"),
    )
    position = models.PositiveSmallIntegerField(_("顺序 position"))
    name = models.CharField(_("材料名称 name"), max_length=200)
    name_en = models.CharField(_("英文名称 English name"), max_length=300, blank=True)
    original_or_copy = models.CharField(
        _("原件/复印件 original or copy"),
        max_length=10,
        choices=OriginalOrCopy.choices,
        default=OriginalOrCopy.ORIGINAL,
    )
    count = models.PositiveSmallIntegerField(_("份数 count"), default=1)
    medium = models.CharField(
        _("材料形式 medium"), max_length=12, choices=Medium.choices, default=Medium.ELECTRONIC
    )
    required = models.BooleanField(_("必需 required"), default=True)
    condition = models.JSONField(
        _("条件 condition"),
        default=dict,
        blank=True,
        help_text=_('仅在条件成立时需要，例如 {"field": "business_type", "op": "eq", "value": "catering"}'),
    )
    condition_text = models.CharField(_("条件说明 condition in words"), max_length=200, blank=True)
    substitute_licence_type = models.CharField(
        _("可替代的电子证照类型 licence type that stands in"), max_length=60, blank=True
    )
    substitute_shared_field = models.CharField(
        _("可替代的共享数据 shared data that stands in"), max_length=80, blank=True
    )
    provision = models.CharField(
        _("提供方式 provided by"),
        max_length=12,
        choices=MaterialProvision.choices,
        default=MaterialProvision.APPLICANT,
        help_text=_(
            "系统生成或现场录制的材料不在申请时上传 Generated or on-site materials are not uploaded when applying"
        ),
    )
    notes = models.TextField(_("填报说明 notes"), blank=True)
    sample_file = models.FileField(_("样表 sample"), upload_to="catalog/samples/", blank=True)
    template_file = models.FileField(_("空白表格 blank template"), upload_to="catalog/templates/", blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_material_once"),
        ]
        verbose_name = _("申请材料 material")
        verbose_name_plural = _("申请材料 materials")

    def __str__(self) -> str:
        return self.name

    @property
    def waivable(self) -> bool:
        """免提交: an e-licence or shared data stands in, so the applicant need not submit it."""
        return bool(self.substitute_licence_type or self.substitute_shared_field)


class Bundle(models.Model):
    """一件事: several items applied for together with one merged form and results issued together."""

    code = models.SlugField(_("一件事编码 code"), max_length=40, unique=True)
    name = models.CharField(_("名称 name"), max_length=200)
    name_en = models.CharField(_("英文名称 English name"), max_length=300, blank=True)
    description = models.TextField(_("说明 description"), blank=True)
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门 lead department"),
        on_delete=models.PROTECT,
        related_name="bundles",
    )
    promised_limit_workdays = models.PositiveIntegerField(
        _("一件事承诺时限（工作日） combined promised limit"),
        help_text=_("一件事整体承诺时限，不得长于各事项中最长的法定时限"),
    )
    issue_together = models.BooleanField(_("结果同时发放 results issued together"), default=True)
    is_active = models.BooleanField(_("启用 active"), default=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签 tags"), blank=True, related_name="bundles")

    class Meta:
        ordering = ["code"]
        verbose_name = _("一件事 bundle")
        verbose_name_plural = _("一件事 bundles")

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项 item"), on_delete=models.PROTECT, related_name="bundle_memberships"
    )
    position = models.PositiveSmallIntegerField(_("顺序 position"))

    class Meta:
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_once")]
        verbose_name = _("一件事事项 bundle item")
        verbose_name_plural = _("一件事事项 bundle items")

    def __str__(self) -> str:
        return f"{self.bundle.code} · {self.item.code}"
