"""Typed helpers that read settings from the environment.

A production secret that is missing is an error at start-up, never a silent default.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation


class ImproperlyConfiguredEnv(RuntimeError):
    pass


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfiguredEnv(
                f"Environment variable {name} is required / 缺少必需的环境变量 {name}"
            )
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_decimal(
    name: str, default: str, *, minimum: str | None = None, maximum: str | None = None
) -> Decimal:
    """A decimal number (never a float: settings like fractions of a time limit are compared exactly)."""
    raw = os.environ.get(name) or default
    try:
        value = Decimal(raw.strip())
    except InvalidOperation as exc:
        raise ImproperlyConfiguredEnv(f"{name} must be a number, got {raw!r}") from exc
    if (
        not value.is_finite()
        or (minimum is not None and value < Decimal(minimum))
        or (maximum is not None and value > Decimal(maximum))
    ):
        raise ImproperlyConfiguredEnv(f"{name} must be a number between {minimum} and {maximum}, got {raw!r}")
    return value
