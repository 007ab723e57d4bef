"""Model fields the project shares."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class JSONTextField(models.TextField):  # type: ignore[type-arg]
    """A JSON value kept as text (``text`` on PostgreSQL, not ``jsonb``): for snapshots written in bulk and read
    back whole, never queried inside. PostgreSQL does not parse the text into jsonb on every insert, which is
    a third of the cost of writing a million matching results (ADR 0002). Reads give the decoded value;
    writes take any value ``json.dumps`` takes (non-ASCII kept as it is)."""

    description = _("JSON 文本")
    # for django-stubs: the attribute holds and takes what JSON holds, not text
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as error:
            raise ValidationError(_("不是有效的 JSON"), code="invalid") from error

    def get_prep_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj)) or ""
