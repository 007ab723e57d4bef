"""The staff pages' small forms: each POST is parsed here, never by hand in a view."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class KillSwitchForm(forms.Form):
    """Turn a robot on or off; turning it off needs the confirmation box ticked."""

    enabled = forms.TypedChoiceField(choices=[("1", _("启用")), ("0", _("停用"))], coerce=lambda v: v == "1")
    confirm = forms.BooleanField(required=False, label=_("我确认停用该机器人"))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("enabled") is False and not data.get("confirm"):
            self.add_error("confirm", _("停用前请勾选确认。"))
        return data


class ConfirmForm(forms.Form):
    """A plain confirmation (run now, re-run an item, resolve a mismatch)."""

    confirm = forms.BooleanField(required=True, label=_("确认"))
