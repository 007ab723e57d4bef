"""SM3 (GB/T 32905) digests through gmssl."""

from __future__ import annotations

from gmssl import func, sm3


def sm3_hex(data: bytes) -> str:
    return sm3.sm3_hash(func.bytes_to_list(data))
