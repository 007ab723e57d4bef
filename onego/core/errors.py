"""Errors that carry a machine-readable code and a message through gettext, and their API schema."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from ninja import Schema


class ApiError(Exception):
    """Raised by services and routes; rendered by the API as {"code", "message"} with the given status."""

    def __init__(self, code: str, message: str | Promise, *, status: int = 400, **extra: Any) -> None:
        # the message is written in the language active where the error is raised (a lazy one, built at
        # import time, is rendered here)
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.status = status
        self.extra = extra


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    """Every error answer of the API. `code` is for programs, `message` for people; some errors say more:
    `errors` (a list of field errors from input validation, or a map of field → message from a service),
    `field` (the one parameter at fault) and values the code explains (e.g. `received_bytes`)."""

    code: str
    message: str
    errors: list[FieldErrorOut] | dict[str, Any] | None = None
    field: str | None = None


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: X, **error_responses(404, 409)}`: document the error answers a route gives itself.
    The answers every operation can give (400, 422; 401 and 403 where authentication is needed) are added to
    every operation in `onego.config.api`."""
    return dict.fromkeys(statuses, ErrorOut)
