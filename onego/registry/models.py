"""Shared data (数据共享). Minimal for now: the persons table the local identity adapter checks against,
and the market entities an enterprise applicant is linked to. Later issues add facts and importers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from onego.core.identifiers import mask_id_number, validate_credit_code, validate_id_number


class Person(models.Model):
    """A natural person as known to the population register (人口库)."""

    name = models.CharField(_("姓名 name"), max_length=64)
    id_number = models.CharField(
        _("身份证号码 ID number"), max_length=18, unique=True, validators=[validate_id_number]
    )
    source = models.CharField(_("数据来源 source"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("自然人 person")
        verbose_name_plural = _("自然人 persons")

    def __str__(self) -> str:
        return f"{self.name} {mask_id_number(self.id_number)}"


class MarketEntity(models.Model):
    """A registered market entity (市场主体) as known to business registration."""

    credit_code = models.CharField(
        _("统一社会信用代码 credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("名称 name"), max_length=200)
    legal_representative = models.CharField(_("法定代表人 legal representative"), max_length=64, blank=True)
    entity_type = models.CharField(_("主体类型 entity type"), max_length=100, blank=True)
    address = models.CharField(_("住所 registered address"), max_length=300, blank=True)
    business_scope = models.TextField(_("经营范围 business scope"), blank=True)
    established_on = models.DateField(_("成立日期 date of establishment"), null=True, blank=True)
    registration_authority = models.CharField(_("登记机关 registration authority"), max_length=100, blank=True)
    registration_status = models.CharField(_("登记状态 status"), max_length=20, blank=True, default="存续")
    source = models.CharField(_("数据来源 source"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("市场主体 market entity")
        verbose_name_plural = _("市场主体 market entities")

    def __str__(self) -> str:
        return f"{self.name} ({self.credit_code})"


class AddressPoint(models.Model):
    """A standard address with its coordinates (标准地址库): where a premises' on-site video must be recorded.

    The district's standard address service cannot be reached here; this table is its local stand-in, loaded
    by an importer or the demo, and `onego.registry.geo` looks addresses up in it."""

    address = models.CharField(_("标准地址 address"), max_length=300)
    key = models.CharField(_("检索键 lookup key"), max_length=300, unique=True,
                           help_text=_("全角转半角、去空格后的地址 The address, NFKC-normalised, without spaces"))
    latitude = models.DecimalField(_("纬度 latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度 longitude"), max_digits=9, decimal_places=6)
    source = models.CharField(_("数据来源 source"), max_length=100, default="demo")

    class Meta:
        verbose_name = _("标准地址 address point")
        verbose_name_plural = _("标准地址 address points")

    def __str__(self) -> str:
        return self.address


class CreditRecord(models.Model):
    """A credit record on a market entity (信用记录): serious bad credit or a false commitment bars the
    commitment route (告知承诺)."""

    class Kind(models.TextChoices):
        SERIOUS_BAD_CREDIT = "serious_bad_credit", _("严重失信 Serious bad credit")
        FALSE_COMMITMENT = "false_commitment", _("虚假承诺 False commitment")

    entity_code = models.CharField(_("统一社会信用代码 credit code"), max_length=18, db_index=True)
    kind = models.CharField(_("类别 kind"), max_length=24, choices=Kind.choices)
    recorded_on = models.DateField(_("记录日期 recorded on"))
    ends_on = models.DateField(_("失效日期 ends on"), null=True, blank=True)
    reason = models.CharField(_("事由 reason"), max_length=500)
    source = models.CharField(_("来源 source"), max_length=200)
    created_at = models.DateTimeField(_("创建时间 created"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("信用记录 credit record")
        verbose_name_plural = _("信用记录 credit records")

    def __str__(self) -> str:
        return f"{self.entity_code} {self.kind} {self.recorded_on}"
