"""Robots (数字员工) that work legacy vertical systems as a clerk would.

A `TargetSystem` is a web system OneGo cannot integrate with; its `Credential` is the account a robot logs in
with (the password only as SM4 ciphertext, see `crypto.py`). A `Robot` is a declared script (JSON steps, see
`script.py`) of one kind — capture (copy pending items into OneGo through a sink) or write-back (type decided
results back from a source). Each `RobotRun` keeps every step (`RunStep`) and every item (`RunItem`, with a
screenshot and the page's HTML when it failed). `CapturedItem` and `WriteBack` are the idempotence ledgers: an
item captured twice is one item, a result written twice is one write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.models import Department
from onego.robots.crypto import decrypt, encrypt


class TargetSystem(models.Model):
    """A vertical system (垂直业务系统) the robots work in through its web pages."""

    key = models.SlugField(_("标识"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    base_url = models.URLField(_("地址"), max_length=500)
    department = models.ForeignKey(
        Department,
        verbose_name=_("使用部门"),
        on_delete=models.PROTECT,
        related_name="target_systems",
        help_text=_("其人员操作此系统的机器人"),
    )
    is_stand_in = models.BooleanField(
        _("仿真替身"), default=False, help_text=_("演示用的替身系统，不是真实的省级系统")
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("对接系统")
        verbose_name_plural = _("对接系统")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    """The account a robot logs in with. The secret is kept only as SM4-CBC ciphertext (random IV each time);
    `set_secret()` encrypts, `secret()` decrypts, and neither value is ever logged or rendered."""

    system = models.OneToOneField(
        TargetSystem, verbose_name=_("对接系统"), on_delete=models.CASCADE, related_name="credential"
    )
    username = models.CharField(_("用户名"), max_length=150)
    secret_ciphertext = models.TextField(_("密文"), editable=False)
    rotated_at = models.DateTimeField(_("更换时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录凭据")
        verbose_name_plural = _("登录凭据")

    def __str__(self) -> str:
        return f"{self.system.key}:{self.username}"

    def set_secret(self, secret: str) -> None:
        """Encrypt `secret` into `secret_ciphertext` (the caller saves)."""
        self.secret_ciphertext = encrypt(secret)

    def secret(self) -> str:
        """The password in clear, for typing into the login form only; raises crypto.SecretUnreadable when
        the key has changed since it was stored."""
        return decrypt(self.secret_ciphertext)


class RobotKind(models.TextChoices):
    CAPTURE = "capture", _("采集")  # reads pending items and hands them to a sink
    WRITEBACK = "writeback", _("回写")  # types decided results back into the system


class Robot(models.Model):
    """A declared script run against one target system, on a schedule or by hand."""

    key = models.SlugField(_("标识"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    system = models.ForeignKey(
        TargetSystem, verbose_name=_("对接系统"), on_delete=models.PROTECT, related_name="robots"
    )
    kind = models.CharField(pgettext_lazy("robots", "类型"), max_length=12, choices=RobotKind.choices)
    # phases of declared steps, e.g. {"login": [...], "list": [...], "item": [...]} (script.py)
    script = models.JSONField(_("脚本"), default=dict, help_text=_("声明式步骤"))
    # capture: the sink the records go to; write-back: the source of the orders (extensions.py)
    channel = models.CharField(_("接收方或来源"), max_length=50)
    schedule_seconds = models.PositiveIntegerField(_("运行间隔（秒）"), default=0, help_text=_("0 为仅手动"))
    rate_per_minute = models.PositiveIntegerField(_("每分钟页面数上限"), default=30)
    max_retries = models.PositiveSmallIntegerField(_("最多重试次数"), default=3)
    backoff_seconds = models.FloatField(_("退避基数（秒）"), default=2.0)
    timeout_seconds = models.FloatField(_("页面超时（秒）"), default=15.0)
    enabled = models.BooleanField(
        _("启用"), default=True, help_text=_("关闭即停止：运行中的机器人在下一步前停下")
    )
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)

    class Meta:
        verbose_name = _("机器人")
        verbose_name_plural = _("机器人")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    @property
    def schedule_minutes(self) -> int:
        """The interval in whole minutes, 0 when it is not a whole number of minutes (pages say "every N")."""
        return self.schedule_seconds // 60 if self.schedule_seconds % 60 == 0 else 0


class RunTrigger(models.TextChoices):
    BEAT = "beat", _("定时")
    STAFF = "staff", _("人工")
    RETRY = "retry", _("重试")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")  # the run itself could not go on (login refused, list unreadable)
    STOPPED = "stopped", _("已停止")  # the kill switch was turned off during the run
    PARTIAL = "partial", _("部分成功")  # the run finished with failed or mismatched items


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RobotRun(models.Model):
    """One run of a robot, with its progress saved as it goes."""

    robot = models.ForeignKey(Robot, verbose_name=_("机器人"), on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("触发方式"), max_length=8, choices=RunTrigger.choices)
    status = models.CharField(
        pgettext_lazy("robots", "状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # a retry run works on this one item only
    only_external_id = models.CharField(_("限定条目"), max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    failed = models.PositiveIntegerField(_("失败"), default=0)
    skipped = models.PositiveIntegerField(_("跳过"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("运行记录")
        verbose_name_plural = _("运行记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["robot", "status"])]

    def __str__(self) -> str:
        return f"{self.robot.key}#{self.pk}"

    @property
    def percent(self) -> int:
        """Progress for the bar: items handled (done, failed or skipped) out of the total."""
        if not self.total:
            return 100 if self.finished_at else 0
        return min(100, round(100 * (self.done + self.failed + self.skipped) / self.total))


class StepOutcome(models.TextChoices):
    OK = "ok", _("成功")
    RETRIED = "retried", _("重试")
    FAILED = "failed", _("失败")


class RunStep(models.Model):
    """One step of a run's log. `detail` never holds a secret: the interpreter writes placeholders."""

    run = models.ForeignKey(
        RobotRun, verbose_name=_("运行记录"), on_delete=models.CASCADE, related_name="steps"
    )
    seq = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("动作"), max_length=30)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    url = models.CharField(_("网址"), max_length=500, blank=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=StepOutcome.choices)
    ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("运行步骤")
        verbose_name_plural = _("运行步骤")
        ordering = ["run", "seq"]
        constraints = [models.UniqueConstraint(fields=["run", "seq"], name="robots_step_seq_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.seq} {self.action}"


class ItemStatus(models.TextChoices):
    DONE = "done", _("完成")
    SKIPPED = "skipped", _("跳过")  # already captured unchanged, or already written
    FAILED = "failed", _("失败")
    MISMATCH = "mismatch", _("不一致")  # the record changed in the system: a person must look


class RunItem(models.Model):
    """One item a run worked on, with what it became or why it failed."""

    run = models.ForeignKey(
        RobotRun, verbose_name=_("运行记录"), on_delete=models.CASCADE, related_name="items"
    )
    external_id = models.CharField(_("外部编号"), max_length=100)
    status = models.CharField(pgettext_lazy("robots", "状态"), max_length=10, choices=ItemStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=1)
    reference = models.CharField(_("结果编号"), max_length=100, blank=True)
    error = models.TextField(_("错误"), blank=True)
    screenshot = models.FileField(_("截图"), upload_to="robots/failures/", blank=True)
    html = models.FileField(_("页面 HTML"), upload_to="robots/failures/", blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("运行条目")
        verbose_name_plural = _("运行条目")
        ordering = ["run", "pk"]
        indexes = [models.Index(fields=["run", "external_id"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.external_id}"


class CapturedItem(models.Model):
    """The capture ledger: one row per item of a system, whatever the number of runs that saw it."""

    system = models.ForeignKey(
        TargetSystem, verbose_name=_("对接系统"), on_delete=models.PROTECT, related_name="captured_items"
    )
    external_id = models.CharField(_("外部编号"), max_length=100)
    fingerprint = models.CharField(_("指纹"), max_length=64)
    sink = models.CharField(_("接收方"), max_length=50)
    url = models.CharField(_("记录网址"), max_length=500, blank=True)  # where the write-back finds it again
    reference = models.CharField(_("结果编号"), max_length=100, blank=True)
    first_captured_at = models.DateTimeField(_("首次采集"))
    last_seen_at = models.DateTimeField(_("最近读到"))
    times_seen = models.PositiveIntegerField(_("读到次数"), default=1)
    times_sunk = models.PositiveIntegerField(_("交付次数"), default=1)

    class Meta:
        verbose_name = _("已采集条目")
        verbose_name_plural = _("已采集条目")
        constraints = [
            models.UniqueConstraint(fields=["system", "external_id"], name="robots_captured_unique")
        ]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.external_id}"


class WriteBackStatus(models.TextChoices):
    PENDING = "pending", _("待回写")
    WRITTEN = "written", _("已回写")
    MISMATCH = "mismatch", _("不一致")  # the record no longer reads as when decided: a person must confirm
    FAILED = "failed", _("失败")


class WriteBack(models.Model):
    """The write-back ledger: one row per item of a system whose result is to be (or has been) typed back."""

    system = models.ForeignKey(
        TargetSystem, verbose_name=_("对接系统"), on_delete=models.PROTECT, related_name="writebacks"
    )
    external_id = models.CharField(_("外部编号"), max_length=100)
    source = models.CharField(_("来源"), max_length=50)
    reference = models.CharField(_("结果编号"), max_length=100, blank=True)
    values = models.JSONField(_("回写内容"), default=dict)
    expected_fingerprint = models.CharField(_("预期指纹"), max_length=64)
    found_fingerprint = models.CharField(_("读到的指纹"), max_length=64, blank=True)
    status = models.CharField(
        pgettext_lazy("robots", "状态"),
        max_length=10,
        choices=WriteBackStatus.choices,
        default=WriteBackStatus.PENDING,
    )
    receipt = models.CharField(_("回执号"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    written_at = models.DateTimeField(_("回写时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("回写记录")
        verbose_name_plural = _("回写记录")
        constraints = [
            models.UniqueConstraint(fields=["system", "external_id"], name="robots_writeback_unique")
        ]
        indexes = [models.Index(fields=["system", "status"])]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.external_id}"
