"""Input of the work-order pages: the list's filters and one form per step (the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onego.cases.models import Colour
from onego.ratings.models import AppealDecision, CallbackOutcome, Resolution, WorkOrderStatus

TEXT_MAX = 2000
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class OrderFilterForm(forms.Form):
    """The list's filters; an unknown value is ignored (the whole list is shown), never an error page."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未办结")), *WorkOrderStatus.choices],
    )
    colour = forms.ChoiceField(label=_("预警"), required=False, choices=[("", _("全部")), *Colour.choices])


def _text(label: Any, *, required: bool = True, max_length: int = TEXT_MAX) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        strip=True,
        widget=TEXTAREA if max_length > 64 else forms.TextInput(),
        error_messages={"required": _("请填写这一项。")},
    )


class VerifyForm(forms.Form):
    truthful = forms.TypedChoiceField(
        label=_("情况是否属实"),
        choices=[("yes", _("属实")), ("no", _("不属实"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择情况是否属实。")},
    )
    findings = _text(_("核实情况"))


class RectifyForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("处理方式"),
        choices=[
            (Resolution.FIXED_NOW, Resolution.FIXED_NOW.label),
            (Resolution.MEASURES, Resolution.MEASURES.label),
            (Resolution.NO_LEGAL_BASIS, Resolution.NO_LEGAL_BASIS.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择处理方式。"), "invalid_choice": _("请选择处理方式。")},
    )
    rectification = _text(_("整改情况（立行立改：已做了什么）"), required=False)
    measures = _text(_("整改措施"), required=False)
    owner = _text(_("整改责任人"), required=False, max_length=64)
    rectify_by = forms.DateField(
        label=_("整改时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效的日期。")},
    )
    explanation = _text(_("向评价人作出的解释说明"), required=False)


class RectifiedForm(forms.Form):
    rectification = _text(_("整改情况"))


class CallbackForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("回访结果"),
        choices=CallbackOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择回访结果。"), "invalid_choice": _("请选择回访结果。")},
    )
    note = _text(_("回访记录"))


class AppealForm(forms.Form):
    reason = _text(_("申诉理由（误评或恶意评价的依据）"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("复核结论"),
        choices=AppealDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择复核结论。"), "invalid_choice": _("请选择复核结论。")},
    )
    opinion = _text(_("复核意见"))
