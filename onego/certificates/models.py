"""E-licences (电子证照, GB/T 36901–36906): licence types, signed licences, signing keys and licence uses.

Writes go through `onego.certificates.services`; nothing here sets a status by itself.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.core.identifiers import normalize_credit_code

TYPE_CODE_RE = re.compile(r"^[0-9A-Z]{18}[0-9]{3}$")


def validate_type_code(value: str) -> None:
    """GB/T 36904 type code: the defining authority's credit code (valid check character) + 3 digits."""
    if not TYPE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("证照类型代码应为 18 位统一社会信用代码加 3 位数字"),
            code="invalid_type_code",
        )
    normalize_credit_code(value[:18])


class HolderCodeType(models.TextChoices):
    ID_CARD = "111", _("居民身份证")
    CREDIT_CODE = "001", _("统一社会信用代码")


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("有效")  # in force
    REVOKED = "revoked", _("已撤销")  # withdrawn by the issuer (撤销/吊销), with a reason
    EXPIRED = "expired", _("已过期")  # past valid_to
    CANCELLED = "cancelled", _("已注销")  # ended at the holder's request or on closure (注销)


class LicenceType(models.Model):
    """A kind of licence (证照类型), e.g. 食品经营许可证."""

    key = models.SlugField(
        _("类型键"),
        max_length=40,
        unique=True,
        help_text=_("与事项目录中的证照类型一致"),
    )
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    type_code = models.CharField(
        _("证照类型代码"), max_length=21, unique=True, validators=[validate_type_code]
    )
    issuing_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("颁证部门"),
        on_delete=models.PROTECT,
        related_name="licence_types",
    )
    valid_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), null=True, blank=True, help_text=_("留空表示长期有效")
    )
    data_fields = models.JSONField(
        _("照面项"),
        default=list,
        blank=True,
        help_text=_('[{"key": "...", "label": "...", "from": ["form field", ...]}]'),
    )
    holder_fields = models.JSONField(
        _("持证主体取自"),
        default=dict,
        blank=True,
        help_text=_('{"name": ["form field", ...], "code": ["form field", ...]}；留空则为申请人'),
    )
    template_name = models.CharField(_("版式模板"), max_length=100, blank=True)
    is_demo_code = models.BooleanField(_("演示代码"), default=False)
    # 营业执照: one credit code, one valid licence; a change of registration replaces it (换照), never adds one.
    one_valid_per_holder = models.BooleanField(
        _("每个持证主体仅一张有效证照"),
        default=False,
        help_text=_("如营业执照：同一统一社会信用代码不能同时持有两张有效执照"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("证照类型")
        verbose_name_plural = pgettext_lazy("plural", "证照类型")

    def __str__(self) -> str:
        return self.name


class Licence(models.Model):
    """One issued e-licence (电子证照) with its SM2 signature over the canonical payload."""

    identifier = models.CharField(_("证照标识"), max_length=160, unique=True)
    number = models.CharField(_("证照编号"), max_length=60)
    licence_type = models.ForeignKey(
        LicenceType, verbose_name=_("证照类型"), on_delete=models.PROTECT, related_name="licences"
    )
    holder_name = models.CharField(_("持证主体"), max_length=200)
    holder_code = models.CharField(_("持证主体代码"), max_length=18, db_index=True)
    holder_code_type = models.CharField(_("持证主体代码类型"), max_length=3, choices=HolderCodeType.choices)
    issuer = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("颁证单位"),
        on_delete=models.PROTECT,
        related_name="licences_issued",
    )
    issuer_code = models.CharField(_("颁证单位代码"), max_length=18)
    issue_date = models.DateField(_("颁证日期"))
    valid_from = models.DateField(_("有效期起始"))
    valid_to = models.DateField(_("有效期截止"), null=True, blank=True)
    jurisdiction_code = models.CharField(_("行政区划代码"), max_length=12, default="440111")
    data = models.JSONField(_("照面信息"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    status_reason = models.CharField(_("状态原因"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    signature = models.TextField(_("签名（DER，Base64）"))
    key_id = models.CharField(_("密钥编号"), max_length=80)
    payload_version = models.PositiveSmallIntegerField(_("签名载荷版本"), default=1)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="licences",
    )
    pdf = models.FileField(
        _("版式文件"),
        upload_to="licences/%Y/",
        blank=True,
        help_text=_("签发后由后台任务生成并归档"),
    )
    # Copied from the type when issued (a constraint cannot look through to the type): while this is set and
    # the licence is valid, no other valid licence of the type may name the same holder.
    one_per_holder = models.BooleanField(_("持证主体唯一有效"), default=False, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = pgettext_lazy("certificates", "电子证照")
        verbose_name_plural = pgettext_lazy("plural", "电子证照")
        indexes = [models.Index(fields=["holder_code", "status"], name="licence_holder_idx")]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="licence_number_unique_per_issuer"),
            models.UniqueConstraint(
                fields=["licence_type", "holder_code"],
                condition=models.Q(one_per_holder=True, status="valid"),
                name="licence_one_valid_per_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type.name} {self.number}"


class IssuerSequence(models.Model):
    """The last licence serial an issuer used; the row is locked while the next one is taken."""

    issuer = models.OneToOneField("accounts.Department", on_delete=models.PROTECT, related_name="+")
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("证照顺序号")
        verbose_name_plural = pgettext_lazy("plural", "证照顺序号")

    def __str__(self) -> str:
        return f"{self.issuer_id}: {self.last_serial}"


class SigningKey(models.Model):
    """A department's SM2 public key. The private key is a file under ONEGO_SIGNING_KEY_DIR, never here."""

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    key_id = models.CharField(_("密钥编号"), max_length=80, unique=True)
    public_key_pem = models.TextField(_("公钥"))
    created = models.DateTimeField(_("创建时间"))
    not_after = models.DateTimeField(_("有效期至"), null=True, blank=True)
    retired_at = models.DateTimeField(
        _("停用时间"),
        null=True,
        blank=True,
        help_text=_("停用后不再签名，但仍公布以核验旧证照"),
    )

    class Meta:
        ordering = ["department", "-created"]
        verbose_name = _("签名密钥")
        verbose_name_plural = pgettext_lazy("plural", "签名密钥")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(retired_at__isnull=True),
                name="signing_key_one_active_per_department",
            ),
        ]

    def __str__(self) -> str:
        return self.key_id


class LicenceUse(models.Model):
    """Use of a licence by another body (用证), logged with its reason (申请事由) and shown to the holder."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("证照"), on_delete=models.PROTECT, related_name="uses"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=pgettext_lazy("certificates", "用证部门"),
        on_delete=models.PROTECT,
        related_name="licence_uses",
    )
    reason = models.CharField(_("用证事由"), max_length=200)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="licence_uses",
    )
    at = models.DateTimeField(_("用证时间"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = pgettext_lazy("certificates", "用证记录")
        verbose_name_plural = pgettext_lazy("plural", "用证记录")

    def __str__(self) -> str:
        return f"{self.licence_id} @ {self.department_id}"
