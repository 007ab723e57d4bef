"""What the OpenAPI document says about parameters a route checks itself.

Several routes parse dates, enumerations and page limits in the route so that a wrong value gets a precise
message naming the parameter and the accepted range (`onego.core.api._parse_date`, `onego.policies.api._day`).
The values they accept are still documented in the schema: these are `json_schema_extra` fragments for
`Field`/`Query`, so the document states the format, the enumeration or the range while the route's own check
stays what answers (422 `invalid_input` with its message). See `docs/security.md`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

#: A real day written YYYY-MM-DD.
ISO_DATE: dict[str, Any] = {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
#: A day written YYYY-MM-DD, or empty for the default (today).
OPTIONAL_ISO_DATE: dict[str, Any] = {"pattern": r"^(\d{4}-\d{2}-\d{2})?$"}
#: A facts period: a year (2025), a month (2025-06), or empty for the default.
OPTIONAL_PERIOD: dict[str, Any] = {"pattern": r"^(\d{4}(-\d{2})?)?$"}
#: Page size of the list routes.
PAGE_LIMIT: dict[str, Any] = {"minimum": 1, "maximum": 200}
# A page never starts past a billion rows; a larger number would overflow the database's integer (a 500).
MAX_PAGE_OFFSET = 1_000_000_000
PAGE_OFFSET: dict[str, Any] = {"minimum": 0, "maximum": MAX_PAGE_OFFSET}


def one_of(values: list[str], *, empty: bool = False) -> dict[str, Any]:
    """An enumeration of strings; `empty` adds "" (the parameter left blank: no filter)."""
    return {"enum": ([""] if empty else []) + list(values)}


class BodyIn(Schema):
    """Base of every JSON request body: it must be a JSON object. ninja's `Schema` reads attributes from any
    object (`from_attributes`), so a body such as `[null, null]` or `5` used to pass as a body whose fields all
    have defaults; now it is 422 `invalid_input`."""

    @model_validator(mode="before")
    @classmethod
    def _a_json_object(cls, data: Any) -> Any:
        # ninja's own validator runs first and hands the value over wrapped in a DjangoGetter.
        value = data._obj if isinstance(data, DjangoGetter) else data
        if isinstance(value, dict | Schema):
            return data
        raise ValueError(_("请求体应为 JSON 对象"))
