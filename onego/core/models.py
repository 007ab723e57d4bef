"""Shared kernel models: the working-day calendar and the append-only audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日 Holiday")  # a rest day that would otherwise be a working day
    WORKDAY = "workday", _("调休上班日 Make-up working day")  # a weekend day that counts as a working day


class CalendarDay(models.Model):
    """A date that departs from the Monday–Friday rule: a statutory holiday or a make-up working day (调休)."""

    date = models.DateField(_("日期 date"), unique=True)
    kind = models.CharField(_("类别 kind"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称 name"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休 calendar day")
        verbose_name_plural = _("节假日与调休 calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose holidays have been loaded. Years without a row are computed on weekends only."""

    year = models.PositiveIntegerField(_("年份 year"), unique=True)
    source = models.CharField(_("来源 source"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("载入时间 loaded at"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已载入年度 loaded calendar year")
        verbose_name_plural = _("已载入年度 loaded calendar years")

    def __str__(self) -> str:
        return str(self.year)


class AuditEvent(models.Model):
    """One append-only audit event. hash = SM3(canonical event + prev_hash); see onego.core.audit."""

    occurred_at = models.DateTimeField(_("时间 time"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人 ID actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("操作人 actor"), max_length=150, blank=True)
    action = models.CharField(_("动作 action"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型 object type"), max_length=100, blank=True)
    object_id = models.CharField(_("对象 ID object id"), max_length=64, blank=True)
    data = models.JSONField(_("数据 data"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一哈希 previous hash"), max_length=64)
    hash = models.CharField(_("哈希 hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("审计事件 audit event")
        verbose_name_plural = _("审计事件 audit events")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row locked by every writer so that events chain one after another, even under concurrency."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头 audit chain head")
