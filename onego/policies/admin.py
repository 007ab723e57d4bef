"""Admin pages of policy redemption: policies with their tags, versions of their criteria and amounts checked
when saved, effective-dated parameters, funds; runs, results, offers, cases, batches and payments to read.

A version's conditions and amount are JSON edited in text areas and checked with `rules.version_problems`
(every problem shown in the form, in Chinese and English; nothing saved while any remains). A new version goes
through `services.add_version`; a version a run or a case used is read-only (a change is a new version, started
from it with "以此为底稿新建版本"). Parameter values go through `services.set_parameter_value`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from onego.core import audit
from onego.core.errors import ApiError
from onego.policies import criteria, services, snapshots
from onego.policies.models import (
    Fund,
    MatchResult,
    MatchRun,
    Objection,
    Offer,
    ParameterValue,
    Payment,
    PayoutBatch,
    Policy,
    PolicyCase,
    PolicyParameter,
    PolicyTag,
    PolicyVersion,
    RunPolicy,
)
from onego.policies.payouts import balance_fen, yuan_text
from onego.policies.rules import stored_value, version_problems

PARAMETER_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class PrettyJSONField(forms.JSONField):
    """JSON in a text area, indented so a person can read and edit a rule tree; Chinese kept as it is."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value is None:
            return ""
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


def _json_area(rows: int) -> forms.Textarea:
    return forms.Textarea(
        attrs={
            "rows": rows,
            "cols": 100,
            "spellcheck": "false",
            "style": "font-family: ui-monospace, monospace; font-size: 13px; width: 100%;",
        }
    )


def version_used(version: PolicyVersion) -> bool:
    """A version a run decided by or a case was assessed by is a record: it never changes."""
    return (
        RunPolicy.objects.filter(version=version).exists()
        or PolicyCase.objects.filter(version=version).exists()
    )


# --- policies and their versions ----------------------------------------------------------------------------------


class PolicyVersionForm(forms.ModelForm):
    conditions = PrettyJSONField(
        label=_("条件"),
        widget=_json_area(22),
        help_text=_("onego.policies.criteria 的 JSON：all/any/not 组合与比较条件，每个节点有中英文 sentence"),
    )
    amount = PrettyJSONField(
        label=_("金额公式"),
        required=False,
        widget=_json_area(10),
        help_text=_("onego.policies.amounts 的 JSON（以分计）；不涉及资金的政策留空"),
    )

    class Meta:
        model = PolicyVersion
        fields = ["policy", "effective_from", "effective_to", "conditions", "amount", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk and version_used(self.instance):
            raise ValidationError(gettext("该版本已被比对或办件使用，不能修改，请新增版本"))
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end <= start:
            self.add_error("effective_to", _("废止日期应晚于施行日期"))
        if "conditions" in data and not self.has_error("conditions") and not self.has_error("amount"):
            for problem in version_problems(data["conditions"], data.get("amount")):
                self.add_error("amount" if problem.startswith("金额") else "conditions", problem)
        return data


class VersionInline(admin.TabularInline):
    """A policy's versions, read-only here: each opens on its own page; a new one comes from "add"."""

    model = PolicyVersion
    fields = ["number", "effective_from", "effective_to", "note", "created_by", "created_at"]
    readonly_fields = ["number", "effective_from", "effective_to", "note", "created_by", "created_at"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "mode", "status", "issuing_department", "fund", "version_in_force"]
    list_filter = ["mode", "status", "issuing_department", "target", "tags"]
    search_fields = ["code", "name_zh", "name_en", "source_document"]
    filter_horizontal = ["tags"]
    list_select_related = ["issuing_department", "fund"]
    readonly_fields = ["updated_at", "new_version_link"]
    inlines = [VersionInline]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "status", "mode", "target", "item", "fund"]}),
        (
            _("标准要素"),
            {
                "fields": [
                    "source_document",
                    "issuing_department",
                    "scope",
                    "legal_basis",
                    "conditions_text",
                    "materials_text",
                    "fund_standard",
                    "process_text",
                    "time_limit_workdays",
                    "tags",
                ]
            },
        ),
        (pgettext_lazy("policies", "规则版本"), {"fields": ["new_version_link", "updated_at"]}),
    ]

    @admin.display(description=_("现行版本"))
    def version_in_force(self, obj: Policy) -> str:
        from django.utils import timezone

        version = obj.version_on(timezone.localdate())
        return f"v{version.number} ({version.effective_from})" if version else "—"

    @admin.display(description=_("新增版本"))
    def new_version_link(self, obj: Policy) -> str:
        if obj.pk is None:
            return gettext("保存政策后可新增版本")
        url = reverse("admin:policies_policyversion_add") + f"?policy={obj.pk}"
        latest = obj.versions.order_by("-number").first()
        if latest is not None:
            url += f"&copy_from={latest.pk}"
        return format_html('<a href="{}">{}</a>', url, _("新增规则版本（以最新版本为底稿）"))

    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        before = Policy.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            "policies.policy_saved",
            obj,
            code=obj.code,
            via="admin",
            status=obj.status,
            status_before=before or "",
        )


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    form = PolicyVersionForm
    list_display = ["policy", "number", "effective_from", "effective_to", "used", "created_by", "created_at"]
    list_filter = ["policy__status", "policy"]
    search_fields = ["policy__code", "policy__name_zh"]
    list_select_related = ["policy"]

    @admin.display(description=_("已被使用"), boolean=True)
    def used(self, obj: PolicyVersion) -> bool:
        return version_used(obj)

    @admin.display(description=_("修改"))
    def how_to_change(self, obj: PolicyVersion) -> str:
        if obj.pk is None:
            return ""
        url = reverse("admin:policies_policyversion_add") + f"?policy={obj.policy_id}&copy_from={obj.pk}"
        note = (
            gettext("该版本已被比对或办件使用，只读；修改即新增版本")
            if version_used(obj)
            else gettext("尚未被使用，可直接修改")
        )
        return format_html('{} · <a href="{}">{}</a>', note, url, _("以此为底稿新建版本"))

    @admin.display(description=pgettext_lazy("policies", "条件说明"))
    def sentences(self, obj: PolicyVersion) -> str:
        try:
            nodes = list(criteria.compile_rule(obj.conditions).root.walk())
        except criteria.RuleError as error:
            return str(error)
        return format_html_join(
            "",
            '<div style="padding-left: {}em">{} <span style="color: #777">{}</span></div>',
            ((node.path.count(".args[") * 1.5, node.sentence.zh, node.sentence.en) for node in nodes),
        )

    @admin.display(description=_("条件"))
    def conditions_json(self, obj: PolicyVersion) -> str:
        return format_html(
            '<pre style="white-space: pre-wrap; margin: 0">{}</pre>',
            json.dumps(obj.conditions, ensure_ascii=False, indent=2),
        )

    @admin.display(description=_("金额公式"))
    def amount_json(self, obj: PolicyVersion) -> str:
        if not obj.amount:
            return "—"
        return format_html(
            '<pre style="white-space: pre-wrap; margin: 0">{}</pre>',
            json.dumps(obj.amount, ensure_ascii=False, indent=2),
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:  # a new version: its number, fingerprint and author come from the service
            return ["policy", "effective_from", "conditions", "amount", "note"]
        rules = ["conditions_json", "amount_json"] if version_used(obj) else ["conditions", "amount"]
        return [
            "how_to_change",
            "policy",
            "number",
            "effective_from",
            "effective_to",
            "sentences",
            *rules,
            "note",
            "fingerprint",
            "created_by",
            "created_at",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return [
            "how_to_change",
            "policy",
            "number",
            "sentences",
            "conditions_json",
            "amount_json",
            "fingerprint",
            "created_by",
            "created_at",
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and version_used(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and version_used(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        wanted = str(request.GET.get("copy_from", ""))
        source = PolicyVersion.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        if source is not None:
            initial.update(
                policy=source.policy_id,
                conditions=source.conditions,
                amount=source.amount,
                note=gettext("在 v%(number)s 基础上修订") % {"number": source.number},
            )
        return initial

    def save_model(self, request: HttpRequest, obj: PolicyVersion, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            version = services.add_version(
                obj.policy,
                conditions=data["conditions"],
                amount=data.get("amount"),
                effective_from=data["effective_from"],
                actor=request.user,  # type: ignore[arg-type]
                note=data.get("note", ""),
            )
            for name in ("pk", "number", "fingerprint", "created_by", "created_at", "amount"):
                setattr(obj, name, getattr(version, name))
            obj._state.adding = False
            obj._state.db = version._state.db
            return
        # an unused version corrected in place: checked by the form, fingerprint renewed, one audit event
        obj.amount = data.get("amount") or None
        obj.fingerprint = criteria.fingerprint({"c": obj.conditions, "a": obj.amount})
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            "policies.version_edited",
            obj,
            policy=obj.policy.code,
            number=obj.number,
            fingerprint=obj.fingerprint,
            via="admin",
        )


# --- parameters ---------------------------------------------------------------------------------------------------


class ParameterValueForm(forms.ModelForm):
    value = PrettyJSONField(
        label=_("值"),
        widget=forms.TextInput(attrs={"size": 24}),
        help_text=_(
            '数字 20 或 0.05；文本加引号 "C27"；是/否 true/false；日期 "2026-01-01"；列表 ["C27", "C38"]'
        ),
    )
    # checked below with a message that says what is missing, not only "required"
    legal_reference = forms.CharField(
        label=_("依据"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 40}),
    )

    class Meta:
        model = ParameterValue
        fields = ["effective_from", "value", "legal_reference"]

    def clean_legal_reference(self) -> str:
        reference = str(self.cleaned_data.get("legal_reference") or "").strip()
        if not reference:
            raise ValidationError(_("须注明依据"))
        return reference


class ParameterValueFormSet(BaseInlineFormSet):
    """All the parameter's values together must make one valid parameter: one kind of value, one per day, each
    with its legal reference (`criteria.Parameter` decides, as `services.set_parameter_value` does)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        versions = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if form.instance.pk and "effective_from" in form.changed_data:
                form.add_error(
                    "effective_from",
                    gettext("施行日期不能修改，请新增一行"),
                )
                return
            versions.append((data["effective_from"], stored_value(data["value"]), data["legal_reference"]))
        key = str(getattr(self.instance, "key", "") or "")
        if versions and PARAMETER_KEY.match(key):
            try:
                criteria.Parameter(key, versions)
            except (TypeError, ValueError) as error:
                raise ValidationError(gettext("参数值无效：%(error)s") % {"error": error}) from error


class ParameterValueInline(admin.TabularInline):
    model = ParameterValue
    form = ParameterValueForm
    formset = ParameterValueFormSet
    extra = 1
    can_delete = False  # a value once in force stays in the record; a correction is a value for the same day


class PolicyParameterForm(forms.ModelForm):
    class Meta:
        model = PolicyParameter
        fields = ["key", "label_zh", "label_en", "unit"]

    def clean_key(self) -> str:
        key = str(self.cleaned_data.get("key") or "")
        if not PARAMETER_KEY.match(key):
            raise ValidationError(_("参数名应为小写字母开头的小写字母、数字和下划线"))
        return key


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    form = PolicyParameterForm
    list_display = ["key", "label_zh", "unit", "current_value"]
    search_fields = ["key", "label_zh", "label_en"]
    inlines = [ParameterValueInline]

    @admin.display(description=_("最新取值"))
    def current_value(self, obj: PolicyParameter) -> str:
        last = obj.values.order_by("-effective_from").first()
        return f"{last.value} ({last.effective_from})" if last else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["key"] if obj is not None else []  # rules name parameters by key

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PolicyParameter, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "policies.parameter_saved", obj, key=obj.key, via="admin")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not ParameterValue:
            super().save_formset(request, form, formset, change)
            return
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None)
            if not data or not row.has_changed():
                continue
            try:
                services.set_parameter_value(
                    form.instance.key,
                    effective_from=data["effective_from"],
                    value=data["value"],
                    legal_reference=data["legal_reference"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ApiError as error:
                self.message_user(request, error.message, messages.ERROR)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# --- tags and funds -------------------------------------------------------------------------------------------------


@admin.register(PolicyTag)
class PolicyTagAdmin(admin.ModelAdmin):
    list_display = ["key", "dimension", "name_zh", "name_en"]
    list_filter = ["dimension"]
    search_fields = ["key", "name_zh", "name_en"]

    def save_model(self, request: HttpRequest, obj: PolicyTag, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "policies.tag_saved", obj, key=obj.key, via="admin")


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "year", "department", "budget_yuan", "balance_yuan"]
    list_filter = ["year", "department"]
    search_fields = ["key", "name_zh"]

    @admin.display(description=_("预算（元）"))
    def budget_yuan(self, obj: Fund) -> str:
        return yuan_text(obj.budget_fen)

    @admin.display(description=_("余额（元）"))
    def balance_yuan(self, obj: Fund) -> str:
        return yuan_text(balance_fen(obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Fund, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            request.user, "policies.fund_saved", obj, key=obj.key, budget_fen=obj.budget_fen, via="admin"
        )


# --- records written by the services: read here ----------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Runs, results, offers, cases, objections, batches and payments change only through their services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "policy", "on", "as_of", "make_offers", "job", "created_at"]
    list_select_related = ["policy", "job"]


@admin.register(MatchResult)
class MatchResultAdmin(ReadOnlyAdmin):
    list_display = ["entity_code", "entry", "outcome", "amount_fen"]
    list_filter = ["outcome"]
    search_fields = ["=entity_code"]
    show_full_result_count = False
    fields = readonly_fields = (
        "entry",
        "entity_code",
        "outcome",
        "amount_fen",
        "node_outcomes",
        "facts_read",
    )

    @admin.display(description=_("数据快照"))
    def facts_read(self, obj: MatchResult) -> str:
        """The facts the result was decided on, from its run's snapshot."""
        return json.dumps(snapshots.result_facts(obj), ensure_ascii=False, sort_keys=True)


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["policy", "period", "entity_name", "amount_fen", "status", "created_at"]
    list_filter = ["status", "policy"]
    search_fields = ["=entity_code", "entity_name"]
    exclude = ["bank_account_number"]


@admin.register(PolicyCase)
class PolicyCaseAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "policy",
        "entity_name",
        "outcome",
        "amount_fen",
        "publicity_from",
        "publicity_until",
    ]
    list_filter = ["outcome", "policy"]
    search_fields = ["case__number", "=entity_code", "entity_name"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["policy_case", "name", "status", "created_at", "handled_at"]
    list_filter = ["status"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ["number", "policy", "period", "fund", "status", "created_at"]
    list_filter = ["status", "policy"]
    search_fields = ["number"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["policy", "period", "entity_name", "amount_fen", "status", "batch", "bank_reference"]
    list_filter = ["status", "policy", "department"]
    search_fields = ["=entity_code", "entity_name", "bank_reference"]
    exclude = ["bank_account_number"]
