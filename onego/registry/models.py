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
