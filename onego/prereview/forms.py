"""Input of the reviewer's pages: the queue's filters, one person's decision, and "confirm all"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onego.prereview import decisions
from onego.prereview.models import Verdict

VERDICT_CHOICES = [("", _("全部")), *Verdict.choices]


class QueueFilterForm(forms.Form):
    """The queue's filters; an unknown value is ignored (the whole queue is shown), never an error page."""

    scheme = forms.CharField(label=_("补贴项目"), required=False, max_length=64)
    verdict = forms.ChoiceField(label=_("预审结论"), required=False, choices=VERDICT_CHOICES)


class PersonDecisionForm(forms.Form):
    """One person's decision: confirm the robot's verdict, or give the other verdict with a reason."""

    person = forms.IntegerField(min_value=1)
    verdict = forms.ChoiceField(
        label=_("复核结论"),
        choices=[(decisions.PASS, _("通过")), (decisions.FAIL, _("不通过"))],
        error_messages={"required": _("请选择通过或不通过"), "invalid_choice": _("请选择通过或不通过")},
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=decisions.REASON_MAX, strip=True)
    seen = forms.CharField(required=False, max_length=64)


class ConfirmAllForm(forms.Form):
    seen = forms.CharField(required=False, max_length=64)
