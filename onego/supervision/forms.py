from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from onego.supervision.models import CheckMatter


class DrawForm(forms.Form):
    matter = forms.ModelChoiceField(
        label=_("抽查事项"), queryset=CheckMatter.objects.filter(active=True), empty_label=None
    )
    title = forms.CharField(label=_("任务名称"), max_length=200)
    check_by = forms.DateField(
        label=_("检查完成期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ratio = forms.DecimalField(
        label=_("本次基础抽查比例（可选）"),
        required=False,
        min_value=Decimal("0.0001"),
        max_value=Decimal(1),
        decimal_places=4,
        help_text=_("留空则按事项清单的比例；按信用风险等级再乘以风险系数"),
    )
    seed = forms.CharField(
        label=_("随机种子"),
        max_length=64,
        help_text=_("已随机生成 128 位种子，也可改为公开摇号产生的数字；抽取后连同日志公示"),
    )


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("检查结果"),
        choices=[("passed", _("合格")), ("failed", _("不合格"))],
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(
        label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    findings = forms.CharField(
        label=_("检查发现"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不合格时必填"),
    )
    false_commitment = forms.BooleanField(label=_("认定虚假承诺（撤销许可并记入信用记录）"), required=False)
