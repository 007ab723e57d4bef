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
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from onego.accounts.models import Department


class FrozenVersionError(ValidationError):
    """A published or retired version is never edited; make a new version instead."""

    def __init__(self) -> None:
        super().__init__(
            gettext("已发布的事项版本不能修改，请创建新版本"),
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
    MAIN = "main", _("主项")
    SUB = "sub", _("子项")
    HANDLING = "handling", _("业务办理项")  # the unit an applicant applies for


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    ADJUDICATION = "adjudication", _("行政裁决")
    BENEFIT = "benefit", _("行政给付")
    REWARD = "reward", _("行政奖励")
    FILING = "filing", _("行政备案")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class HandlingForm(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")


class ApprovalRoute(models.TextChoices):
    APPROVAL = "approval", _("审批")
    COMMITMENT = "commitment", pgettext_lazy("catalog", "告知承诺")
    FILING = "filing", _("备案")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # still editable
    PUBLISHED = "published", _("已发布")  # frozen; takes effect on effective_from
    RETIRED = "retired", _("已废止")


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
    THEME = "theme", _("主题")
    AUDIENCE = "audience", _("服务对象")
    LIFE_EVENT = "life_event", _("生命周期")
    INDUSTRY = "industry", _("行业")


class Tag(models.Model):
    key = models.SlugField(_("标识"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    category = models.CharField(
        pgettext_lazy("catalog", "类别"),
        max_length=20,
        choices=TagCategory.choices,
        default=TagCategory.THEME,
    )

    class Meta:
        ordering = ["category", "key"]
        verbose_name = _("标签")
        verbose_name_plural = pgettext_lazy("plural", "标签")

    def __str__(self) -> str:
        return self.name


class ServiceItem(models.Model):
    """The stable identity of an item across its versions: codes, level, parent and implementing body."""

    level = models.CharField(_("层级"), max_length=10, choices=ItemLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=pgettext_lazy("catalog", "实施主体"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    basic_code = models.CharField(_("基本编码"), max_length=12)
    level_char = models.CharField(_("实施主体层级码"), max_length=1, default="4")
    implementation_code = models.CharField(_("实施编码"), max_length=31)
    handling_suffix = models.CharField(_("业务办理项编码后缀"), max_length=2, blank=True)
    code = models.CharField(
        _("事项编码"),
        max_length=33,
        unique=True,
        help_text=_("业务办理项编码（实施编码+2位），主项/子项为实施编码"),
    )
    is_demo_code = models.BooleanField(_("演示编码"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = pgettext_lazy("catalog", "事项")
        verbose_name_plural = pgettext_lazy("plural", "事项")

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
        ServiceItem,
        verbose_name=pgettext_lazy("catalog", "事项"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("生效日期"))
    cancelled_on = models.DateField(_("取消日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    name = models.CharField(_("事项名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    legal_basis_en = models.TextField(_("英文设定依据"), blank=True)
    acceptance_conditions = models.TextField(_("受理条件"), blank=True)
    acceptance_conditions_en = models.TextField(_("英文受理条件"), blank=True)
    handling_form = models.CharField(
        _("办件类型"),
        max_length=12,
        choices=HandlingForm.choices,
        default=HandlingForm.PROMISED,
    )
    routes = models.JSONField(
        pgettext_lazy("catalog", "审批方式"),
        default=list,
        help_text=_("审批 / 告知承诺 / 备案"),
    )
    statutory_limit_workdays = models.PositiveIntegerField(_("法定办结时限（工作日）"))
    promised_limit_workdays = models.PositiveIntegerField(_("承诺办结时限（工作日）"))
    special_procedures = models.TextField(_("特别程序"), blank=True)
    special_procedures_en = models.TextField(_("英文特别程序"), blank=True)
    fee_fen = models.PositiveBigIntegerField(_("收费金额（分）"), default=0)
    fee_basis = models.TextField(_("收费依据"), blank=True)
    fee_basis_en = models.TextField(_("英文收费依据"), blank=True)
    visits = models.PositiveSmallIntegerField(_("到办事现场次数"), default=0)
    fully_online = models.BooleanField(_("全程网办"), default=False)
    place = models.TextField(_("办理地点"), blank=True)
    place_en = models.TextField(_("英文办理地点"), blank=True)
    hours = models.TextField(_("办理时间"), blank=True)
    hours_en = models.TextField(_("英文办理时间"), blank=True)
    enquiry_phone = models.CharField(pgettext_lazy("catalog", "咨询电话"), max_length=100, blank=True)
    enquiry_phone_en = models.CharField(_("英文咨询电话"), max_length=200, blank=True)
    complaint_phone = models.CharField(pgettext_lazy("catalog", "监督投诉电话"), max_length=100, blank=True)
    complaint_phone_en = models.CharField(_("英文监督投诉电话"), max_length=200, blank=True)
    result_name = models.CharField(
        _("审批结果"), max_length=200, blank=True, help_text=_("例如《食品经营许可证》")
    )
    result_name_en = models.CharField(_("英文审批结果"), max_length=300, blank=True)
    result_licence_type = models.CharField(_("结果证照类型编码"), max_length=40, blank=True)
    # 设立登记: approving it brings a new market entity into being, whose credit code is assigned when its
    # licence is issued; an applicant who already acts for an enterprise is not offered it for that enterprise.
    founds_entity = models.BooleanField(
        _("设立登记"),
        default=False,
        help_text=_("办结时新设市场主体，发照时赋予统一社会信用代码；已登记的企业不再办理"),
    )
    process = models.JSONField(pgettext_lazy("catalog", "办理流程"), default=dict)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="versions")

    class Meta:
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="catalog_item_version_unique"),
        ]
        verbose_name = _("事项版本")
        verbose_name_plural = pgettext_lazy("plural", "事项版本")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) - LIFECYCLE_FIELDS):
            _refuse_if_frozen(self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.promised_limit_workdays > self.statutory_limit_workdays:
            raise ValidationError({"promised_limit_workdays": _("承诺时限不能长于法定时限")})
        bad = [r for r in self.routes or [] if r not in ApprovalRoute.values]
        if bad:
            raise ValidationError({"routes": _("未知的审批方式：%(r)s") % {"r": bad}})

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
    TEXT = "text", _("单行文本")
    TEXTAREA = "textarea", _("多行文本")
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("数值")
    MONEY = "money", _("金额（元）")
    DATE = "date", _("日期")
    CHOICE = "choice", _("单选")
    MULTICHOICE = "multichoice", _("多选")
    BOOLEAN = "boolean", _("是/否")
    ID_NUMBER = "id_number", _("身份证号码")
    CREDIT_CODE = "credit_code", pgettext_lazy("catalog", "统一社会信用代码")
    PHONE = "phone", _("手机号码")
    ADDRESS = "address", _("地址")
    # one person a line, stored as a list (onego.catalog.people_lists); the generated 章程 and 任职文件 read them
    SHAREHOLDERS = "shareholders", _("股东及出资（每行一名）")
    OFFICERS = "officers", _("董事、监事、经理（每行一名）")


class FormField(models.Model):
    """One entry of the shared field dictionary: every item's form refers to these keys, so a bundle asks
    each question once."""

    key = models.SlugField(_("字段标识"), max_length=60, unique=True)
    field_type = models.CharField(pgettext_lazy("catalog", "类型"), max_length=20, choices=FieldType.choices)
    label_zh = models.CharField(_("中文标签"), max_length=100)
    label_en = models.CharField(_("英文标签"), max_length=150)
    help_zh = models.CharField(_("中文说明"), max_length=300, blank=True)
    help_en = models.CharField(_("英文说明"), max_length=300, blank=True)
    pattern = models.CharField(_("格式（正则）"), max_length=200, blank=True)
    min_length = models.PositiveIntegerField(_("最短长度"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("最长长度"), null=True, blank=True)
    choices = models.JSONField(
        _("选项"),
        default=list,
        blank=True,
        help_text=_('[{"value": "...", "zh": "...", "en": "..."}]'),
    )
    prefill_source = models.CharField(
        _("预填来源"),
        max_length=80,
        blank=True,
        help_text=_("registry.entity.<字段> 或 profile.<字段>"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("表单字段")
        verbose_name_plural = pgettext_lazy("plural", "表单字段")

    def __str__(self) -> str:
        return f"{self.label_zh} ({self.key})"


class ItemFormField(VersionPart):
    """A field of an item version's form, in order, with the item-level required flag."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="form_fields")
    field = models.ForeignKey(
        FormField, verbose_name=_("字段"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    required = models.BooleanField(_("必填"), default=True)
    locked_when_prefilled = models.BooleanField(_("预填后锁定"), default=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "field"], name="catalog_form_field_once"),
        ]
        verbose_name = _("事项表单字段")
        verbose_name_plural = pgettext_lazy("plural", "事项表单字段")

    def __str__(self) -> str:
        return f"{self.version} · {self.field.key}"


class OriginalOrCopy(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    BOTH = "both", _("原件和复印件")


class Medium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    EITHER = "either", _("纸质或电子")


class MaterialProvision(models.TextChoices):
    APPLICANT = "applicant", _("申请人提交")
    GENERATED = "generated", pgettext_lazy("catalog", "系统生成")
    ON_SITE = "on_site", pgettext_lazy("catalog", "现场录制")


class Material(VersionPart):
    """A material (申请材料) an item version asks for, and what can stand in for it (免提交)."""

    version = models.ForeignKey(ItemVersion, on_delete=models.CASCADE, related_name="materials")
    key = models.SlugField(
        _("材料标识"),
        max_length=60,
        help_text=_("同一种材料在各事项中使用同一标识，一件事合并时只收一次"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(pgettext_lazy("catalog", "材料名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    original_or_copy = models.CharField(
        pgettext_lazy("catalog", "原件/复印件"),
        max_length=10,
        choices=OriginalOrCopy.choices,
        default=OriginalOrCopy.ORIGINAL,
    )
    count = models.PositiveSmallIntegerField(pgettext_lazy("catalog", "份数"), default=1)
    medium = models.CharField(_("材料形式"), max_length=12, choices=Medium.choices, default=Medium.ELECTRONIC)
    required = models.BooleanField(_("必需"), default=True)
    condition = models.JSONField(
        pgettext_lazy("catalog", "条件"),
        default=dict,
        blank=True,
        help_text=_('仅在条件成立时需要，例如 {"field": "business_type", "op": "eq", "value": "catering"}'),
    )
    condition_text = models.CharField(_("条件说明"), max_length=200, blank=True)
    condition_text_en = models.CharField(_("英文条件说明"), max_length=300, blank=True)
    substitute_licence_type = models.CharField(_("可替代的电子证照类型"), max_length=60, blank=True)
    substitute_shared_field = models.CharField(_("可替代的共享数据"), max_length=80, blank=True)
    provision = models.CharField(
        _("提供方式"),
        max_length=12,
        choices=MaterialProvision.choices,
        default=MaterialProvision.APPLICANT,
        help_text=_("系统生成或现场录制的材料不在申请时上传"),
    )
    notes = models.TextField(_("填报说明"), blank=True)
    notes_en = models.TextField(_("英文填报说明"), blank=True)
    sample_file = models.FileField(_("样表"), upload_to="catalog/samples/", blank=True)
    template_file = models.FileField(_("空白表格"), upload_to="catalog/templates/", blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_material_once"),
        ]
        verbose_name = pgettext_lazy("catalog", "申请材料")
        verbose_name_plural = pgettext_lazy("plural", "申请材料")

    def __str__(self) -> str:
        return self.name

    @property
    def waivable(self) -> bool:
        """免提交: an e-licence or shared data stands in, so the applicant need not submit it."""
        return bool(self.substitute_licence_type or self.substitute_shared_field)


class Bundle(models.Model):
    """一件事: several items applied for together with one merged form and results issued together."""

    code = models.SlugField(_("一件事编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    description = models.TextField(pgettext_lazy("catalog", "说明"), blank=True)
    description_en = models.TextField(pgettext_lazy("catalog", "英文说明"), blank=True)
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门"),
        on_delete=models.PROTECT,
        related_name="bundles",
    )
    promised_limit_workdays = models.PositiveIntegerField(
        _("一件事承诺时限（工作日）"),
        help_text=_("一件事整体承诺时限，不得长于各事项中最长的法定时限"),
    )
    issue_together = models.BooleanField(_("结果同时发放"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="bundles")

    class Meta:
        ordering = ["code"]
        verbose_name = _("一件事")
        verbose_name_plural = pgettext_lazy("plural", "一件事")

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=pgettext_lazy("catalog", "事项"),
        on_delete=models.PROTECT,
        related_name="bundle_memberships",
    )
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_once")]
        verbose_name = _("一件事事项")
        verbose_name_plural = pgettext_lazy("plural", "一件事事项")

    def __str__(self) -> str:
        return f"{self.bundle.code} · {self.item.code}"
