"""The sub-indicators (分项评价) of GB/T 39735-2020, per kind of service rated, and the preset reasons a bad
review may pick (the pad's chips). Data, not code: a rating stores {key: grade}, and the pages word the keys.

On site (一次一评, a visit): 服务效率, 服务水平, 服务态度. Online (一事一评, a matter): 办事效率, 办事指南精确度,
办事便捷度, 平台操作性. Both come with the overall grade (Rating.grade). What is rated decides the set, not the
channel: an SMS link to rate a visit asks the on-site questions, a receipt's QR code or a message after a case
ends the online ones."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ONSITE: dict[str, Promise] = {
    "efficiency": _("服务效率"),
    "competence": _("服务水平"),
    "attitude": _("服务态度"),
}
ONLINE: dict[str, Promise] = {
    "efficiency": _("办事效率"),
    "guide_accuracy": _("办事指南精确度"),
    "convenience": _("办事便捷度"),
    "usability": _("平台操作性"),
}
# Preset reasons of a bad review (the rater may pick several and add words of their own).
BAD_REASONS_ONSITE: list[Promise] = [
    _("等候时间太长"),
    _("态度不好"),
    _("业务不熟练"),
    _("一次性告知不清楚"),
    _("要求提交不必要的材料"),
    _("多次跑腿"),
]
BAD_REASONS_ONLINE: list[Promise] = [
    _("办理时间太长"),
    _("办事指南不准确"),
    _("材料要求重复"),
    _("系统操作不方便"),
    _("进度不透明"),
    _("结果不满意"),
]
# A bad review (grade 1–2) needs a reason of at least this many characters (the chips count).
REASON_MIN_CHARS = 2
REASON_MAX_CHARS = 500


def indicators_for(*, on_site: bool) -> dict[str, Promise]:
    return ONSITE if on_site else ONLINE


def bad_reasons_for(*, on_site: bool) -> list[Promise]:
    return BAD_REASONS_ONSITE if on_site else BAD_REASONS_ONLINE
