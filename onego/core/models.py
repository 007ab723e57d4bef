"""Shared kernel models: the working-day calendar and the append-only audit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")  # a rest day that would otherwise be a working day
    WORKDAY = "workday", _("调休上班日")  # a weekend day that counts as a working day


class CalendarDay(models.Model):
    """A date that departs from the Monday–Friday rule: a statutory holiday or a make-up working day (调休)."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(pgettext_lazy("core", "类别"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = pgettext_lazy("plural", "节假日与调休")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose holidays have been loaded. Years without a row are computed on weekends only."""

    year = models.PositiveIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已载入年度")
        verbose_name_plural = pgettext_lazy("plural", "已载入年度")

    def __str__(self) -> str:
        return str(self.year)


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit event, or to add one without chaining it."""


_APPEND_ONLY_MESSAGE = _("审计日志只能追加，不能修改或删除（{what}）。")


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
        raise AuditLogIsAppendOnly(gettext("审计事件只能通过 onego.core.audit.record() 逐条写入。"))


class AuditEvent(models.Model):
    """One append-only audit event. hash = SM3(canonical event + prev_hash); see onego.core.audit.

    Only `onego.core.audit.record()` may insert (it locks the chain head and computes the hash); no code
    may change or delete a stored event. The ORM refuses here, the database refuses with triggers.
    """

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor_id = models.BigIntegerField(_("操作人 ID"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象 ID"), max_length=64, blank=True)
    data = models.JSONField(pgettext_lazy("core", "数据"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    # as_manager() is not use_in_migrations, so the migration state keeps a plain manager.
    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("审计事件")
        verbose_name_plural = pgettext_lazy("plural", "审计事件")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(f"AuditEvent.save #{self.pk}")
        if not getattr(self, "_chained_by_record", False):
            raise AuditLogIsAppendOnly(
                gettext("审计事件只能通过 onego.core.audit.record() 写入，否则会断开哈希链。")
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
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_event_id} {self.last_hash}"


# --- the outbox and site messages ------------------------------------------------------------------------------


class OutboxChannel(models.TextChoices):
    SITE = "site", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")  # retried while attempts < onego.core.outbox.MAX_ATTEMPTS


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the change it reports (transactional outbox).

    A worker delivers it later (onego.core.outbox.deliver_pending); if the transaction rolls back, the message
    was never written; if the worker is down, the row waits here until the next run."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=OutboxChannel.choices)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)  # e.g. "no e-mail address; skipped"
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]
        verbose_name = _("待发消息")
        verbose_name_plural = pgettext_lazy("plural", "待发消息")

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient_id}: {self.subject} ({self.status})"


class SiteMessage(models.Model):
    """A message in the user's in-site inbox (站内消息)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="site_messages",
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # The outbox row it came from: one site message per outbox row, however often delivery runs.
    outbox = models.OneToOneField(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="site_message"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="sitemessage_unread_idx")]
        verbose_name = _("站内消息")
        verbose_name_plural = pgettext_lazy("plural", "站内消息")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.subject}"


class SmsLogEntry(models.Model):
    """What the local SMS implementation (onego.core.outbox.LocalSmsLog) "sent": no real gateway is reached."""

    phone = models.CharField(pgettext_lazy("core", "手机号码"), max_length=20)
    body = models.TextField(_("正文"))
    outbox = models.OneToOneField(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="sms_log"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("本地短信记录")
        verbose_name_plural = pgettext_lazy("plural", "本地短信记录")

    def __str__(self) -> str:
        return f"{self.phone}: {self.body[:30]}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")  # written; the worker has not picked it up yet
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")  # `error` says why; nothing the job wrote in its final step remains


class Job(models.Model):
    """A long piece of background work (后台任务) with progress a person can watch: a policy matching run,
    a batch pre-review. The owning app keeps its own record of what the job is about and points here; the
    worker moves `done` towards `total` as it goes, and `GET /api/v1/jobs/{id}` reports it."""

    kind = models.CharField(_("类型"), max_length=40)  # e.g. "policies.match"
    status = models.CharField(_("状态"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("总量"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    stage = models.CharField(_("当前阶段"), max_length=100, blank=True)  # what it is doing now, for people
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    started_by = models.CharField(_("发起人"), max_length=100)  # username or "system:…"
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")
        verbose_name_plural = pgettext_lazy("plural", "后台任务")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        """Whole per cent done; 100 only when finished."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
