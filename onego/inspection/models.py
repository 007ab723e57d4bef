"""Remote on-site inspection (远程核查, seed case 4): premises videos, the reviewer's checklist verdicts, and the
check scheduled after a licence granted on commitment (告知承诺后核查).

Writes go through `onego.inspection.services`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VideoStatus(models.TextChoices):
    UPLOADING = "uploading", _("上传中")
    CHECKING = "checking", _("检查中")
    ACCEPTED = "accepted", _("合格")
    REJECTED = "rejected", _("需重新录制")


class PremisesVideo(models.Model):
    """One video of the premises, recorded on site (or uploaded from a phone), checked by the server."""

    upload_id = models.UUIDField(_("上传编号"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="premises_videos"
    )
    # Which video of the business type's filming plan this is (checklists.Checklist.videos, numbered from 1).
    plan_number = models.PositiveSmallIntegerField(_("视频序号"))
    status = models.CharField(
        _("状态"), max_length=12, choices=VideoStatus.choices, default=VideoStatus.UPLOADING
    )
    source = models.CharField(
        _("来源"),
        max_length=12,
        default="recorded",
        help_text=_("recorded：现场录制页面；uploaded：手机视频文件"),
    )
    total_bytes = models.PositiveBigIntegerField(_("总大小"))
    received_bytes = models.PositiveBigIntegerField(_("已接收"), default=0)
    file = models.FileField(_("视频文件"), upload_to="inspection/videos/%Y/%m/", blank=True)
    content_type = models.CharField(_("内容类型"), max_length=60, blank=True)
    # Where and when the page says it was recorded (high-accuracy geolocation at start and end).
    start_latitude = models.FloatField(_("开始纬度"), null=True, blank=True)
    start_longitude = models.FloatField(_("开始经度"), null=True, blank=True)
    end_latitude = models.FloatField(_("结束纬度"), null=True, blank=True)
    end_longitude = models.FloatField(_("结束经度"), null=True, blank=True)
    accuracy_m = models.FloatField(_("定位精度（米）"), null=True, blank=True)
    started_at = models.DateTimeField(_("录制开始时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("录制结束时间"), null=True, blank=True)
    # What the server found when it decoded the file.
    facts = models.JSONField(_("视频信息"), default=dict, blank=True)
    problems = models.JSONField(_("问题"), default=list, blank=True)
    thumbnails = models.JSONField(
        _("关键帧"),
        default=list,
        blank=True,
        help_text=_('[{"t": seconds, "name": storage name}]'),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = pgettext_lazy("inspection", "现场视频")
        verbose_name_plural = pgettext_lazy("plural", "现场视频")
        indexes = [models.Index(fields=["case", "status"], name="video_case_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.plan_number} · {self.status}"


class Verdict(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")


class ChecklistVerdict(models.Model):
    """The reviewer's judgement of one checklist item, with the video moment that shows it."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="checklist_verdicts"
    )
    item_code = models.CharField(pgettext_lazy("inspection", "核查项目"), max_length=20)
    verdict = models.CharField(pgettext_lazy("inspection", "结论"), max_length=4, choices=Verdict.choices)
    note = models.CharField(pgettext_lazy("inspection", "说明"), max_length=500, blank=True)
    video = models.ForeignKey(
        PremisesVideo,
        verbose_name=_("视频"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at_seconds = models.FloatField(_("视频时间点（秒）"), null=True, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("核查人"),
    )
    judged_at = models.DateTimeField(_("核查时间"), auto_now=True)

    class Meta:
        ordering = ["case", "item_code"]
        verbose_name = _("核查结论")
        verbose_name_plural = pgettext_lazy("plural", "核查结论")
        constraints = [models.UniqueConstraint(fields=["case", "item_code"], name="one_verdict_per_item")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.item_code} {self.verdict}"


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待核查")
    COMPLIANT = "compliant", _("承诺属实")
    FALSE_COMMITMENT = "false_commitment", _("虚假承诺")


class FollowUpCheck(models.Model):
    """The check after a licence granted on commitment (告知承诺审批后核查), due within N working days."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="follow_up_check"
    )
    due_on = models.DateField(pgettext_lazy("inspection", "核查期限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED
    )
    note = models.CharField(pgettext_lazy("inspection", "核查情况"), max_length=1000, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("核查人"),
    )
    done_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = pgettext_lazy("inspection", "承诺核查")
        verbose_name_plural = pgettext_lazy("plural", "承诺核查")

    def __str__(self) -> str:
        return f"{self.case_id} {self.status} {self.due_on}"
