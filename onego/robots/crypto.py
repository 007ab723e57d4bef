"""Robot credentials at rest: SM4-CBC (GB/T 32907) with a random IV per encryption, then an HMAC-SM3 tag.

The key is 32 bytes: the first 16 are the SM4 key, the last 16 the HMAC key. It comes from the setting
`ONEGO_ROBOT_KEY` (64 hex characters, read from the environment) or, when that is unset, is derived from
`SECRET_KEY` with SM3 over a fixed label, so a development checkout works without another secret while a
deployment can rotate the robot key on its own. The tag makes a wrong key (or a tampered row) fail cleanly
with `SecretUnreadable` instead of returning garbage as a password.

Stored form: "sm4cbc1:" + base64(iv ‖ ciphertext ‖ tag). Nothing here logs a value.
"""

from __future__ import annotations

import base64
import hmac
import secrets

from django.conf import settings
from gmssl import sm4

from onego.core.sm3 import sm3_hex

PREFIX = "sm4cbc1:"
_LABEL = b"onego.robots.credential-key.v1\x00"
_BLOCK = 64  # SM3's block size, for HMAC
_TAG_BYTES = 32


class SecretUnreadable(Exception):
    """The ciphertext does not open with the current key (the key changed, or the row was altered)."""


class BadRobotKey(ValueError):
    """ONEGO_ROBOT_KEY is set but is not 64 hex characters."""


def _key_material(hex_key: str | None = None) -> bytes:
    configured = hex_key if hex_key is not None else getattr(settings, "ONEGO_ROBOT_KEY", "")
    if configured:
        try:
            key = bytes.fromhex(configured)
        except ValueError:
            raise BadRobotKey("ONEGO_ROBOT_KEY must be 64 hex characters") from None
        if len(key) != 32:
            raise BadRobotKey("ONEGO_ROBOT_KEY must be 64 hex characters")
        return key
    return bytes.fromhex(sm3_hex(_LABEL + settings.SECRET_KEY.encode("utf-8")))


def _hmac_sm3(key: bytes, message: bytes) -> bytes:
    """HMAC (RFC 2104) over SM3, written out because hashlib's SM3 may be missing (core.sm3 falls back)."""
    key = key.ljust(_BLOCK, b"\x00")
    inner = bytes.fromhex(sm3_hex(bytes(b ^ 0x36 for b in key) + message))
    return bytes.fromhex(sm3_hex(bytes(b ^ 0x5C for b in key) + inner))


def encrypt(secret: str, *, hex_key: str | None = None) -> str:
    """Encrypt `secret` with a fresh random IV: the same secret gives a different ciphertext each time."""
    material = _key_material(hex_key)
    iv = secrets.token_bytes(16)
    cipher = sm4.CryptSM4()
    cipher.set_key(material[:16], sm4.SM4_ENCRYPT)
    body = iv + cipher.crypt_cbc(iv, secret.encode("utf-8"))
    tag = _hmac_sm3(material[16:], body)
    return PREFIX + base64.b64encode(body + tag).decode("ascii")


def decrypt(stored: str, *, hex_key: str | None = None) -> str:
    """Open what `encrypt` stored; raise SecretUnreadable when the key or the stored text is wrong."""
    material = _key_material(hex_key)
    if not stored.startswith(PREFIX):
        raise SecretUnreadable("not an SM4 credential ciphertext")
    try:
        raw = base64.b64decode(stored[len(PREFIX) :], validate=True)
    except ValueError:
        raise SecretUnreadable("credential ciphertext is not base64") from None
    if len(raw) < 16 + 16 + _TAG_BYTES or (len(raw) - _TAG_BYTES) % 16:
        raise SecretUnreadable("credential ciphertext has the wrong length")
    body, tag = raw[:-_TAG_BYTES], raw[-_TAG_BYTES:]
    if not hmac.compare_digest(tag, _hmac_sm3(material[16:], body)):
        raise SecretUnreadable("credential does not open with the current key")
    cipher = sm4.CryptSM4()
    cipher.set_key(material[:16], sm4.SM4_DECRYPT)
    try:
        return cipher.crypt_cbc(body[:16], body[16:]).decode("utf-8")
    except (UnicodeDecodeError, ValueError, IndexError):
        raise SecretUnreadable("credential plaintext is malformed") from None
