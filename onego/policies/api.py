"""Policy redemption API (政策兑现): the public policy list and standard elements, one enterprise's explained
eligibility, and starting a proactive matching run (免申即享) whose progress `GET /api/v1/jobs/{id}` reports.

Routes parse and authorise; eligibility is `onego.policies.rules`, runs are `onego.policies.matching`.
Drafts are invisible: a draft's code answers 404 `not_found`, the same as a code that does not exist.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.core import apidoc
from onego.core.apidoc import BodyIn
from onego.core.errors import ApiError, error_responses
from onego.core.identifiers import normalize_credit_code
from onego.policies import criteria, matching, rules
from onego.policies.models import (
    Policy,
    PolicyMode,
    PolicyParameter,
    PolicyStatus,
    PolicyTag,
    PolicyTarget,
    PolicyVersion,
)
from onego.registry import facts as registry_facts

router = Router(tags=["policies"])

# Suspended policies stay readable (they are "shown, not matched"); drafts are nobody's business yet.
LISTED = (PolicyStatus.PUBLISHED, PolicyStatus.SUSPENDED)
READABLE = (PolicyStatus.PUBLISHED, PolicyStatus.SUSPENDED, PolicyStatus.REPEALED)
MAX_TAGS = 20
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- schemas ----------------------------------------------------------------------------------------------------


class Bilingual(Schema):
    zh: str
    en: str


class TagOut(Schema):
    key: str
    dimension: str
    name_zh: str
    name_en: str


class DepartmentOut(Schema):
    name: str
    credit_code: str


class FundOut(Schema):
    key: str
    name_zh: str
    name_en: str
    year: int


class VersionSummaryOut(Schema):
    number: int
    effective_from: date
    effective_to: date | None


class PolicySummaryOut(Schema):
    code: str
    name_zh: str
    name_en: str
    issuing_department: DepartmentOut
    mode: str  # proactive (免申即享) | application (依申请)
    target: str  # enterprise | person
    status: str  # published | suspended (| repealed, in the detail)
    tags: list[TagOut]
    fund_standard: str
    time_limit_workdays: int
    version: VersionSummaryOut | None  # the version in force on `on`; None when none is


class PolicyListOut(Schema):
    count: int
    on: date
    policies: list[PolicySummaryOut]


class PolicyListQuery(Schema):
    tag: list[str] = Field(
        default_factory=list,
        description=("tag keys, repeatable: any tag of one dimension, every dimension given"),
    )
    mode: str = Field(
        "",
        max_length=12,
        description="proactive | application",
        json_schema_extra=apidoc.one_of(PolicyMode.values, empty=True),
    )
    q: str = Field("", max_length=100, description="search in names and codes")
    on: str = Field(
        "",
        max_length=10,
        description="day of the version in force, YYYY-MM-DD",
        json_schema_extra=apidoc.OPTIONAL_ISO_DATE,
    )
    limit: int = Field(50, json_schema_extra=apidoc.PAGE_LIMIT)
    offset: int = Field(0, json_schema_extra=apidoc.PAGE_OFFSET)


class PolicyQuery(Schema):
    on: str = Field(
        "",
        max_length=10,
        description="day of the version in force, YYYY-MM-DD",
        json_schema_extra=apidoc.OPTIONAL_ISO_DATE,
    )


class VersionOut(Schema):
    number: int
    effective_from: date
    effective_to: date | None
    conditions: dict[str, Any]  # onego.policies.criteria JSON
    amount: dict[str, Any] | None  # onego.policies.amounts JSON
    note: str


class ParameterOut(Schema):
    key: str
    label_zh: str
    label_en: str
    unit: str
    value: Any  # None when the parameter is not yet in force on `on`
    effective_from: date | None
    legal_reference: str


class PolicyOut(PolicySummaryOut):
    source_document: str
    scope: str
    legal_basis: str
    conditions_text: str
    materials_text: str
    process_text: str
    item_code: str | None  # the service item (事项) an application goes through
    fund: FundOut | None
    on: date
    version_detail: VersionOut | None
    parameters: list[ParameterOut]


class ConditionOut(Schema):
    path: str
    outcome: str  # true | false | unknown
    sentence: Bilingual
    facts: dict[str, Any]
    reason: Bilingual | None = None  # why it is unknown (missing data), when it is


class MissingFactOut(Schema):
    key: str
    label: Bilingual


class ParameterUseOut(Schema):
    key: str
    value: Any
    effective_from: date
    legal_reference: str


class EligibilityOut(Schema):
    policy: str
    credit_code: str
    version: int | None
    on: date
    facts_as_of: str
    result: str  # true | false | unknown — unknown goes to a person, never to yes or no
    amount_fen: int | None
    conditions: list[ConditionOut]
    missing_facts: list[MissingFactOut]
    parameters: list[ParameterUseOut]


class EligibilityQuery(Schema):
    on: str = Field(
        "",
        max_length=10,
        description="evaluation day, YYYY-MM-DD, default today",
        json_schema_extra=apidoc.OPTIONAL_ISO_DATE,
    )
    as_of: str = Field(
        "",
        max_length=7,
        description="facts period, default last year",
        json_schema_extra=apidoc.OPTIONAL_PERIOD,
    )


class MatchIn(BodyIn):
    on: str | None = Field(
        None,
        max_length=10,
        description="evaluation day, YYYY-MM-DD",
        json_schema_extra=apidoc.OPTIONAL_ISO_DATE,
    )
    as_of: str = Field(
        "",
        max_length=7,
        description="facts period (2025 or 2025-06)",
        json_schema_extra=apidoc.OPTIONAL_PERIOD,
    )
    make_offers: bool = True


class MatchStartedOut(Schema):
    run_id: int
    job_id: int
    status_url: str


# --- parsing and who may do what --------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the router's auth guarantees an authenticated User
    return user


def _day(name: str, raw: str | None) -> date:
    """YYYY-MM-DD, a real day between 1900 and 2100; empty means today (Asia/Shanghai)."""
    value = (raw or "").strip()
    if not value:
        return timezone.localdate()
    parsed: date | None = None
    if _ISO_DATE.match(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        raise ApiError(
            "invalid_input",
            _("参数 %(name)s 的日期无效：“%(raw)s”，应为 1900–2100 年间 YYYY-MM-DD 格式的真实日期")
            % {"name": name, "raw": raw},
            status=422,
            field=name,
        )
    return parsed


def _as_of(raw: str) -> str:
    """A facts period: a year (2025) or a month (2025-06); empty means the default (the year before `on`)."""
    value = raw.strip()
    if value and registry_facts.period_error("year", value) and registry_facts.period_error("month", value):
        raise ApiError(
            "invalid_input",
            _("参数 as_of 无效：“%(raw)s”，应为年份（如 2025）或月份（如 2025-06）") % {"raw": raw},
            status=422,
            field="as_of",
        )
    return value


def _credit_code(raw: str) -> str:
    try:
        return normalize_credit_code(raw)
    except DjangoValidationError:  # stdnum's reasons are English only; say it in both languages
        raise ApiError(
            "invalid_credit_code",
            _("统一社会信用代码无效：“%(value)s”，应为 18 位且校验位正确（GB 32100）") % {"value": raw[:40]},
            status=422,
            field="credit_code",
        ) from None


def may_check_any_enterprise(user: User) -> bool:
    """Government staff (a policy officer, or a system integrator's staff account) may check any enterprise."""
    return user.is_superuser or user.is_government_staff


def _authorise_eligibility(user: User, code: str) -> None:
    if may_check_any_enterprise(user):
        return
    if user.enterprise_credit_code and user.enterprise_credit_code.upper() == code:
        return
    raise ApiError("forbidden", _("只能查询本企业的政策匹配结果"), status=403)


def _require_policy_officer(user: User) -> None:
    if not user.has_role(Role.POLICY_OFFICER):
        raise ApiError(
            "forbidden",
            _("仅政策专员可以发起政策比对"),
            status=403,
        )


# --- reading policies -------------------------------------------------------------------------------------------


def _policies() -> QuerySet[Policy]:
    return Policy.objects.select_related("issuing_department", "fund", "item").prefetch_related(
        Prefetch("tags", queryset=PolicyTag.objects.order_by("dimension", "key")),
        Prefetch("versions", queryset=PolicyVersion.objects.order_by("-effective_from", "-number")),
    )


def _readable(code: str) -> Policy:
    policy = _policies().filter(code=code, status__in=READABLE).first()
    if policy is None:
        raise ApiError(
            "not_found",
            _("政策不存在或未发布：%(value)s") % {"value": code[:40]},
            status=404,
        )
    return policy


def _in_force(policy: Policy, on: date) -> PolicyVersion | None:
    """`Policy.version_on` over the prefetched versions (newest first): no query per policy in a list."""
    for version in policy.versions.all():
        if version.effective_from <= on and (version.effective_to is None or version.effective_to > on):
            return version
    return None


def _filter_by_tags(policies: QuerySet[Policy], keys: list[str]) -> QuerySet[Policy]:
    """Any of the tags given within a dimension, every dimension given (industry AND size, say)."""
    wanted = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    if not wanted:
        return policies
    if len(wanted) > MAX_TAGS:
        raise ApiError(
            "invalid_input", _("最多 %(max_tags)s 个标签") % {"max_tags": MAX_TAGS}, status=422, field="tag"
        )
    known = dict(PolicyTag.objects.filter(key__in=wanted).values_list("key", "dimension"))
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise ApiError(
            "unknown_tag",
            _("未知的标签：%(names)s") % {"names": ", ".join(k[:40] for k in unknown)},
            status=422,
            field="tag",
        )
    by_dimension: dict[str, list[str]] = {}
    for key in wanted:
        by_dimension.setdefault(known[key], []).append(key)
    for dimension_keys in by_dimension.values():
        policies = policies.filter(
            pk__in=Policy.tags.through.objects.filter(policytag__key__in=dimension_keys).values("policy_id")
        )
    return policies


def _summary(policy: Policy, on: date) -> dict[str, Any]:
    version = _in_force(policy, on)
    return {
        "code": policy.code,
        "name_zh": policy.name_zh,
        "name_en": policy.name_en,
        "issuing_department": {
            "name": policy.issuing_department.name,
            "credit_code": policy.issuing_department.credit_code,
        },
        "mode": policy.mode,
        "target": policy.target,
        "status": policy.status,
        "tags": [
            {"key": t.key, "dimension": t.dimension, "name_zh": t.name_zh, "name_en": t.name_en}
            for t in policy.tags.all()
        ],
        "fund_standard": policy.fund_standard,
        "time_limit_workdays": policy.time_limit_workdays,
        "version": (
            {
                "number": version.number,
                "effective_from": version.effective_from,
                "effective_to": version.effective_to,
            }
            if version
            else None
        ),
    }


def _parameters_in_force(version: PolicyVersion, on: date) -> list[dict[str, Any]]:
    keys = rules.version_parameters(version)
    params = rules.parameter_set(keys)
    labels = {p.key: p for p in PolicyParameter.objects.filter(key__in=keys)}
    rows = []
    for key in keys:
        label = labels.get(key)
        row: dict[str, Any] = {
            "key": key,
            "label_zh": label.label_zh if label else key,
            "label_en": label.label_en if label else key,
            "unit": label.unit if label else "",
            "value": None,
            "effective_from": None,
            "legal_reference": "",
        }
        try:
            row.update(params.use(key, on).to_json())
        except criteria.ParameterError:
            pass  # not in force on that day (or not defined): shown with no value rather than guessed
        rows.append(row)
    return rows


# --- routes -----------------------------------------------------------------------------------------------------


@router.get("/policies", response=PolicyListOut, auth=None, summary="Published policies")
def list_policies(request: HttpRequest, params: Query[PolicyListQuery]) -> dict[str, Any]:
    """Published (and suspended) policies with the version in force on `on` (default today). `tag` repeats:
    tags of the same dimension are alternatives, different dimensions must all match
    (`?tag=manufacturing&tag=software&tag=sme` = (manufacturing or software) and sme)."""
    if params.mode and params.mode not in PolicyMode.values:
        raise ApiError(
            "invalid_input",
            _("未知的兑现方式：%(mode)s：%(names)s")
            % {"mode": params.mode, "names": ", ".join(PolicyMode.values)},
            status=422,
            field="mode",
        )
    if not (1 <= params.limit <= 200) or not (0 <= params.offset <= apidoc.MAX_PAGE_OFFSET):
        raise ApiError(
            "invalid_input",
            _("limit 应在 1–200 之间，offset 应在 0–1000000000 之间"),
            status=422,
        )
    on = _day("on", params.on)
    policies = _filter_by_tags(_policies().filter(status__in=LISTED), params.tag)
    if params.mode:
        policies = policies.filter(mode=params.mode)
    q = params.q.strip()
    if q:
        policies = policies.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    policies = policies.order_by("code")
    return {
        "count": policies.count(),
        "on": on,
        "policies": [_summary(p, on) for p in policies[params.offset : params.offset + params.limit]],
    }


@router.post(
    "/policies/match",
    response={202: MatchStartedOut, **error_responses(409)},
    summary="Start a matching run of every policy",
)
def match_all(request: HttpRequest, data: MatchIn) -> Status[dict[str, Any]]:
    """Policy officers only. Queues one run over every published enterprise policy; poll `status_url`."""
    return _start(_user(request), None, data)


@router.get(
    "/policies/{code}",
    response={200: PolicyOut, **error_responses(404)},
    auth=None,
    summary="One policy",
)
def get_policy(request: HttpRequest, code: str, params: Query[PolicyQuery]) -> dict[str, Any]:
    """The standard elements, tags, the version in force with its conditions and amount (JSON), and the
    parameters in force with their legal references."""
    day = _day("on", params.on)
    policy = _readable(code)
    version = _in_force(policy, day)
    return {
        **_summary(policy, day),
        "source_document": policy.source_document,
        "scope": policy.scope,
        "legal_basis": policy.legal_basis,
        "conditions_text": policy.conditions_text,
        "materials_text": policy.materials_text,
        "process_text": policy.process_text,
        "item_code": policy.item.code if policy.item else None,
        "fund": (
            {
                "key": policy.fund.key,
                "name_zh": policy.fund.name_zh,
                "name_en": policy.fund.name_en,
                "year": policy.fund.year,
            }
            if policy.fund
            else None
        ),
        "on": day,
        "version_detail": (
            {
                "number": version.number,
                "effective_from": version.effective_from,
                "effective_to": version.effective_to,
                "conditions": version.conditions,
                "amount": version.amount,
                "note": version.note,
            }
            if version
            else None
        ),
        "parameters": _parameters_in_force(version, day) if version else [],
    }


@router.get(
    "/policies/{code}/eligibility/{credit_code}",
    response={200: EligibilityOut, **error_responses(403, 404, 409)},
    summary="One enterprise's eligibility, explained",
)
def get_eligibility(
    request: HttpRequest, code: str, credit_code: str, params: Query[EligibilityQuery]
) -> dict[str, Any]:
    """Evaluated now from the enterprise's current facts: `result` true / false / unknown, the amount in fen,
    each condition with its outcome and sentence, the facts that are missing, the parameter values used.
    Government staff may check any enterprise; an enterprise's own users only their enterprise."""
    user = _user(request)
    entity_code = _credit_code(credit_code)
    on = _day("on", params.on)
    as_of = _as_of(params.as_of)
    _authorise_eligibility(user, entity_code)
    policy = _readable(code)
    if policy.target != PolicyTarget.ENTERPRISE:
        raise ApiError(
            "policy_not_for_enterprises",
            _("该政策面向个人，不按企业数据匹配"),
            status=409,
        )
    try:
        result = rules.eligibility(policy, entity_code, on, as_of=as_of or None)
    except (criteria.ParameterError, criteria.RuleError) as error:
        # A configuration problem, the same for every enterprise: say so instead of failing with a 500.
        raise ApiError(
            "rules_not_evaluable",
            _("该政策规则在 %(value)s 无法评估：%(error)s") % {"value": on.isoformat(), "error": error},
            status=409,
        ) from error
    return {**result.to_json(), "credit_code": entity_code}


@router.post(
    "/policies/{code}/match",
    response={202: MatchStartedOut, **error_responses(404, 409)},
    summary="Start a matching run of one policy",
)
def match_policy(request: HttpRequest, code: str, data: MatchIn) -> Status[dict[str, Any]]:
    """Policy officers only. Queues a run of this policy over every enterprise with facts (免申即享: eligible
    enterprises receive offers unless `make_offers` is false); 202 with the job to poll at `status_url`."""
    user = _user(request)
    _require_policy_officer(user)
    policy = Policy.objects.filter(code=code).first()
    if policy is None:
        raise ApiError("not_found", _("政策不存在：%(value)s") % {"value": code[:40]}, status=404)
    return _start(user, policy, data)


def _start(user: User, policy: Policy | None, data: MatchIn) -> Status[dict[str, Any]]:
    _require_policy_officer(user)
    on = _day("on", data.on)
    as_of = _as_of(data.as_of)
    run = matching.start_run(actor=user, policy=policy, on=on, as_of=as_of, make_offers=data.make_offers)
    return Status(202, {"run_id": run.pk, "job_id": run.job_id, "status_url": f"/api/v1/jobs/{run.job_id}"})
