"""Food business licence on-site check (食品经营许可现场核查): the checklist for a business type, what the
applicant must film, and whether a reviewer's verdicts pass.

The tables are data (checklist_data.py). This module turns them into frozen objects once, at import —
refusing a malformed table there rather than in front of a reviewer — and judges verdicts against the pass
rules, which settings may override (`ONEGO_FOOD_PASS_RULES`, read at call time). Pure Python: no models, no
database, no side effects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from onego.core.languages import in_language, listing
from onego.core.localized import localized
from onego.inspection import checklist_data as data


class Level(StrEnum):
    """How much an item weighs in the pass rules."""

    KEY = "key"  # 关键项
    MAJOR = "major"  # 重点项
    GENERAL = "general"  # 一般项

    @property
    def label_zh(self) -> str:
        return _LEVEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LEVEL_LABELS[self][1]


_LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.KEY: ("关键项", "Key item"),
    Level.MAJOR: ("重点项", "Major item"),
    Level.GENERAL: ("一般项", "General item"),
}


class Section(StrEnum):
    """The part of the premises an item belongs to, as the checklist groups them."""

    PREMISES = "premises"  # 场所与环境
    LAYOUT = "layout"  # 布局与流程
    STRUCTURE = "structure"  # 建筑结构
    SPECIAL_ROOMS = "special_rooms"  # 专间
    FACILITIES = "facilities"  # 设施设备
    STORAGE = "storage"  # 贮存
    TESTING = "testing"  # 检验与留样
    TRANSPORT = "transport"  # 运输配送
    PERSONNEL_MANAGEMENT = "personnel_management"  # 人员与制度

    @property
    def label_zh(self) -> str:
        return _SECTION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _SECTION_LABELS[self][1]


_SECTION_LABELS: dict[Section, tuple[str, str]] = {
    Section.PREMISES: ("场所与环境", "Premises"),
    Section.LAYOUT: ("布局与流程", "Layout"),
    Section.STRUCTURE: ("建筑结构", "Structure"),
    Section.SPECIAL_ROOMS: ("专间", "Clean rooms"),
    Section.FACILITIES: ("设施设备", "Facilities"),
    Section.STORAGE: ("贮存", "Storage"),
    Section.TESTING: ("检验与留样", "Testing and samples"),
    Section.TRANSPORT: ("运输配送", "Transport and delivery"),
    Section.PERSONNEL_MANAGEMENT: ("人员与制度", "Personnel and management"),
}


class Area(StrEnum):
    """Where on the premises the applicant films; the reviewer judges an item from that area's footage."""

    EXTERIOR = "exterior"  # 门头及周边环境
    DINING_AREA = "dining_area"  # 就餐区
    SALES_AREA = "sales_area"  # 销售区
    PROCESSING_ROOM = "processing_room"  # 加工操作间
    SPECIAL_ROOM = "special_room"  # 专间（冷却、分装）
    CLEANING_DISINFECTION = "cleaning_disinfection"  # 清洗消毒设施
    STORAGE = "storage"  # 库房
    COLD_STORAGE = "cold_storage"  # 冷藏冷冻设施
    STAFF_AREA = "staff_area"  # 更衣区
    TOILET_WASTE = "toilet_waste"  # 卫生间与废弃物
    RECORDS = "records"  # 制度与证明
    LABORATORY = "laboratory"  # 检验室
    TRANSPORT = "transport"  # 配送车辆与容器

    @property
    def label_zh(self) -> str:
        return _AREA_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _AREA_LABELS[self][1]


_AREA_LABELS: dict[Area, tuple[str, str]] = {
    Area.EXTERIOR: ("门头及周边环境", "Shop front and surroundings"),
    Area.DINING_AREA: ("就餐区", "Dining area"),
    Area.SALES_AREA: ("销售区", "Sales floor"),
    Area.PROCESSING_ROOM: ("加工操作间", "Kitchen / production room"),
    Area.SPECIAL_ROOM: ("专间", "Clean rooms"),
    Area.CLEANING_DISINFECTION: ("清洗消毒设施", "Washing and disinfection"),
    Area.STORAGE: ("库房", "Store room"),
    Area.COLD_STORAGE: ("冷藏冷冻设施", "Refrigeration"),
    Area.STAFF_AREA: ("更衣区", "Changing area"),
    Area.TOILET_WASTE: ("卫生间与废弃物", "Toilets and waste"),
    Area.RECORDS: ("制度与证明", "Rules and certificates"),
    Area.LABORATORY: ("检验室", "Laboratory"),
    Area.TRANSPORT: ("配送车辆与容器", "Delivery vehicles and containers"),
}


class Verdict(StrEnum):
    """A reviewer's judgement of one item. There is no third value: a partial pass is 不符合."""

    PASS = "pass"  # 符合
    FAIL = "fail"  # 不符合


# What `parse_verdict` accepts besides the two values themselves.
_VERDICT_ALIASES: dict[str, Verdict] = {
    "符合": Verdict.PASS,
    "不符合": Verdict.FAIL,
    "partial": Verdict.FAIL,  # a partial pass is a fail (docs/domain.md "Food business licence")
    "部分符合": Verdict.FAIL,
}


@dataclass(frozen=True)
class Bilingual:
    """A message in Chinese and English, for the decision letter and the reviewer's page."""

    zh: str
    en: str

    def __str__(self) -> str:
        return in_language(self.zh, self.en)


@dataclass(frozen=True)
class ChecklistItem:
    code: str  # stable: verdicts are stored against it
    section: Section
    level: Level
    area: Area  # the filmed area whose footage shows it
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class Shot:
    """One stop of a video: the area and what to show there."""

    area: Area
    instructions_zh: str
    instructions_en: str


@dataclass(frozen=True)
class VideoPlan:
    """One video the applicant records on site, with the precise location on (docs/domain.md "Food business
    licence", case 4)."""

    number: int  # 1-based, in recording order
    title_zh: str
    title_en: str
    shots: tuple[Shot, ...]

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(shot.area for shot in self.shots)


@dataclass(frozen=True)
class Checklist:
    """One on-site checklist table (现场核查表) and the videos it is judged from."""

    key: str
    code_prefix: str
    name_zh: str
    name_en: str
    items: tuple[ChecklistItem, ...]
    videos: tuple[VideoPlan, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @property
    def shots(self) -> tuple[Shot, ...]:
        """The areas the applicant must film, each with what to show, in recording order (whether each area
        becomes its own video or the areas are grouped as `videos` suggests)."""
        return tuple(shot for video in self.videos for shot in video.shots)

    @property
    def areas_to_film(self) -> tuple[Area, ...]:
        return tuple(shot.area for shot in self.shots)

    def shot_for(self, area: Area | str) -> Shot:
        """What to show of one area; KeyError when this table does not film it."""
        for shot in self.shots:
            if shot.area == area:
                return shot
        raise KeyError(area)

    def item(self, code: str) -> ChecklistItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def items_at(self, level: Level) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if item.level is level)

    def items_in(self, area: Area) -> tuple[ChecklistItem, ...]:
        """What the reviewer judges from one area's footage."""
        return tuple(item for item in self.items if item.area is area)


@dataclass(frozen=True)
class PassRule:
    """How many failed items a table tolerates (docs/domain.md "Food business licence"; configurable). None: no
    limit of its own."""

    max_key_failures: int = 0
    max_major_failures: int | None = None
    max_major_and_general_failures: int | None = None

    @property
    def description(self) -> Bilingual:
        """The rule in words, as a review page or decision letter states it."""
        zh = [f"关键项不符合不超过 {self.max_key_failures} 项" if self.max_key_failures else "关键项全部符合"]
        en = [
            f"at most {self.max_key_failures} key items not met"
            if self.max_key_failures
            else "every key item met"
        ]
        both, major = self.max_major_and_general_failures, self.max_major_failures
        if both is not None and major is not None:
            zh.append(f"重点项和一般项不符合合计不超过 {both} 项，其中重点项不超过 {major} 项")
            en.append(f"at most {both} major and general items not met in all, at most {major} of them major")
        elif both is not None:
            zh.append(f"重点项和一般项不符合合计不超过 {both} 项")
            en.append(f"at most {both} major and general items not met in all")
        elif major is not None:
            zh.append(f"重点项不符合不超过 {major} 项")
            en.append(f"at most {major} major items not met")
        text_en = "; ".join(en)
        return Bilingual(zh="；".join(zh), en=text_en[:1].upper() + text_en[1:])


@dataclass(frozen=True)
class Outcome:
    """The result of an on-site check: passed or not, what failed, why, and the rule applied (kept with the
    decision so it can be explained after the rules change)."""

    business_type: str
    checklist: str  # Checklist.key
    passed: bool
    failures: tuple[ChecklistItem, ...]  # the items judged 不符合, in table order
    reasons: tuple[Bilingual, ...]  # why it did not pass; empty when it passed
    rule: PassRule

    @property
    def key_failures(self) -> int:
        return self._count(Level.KEY)

    @property
    def major_failures(self) -> int:
        return self._count(Level.MAJOR)

    @property
    def general_failures(self) -> int:
        return self._count(Level.GENERAL)

    @property
    def failures_by_level(self) -> dict[Level, int]:
        return {level: self._count(level) for level in Level}

    @property
    def failed_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.failures)

    @property
    def summary(self) -> Bilingual:
        verdict_zh, verdict_en = ("通过", "passed") if self.passed else ("不通过", "not passed")
        return Bilingual(
            zh=(
                f"现场核查{verdict_zh}：关键项不符合 {self.key_failures} 项，重点项不符合 {self.major_failures} 项，"
                f"一般项不符合 {self.general_failures} 项"
            ),
            en=(
                f"On-site check {verdict_en}: {self.key_failures} key, {self.major_failures} major and "
                f"{self.general_failures} general items not met"
            ),
        )

    def _count(self, level: Level) -> int:
        return sum(1 for item in self.failures if item.level is level)


class VerdictError(ValueError):
    """The verdicts do not cover the checklist exactly: some items have none, some codes are not on it, or a
    value is neither 符合 nor 不符合. The message is bilingual and names every offending code."""

    def __init__(
        self,
        checklist: Checklist,
        *,
        missing: Iterable[str] = (),
        unknown: Iterable[str] = (),
        invalid: Mapping[str, object] | None = None,
    ) -> None:
        self.missing = tuple(missing)
        self.unknown = tuple(sorted(unknown))
        self.invalid = dict(invalid or {})
        parts: list[str] = []
        if self.missing:
            parts.append(_("以下检查项未作出判定：%(names)s") % {"names": listing(self.missing)})
        if self.unknown:
            parts.append(
                _("以下编号不属于《%(checklist)s》：%(names)s")
                % {
                    "checklist": localized(checklist),
                    "names": listing(self.unknown),
                }
            )
        if self.invalid:
            listed = ", ".join(f"{code}={value!r}" for code, value in self.invalid.items())
            parts.append(_("以下检查项的判定只能是“符合”或“不符合”：%(listed)s") % {"listed": listed})
        super().__init__("\n".join(parts))


# ---------------------------------------------------------------------------------------------------------
# Building the tables from data, once.


def _build_checklist(key: str, spec: data.TableSpec) -> Checklist:
    """One table from its rows; raises ValueError when a row is malformed, so a bad table never loads."""
    items = tuple(
        ChecklistItem(
            code=code,
            section=Section(section),
            level=Level(level),
            area=Area(area),
            text_zh=text_zh,
            text_en=text_en,
        )
        for code, section, level, area, text_zh, text_en in spec["items"]
    )
    videos = tuple(
        VideoPlan(
            number=number,
            title_zh=title_zh,
            title_en=title_en,
            shots=tuple(
                Shot(area=Area(area), instructions_zh=zh, instructions_en=en) for area, zh, en in shots
            ),
        )
        for number, (title_zh, title_en, shots) in enumerate(spec["videos"], start=1)
    )
    checklist = Checklist(
        key=key,
        code_prefix=spec["code_prefix"],
        name_zh=spec["name_zh"],
        name_en=spec["name_en"],
        items=items,
        videos=videos,
    )
    codes = checklist.codes
    if len(set(codes)) != len(codes):
        raise ValueError(f"{key}: item codes repeat")
    if any(not code.startswith(f"{checklist.code_prefix}-") for code in codes):
        raise ValueError(f"{key}: every code must start with {checklist.code_prefix}-")
    unfilmed = {item.area for item in items} - set(checklist.areas_to_film)
    if unfilmed:
        raise ValueError(f"{key}: items are judged from areas nobody films: {sorted(unfilmed)}")
    return checklist


CHECKLISTS: Mapping[str, Checklist] = MappingProxyType(
    {key: _build_checklist(key, spec) for key, spec in data.TABLES.items()}
)
# business_type choice of the food licence form → Checklist.key
BUSINESS_TYPE_TABLES: Mapping[str, str] = MappingProxyType(dict(data.BUSINESS_TYPE_TABLES))

_RULE_FIELDS = frozenset(f.name for f in fields(PassRule))


# ---------------------------------------------------------------------------------------------------------
# Public functions.


def checklist_for(business_type: str) -> Checklist:
    """The checklist a business type is judged against (the form's `business_type` choice value)."""
    try:
        return CHECKLISTS[BUSINESS_TYPE_TABLES[business_type]]
    except KeyError:
        raise ValueError(
            _("未知的主体业态：%(business_type)s") % {"business_type": repr(business_type)}
        ) from None


def pass_rule_for(business_type: str) -> PassRule:
    """The pass rule for a business type: the table's default (checklist_data.DEFAULT_PASS_RULES), then
    `settings.ONEGO_FOOD_PASS_RULES[table key]`, then `settings.ONEGO_FOOD_PASS_RULES[business_type]` (so a
    district may, say, hold canteens to a stricter rule than restaurants). Overrides name only the fields
    they change. Read at call time, so a changed setting applies to the next decision."""
    table = checklist_for(business_type).key
    overrides: Mapping[str, Mapping[str, Any]] = getattr(settings, "ONEGO_FOOD_PASS_RULES", None) or {}
    _check_overrides(overrides)
    merged: dict[str, Any] = {
        **data.DEFAULT_PASS_RULES[table],
        **overrides.get(table, {}),
        **overrides.get(business_type, {}),
    }
    return PassRule(**merged)


def parse_verdict(value: object) -> Verdict:
    """'pass'/'fail' (or 符合/不符合); a partial pass ('partial', 部分符合) is a fail. Anything else: ValueError."""
    if isinstance(value, Verdict):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _VERDICT_ALIASES:
            return _VERDICT_ALIASES[text]
        try:
            return Verdict(text)
        except ValueError:
            pass
    raise ValueError(_("判定只能是“符合”或“不符合”：%(value)s") % {"value": repr(value)})


def evaluate(business_type: str, verdicts: Mapping[str, str]) -> Outcome:
    """Judge a reviewer's verdicts (item code → 'pass'/'fail') against the business type's pass rule.

    Every item on the checklist must be judged and nothing else: an item without a verdict, a code not on the
    checklist, or a value that is neither pass nor fail raises VerdictError (a ValueError) naming them all.
    """
    checklist = checklist_for(business_type)
    rule = pass_rule_for(business_type)

    parsed: dict[str, Verdict] = {}
    invalid: dict[str, object] = {}
    for code, value in verdicts.items():
        try:
            parsed[code] = parse_verdict(value)
        except ValueError:
            invalid[code] = value
    known = set(checklist.codes)
    missing = [code for code in checklist.codes if code not in verdicts]
    unknown = [code for code in verdicts if code not in known]
    invalid = {code: value for code, value in invalid.items() if code in known}
    if missing or unknown or invalid:
        raise VerdictError(checklist, missing=missing, unknown=unknown, invalid=invalid)

    failures = tuple(item for item in checklist.items if parsed[item.code] is Verdict.FAIL)
    reasons = _reasons(failures, rule)
    return Outcome(
        business_type=business_type,
        checklist=checklist.key,
        passed=not reasons,
        failures=failures,
        reasons=reasons,
        rule=rule,
    )


# ---------------------------------------------------------------------------------------------------------
# Helpers.


def _reasons(failures: tuple[ChecklistItem, ...], rule: PassRule) -> tuple[Bilingual, ...]:
    """Every way the failures break the rule, key items first."""
    key = [item for item in failures if item.level is Level.KEY]
    major = sum(1 for item in failures if item.level is Level.MAJOR)
    general = sum(1 for item in failures if item.level is Level.GENERAL)
    reasons: list[Bilingual] = []
    if len(key) > rule.max_key_failures:
        if rule.max_key_failures == 0:
            reasons.extend(
                Bilingual(zh=f"关键项 {item.code} 不符合", en=f"Key item {item.code} not met") for item in key
            )
        else:
            reasons.append(
                Bilingual(
                    zh=f"关键项不符合 {len(key)} 项，超过 {rule.max_key_failures} 项",
                    en=f"{len(key)} key items not met, more than the {rule.max_key_failures} allowed",
                )
            )
    if rule.max_major_failures is not None and major > rule.max_major_failures:
        reasons.append(
            Bilingual(
                zh=f"重点项不符合 {major} 项，超过 {rule.max_major_failures} 项",
                en=f"{major} major items not met, more than the {rule.max_major_failures} allowed",
            )
        )
    limit = rule.max_major_and_general_failures
    if limit is not None and major + general > limit:
        reasons.append(
            Bilingual(
                zh=f"重点项和一般项不符合共 {major + general} 项，超过 {limit} 项",
                en=f"{major + general} major and general items not met in all, more than the {limit} allowed",
            )
        )
    return tuple(reasons)


def _check_overrides(overrides: Mapping[str, Mapping[str, Any]]) -> None:
    """A mistyped key in ONEGO_FOOD_PASS_RULES must not silently leave the default in force."""
    allowed = set(CHECKLISTS) | set(BUSINESS_TYPE_TABLES)
    for key, values in overrides.items():
        if key not in allowed:
            raise ImproperlyConfigured(
                f"ONEGO_FOOD_PASS_RULES: unknown table or business type {key!r}; "
                f"expected one of {sorted(allowed)}"
            )
        if not isinstance(values, Mapping):
            raise ImproperlyConfigured(f"ONEGO_FOOD_PASS_RULES[{key!r}] must be a dict of limits")
        for name, value in values.items():
            if name not in _RULE_FIELDS:
                raise ImproperlyConfigured(
                    f"ONEGO_FOOD_PASS_RULES[{key!r}]: unknown field {name!r}; "
                    f"expected one of {sorted(_RULE_FIELDS)}"
                )
            if value is None and name == "max_key_failures":
                raise ImproperlyConfigured(f"ONEGO_FOOD_PASS_RULES[{key!r}]: max_key_failures needs a number")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ImproperlyConfigured(
                    f"ONEGO_FOOD_PASS_RULES[{key!r}][{name!r}] must be a whole number "
                    f"≥ 0 or None, not {value!r}"
                )
