"""Writes of policy redemption that are not matching, offers or payouts: versions of a policy's rules,
parameter values and publicity objections."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from onego.accounts.models import User
from onego.core import audit
from onego.core.errors import ApiError
from onego.policies import criteria
from onego.policies.models import (
    Objection,
    ObjectionStatus,
    ParameterValue,
    Policy,
    PolicyCase,
    PolicyParameter,
    PolicyVersion,
)
from onego.policies.rules import json_value, stored_value, version_problems


class RulesInvalid(ApiError):
    """A version's criteria or amount do not pass the checks; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "rules_invalid",
            gettext("规则有 %(count)s 处问题：%(value)s") % {"count": len(problems), "value": problems[0]},
            status=422,
            problems=problems,
        )
        self.problems = problems


def add_version(
    policy: Policy,
    *,
    conditions: Any,
    amount: Any,
    effective_from: date,
    actor: User | str,
    note: str = "",
    note_en: str = "",
) -> PolicyVersion:
    """A new version of a policy's rules from a date on, checked against the fact dictionary and the
    parameters first. Earlier versions stay as they were: results already stored keep naming them."""
    problems = version_problems(conditions, amount)
    if problems:
        raise RulesInvalid(problems)
    with transaction.atomic():
        locked = Policy.objects.select_for_update().get(pk=policy.pk)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = PolicyVersion.objects.create(
            policy=locked,
            number=number,
            effective_from=effective_from,
            conditions=conditions,
            amount=amount or None,
            fingerprint=criteria.fingerprint({"c": conditions, "a": amount or None}),
            note=note[:300],
            note_en=note_en[:300],
            created_by=actor if isinstance(actor, str) else actor.username,
        )
        audit.record(
            actor,
            "policies.version_added",
            version,
            policy=policy.code,
            number=number,
            effective_from=effective_from.isoformat(),
            fingerprint=version.fingerprint,
        )
    return version


def set_parameter_value(
    key: str, *, effective_from: date, value: Any, legal_reference: str, actor: User | str
) -> ParameterValue:
    """Add (or correct, for the same day) a dated value of a parameter. Refused if it would break a version
    in force (a threshold turned into a text, say)."""
    if not legal_reference.strip():
        raise ApiError("reference_required", gettext("须注明依据"), status=422)
    parameter = PolicyParameter.objects.filter(key=key).first()
    if parameter is None:
        raise ApiError("not_found", gettext("参数 %(key)s 不存在") % {"key": key}, status=404)
    with transaction.atomic():
        row, _ = ParameterValue.objects.update_or_create(
            parameter=parameter,
            effective_from=effective_from,
            defaults={
                "value": json_value(stored_value(value)),
                "legal_reference": legal_reference.strip()[:300],
            },
        )
        try:
            versions = [
                (v.effective_from, stored_value(v.value), v.legal_reference) for v in parameter.values.all()
            ]
            criteria.Parameter(key, versions)
        except (TypeError, ValueError) as error:
            transaction.set_rollback(True)
            raise ApiError(
                "bad_parameter_value", gettext("参数值无效：%(error)s") % {"error": error}, status=422
            ) from error
        audit.record(
            actor,
            "policies.parameter_value_set",
            row,
            key=key,
            effective_from=effective_from.isoformat(),
            value=row.value,
            legal_reference=row.legal_reference,
        )
    return row


# --- publicity objections ------------------------------------------------------------------------------------


def file_objection(policy_case_id: int, *, name: str, contact: str, text: str) -> Objection:
    """Anyone may object to an entry of the publicity list while it is up."""
    errors = {}
    if not name.strip():
        errors["name"] = gettext("请填写姓名或单位")
    if not contact.strip():
        errors["contact"] = gettext("请填写联系方式")
    if len(text.strip()) < 5:
        errors["text"] = gettext("请写明异议内容（至少 5 个字）")
    if errors:
        raise ApiError("objection_invalid", "；".join(errors.values()), status=422, errors=errors)
    with transaction.atomic():
        record = PolicyCase.objects.select_for_update().filter(pk=policy_case_id).first()
        today = timezone.localdate()
        if (
            record is None
            or record.publicity_from is None
            or record.publicity_until is None
            or not record.publicity_from <= today <= record.publicity_until
        ):
            raise ApiError("not_in_publicity", gettext("该条目不在公示期内"), status=409)
        objection = Objection.objects.create(
            policy_case=record, name=name.strip()[:64], contact=contact.strip()[:64], text=text.strip()[:2000]
        )
        audit.record(
            f"public:{objection.name}", "policies.objection_filed", objection, case=record.case.number
        )
    return objection


def handle_objection(objection_id: int, *, upheld: bool, reply: str, actor: User) -> Objection:
    if not reply.strip():
        raise ApiError("reply_required", gettext("请填写处理意见"), status=422)
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("policy_case__case")
            .filter(pk=objection_id)
            .first()
        )
        if objection is None:
            raise ApiError("not_found", gettext("异议不存在"), status=404)
        if objection.status != ObjectionStatus.OPEN:
            raise ApiError("objection_handled", gettext("该异议已处理"), status=409)
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.reply, objection.handled_by, objection.handled_at = (
            reply.strip()[:2000],
            actor,
            timezone.now(),
        )
        objection.save()
        audit.record(
            actor,
            "policies.objection_handled",
            objection,
            upheld=upheld,
            case=objection.policy_case.case.number,
        )
    return objection
