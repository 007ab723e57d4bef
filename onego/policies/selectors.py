"""Reads for the public and enterprise pages of policy redemption: the catalogue with its tag filter, a
policy's elements with the rule and parameter values in force, the finder (我能享受什么) evaluated live for
one enterprise, the 免申即享 offers with the reasons stored when they were made, and the publicity list.

Everything a page prints is prepared here in the page's language (`lang` is "zh" or "en"), so templates
only lay it out: sentences, fact labels (never keys), values with their units, amounts in yuan.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import get_language, pgettext, pgettext_lazy

from onego.accounts.models import User
from onego.core.localized import localized
from onego.policies import amounts, criteria, offers, rules, snapshots
from onego.policies.models import (
    Eligibility,
    Offer,
    OfferStatus,
    ParameterValue,
    Policy,
    PolicyCase,
    PolicyParameter,
    PolicyStatus,
    PolicyTag,
    PolicyTarget,
    PolicyVersion,
    TagDimension,
)
from onego.registry import facts as registry_facts
from onego.registry.models import FactDefinition

log = logging.getLogger(__name__)

_KEY_READ = re.compile(r"\b([a-z][a-z0-9_]*(?:@[0-9-]+)?) = ")
MARK = {"true": "✓", "false": "✗", "unknown": "?"}
MAX_QUERY = 60  # characters of the name search
# the outcome groups of the finder, in the order the page shows them
GROUPS = (Eligibility.ELIGIBLE, Eligibility.UNKNOWN, Eligibility.NOT_ELIGIBLE)


def page_lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def pick(zh: str, en: str, lang: str) -> str:
    """The text in the page's language; Chinese when there is no English. For a record's field, see
    onego.core.localized (the same rule, reading `<field>_zh`/`<field>_en` or `<field>`/`<field>_en`)."""
    return localized({"zh": zh, "en": en}, "", english=lang == "en")


# --- facts: labels and values as people read them -------------------------------------------------------------


@dataclass(frozen=True)
class FactInfo:
    label_zh: str
    label_en: str
    kind: str  # FactDefinition.ValueKind
    unit: str

    def label(self, lang: str) -> str:
        return pick(self.label_zh, self.label_en, lang)


def fact_info() -> dict[str, FactInfo]:
    """The fact dictionary in one query: what the pages need to name a fact and show its value."""
    return {
        key: FactInfo(zh, en, kind, unit)
        for key, zh, en, kind, unit in FactDefinition.objects.values_list(
            "key", "label_zh", "label_en", "kind", "unit"
        )
    }


def labels_of(info: Mapping[str, FactInfo]) -> dict[str, tuple[str, str]]:
    """The `rules.fact_labels()` shape, from a dictionary already read."""
    return {key: (fact.label_zh, fact.label_en) for key, fact in info.items()}


def fact_label(key: str, info: Mapping[str, FactInfo], lang: str) -> str:
    """A fact's label; a key read for a given period (`headcount@2024`) says the period too."""
    base, _, period = key.partition("@")
    fact = info.get(base)
    label = fact.label(lang) if fact else base
    return f"{label}（{period}）" if period and lang == "zh" else f"{label} ({period})" if period else label


def _number(value: Any) -> Decimal | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float | str):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def show_value(value: Any, fact: FactInfo | None, lang: str) -> str:
    """A fact value with its unit: money in yuan (facts keep fen), yes/no, counts with 人, dates."""
    if value is None:
        return "无数据" if lang == "zh" else "no data"
    kind = fact.kind if fact else ""
    if kind == FactDefinition.ValueKind.MONEY_FEN:
        number = _number(value)
        if number is not None:
            return f"{Decimal(number) / 100:,.2f} " + ("元" if lang == "zh" else "yuan")
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, str) and lang == "en":
        value = registry_facts.value_in_english(value)
    text = criteria.format_value(value, lang)
    unit = fact.unit if fact else ""
    if unit == "%":
        return f"{text}%"
    if unit and unit != "分" and lang == "zh":
        return f"{text} {unit}"
    return text


def revive_facts(facts: Mapping[str, Any], info: Mapping[str, FactInfo]) -> dict[str, Any]:
    """Stored fact snapshots are JSON (decimals and days as text): read them back as the engine takes them."""
    out: dict[str, Any] = {}
    for key, value in facts.items():
        fact = info.get(key.partition("@")[0])
        if fact is not None and isinstance(value, str):
            if fact.kind == FactDefinition.ValueKind.NUMBER:
                number = _number(value)
                value = number if number is not None else value
            elif fact.kind == FactDefinition.ValueKind.DATE:
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    pass
        out[key] = value
    return out


# --- explanations ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactShown:
    label: str
    value: str
    missing: bool


@dataclass(frozen=True)
class ConditionView:
    """One line of an explanation: ✓ ✗ ?, the sentence, the values read, why it could not be decided."""

    depth: int
    outcome: str  # "true" / "false" / "unknown"
    sentence: str
    facts: list[FactShown]
    reason: str = ""

    @property
    def mark(self) -> str:
        return MARK.get(self.outcome, "?")


def _fact_views(facts: Mapping[str, Any], info: Mapping[str, FactInfo], lang: str) -> list[FactShown]:
    return [
        FactShown(
            fact_label(key, info, lang),
            show_value(value, info.get(key.partition("@")[0]), lang),
            value is None,
        )
        for key, value in facts.items()
    ]


def _reason(
    outcome: str, facts: Mapping[str, Any], raw_reason: str, info: Mapping[str, FactInfo], lang: str
) -> str:
    """Why a condition is unknown, naming facts by their labels ("缺少数据：从业人数")."""
    if outcome != "unknown" or not facts:
        return ""
    missing = [fact_label(key, info, lang) for key, value in facts.items() if value is None]
    if missing:
        return ("缺少数据：" if lang == "zh" else "Missing data: ") + ("、" if lang == "zh" else ", ").join(
            missing
        )
    reason = raw_reason
    for key in facts:
        reason = reason.replace(key, fact_label(key, info, lang))
    return reason


def condition_views(
    lines: Iterable[rules.ConditionLine], info: Mapping[str, FactInfo], lang: str
) -> list[ConditionView]:
    out = []
    for line in lines:
        raw_reason = line.reason_en if lang == "en" else line.reason_zh
        out.append(
            ConditionView(
                line.depth,
                line.outcome,
                pick(line.sentence_zh, line.sentence_en, lang),
                _fact_views(line.facts, info, lang),
                _reason(line.outcome, line.facts, raw_reason, info, lang),
            )
        )
    return out


def readable_lines(lines: Iterable[str], info: Mapping[str, FactInfo], lang: str) -> list[str]:
    """Explanation lines with facts named by their labels: "（industry_code = H62）" → "（行业代码 = H62）"."""

    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{fact_label(key, info, lang)} = " if key.partition("@")[0] in info else match.group(0)

    def missing(match: re.Match[str]) -> str:
        key = match.group(2)
        return (
            f"{match.group(1)}{fact_label(key, info, lang)}"
            if key.partition("@")[0] in info
            else match.group(0)
        )

    return [_MISSING.sub(missing, _KEY_READ.sub(label, line)) for line in lines]


# "缺少数据：renting_talents" / "missing fact: renting_talents" as the engines write them.
_MISSING = re.compile(r"(缺少数据：|missing fact: )([a-z][a-z0-9_]*(?:@[0-9-]+)?)")


def _amount_lines(
    version: PolicyVersion,
    params: criteria.ParameterSet,
    on: date,
    facts: Mapping[str, Any],
    info: Mapping[str, FactInfo],
    lang: str,
) -> list[str]:
    if not version.amount:
        return []
    money = amounts.compile_amount(version.amount).bind(params, on).evaluate(facts)
    return readable_lines(amounts.explain_amount(money, lang).splitlines(), info, lang)


# --- catalogue and tags ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagChoice:
    key: str
    name: str
    checked: bool


@dataclass(frozen=True)
class TagGroup:
    dimension: str
    label: str
    choices: list[TagChoice]


def tag_groups(chosen: Collection[str], lang: str) -> list[TagGroup]:
    """The tag library as checkbox groups by dimension (行业, 规模, 发展阶段, 扶持方式), chosen ones ticked."""
    by_dimension: dict[str, list[TagChoice]] = {}
    for tag in PolicyTag.objects.order_by("dimension", "pk"):  # the library's own order
        by_dimension.setdefault(tag.dimension, []).append(
            TagChoice(tag.key, localized(tag, english=lang == "en"), tag.key in chosen)
        )
    return [
        TagGroup(dimension.value, str(dimension.label), by_dimension[dimension.value])
        for dimension in TagDimension
        if dimension.value in by_dimension
    ]


def chosen_tags(keys: Iterable[str]) -> dict[str, list[str]]:
    """The tags asked for that exist, by dimension; unknown keys are ignored."""
    wanted = [key for key in dict.fromkeys(keys) if key][:50]
    out: dict[str, list[str]] = {}
    for key, dimension in PolicyTag.objects.filter(key__in=wanted).values_list("key", "dimension"):
        out.setdefault(dimension, []).append(key)
    return out


def published_policies(
    tags: Mapping[str, Collection[str]], q: str = "", *, enterprise_only: bool = False
) -> QuerySet[Policy]:
    """Published policies that have, in every dimension asked for, at least one of the tags chosen in it
    (any within a dimension, all across dimensions), and whose name contains `q`."""
    policies = Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    if enterprise_only:
        policies = policies.filter(target=PolicyTarget.ENTERPRISE)
    for keys in tags.values():
        policies = policies.filter(
            pk__in=Policy.tags.through.objects.filter(policytag__key__in=list(keys)).values("policy_id")
        )
    q = q.strip()[:MAX_QUERY]
    if q:
        policies = policies.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    return (
        policies.select_related("issuing_department", "item")
        .prefetch_related(Prefetch("tags", queryset=PolicyTag.objects.order_by("dimension", "pk")))
        .order_by("code")
    )


# --- one policy --------------------------------------------------------------------------------------------


def public_policy(code: str) -> Policy | None:
    """A policy anyone may read: every one but drafts."""
    return (
        Policy.objects.exclude(status=PolicyStatus.DRAFT)
        .select_related("issuing_department", "item", "fund")
        .prefetch_related(Prefetch("tags", queryset=PolicyTag.objects.order_by("dimension", "pk")))
        .filter(code=code)
        .first()
    )


@dataclass(frozen=True)
class ParameterRow:
    key: str
    label: str
    value: str
    effective_from: date
    legal_reference: str


#: The units parameters are given in, marked for translation: a page shows the unit in the reader's language.
PARAMETER_UNITS: Final = (
    pgettext_lazy("unit", "元"),
    pgettext_lazy("unit", "万元"),
    pgettext_lazy("unit", "人"),
    pgettext_lazy("unit", "个月"),
    pgettext_lazy("unit", "年"),
    pgettext_lazy("unit", "平方米"),
    pgettext_lazy("unit", "阶段"),
)


def unit_in(unit: str, lang: str) -> str:
    """A parameter's unit in `lang`; a unit the catalogue does not know stays as it is."""
    if lang == "zh":
        return unit
    with translation.override(lang):
        return pgettext("unit", unit)


def show_parameter(value: Any, unit: str, lang: str) -> str:
    """A parameter value with its unit; thresholds kept in fen are shown in yuan."""
    if unit == "分":
        number = _number(value)
        if number is not None:
            return f"{Decimal(number) / 100:,.2f} " + ("元" if lang == "zh" else "yuan")
    text = criteria.format_value(value, lang)
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit_in(unit, lang)}"


def current_parameters(version: PolicyVersion, on: date, lang: str) -> list[ParameterRow]:
    """The values in force on `on` of every parameter the version reads, with their legal references."""
    try:
        keys = rules.version_parameters(version)
        params = rules.parameter_set(keys)
    except (LookupError, ValueError, TypeError):
        log.warning("policy %s v%s: parameters cannot be read", version.policy_id, version.number)
        return []
    meta = {p.key: p for p in PolicyParameter.objects.filter(key__in=keys)}
    english = {  # the English of each value's legal reference (the parameter set carries the Chinese)
        (key, day): text
        for key, day, text in ParameterValue.objects.filter(parameter__key__in=keys).values_list(
            "parameter__key", "effective_from", "legal_reference_en"
        )
    }
    rows = []
    for key in keys:
        parameter = meta.get(key)
        try:
            use = params.use(key, on)
        except criteria.ParameterError:
            continue
        unit = parameter.unit if parameter else ""
        rows.append(
            ParameterRow(
                key,
                localized(parameter, "label", english=lang == "en") if parameter else key,
                show_parameter(use.value, unit, lang),
                use.effective_from,
                localized(
                    {
                        "legal_reference": use.legal_reference,
                        "legal_reference_en": english.get((key, use.effective_from), ""),
                    },
                    "legal_reference",
                    english=lang == "en",
                ),
            )
        )
    return rows


def condition_outline(version: PolicyVersion, on: date, lang: str) -> list[ConditionView]:
    """The version's conditions as sentences with today's parameter values, no enterprise's facts."""
    try:
        bound = criteria.compile_rule(version.conditions).bind(
            rules.parameter_set(rules.version_parameters(version)), on
        )
    except (LookupError, ValueError, TypeError):
        log.warning("policy %s v%s cannot be bound on %s", version.policy_id, version.number, on)
        return []
    result = bound.evaluate({})
    return [
        ConditionView(line.depth, "", pick(line.sentence_zh, line.sentence_en, lang), [])
        for line in rules.condition_lines(result)
    ]


# --- the finder ------------------------------------------------------------------------------------------------


@dataclass
class PolicyResult:
    """One policy as the finder shows it for the signed-in enterprise."""

    policy: Policy
    name: str
    outcome: str  # Eligibility value
    amount_fen: int | None = None
    version: PolicyVersion | None = None
    lines: list[ConditionView] = field(default_factory=list)
    amount_lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # labels of the facts that are missing
    problem: str = ""  # why the policy could not be evaluated at all
    department: str = ""
    phone: str = ""
    offer: Offer | None = None  # the enterprise's latest 免申即享 offer of this policy

    @property
    def deciding(self) -> list[str]:
        """The top-level conditions that decided a no or an unknown: those not met, or not decidable."""
        if self.outcome == Eligibility.ELIGIBLE or not self.lines:
            return []
        top = [line for line in self.lines if line.depth == 1] or self.lines[:1]
        return [line.sentence for line in top if line.outcome == self.outcome]


def _contact(policy: Policy) -> str:
    version = policy.item.current_version() if policy.item else None
    return getattr(version, "enquiry_phone", "") or ""


@dataclass(frozen=True)
class Preloaded:
    """What evaluating many policies for one enterprise reads once: each policy's version in force, the
    enterprise's facts for all of them, every parameter."""

    versions: Mapping[int, PolicyVersion | None]
    facts: Mapping[str, Any]
    params: criteria.ParameterSet


def preload(entity_code: str, policies: Iterable[Policy], on: date) -> Preloaded:
    versions = {policy.pk: policy.version_on(on) for policy in policies}
    keys = sorted(
        {key for version in versions.values() if version is not None for key in rules.version_facts(version)}
    )
    facts = (
        registry_facts.facts_for([entity_code], keys, as_of=rules.default_as_of(on))[entity_code]
        if keys
        else {}
    )
    return Preloaded(versions, facts, rules.parameter_set())


def evaluate_for(
    policy: Policy,
    entity_code: str,
    on: date,
    info: Mapping[str, FactInfo],
    labels: dict[str, tuple[str, str]],
    lang: str,
    preloaded: Preloaded | None = None,
) -> PolicyResult:
    """One policy evaluated live from the enterprise's current facts, explained in the page's language. A
    rule that cannot be evaluated (a parameter not in force yet, say) is shown as unknown with the reason,
    never as yes or no."""
    result = PolicyResult(
        policy,
        localized(policy, english=lang == "en"),
        Eligibility.UNKNOWN,
        department=localized(policy.issuing_department, english=lang == "en"),
    )
    try:
        if preloaded is not None:
            found = rules.eligibility(
                policy,
                entity_code,
                on,
                labels=labels,
                version=preloaded.versions[policy.pk],
                facts=preloaded.facts,
                params=preloaded.params,
            )
        else:
            found = rules.eligibility(policy, entity_code, on, labels=labels)
        if lang == "en" and found.version is not None and found.version.amount:
            params = (
                preloaded.params
                if preloaded is not None
                else rules.parameter_set(rules.version_parameters(found.version))
            )
            amount_lines = _amount_lines(found.version, params, on, found.facts, info, lang)
        else:
            amount_lines = readable_lines(found.amount_lines, info, lang)
    except (LookupError, ValueError, TypeError):
        log.exception("policy %s cannot be evaluated for %s", policy.code, entity_code)
        result.problem = (
            "该政策的比对规则暂时无法执行，请联系发布部门。"
            if lang == "zh"
            else "This policy's rules cannot be applied now; contact the issuing department."
        )
        return result
    if found.version is None:
        result.problem = (
            "该政策暂无生效的比对规则，请联系发布部门。"
            if lang == "zh"
            else "This policy has no rules in force; contact the issuing department."
        )
        return result
    result.outcome = found.outcome
    result.version = found.version
    result.amount_fen = found.amount_fen
    result.amount_lines = amount_lines
    result.lines = condition_views(found.conditions, info, lang)
    result.missing = [fact_label(key, info, lang) for key, *_ in found.missing]
    if found.outcome == Eligibility.UNKNOWN:
        result.phone = _contact(policy)
    return result


def finder_groups(
    entity_code: str, policies: Iterable[Policy], on: date, lang: str
) -> dict[str, list[PolicyResult]]:
    """Every policy evaluated for one enterprise, grouped eligible / unknown / not eligible, each with the
    enterprise's latest offer of it (if any)."""
    info = fact_info()
    labels = labels_of(info)
    latest: dict[int, Offer] = {}
    for offer in (
        Offer.objects.filter(entity_code=entity_code).select_related("case").order_by("-created_at", "-id")
    ):
        latest.setdefault(offer.policy_id, offer)
    groups: dict[str, list[PolicyResult]] = {str(outcome): [] for outcome in GROUPS}
    policies = list(policies)
    try:
        preloaded: Preloaded | None = preload(entity_code, policies, on)
    except (LookupError, ValueError, TypeError):  # a rule that does not compile: each policy says so itself
        preloaded = None
    for policy in policies:
        found = evaluate_for(policy, entity_code, on, info, labels, lang, preloaded)
        found.offer = latest.get(policy.pk)
        groups.setdefault(found.outcome, []).append(found)
    groups[Eligibility.ELIGIBLE].sort(key=lambda r: -(r.amount_fen or 0))
    return groups


# --- offers --------------------------------------------------------------------------------------------------


@dataclass
class OfferView:
    offer: Offer
    name: str
    run_on: date
    version_number: int
    lines: list[ConditionView] = field(default_factory=list)
    amount_lines: list[str] = field(default_factory=list)


def _numbers_today(live: criteria.ParameterSet, key: str) -> bool:
    items = live.parameters[key].versions[-1].value
    return isinstance(items, tuple) and bool(items) and criteria.kind_of(items[0]) is criteria.Kind.NUMBER


def _snapshot_parameters(snapshot: list[dict[str, Any]], keys: Collection[str]) -> criteria.ParameterSet:
    """The parameter values a run used, as a parameter set. Decimals were stored as text: a value is read
    back as a number when the parameter holds numbers today (a code such as "440111" stays text)."""
    live = rules.parameter_set(keys)
    kinds = live.kinds()
    parameters = []
    for use in snapshot:
        key = use.get("key", "")
        if key not in keys:
            continue
        value = rules.stored_value(use.get("value"))
        if kinds.get(key) is criteria.Kind.NUMBER and isinstance(value, str):
            value = _number(value)
        elif kinds.get(key) is criteria.Kind.LIST and isinstance(value, list) and _numbers_today(live, key):
            value = [_number(item) if isinstance(item, str) else item for item in value]
        parameters.append(
            criteria.Parameter(
                key, [(date.fromisoformat(use["effective_from"]), value, use.get("legal_reference") or "—")]
            )
        )
    return criteria.ParameterSet(parameters)


def stored_reasons(
    offer: Offer, info: Mapping[str, FactInfo], lang: str
) -> tuple[list[ConditionView], list[str]]:
    """Why the offer was made, as stored: each condition's outcome from the run (`node_outcomes` along
    `node_paths`), its sentence rebuilt from the version with the parameter values the run used, the facts
    the run read, and the amount explained with those same values."""
    result = offer.result
    entry = result.entry
    version = entry.version
    on = entry.run.on
    stored = dict(zip(entry.node_paths, result.node_outcomes, strict=False))
    facts = revive_facts(snapshots.result_facts(result), info)
    keys = rules.version_parameters(version)
    try:
        params = _snapshot_parameters(entry.parameters, keys)
        tree = criteria.compile_rule(version.conditions).bind(params, on).evaluate(facts)
    except (LookupError, ValueError, TypeError):  # a snapshot that no longer binds: today's values read it
        log.warning("offer %s: stored parameters do not bind; using the values in force on %s", offer.pk, on)
        params = rules.parameter_set(keys)
        tree = criteria.compile_rule(version.conditions).bind(params, on).evaluate(facts)
    lines = []
    for line in rules.condition_lines(tree):
        outcome = rules.LETTER_OUTCOME.get(stored.get(line.path, ""), criteria.Outcome(line.outcome)).value
        raw_reason = line.reason_en if lang == "en" else line.reason_zh
        lines.append(
            ConditionView(
                line.depth,
                outcome,
                pick(line.sentence_zh, line.sentence_en, lang),
                _fact_views(line.facts, info, lang),
                _reason(outcome, line.facts, raw_reason, info, lang),
            )
        )
    try:
        amount_lines = _amount_lines(version, params, on, facts, info, lang)
    except (LookupError, ValueError, TypeError):
        amount_lines = []
    return lines, amount_lines


def offers_with_reasons(user: User, lang: str) -> list[OfferView]:
    """The enterprise's offers, open ones first, each with its stored reasons."""
    info = fact_info()
    if not user.enterprise_credit_code:
        return []
    rows = Offer.objects.filter(entity_code=user.enterprise_credit_code).select_related(
        "policy", "case", "result__entry__version", "result__entry__run"
    )
    order = {OfferStatus.OFFERED: 0, OfferStatus.CONFIRMED: 1, OfferStatus.DECLINED: 2}
    views = []
    for offer in sorted(rows, key=lambda o: (order.get(OfferStatus(o.status), 3), -o.pk)):
        entry = offer.result.entry
        view = OfferView(
            offer, localized(offer.policy, english=lang == "en"), entry.run.on, entry.version.number
        )
        view.lines, view.amount_lines = stored_reasons(offer, info, lang)
        views.append(view)
    return views


def open_offers(user: User) -> list[Offer]:
    return [offer for offer in offers.offers_for(user) if offer.status == OfferStatus.OFFERED]


# --- publicity ---------------------------------------------------------------------------------------------


def publicity_entries(today: date) -> QuerySet[PolicyCase]:
    """The entries on public notice today (公示期内), newest notice first."""
    return (
        PolicyCase.objects.filter(publicity_from__lte=today, publicity_until__gte=today)
        .select_related("policy", "case")
        .order_by("-publicity_from", "policy__code", "entity_name", "pk")
    )
