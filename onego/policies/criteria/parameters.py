"""Named parameters: effective-dated versions with a legal reference; a rule reads the one in force."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, TypeAlias

from .values import Kind, _literal, as_number, json_safe, kind_of

# --------------------------------------------------------------------------------------------------
# Parameters: named values with effective-dated versions and a legal reference


ParamValue: TypeAlias = int | Decimal | str | bool | date | tuple[int | Decimal | str | bool, ...]


class ParameterError(LookupError):
    """A parameter is unknown, not in force on the evaluation date, or of the wrong kind: a configuration
    error, the same for every enterprise, so it is raised rather than turned into UNKNOWN."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class ParameterVersion:
    effective_from: date  # 施行日期: in force from this day until the next version's day
    value: ParamValue
    legal_reference: str  # 依据: document number and article, e.g. "白府办〔2021〕5号 第八条"


@dataclass(frozen=True)
class ParameterUse:
    """The version of a parameter an evaluation used, kept with the decision so it can be reproduced."""

    key: str
    value: ParamValue
    effective_from: date
    legal_reference: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": json_safe(self.value),
            "effective_from": self.effective_from.isoformat(),
            "legal_reference": self.legal_reference,
        }


_KEY_RE: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _parameter_value(raw: Any) -> ParamValue:
    if isinstance(raw, float):
        raise TypeError("parameter values are never floats; use int or Decimal / 参数值不能是浮点数")
    if isinstance(raw, list | tuple):
        literal = _literal(raw)
        if literal is None:
            raise TypeError(f"a list parameter holds numbers, texts or booleans of one kind: {raw!r}")
        return tuple(literal[1])
    if isinstance(raw, datetime):
        raise TypeError("a parameter date is a day, not a datetime / 参数日期不能带时间")
    if isinstance(raw, date) or isinstance(raw, bool) or isinstance(raw, str):
        return raw
    number = as_number(raw)
    if number is None:
        raise TypeError(f"unusable parameter value {raw!r}")
    return number


@dataclass(frozen=True, init=False)
class Parameter:
    """A threshold, rate or cap: ``Parameter(key, versions=[(effective_from, value, legal_reference)])``.

    Versions are kept sorted; a later-dated version changes only evaluations on or after its date.
    All versions hold the same kind of value (a threshold does not turn into a text).
    """

    key: str
    versions: tuple[ParameterVersion, ...]

    def __init__(
        self,
        key: str,
        versions: Iterable[ParameterVersion | tuple[date, Any, str]],
    ) -> None:
        if not _KEY_RE.match(key):
            raise ValueError(
                f"parameter key {key!r} must be lower_snake_case / 参数名应为小写字母、数字和下划线"
            )
        normalised: list[ParameterVersion] = []
        for item in versions:
            if isinstance(item, ParameterVersion):
                effective_from, value, reference = item.effective_from, item.value, item.legal_reference
            else:
                effective_from, value, reference = item
            if isinstance(effective_from, datetime) or not isinstance(effective_from, date):
                raise TypeError(f"{key}: effective_from must be a date / 施行日期应为日期")
            if not str(reference).strip():
                raise ValueError(f"{key}: every version needs its legal reference / 每个版本须注明依据")
            normalised.append(ParameterVersion(effective_from, _parameter_value(value), str(reference)))
        if not normalised:
            raise ValueError(f"{key}: at least one version / 至少一个版本")
        normalised.sort(key=lambda v: v.effective_from)
        days = [v.effective_from for v in normalised]
        if len(set(days)) != len(days):
            raise ValueError(f"{key}: two versions take effect on the same day / 同一天有两个版本")
        kinds = {kind_of(v.value) for v in normalised}
        if len(kinds) != 1:
            raise TypeError(f"{key}: all versions hold the same kind of value / 各版本的值类型须一致")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "versions", tuple(normalised))

    @property
    def kind(self) -> Kind:
        kind = kind_of(self.versions[0].value)
        assert kind is not None  # guaranteed by __init__
        return kind

    def version_on(self, on: date) -> ParameterVersion:
        """The version in force on ``on``: the latest one whose effective date is on or before it."""
        index = bisect_right([v.effective_from for v in self.versions], on)
        if index == 0:
            first = self.versions[0].effective_from.isoformat()
            raise ParameterError(
                f"参数 {self.key} 在 {on.isoformat()} 尚未施行（最早 {first}）",
                f"parameter {self.key} is not in force on {on.isoformat()} (first version {first})",
            )
        return self.versions[index - 1]


@dataclass(frozen=True, init=False)
class ParameterSet:
    """The parameters a set of rules may read, by key."""

    parameters: Mapping[str, Parameter]

    def __init__(self, parameters: Iterable[Parameter] = ()) -> None:
        by_key: dict[str, Parameter] = {}
        for parameter in parameters:
            if parameter.key in by_key:
                raise ValueError(f"parameter {parameter.key} given twice / 参数重复")
            by_key[parameter.key] = parameter
        object.__setattr__(self, "parameters", by_key)

    def __contains__(self, key: object) -> bool:
        return key in self.parameters

    def keys(self) -> frozenset[str]:
        return frozenset(self.parameters)

    def kinds(self) -> dict[str, Kind]:
        """For ``validate``: the kind of each parameter, so type mismatches are found when saving."""
        return {key: parameter.kind for key, parameter in self.parameters.items()}

    def use(self, key: str, on: date) -> ParameterUse:
        parameter = self.parameters.get(key)
        if parameter is None:
            raise ParameterError(f"未定义的参数 {key}", f"parameter {key} is not defined")
        version = parameter.version_on(on)
        return ParameterUse(key, version.value, version.effective_from, version.legal_reference)
