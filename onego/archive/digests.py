"""SM3 over a stream, so a large file (a video, a scanned book of materials) is never read into memory whole."""

from __future__ import annotations

import hashlib
from typing import IO

from onego.core.sm3 import OPENSSL_SM3, sm3_hex_gmssl

CHUNK_BYTES = 1024 * 1024


def sm3_of_stream(stream: IO[bytes], *, chunk_bytes: int = CHUNK_BYTES) -> tuple[str, int]:
    """(SM3 hex digest, size in bytes) of everything left in `stream`, read in chunks.

    OpenSSL's SM3 (hashlib) is incremental. gmssl has no incremental API, so on a Python whose OpenSSL lacks
    SM3 the chunks are joined and hashed at once — the same digest, at the cost of memory.
    """
    size = 0
    if OPENSSL_SM3:
        digest = hashlib.new("sm3")
        while chunk := stream.read(chunk_bytes):
            digest.update(chunk)
            size += len(chunk)
        return digest.hexdigest(), size
    parts = []
    while chunk := stream.read(chunk_bytes):
        parts.append(chunk)
        size += len(chunk)
    return sm3_hex_gmssl(b"".join(parts)), size
