"""Forms of the policy officer's pages: starting a matching run, answering an objection, a batch for a policy
and period, a reconciliation file. Labels are Chinese msgids (English through the catalogue)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onego.policies.matching import matchable
from onego.policies.models import Policy, PolicyStatus, PolicyTarget
from onego.policies.payouts import MAX_RECONCILIATION_BYTES
from onego.policies.rules import default_as_of

PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


class StartRunForm(forms.Form):
    policy = forms.ModelChoiceField(
        label=_("比对政策"),
        required=False,
        to_field_name="code",
        queryset=Policy.objects.filter(
            status=PolicyStatus.PUBLISHED, target=PolicyTarget.ENTERPRISE
        ).order_by("code"),
        empty_label=_("全部已发布的企业类政策"),
    )
    on = forms.DateField(
        label=_("评估日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    as_of = forms.CharField(
        label=_("数据期间"),
        max_length=7,
        help_text=_("读取该年（或月）及以前最近一期的企业数据，如 2025 或 2025-06"),
    )
    make_offers = forms.BooleanField(label=_("向符合条件的企业推送兑现通知（免申即享）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["as_of"].initial = default_as_of(today)
        self.fields["make_offers"].initial = True
        policy_field = self.fields["policy"]
        assert isinstance(policy_field, forms.ModelChoiceField)
        policy_field.label_from_instance = lambda p: f"{p.name_zh}（{p.code}）"  # type: ignore[method-assign,assignment]

    def clean_as_of(self) -> str:
        value = str(self.cleaned_data.get("as_of", "")).strip()
        if not PERIOD.match(value):
            raise forms.ValidationError(_("数据期间应为年份（如 2025）或月份（如 2025-06）"))
        return value

    def clean_policy(self) -> Policy | None:
        policy = self.cleaned_data.get("policy")
        if policy is not None and not matchable(policy):
            raise forms.ValidationError(_("只有已发布的企业类政策可以比对"))
        return policy


class ObjectionReplyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结论"),
        widget=forms.RadioSelect,
        choices=[("dismissed", _("异议不成立")), ("upheld", _("异议成立（退回重新审核）"))],
    )
    reply = forms.CharField(label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CreateBatchForm(forms.Form):
    policy = forms.SlugField(max_length=40)
    period = forms.CharField(max_length=7)

    def clean_period(self) -> str:
        value = str(self.cleaned_data.get("period", "")).strip()
        if not PERIOD.match(value):
            raise forms.ValidationError(_("兑现期间应为年份（如 2026）或月份（如 2026-06）"))
        return value


class ReconciliationForm(forms.Form):
    file = forms.FileField(
        label=_("银行对账文件（CSV）"),
        help_text=_("UTF-8 或 GB18030 编码的 CSV，不超过 5 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_RECONCILIATION_BYTES:
            raise forms.ValidationError(_("对账文件过大（上限 5 MB）"))
        return upload
