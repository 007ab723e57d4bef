"""Shared kernel models: the working-day calendar and the append-only audit log."""

from __future__ import annotations

from typing import Any, NoReturn

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


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event, or to add one without chaining it."""


_APPEND_ONLY_MESSAGE = (
    "审计日志只能追加，不能修改或删除（{what}）。"
    " The audit log is append-only; events cannot be changed or deleted ({what})."
)


def _refuse(what: str) -> NoReturn:
    raise AuditLogIsAppendOnly(_APPEND_ONLY_MESSAGE.format(what=what))


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads as usual; every bulk write that would change or remove stored events raises.

    The database refuses the same writes with a trigger (migration 0002); this class only gives ORM
    callers a clear error before the query is sent.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("QuerySet.update")

    def _update(self, values: Any) -> NoReturn:
        _refuse("QuerySet._update")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        _refuse("QuerySet.bulk_update")

    def update_or_create(self, defaults: Any = None, create_defaults: Any = None, **kwargs: Any) -> NoReturn:
        _refuse("QuerySet.update_or_create")

    def delete(self) -> NoReturn:
        _refuse("QuerySet.delete")

    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse("QuerySet._raw_delete")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> NoReturn:
        # Events must be chained one by one under the head lock; see onego.core.audit.record.
        raise AuditLogIsAppendOnly(
            "审计事件只能通过 onego.core.audit.record() 逐条写入。"
            " Audit events are written one by one through onego.core.audit.record()."
        )


class AuditEvent(models.Model):
    """One append-only audit event. hash = SM3(canonical event + prev_hash); see onego.core.audit.

    Only `onego.core.audit.record()` may insert (it locks the chain head and computes the hash); no code
    may change or delete a stored event. The ORM refuses here, the database refuses with triggers.
    """

    occurred_at = models.DateTimeField(_("时间 time"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人 ID actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("操作人 actor"), max_length=150, blank=True)
    action = models.CharField(_("动作 action"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型 object type"), max_length=100, blank=True)
    object_id = models.CharField(_("对象 ID object id"), max_length=64, blank=True)
    data = models.JSONField(_("数据 data"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一哈希 previous hash"), max_length=64)
    hash = models.CharField(_("哈希 hash"), max_length=64, unique=True)

    # as_manager() is not use_in_migrations, so the migration state keeps a plain manager.
    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("审计事件 audit event")
        verbose_name_plural = _("审计事件 audit events")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(f"AuditEvent.save #{self.pk}")
        if not getattr(self, "_chained_by_record", False):
            raise AuditLogIsAppendOnly(
                "审计事件只能通过 onego.core.audit.record() 写入，否则会断开哈希链。"
                " Audit events are written only through onego.core.audit.record(); anything else breaks"
                " the hash chain."
            )
        if kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse("AuditEvent.save(force_update/update_fields)")
        kwargs["force_insert"] = True  # a new event never overwrites a stored one, even with a pk set
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"AuditEvent.delete #{self.pk}")


class AuditChainHead(models.Model):
    """A single row locked by every writer so that events chain one after another, even under concurrency."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头 audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_event_id} {self.last_hash}"
