"""The e-archive (电子档案): every stored file of a case with its SM3 digest, size, type and retention.

A row is written once, when the file is archived, and its digest never changes afterwards; `verify_archive`
re-hashes the stored bytes and records only what it found (`last_status`, `last_verified_at`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.cases.models import Case


class FileKind(models.TextChoices):
    MATERIAL = "material", pgettext_lazy("archive", "申请材料")
    SIGNATURE = "signature", _("签名")
    GENERATED_FORM = "generated_form", _("生成表单")
    DECISION = "decision", _("决定书")
    LICENCE = "licence", pgettext_lazy("archive", "电子证照")
    VIDEO = "video", pgettext_lazy("archive", "现场视频")


class Retention(models.TextChoices):
    """Retention periods (保管期限).

    The classes come from 《文书档案保管期限表》 in 《机关文件材料归档范围和文书档案保管期限规定》 (国家档案局令
    第 8 号, 2006), which keeps files permanently (永久) or for a fixed 30 or 10 years (定期 30 年 / 定期 10 年 —
    the 长期 / 短期 of the older table), and from e-government archive practice for licensing files: what proves
    a right exists is permanent, the application file is long, supporting records are short.
    """

    PERMANENT = "permanent", _("永久")
    LONG = "long", _("长期（30 年）")
    SHORT = "short", _("短期（10 年）")


# What each kind of file is kept for unless the caller says otherwise: decisions and licences prove a right
# (permanent); the application itself — materials, the signature, the forms it generated — is the case
# file (long); on-site video supports a decision already recorded in writing (short).
DEFAULT_RETENTION: dict[str, str] = {
    FileKind.MATERIAL: Retention.LONG,
    FileKind.SIGNATURE: Retention.LONG,
    FileKind.GENERATED_FORM: Retention.LONG,
    FileKind.DECISION: Retention.PERMANENT,
    FileKind.LICENCE: Retention.PERMANENT,
    FileKind.VIDEO: Retention.SHORT,
}


class VerifyStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("未校验")  # archived, never re-hashed
    OK = "ok", _("完好")  # the stored bytes hash to the recorded digest
    CHANGED = "changed", _("已被改动")  # the stored bytes hash to another digest
    VANISHED = "vanished", _("已丢失")  # the storage says the file does not exist


class ArchivedFile(models.Model):
    """One stored file, fixed by its SM3 digest at the moment it was archived."""

    name = models.CharField(_("存储名"), max_length=500, unique=True)
    sm3 = models.CharField(_("SM3 摘要"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("内容类型"), max_length=100, blank=True)
    kind = models.CharField(pgettext_lazy("archive", "类别"), max_length=20, choices=FileKind.choices)
    retention = models.CharField(_("保管期限"), max_length=12, choices=Retention.choices)
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archived_files",
        verbose_name=_("办件"),
    )
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    last_verified_at = models.DateTimeField(_("最近校验"), null=True, blank=True)
    last_status = models.CharField(
        _("校验结果"),
        max_length=12,
        choices=VerifyStatus.choices,
        default=VerifyStatus.UNVERIFIED,
        db_index=True,
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["case", "kind"], name="archive_case_kind_idx")]
        verbose_name = _("归档文件")
        verbose_name_plural = pgettext_lazy("plural", "归档文件")

    def __str__(self) -> str:
        return self.name
