"""Errors that carry a machine-readable code and a bilingual message (Chinese first)."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised by services and routes; rendered by the API as {"code", "message"} with the given status."""

    def __init__(self, code: str, message: str, *, status: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.extra = extra
